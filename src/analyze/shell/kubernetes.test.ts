import { describe, expect, it } from 'vitest';
import type { Effect } from '../../model/index.js';
import type { Analysis } from '../analyzer.js';
import { kubernetesAnalyzer } from '../kubernetes/kubernetes-analyzer.js';
import { analyzeCommand, CWD, shapeOf, shapesOf, type EffectShape } from './shell-test-kit.js';

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
    // Which objects the new revision drops (and Helm deletes) is not visible: not undoable.
    ['helm upgrade api ./chart', [{ operation: 'update', kind: 'kubernetes.helm-release', reversible: false }]],
    ['helm upgrade --install api ./chart -f values.yaml', [{ operation: 'update', kind: 'kubernetes.helm-release', address: '(current namespace)/api' }]],
    ['helm install api ./chart', [{ operation: 'create', kind: 'kubernetes.helm-release', reversible: true }]],
    ['helm rollback api 3', [{ operation: 'update', kind: 'kubernetes.helm-release', reversible: false }]],
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

// ---------------------------------------------------------------------------------------------
// Red-team spellings that destroyed or cut off production and were judged reversible.

/** Analyses a command with these files readable (by absolute path); every other file is unreadable. */
function withFiles(command: string, files: Readonly<Record<string, string>> = {}): Analysis {
  return analyzeCommand(command, { cwd: CWD, readFile: (path) => (Object.hasOwn(files, path) ? files[path] : undefined) });
}

/** The effects once each embedded manifest is judged by the kubernetes analyzer, as the pipeline does. */
function resolved(analysis: Analysis): Effect[] {
  const effects = [...analysis.effects];
  for (const embedded of analysis.embedded ?? []) {
    const at = effects.indexOf(embedded.placeholder);
    try {
      effects.splice(at, 1, ...kubernetesAnalyzer.analyze(kubernetesAnalyzer.prepare(embedded.payload), {}).effects);
    } catch {
      // The placeholder stays unknown: fail closed.
    }
  }
  return effects;
}

const shapesWith = (command: string, files: Readonly<Record<string, string>> = {}) => resolved(withFiles(command, files)).map((e) => ({ ...shapeOf(e), outage: e.outage === true }));

const ZERO = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 0, template: {metadata: {labels: {app: web}}}}\n';
const THREE = ZERO.replace('replicas: 0', 'replicas: 3');
const PVC = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: db-data}\nspec: {resources: {requests: {storage: 100Gi}}}\n';

describe('kubectl apply|create|replace|delete -f: the manifest is read', () => {
  const zeroWeb = { operation: 'update', kind: 'kubernetes.deployment', address: 'prod/deployment/web', reversible: false, outage: true } as const;

  it('a file the pipeline reads is judged object by object, in the namespace and context given', () => {
    const analysis = withFiles('kubectl apply -f zero.yaml -n prod --context prod-eu', { '/srv/app/zero.yaml': ZERO });
    expect(analysis.embedded?.map((e) => e.payload)).toEqual([{ action: 'apply', manifest: ZERO, namespace: 'prod', context: 'prod-eu' }]);
    expect(shapesWith('kubectl apply -f zero.yaml -n prod', { '/srv/app/zero.yaml': ZERO })).toEqual([expect.objectContaining(zeroWeb)]);
    expect(shapesWith('kubectl apply --filename=./zero.yaml -n prod', { '/srv/app/zero.yaml': ZERO })).toEqual([expect.objectContaining(zeroWeb)]);
  });

  it('a here-document on -f - is read as the manifest', () => {
    const command = `kubectl apply -n prod -f - <<'EOF'\n${ZERO}EOF`;
    expect(shapesWith(command)).toEqual([expect.objectContaining(zeroWeb)]);
    // No file access needed: the text is in the command.
    expect(resolved(analyzeCommand(command)).map(shapeOf)).toEqual([expect.objectContaining({ operation: 'update', reversible: false })]);
    expect(shapesWith(`kubectl apply -n prod -f - <<< '${ZERO}'`)).toEqual([expect.objectContaining(zeroWeb)]);
  });

  it('a lone - just before the here-document, which the bash grammar drops, is still read as standard input', () => {
    // tree-sitter-bash hands `kubectl apply -f - <<EOF` over as `kubectl apply -f`.
    for (const command of [`kubectl apply -f - <<EOF\n${ZERO}EOF`, `kubectl apply -Rf - <<EOF\n${ZERO}EOF`, `kubectl apply --filename - <<EOF\n${ZERO}EOF`, `kubectl apply -f - -n prod <<EOF\n${ZERO}EOF`]) {
      expect(shapesWith(command), command).toEqual([expect.objectContaining({ kind: 'kubernetes.deployment', reversible: false, outage: true })]);
    }
    // `-nf` is the namespace f, not a filename.
    expect(withFiles('kubectl apply -f web.yaml -nf', { '/srv/app/web.yaml': THREE }).embedded?.map((e) => e.payload)).toEqual([{ action: 'apply', manifest: THREE, namespace: 'f' }]);
  });

  it('-f a,b reads each file', () => {
    const effects = shapesWith('kubectl apply -n prod -f ok.yaml,zero.yaml', { '/srv/app/ok.yaml': PVC, '/srv/app/zero.yaml': ZERO });
    expect(effects).toEqual([expect.objectContaining({ kind: 'kubernetes.persistentvolumeclaim', reversible: true }), expect.objectContaining(zeroWeb)]);
  });

  it.each([
    ['kubectl apply -f https://example.com/zero.yaml', /a manifest from a URL Airlock cannot read \(https:\/\/example\.com\/zero\.yaml\)/],
    ['kubectl create -f HTTP://example.com/x.yaml', /from a URL/],
    ['kubectl apply -f nonexist.yaml', /\/srv\/app\/nonexist\.yaml, which Airlock could not read/],
    ['kubectl apply -f k8s/', /\/srv\/app\/k8s, which Airlock could not read \(missing, a directory/],
    ['kubectl apply -f "$MANIFEST"', /could not read/],
    ['kubectl apply -f -', /standard input \(whatever it is given\), which Airlock cannot see/],
    ['helm template web ./chart | kubectl apply -f -', /standard input \(the output of the command before it\)/],
    ['kubectl apply -f - < zero.yaml', /a file redirected into it/],
    ['kubectl apply -f - <<EOF\nspec: {replicas: $N}\nEOF', /parts only known at run time/],
    ['kubectl apply -k overlays/prod', /the kustomization in \/srv\/app\/overlays\/prod, which Airlock cannot render/],
    ['kubectl replace -f gone.yaml', /replaces the objects in/],
  ])('%j is unknown, never a reversible update', (command, summary) => {
    const effects = resolved(withFiles(command));
    expect(effects.filter((e) => e.operation !== 'read').every((e) => e.operation === 'unknown' || !e.reversible)).toBe(true);
    expect(effects.find((e) => e.operation === 'unknown')?.summary).toMatch(summary);
  });

  it('a URL is never taken for a local path, even without file access', () => {
    const effects = analyzeCommand('kubectl apply -f https://example.com/zero.yaml').effects;
    expect(effects.map((e) => e.operation)).toEqual(['unknown']);
    expect(effects[0]?.resource.address).not.toMatch(/^\/srv/);
  });

  it('without file access (unit tests, replays) a named file is judged by its name, as before', () => {
    expect(shapesOf('kubectl apply -f nonexist.yaml')).toEqual([expect.objectContaining({ operation: 'update', kind: 'kubernetes.manifest', address: '/srv/app/nonexist.yaml', reversible: true })]);
  });

  it('delete: read, each object; not read, every object as deleted and the rest unknown', () => {
    expect(shapesWith('kubectl delete -f pvc.yaml -n prod', { '/srv/app/pvc.yaml': PVC })).toEqual([
      expect.objectContaining({ operation: 'delete', kind: 'kubernetes.persistentvolumeclaim', address: 'prod/persistentvolumeclaim/db-data', destroysData: true }),
    ]);
    expect(shapesWith('kubectl delete -f missing.yaml').map((e) => [e.operation, e.destroysData])).toEqual([['delete', true], ['unknown', false]]);
    expect(shapesWith(`kubectl delete -f - <<EOF\n${PVC}EOF`)).toEqual([expect.objectContaining({ operation: 'delete', kind: 'kubernetes.persistentvolumeclaim', destroysData: true })]);
    const forced = withFiles('kubectl delete -f pvc.yaml --force --grace-period=0', { '/srv/app/pvc.yaml': PVC });
    expect(forced.embedded?.[0]?.payload).toMatchObject({ action: 'delete', force: true });
  });

  it('create, replace, apply --force and --prune', () => {
    const files = { '/srv/app/web.yaml': THREE, '/srv/app/pvc.yaml': PVC };
    expect(shapesWith('kubectl create -f web.yaml -n prod', files)).toEqual([expect.objectContaining({ operation: 'create', kind: 'kubernetes.deployment', reversible: true })]);
    // A PUT drops what the file leaves out (finalizers among it): judged as delete and recreate.
    expect(shapesWith('kubectl replace -f pvc.yaml -n prod', files)).toEqual([expect.objectContaining({ operation: 'replace', destroysData: true, reversible: false })]);
    expect(shapesWith('kubectl apply --force -f pvc.yaml -n prod', files)).toEqual([expect.objectContaining({ operation: 'replace', destroysData: true })]);
    expect(shapesWith('kubectl apply --prune -l app=web -f web.yaml -n prod', files).map((e) => [e.operation, e.kind])).toEqual([
      ['delete', 'kubernetes.object'],
      ['update', 'kubernetes.deployment'],
    ]);
  });

  it('a namespace only known at run time leaves the manifest unknown (the embedded change is refused)', () => {
    expect(shapesWith('kubectl apply -n "$NS" -f web.yaml', { '/srv/app/web.yaml': THREE }).map((e) => e.operation)).toEqual(['unknown']);
  });

  it('everyday: applying a Deployment with replicas stays a reversible update', () => {
    expect(shapesWith('kubectl apply -f web.yaml -n shop', { '/srv/app/web.yaml': THREE })).toEqual([
      { operation: 'update', kind: 'kubernetes.deployment', address: 'shop/deployment/web', reversible: true, destroysData: false, environmentWide: false, outage: false },
    ]);
    expect(shapesWith('kubectl diff -f web.yaml', { '/srv/app/web.yaml': ZERO }).map((e) => e.operation)).toEqual(['read']);
    expect(shapesWith('kubectl apply -f web.yaml --dry-run=server', { '/srv/app/web.yaml': ZERO }).map((e) => e.operation)).toEqual(['read']);
  });
});

describe('helm upgrade and rollback are not undoable', () => {
  it.each([
    'helm upgrade web ./chart --set replicaCount=0',
    'helm upgrade web ./chart -f zero-values.yaml',
    'helm upgrade web ./chart --reset-values',
    'helm upgrade --install web ./chart',
    'helm rollback web 1 -n prod',
  ])('%j', (command) => {
    const [effect] = analyzeCommand(command).effects;
    expect(effect).toMatchObject({ operation: 'update', reversible: false, resource: { kind: 'kubernetes.helm-release' } });
    expect(effect?.summary).toMatch(/Airlock cannot see|which Airlock cannot see/);
  });

  it('says how to have it read, and a replica count set to zero is an outage', () => {
    const [effect] = analyzeCommand('helm upgrade web ./chart -n prod --set image.tag=2,replicaCount=0').effects;
    expect(effect).toMatchObject({ outage: true, summary: expect.stringMatching(/setting replicaCount to 0 .*hand the release's manifests before and after in as a kubernetes change/) });
    expect(analyzeCommand('helm upgrade web ./chart --set web.replicas=0x0').effects[0]?.outage).toBe(true);
    expect(analyzeCommand('helm upgrade web ./chart --set replicaCount=3').effects[0]?.outage).toBeUndefined();
    expect(analyzeCommand('helm rollback web 1 -n prod').effects[0]?.summary).toMatch(/deletes every object the old revision does not have/);
  });

  it('helm install stays a reversible create', () => {
    expect(shapesOf('helm install web ./chart -n prod')).toEqual([{ operation: 'create', kind: 'kubernetes.helm-release', address: 'prod/web', reversible: true, destroysData: false, environmentWide: false }]);
  });
});

describe('kubectl patch that takes finalizers away', () => {
  const lost = { operation: 'update', reversible: false, destroysData: true } as const;

  it.each([
    [`kubectl patch pvc db-data -n prod -p '{"metadata":{"finalizers":[]}}'`, 'prod/persistentvolumeclaim/db-data'],
    [`kubectl patch pvc db-data -n prod -p '{"metadata":{"finalizers":null}}'`, 'prod/persistentvolumeclaim/db-data'],
    [`kubectl patch pvc db-data -n prod --type=merge -p '{"metadata":{"finalizers":[]}}'`, 'prod/persistentvolumeclaim/db-data'],
    [`kubectl patch pvc/db-data -n prod --type json -p '[{"op":"add","path":"/metadata/finalizers","value":[]}]'`, 'prod/persistentvolumeclaim/db-data'],
    [`kubectl patch pvc db-data -n prod --type=json -p '[{"op":"remove","path":"/metadata/finalizers"}]'`, 'prod/persistentvolumeclaim/db-data'],
    [`kubectl patch pvc db-data -n prod --type=json -p '[{"op":"remove","path":"/metadata/finalizers/0"}]'`, 'prod/persistentvolumeclaim/db-data'],
    [`kubectl patch pvc db-data -n prod -p '{"metadata":{"$deleteFromPrimitiveList/finalizers":["kubernetes.io/pvc-protection"]}}'`, 'prod/persistentvolumeclaim/db-data'],
    [`kubectl patch pvc db-data -n prod -p 'metadata: {finalizers: []}'`, 'prod/persistentvolumeclaim/db-data'],
    [`kubectl patch pv pv-1 -p '{"metadata":{"finalizers":[]}}'`, 'persistentvolume/pv-1'],
    [`kubectl patch ns prod -p '{"metadata":{"finalizers":[]}}'`, 'namespace/prod'],
    [`kubectl patch ns prod --type=merge -p '{"spec":{"finalizers":[]}}'`, 'namespace/prod'],
    [`kubectl patch postgresql orders -n db --type=merge -p '{"metadata":{"finalizers":null}}'`, 'db/postgresql/orders'],
    // A body Airlock cannot read may do the same.
    ['kubectl patch pvc db-data -n prod -p "$PATCH"', 'prod/persistentvolumeclaim/db-data'],
    ['kubectl patch pvc db-data -n prod --patch-file fin.json', 'prod/persistentvolumeclaim/db-data'],
  ])('%j', (command, address) => {
    expect(shapesOf(command)).toEqual([expect.objectContaining({ ...lost, address })]);
  });

  it('reads a --patch-file the pipeline reads', () => {
    const files = { '/srv/app/fin.json': '{"metadata":{"finalizers":[]}}', '/srv/app/ok.json': '{"metadata":{"labels":{"a":"b"}}}' };
    expect(shapesWith('kubectl patch pvc db-data --patch-file fin.json', files)).toEqual([expect.objectContaining(lost)]);
    expect(shapesWith('kubectl patch pvc db-data --patch-file ok.json', files)).toEqual([expect.objectContaining({ reversible: true, destroysData: false })]);
  });

  it('on a Deployment it is irreversible but loses no data; adding a finalizer is everyday', () => {
    expect(shapesOf(`kubectl patch deploy web -p '{"metadata":{"finalizers":null}}'`)).toEqual([expect.objectContaining({ reversible: false, destroysData: false })]);
    expect(shapesOf(`kubectl patch pvc db-data --type=json -p '[{"op":"add","path":"/metadata/finalizers/-","value":"example.com/keep"}]'`)).toEqual([expect.objectContaining({ reversible: true, destroysData: false })]);
    expect(shapesOf(`kubectl patch pvc db-data -p '{"metadata":{"finalizers":["example.com/keep"]}}'`)).toEqual([expect.objectContaining({ reversible: true, destroysData: false })]);
    expect(shapesOf(`kubectl patch pvc db-data -p '{"metadata":{"labels":{"tier":"gold"}}}'`)).toEqual([expect.objectContaining({ reversible: true, destroysData: false })]);
  });
});

describe('pods, jobs and debugging sessions run code Airlock cannot see', () => {
  it('kubectl run with a host path override and a command: irreversible, and the command is analysed in the pod', () => {
    const command = `kubectl run x -n prod --image=alpine --overrides='{"spec":{"volumes":[{"name":"h","hostPath":{"path":"/"}}]}}' -- rm -rf /host`;
    const effects = analyzeCommand(command).effects;
    expect(effects.map(shapeOf)).toEqual([
      { operation: 'execute', kind: 'kubernetes.pod', address: 'prod/pod/x', reversible: false, destroysData: false, environmentWide: false },
      expect.objectContaining({ operation: 'delete', kind: 'file', address: 'pod:x:/host', destroysData: true }),
    ]);
    expect(effects[0]?.summary).toMatch(/the node's own filesystem mounted/);
  });

  it.each<Case>([
    ['kubectl run web --image=nginx', [{ operation: 'execute', kind: 'kubernetes.pod', address: '(current namespace)/pod/web', reversible: false }]],
    ['kubectl create job purge --from=cronjob/purge-db -n prod', [{ operation: 'execute', kind: 'kubernetes.job', address: 'prod/job/purge', reversible: false }]],
    ['kubectl create job purge --from cronjob/purge-db -n prod', [{ operation: 'execute', kind: 'kubernetes.job', address: 'prod/job/purge', reversible: false }]],
    ['kubectl create cronjob nightly --image=alpine --schedule "0 3 * * *" -n prod -- rm -rf /data', [
      { operation: 'execute', kind: 'kubernetes.cronjob', address: 'prod/cronjob/nightly', reversible: false },
      { operation: 'delete', address: 'cronjob:nightly:/data' },
    ]],
    ['kubectl debug node/n1 -it --image=busybox', [{ operation: 'execute', kind: 'kubernetes.node', address: 'node/n1', reversible: false }]],
    ['kubectl debug web-0 -n prod -it --image=busybox --target=web', [{ operation: 'execute', kind: 'kubernetes.pod', address: 'prod/pod/web-0', reversible: false }]],
  ])('%j', (command, expected) => expectEffects(command, expected));

  it('creating other objects by name stays a reversible create', () => {
    expect(shapesOf('kubectl create deployment web --image=nginx -n shop')).toEqual([expect.objectContaining({ operation: 'create', kind: 'kubernetes.deployment', reversible: true })]);
    expect(shapesOf('kubectl create configmap cfg --from-literal=a=b -n shop')).toEqual([expect.objectContaining({ operation: 'create', kind: 'kubernetes.configmap', address: 'shop/configmap/cfg' })]);
  });

  it('a job in a file the pipeline reads is an execute too', () => {
    const job = 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: purge}\nspec: {template: {spec: {containers: [{name: c, image: alpine, command: [rm, -rf, /data]}]}}}\n';
    expect(shapesWith('kubectl apply -f job.yaml -n prod', { '/srv/app/job.yaml': job })).toEqual([expect.objectContaining({ operation: 'execute', kind: 'kubernetes.job', reversible: false })]);
  });

  it('kubectl edit is unknown: KUBE_EDITOR may be any program', () => {
    expect(shapesOf('KUBE_EDITOR="sed -i s/3/0/" kubectl edit deploy web').map((e) => e.operation)).toEqual(['unknown']);
  });
});

describe('cutting a Service off its pods', () => {
  const outage = (command: string) => analyzeCommand(command).effects.map((e) => ({ kind: e.resource.kind, address: e.resource.address, reversible: e.reversible, outage: e.outage === true }));

  it.each([
    [`kubectl patch svc web -n prod -p '{"spec":{"selector":{"app":"nothing"}}}'`, 'kubernetes.service', 'prod/service/web'],
    [`kubectl patch service/web -n prod --type=json -p '[{"op":"replace","path":"/spec/selector","value":{"app":"nothing"}}]'`, 'kubernetes.service', 'prod/service/web'],
    [`kubectl patch ing shop -n prod --type=merge -p '{"spec":{"rules":[]}}'`, 'kubernetes.ingress', 'prod/ingress/shop'],
    ['kubectl set selector svc web app=nothing -n prod', 'kubernetes.service', 'prod/service/web'],
    ['kubectl set selector service/web app=nothing -n prod', 'kubernetes.service', 'prod/service/web'],
    ['kubectl label pods -n prod --all app-', 'kubernetes.pod', 'prod/pod/*'],
    ['kubectl label pods -n prod -l tier=web app-', 'kubernetes.pod', 'prod/pod/[tier=web]'],
    ['kubectl label pods -n prod --all --overwrite app=nothing', 'kubernetes.pod', 'prod/pod/*'],
  ])('%j', (command, kind, address) => {
    expect(outage(command)).toEqual([{ kind, address, reversible: false, outage: true }]);
  });

  it('one named pod losing a label is irreversible, not an outage; adding labels and annotating stay everyday', () => {
    expect(outage('kubectl label pod web-1 -n prod app-')).toEqual([{ kind: 'kubernetes.pod', address: 'prod/pod/web-1', reversible: false, outage: false }]);
    expect(outage('kubectl label pods -n prod --all team=web')).toEqual([{ kind: 'kubernetes.pod', address: 'prod/pod/*', reversible: true, outage: false }]);
    expect(outage('kubectl label deploy web -n prod app-')).toEqual([{ kind: 'kubernetes.deployment', address: 'prod/deployment/web', reversible: true, outage: false }]);
    expect(outage('kubectl annotate deploy web -n prod note- owner=me')).toEqual([{ kind: 'kubernetes.deployment', address: 'prod/deployment/web', reversible: true, outage: false }]);
    expect(outage('kubectl set image deploy/web web=nginx:1.27 -n prod')).toEqual([{ kind: 'kubernetes.deployment', address: 'prod/deployment/web', reversible: true, outage: false }]);
    expect(outage(`kubectl patch svc web -n prod -p '{"metadata":{"labels":{"a":"b"}}}'`)).toEqual([{ kind: 'kubernetes.service', address: 'prod/service/web', reversible: true, outage: false }]);
  });
});

describe('weakening data protection with kubectl patch', () => {
  it.each([
    `kubectl patch pv pv-orders -p '{"spec":{"persistentVolumeReclaimPolicy":"Delete"}}'`,
    `kubectl patch pv pv-orders --type=json -p '[{"op":"add","path":"/spec/persistentVolumeReclaimPolicy","value":"Delete"}]'`,
    `kubectl patch sts db -n prod -p '{"spec":{"persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Delete"}}}'`,
    `kubectl patch statefulset db -n prod --type=merge -p '{"spec":{"persistentVolumeClaimRetentionPolicy":{"whenScaled":"Delete"}}}'`,
  ])('%j', (command) => {
    const [effect] = analyzeCommand(command).effects;
    expect(effect).toMatchObject({ operation: 'update', reversible: false, summary: expect.stringMatching(/data protection is weakened/) });
  });

  it('Delete → Retain is everyday', () => {
    expect(analyzeCommand(`kubectl patch pv pv-orders -p '{"spec":{"persistentVolumeReclaimPolicy":"Retain"}}'`).effects[0]).toMatchObject({ reversible: true });
  });
});
