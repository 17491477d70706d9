import { describe, expect, it } from 'vitest';
import { analyzeCommand, shapesOf, type EffectShape } from './shell-test-kit.js';

type Case = [command: string, expected: Array<Partial<EffectShape>>];

function expectEffects(command: string, expected: Array<Partial<EffectShape>>): void {
  const shapes = shapesOf(command);
  for (const effect of expected) expect(shapes, command).toContainEqual(expect.objectContaining(effect));
}

describe('kubectl', () => {
  it.each<Case>([
    ['kubectl delete ns payments --context prod', [{ operation: 'delete', kind: 'kubernetes.namespace', address: 'namespace/payments', destroysData: true, reversible: false }]],
    ['kubectl delete namespace payments', [{ operation: 'delete', kind: 'kubernetes.namespace', address: 'namespace/payments', destroysData: true }]],
    ['kubectl delete namespaces a b', [{ address: 'namespace/a' }, { address: 'namespace/b' }]],
    ['kubectl delete ns/payments', [{ kind: 'kubernetes.namespace', address: 'namespace/payments' }]],
    [
      'kubectl --context=prod -n payments delete deploy,svc --all',
      [
        { operation: 'delete', kind: 'kubernetes.deployment', address: 'payments/deployment/*', environmentWide: false },
        { operation: 'delete', kind: 'kubernetes.service', address: 'payments/service/*', environmentWide: false },
      ],
    ],
    ['kubectl delete pods --all -A', [{ operation: 'delete', kind: 'kubernetes.pod', address: '*/pod/*', environmentWide: true }]],
    ['kubectl delete pvc data-db-0 -n db', [{ operation: 'delete', kind: 'kubernetes.persistentvolumeclaim', address: 'db/persistentvolumeclaim/data-db-0', destroysData: true }]],
    ['kubectl delete pv pv-1', [{ operation: 'delete', kind: 'kubernetes.persistentvolume', address: 'persistentvolume/pv-1', destroysData: true }]],
    ['kubectl delete sts db -n db', [{ operation: 'delete', kind: 'kubernetes.statefulset', destroysData: false, reversible: false }]],
    ['kubectl delete statefulsets.apps/db -n db', [{ operation: 'delete', kind: 'kubernetes.statefulset', address: 'db/statefulset/db' }]],
    ['kubectl delete crd widgets.example.com', [{ operation: 'delete', kind: 'kubernetes.customresourcedefinition', destroysData: true }]],
    ['kubectl delete -f app.yaml', [{ operation: 'delete', kind: 'kubernetes.manifest', address: '/srv/app/app.yaml', destroysData: true }]],
    ['kubectl delete pods -l app=web -n shop', [{ operation: 'delete', kind: 'kubernetes.pod', address: 'shop/pod/[app=web]' }]],
    ['kubectl delete ns --all', [{ operation: 'delete', kind: 'kubernetes.namespace', environmentWide: true, destroysData: true }]],
    ['kubectl drain node-1 --ignore-daemonsets', [{ operation: 'update', kind: 'kubernetes.node', address: 'node/node-1', reversible: false, destroysData: false }]],
    ['kubectl drain node-1 --delete-emptydir-data', [{ operation: 'update', kind: 'kubernetes.node', destroysData: true }]],
    ['kubectl drain node-1 --delete-local-data', [{ operation: 'update', kind: 'kubernetes.node', destroysData: true }]],
    ['kubectl scale deploy/api --replicas=0 -n shop', [{ operation: 'update', kind: 'kubernetes.deployment', address: 'shop/deployment/api', reversible: false }]],
    ['kubectl scale deployment api --replicas 0', [{ operation: 'update', reversible: false }]],
    ['kubectl scale deployment api --replicas=5', [{ operation: 'update', reversible: true }]],
    [
      'kubectl apply -f k8s/ --prune -l app=web',
      [
        { operation: 'delete', address: 'objects missing from the applied manifests', destroysData: true, reversible: false },
        { operation: 'update', kind: 'kubernetes.manifest', address: '/srv/app/k8s' },
      ],
    ],
    ['kubectl apply -f deploy.yaml', [{ operation: 'update', kind: 'kubernetes.manifest', reversible: true }]],
    ['kubectl create namespace x', [{ operation: 'create', kind: 'kubernetes.namespace', address: 'namespace/x' }]],
    ['kubectl patch deploy api -p \'{"spec":{}}\'', [{ operation: 'update', kind: 'kubernetes.deployment', address: '(current namespace)/deployment/api', reversible: true }]],
    ['kubectl label pods p a=b', [{ operation: 'update', reversible: true }]],
    ['kubectl rollout restart deploy/api', [{ operation: 'update', kind: 'kubernetes.deployment', reversible: true }]],
    ['kubectl rollout undo deploy/api', [{ operation: 'update', reversible: true }]],
    ['kubectl cordon node-1', [{ operation: 'update', kind: 'kubernetes.node', reversible: true }]],
    ['kubectl replace --force -f job.yaml', [{ operation: 'replace', reversible: false }]],
    [
      'kubectl exec db-0 -n db -- rm -rf /var/lib/postgresql/data',
      [
        { operation: 'execute', kind: 'kubernetes.pod', address: 'db/pod/db-0' },
        { operation: 'delete', kind: 'file', address: 'pod:db-0:/var/lib/postgresql/data', destroysData: true },
      ],
    ],
    ['kubectl exec -it web-1 -- sh -c "rm -rf /tmp/cache"', [{ operation: 'delete', address: 'pod:web-1:/tmp/cache' }]],
    ['kubectl config use-context prod', [{ operation: 'update', kind: 'kubernetes.kubeconfig', reversible: true }]],
  ])('%j', (command, expected) => expectEffects(command, expected));

  it.each([
    'kubectl get pods -A',
    'kubectl describe pod x',
    'kubectl logs -f deploy/api',
    'kubectl top nodes',
    'kubectl explain pods',
    'kubectl api-resources',
    'kubectl api-versions',
    'kubectl version',
    'kubectl cluster-info',
    'kubectl auth can-i delete pods',
    'kubectl diff -f app.yaml',
    'kubectl config view',
    'kubectl config get-contexts',
    'kubectl config current-context',
    'kubectl delete ns payments --dry-run=client',
    'kubectl rollout status deploy/api',
  ])('%j only reads', (command) => {
    expect(shapesOf(command).map((shape) => shape.operation)).toEqual(['read']);
  });

  it('takes the context from --context or --context=, and needs one otherwise', () => {
    expect(analyzeCommand('kubectl --context prod get pods').hints.kubeContexts).toEqual(['prod']);
    expect(analyzeCommand('kubectl get pods --context=stage').hints.kubeContexts).toEqual(['stage']);
    expect(analyzeCommand('kubectl config use-context prod-eu').hints.kubeContexts).toEqual(['prod-eu']);
    expect(analyzeCommand('kubectl get pods').needs?.kubeContext).toBe(true);
    expect(analyzeCommand('kubectl --context prod get pods').needs?.kubeContext).toBeUndefined();
  });

  it('explains a namespace deletion in plain words', () => {
    expect(analyzeCommand('kubectl delete ns payments').effects[0]?.summary).toBe('deletes namespace payments and everything in it');
  });
});

describe('helm', () => {
  it.each<Case>([
    ['helm uninstall api -n shop', [{ operation: 'delete', kind: 'kubernetes.helm-release', address: 'shop/api', reversible: false, destroysData: true }]],
    ['helm delete api', [{ operation: 'delete', kind: 'kubernetes.helm-release' }]],
    ['helm del api', [{ operation: 'delete', kind: 'kubernetes.helm-release' }]],
    ['helm un api', [{ operation: 'delete', kind: 'kubernetes.helm-release' }]],
    ['helm upgrade api ./chart', [{ operation: 'update', kind: 'kubernetes.helm-release', reversible: true }]],
    ['helm upgrade --install api ./chart -f values.yaml', [{ operation: 'update', kind: 'kubernetes.helm-release', address: '(current namespace)/api' }]],
    ['helm install api ./chart', [{ operation: 'create', kind: 'kubernetes.helm-release', reversible: true }]],
    ['helm rollback api 3', [{ operation: 'update', kind: 'kubernetes.helm-release', reversible: true }]],
  ])('%j', (command, expected) => expectEffects(command, expected));

  it.each(['helm list -A', 'helm status api', 'helm get values api', 'helm history api', 'helm template x ./chart', 'helm show values x', 'helm search repo x', 'helm lint ./chart', 'helm diff upgrade api ./chart', 'helm version', 'helm uninstall api --dry-run'])(
    '%j only reads',
    (command) => {
      expect(shapesOf(command).map((shape) => shape.operation)).toEqual(['read']);
    },
  );

  it('takes the context from --kube-context', () => {
    const analysis = analyzeCommand('helm --kube-context prod uninstall api');
    expect(analysis.hints.kubeContexts).toEqual(['prod']);
    expect(analysis.needs?.kubeContext).toBeUndefined();
    expect(analyzeCommand('helm uninstall api').needs?.kubeContext).toBe(true);
  });
});
