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

describe('kubectl: evasive spellings are never only reads', () => {
  const namespaceProd = { operation: 'delete', kind: 'kubernetes.namespace', address: 'namespace/prod', destroysData: true, reversible: false } as const;

  it.each<Case>([
    ['kubectl delete namespaces/prod', [namespaceProd]],
    ['kubectl delete NS/prod', [namespaceProd]],
    ['kubectl delete ns.v1 prod', [namespaceProd]],
    ['kubectl delete namespaces.v1. prod', [namespaceProd]],
    ['kubectl --namespace=prod --context prod delete namespace prod --wait=false', [namespaceProd]],
    ['kubectl delete ns prod --grace-period=0 --force', [namespaceProd]],
    // cobra passes the words after `--` on as arguments.
    ['kubectl delete ns -- prod', [namespaceProd]],
    // OpenShift: a project is its namespace.
    ['oc delete project prod', [namespaceProd]],
    ['kubectl delete projects prod', [namespaceProd]],
    // --dry-run=false (and none, 0) runs for real; so does a value only known at run time.
    ['kubectl delete ns prod --dry-run=false', [namespaceProd]],
    ['kubectl delete ns prod --dry-run=none', [namespaceProd]],
    ['kubectl delete ns prod --dry-run=0', [namespaceProd]],
    ['kubectl delete ns prod --dry-run=bogus', [namespaceProd]],
    // A raw DELETE to the API path is the same deletion.
    ['kubectl delete --raw /api/v1/namespaces/prod', [namespaceProd]],
    ['kubectl delete --raw=/api/v1/namespaces/prod?propagationPolicy=Foreground', [namespaceProd]],
    ['kubectl delete --raw /apis/apps/v1/namespaces/shop/deployments', [{ operation: 'delete', kind: 'kubernetes.deployment', address: 'shop/deployment/*' }]],
    ['kubectl delete --raw /api/v1/namespaces', [{ operation: 'delete', kind: 'kubernetes.namespace', environmentWide: true, destroysData: true }]],
    ['kubectl delete --raw /openapi/whatever', [{ operation: 'delete', address: 'raw:/openapi/whatever', destroysData: true, reversible: false }]],
    ['kubectl replace --raw /api/v1/namespaces/prod/finalize -f ns.json', [{ operation: 'update', address: 'raw:/api/v1/namespaces/prod/finalize', reversible: false }]],
    ['kubectl delete all --all -n prod', [{ operation: 'delete', kind: 'kubernetes.all', address: 'prod/all/*', reversible: false }]],
    ['kubectl --namespace=prod delete deploy --all', [{ operation: 'delete', kind: 'kubernetes.deployment', address: 'prod/deployment/*', reversible: false }]],
    ['kubectl delete pods --field-selector status.phase=Failed -n prod', [{ operation: 'delete', kind: 'kubernetes.pod', address: 'prod/pod/[status.phase=Failed]' }]],
    ['kubectl delete pvc -l app=db --field-selector metadata.name!=keep -n db', [{ operation: 'delete', address: 'db/persistentvolumeclaim/[app=db,metadata.name!=keep]', destroysData: true }]],
    ['kubectl delete -f -', [{ operation: 'delete', kind: 'kubernetes.manifest', address: '(manifest from standard input)', destroysData: true }]],
    ['kubectl apply --prune --all -f k8s/', [{ operation: 'delete', address: 'objects missing from the applied manifests', destroysData: true, reversible: false }]],
    // Deleted and recreated: a claim among them gets a new, empty volume.
    ['kubectl replace --force -f pvc.yaml', [{ operation: 'replace', kind: 'kubernetes.manifest', destroysData: true, reversible: false }]],
    ['kubectl apply --force -f pvc.yaml', [{ operation: 'replace', kind: 'kubernetes.manifest', destroysData: true, reversible: false }]],
  ])('%j', (command, expected) => expectEffects(command, expected));

  it.each(['kubectl delete --all', 'kubectl delete', 'kubectl delete --namespace prod'])('%j names nothing it deletes, and is unknown rather than a read', (command) => {
    expect(shapesOf(command).map((shape) => shape.operation)).toEqual(['unknown']);
  });

  it.each(['kubectl delete ns prod --dry-run', 'kubectl delete ns prod --dry-run=client', 'kubectl delete ns prod --dry-run=server', 'kubectl scale deploy api --replicas=0 --dry-run=server'])('%j only reads', (command) => {
    expect(shapesOf(command).map((shape) => shape.operation)).toEqual(['read']);
  });
});

describe('kubectl: stopping a workload is an outage', () => {
  const outage = (command: string) => analyzeCommand(command).effects.map((e) => ({ operation: e.operation, address: e.resource.address, reversible: e.reversible, outage: e.outage === true }));

  it.each([
    ['kubectl scale deploy/api --replicas=0 -n shop', 'shop/deployment/api'],
    ['kubectl scale deployment api --replicas 0 -n shop', 'shop/deployment/api'],
    ['kubectl scale deploy api --replicas=00 -n shop', 'shop/deployment/api'],
    // pflag parses integers as Go does.
    ['kubectl scale deploy api --replicas=-0 -n shop', 'shop/deployment/api'],
    ['kubectl scale deploy api --replicas=+0 -n shop', 'shop/deployment/api'],
    ['kubectl scale deploy api --replicas=0x0 -n shop', 'shop/deployment/api'],
    ['kubectl scale deploy api --replicas=0b0 -n shop', 'shop/deployment/api'],
    ['kubectl scale deploy api --replicas=0_0 -n shop', 'shop/deployment/api'],
    ['kubectl scale deploy api --replicas="$N" -n shop', 'shop/deployment/api'],
    ['kubectl -n shop scale --replicas=0 deploy --all', 'shop/deployment/*'],
    ['kubectl -n shop scale --replicas=0 deploy -l app=web', 'shop/deployment/[app=web]'],
    [`kubectl -n shop patch deploy api -p '{"spec":{"replicas":0}}'`, 'shop/deployment/api'],
    [`kubectl -n shop patch deploy api --type=json -p '[{"op":"replace","path":"/spec/replicas","value":0}]'`, 'shop/deployment/api'],
    [`kubectl -n shop patch deploy api --subresource=scale --type=merge -p '{"spec":{"replicas":0}}'`, 'shop/deployment/api'],
  ])('%j', (command, address) => {
    expect(outage(command)).toContainEqual({ operation: 'update', address, reversible: false, outage: true });
  });

  it('scaling to a real count, or patching something else, is not', () => {
    expect(outage('kubectl scale deploy api --replicas=3 -n shop')).toEqual([{ operation: 'update', address: 'shop/deployment/api', reversible: true, outage: false }]);
    expect(outage(`kubectl -n shop patch deploy api -p '{"spec":{"replicas":2}}'`)).toEqual([{ operation: 'update', address: 'shop/deployment/api', reversible: true, outage: false }]);
  });

  it('draining a node is an outage for what runs there', () => {
    expect(outage('kubectl drain node-1 --ignore-daemonsets')).toEqual([{ operation: 'update', address: 'node/node-1', reversible: false, outage: true }]);
    expect(outage('kubectl drain -l pool=spot')).toEqual([{ operation: 'update', address: 'node/[pool=spot]', reversible: false, outage: true }]);
  });

  it('a NoExecute taint evicts at once; on every node it reaches the whole environment', () => {
    expect(shapesOf('kubectl taint nodes --all dedicated=x:NoExecute')).toEqual([
      { operation: 'update', kind: 'kubernetes.node', address: 'node/*', reversible: false, destroysData: false, environmentWide: true },
    ]);
    expect(outage('kubectl taint nodes n1 n2 gpu=true:NoSchedule')).toEqual([
      { operation: 'update', address: 'node/n1', reversible: true, outage: false },
      { operation: 'update', address: 'node/n2', reversible: true, outage: false },
    ]);
    expect(outage('kubectl taint node/n1 gpu:NoExecute-')).toEqual([{ operation: 'update', address: 'node/n1', reversible: true, outage: false }]);
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

  it.each<Case>([
    // --dry-run=none and =false run for real.
    ['helm uninstall api --dry-run=none', [{ operation: 'delete', kind: 'kubernetes.helm-release', destroysData: true }]],
    ['helm uninstall api --dry-run=false', [{ operation: 'delete', kind: 'kubernetes.helm-release', destroysData: true }]],
    ['helm upgrade api ./chart --force-replace', [{ operation: 'replace', kind: 'kubernetes.helm-release', reversible: false }]],
  ])('%j', (command, expected) => expectEffects(command, expected));

  it.each(['helm list -A', 'helm status api', 'helm get values api', 'helm history api', 'helm template x ./chart', 'helm show values x', 'helm search repo x', 'helm lint ./chart', 'helm diff upgrade api ./chart', 'helm version', 'helm uninstall api --dry-run', 'helm uninstall api --dry-run=server', 'helm upgrade api ./chart --dry-run=client'])(
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

describe('namespaces as environment hints', () => {
  it('takes -n/--namespace and the namespaces a command deletes', () => {
    expect(analyzeCommand('kubectl -n payments-prod get pods').hints.kubeNamespaces).toEqual(['payments-prod']);
    expect(analyzeCommand('kubectl delete deploy api --namespace=shop').hints.kubeNamespaces).toEqual(['shop']);
    expect(analyzeCommand('kubectl delete ns prod').hints.kubeNamespaces).toEqual(['prod']);
    expect(analyzeCommand('kubectl delete --raw /api/v1/namespaces/prod').hints.kubeNamespaces).toEqual(['prod']);
    expect(analyzeCommand('helm uninstall api -n live').hints.kubeNamespaces).toEqual(['live']);
    expect(analyzeCommand('kubectl get pods').hints.kubeNamespaces).toBeUndefined();
  });
});
