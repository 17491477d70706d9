import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AirlockError } from '../../errors/index.js';
import { digestOf, EffectSchema, ResourceGraphSchema, type Effect } from '../../model/index.js';
import { computeBlastRadius } from '../../inventory/blast-radius.js';
import { kubernetesAnalyzer } from './kubernetes-analyzer.js';

function fixture(name: string): string {
  return readFileSync(new URL(`../../../test/fixtures/kubernetes/${name}`, import.meta.url), 'utf8');
}

function analyze(payload: unknown) {
  const analysis = kubernetesAnalyzer.analyze(kubernetesAnalyzer.prepare(payload), {});
  for (const effect of analysis.effects) expect(EffectSchema.parse(effect)).toEqual(effect);
  if (analysis.graph) expect(ResourceGraphSchema.parse(analysis.graph)).toEqual(analysis.graph);
  return analysis;
}

function effectsOf(payload: unknown): Effect[] {
  return analyze(payload).effects;
}

function byAddress(payload: unknown): Map<string, Effect> {
  return new Map(effectsOf(payload).map((effect) => [effect.resource.address, effect]));
}

/** The fields a table checks. */
function shape(effect: Effect | undefined) {
  if (!effect) return undefined;
  return {
    operation: effect.operation,
    kind: effect.resource.kind,
    address: effect.resource.address,
    reversible: effect.reversible,
    destroysData: effect.destroysData,
    outage: effect.outage === true,
  };
}

function digest(payload: unknown): string {
  return digestOf({ kind: 'kubernetes', payload: kubernetesAnalyzer.canonical(kubernetesAnalyzer.prepare(payload)) });
}

function thrown(payload: unknown): AirlockError {
  try {
    kubernetesAnalyzer.prepare(payload);
  } catch (error) {
    if (error instanceof AirlockError) return error;
    throw error;
  }
  throw new Error('expected prepare to throw');
}

const NAMESPACE_PROD = fixture('namespace-prod.yaml');

describe('kubernetes analyzer: an app manifest (Deployment, Service, Ingress, ConfigMap)', () => {
  const manifest = fixture('shop-app.yaml');

  it('kubectl apply -n shop: one reversible update per object, at the kubectl addresses', () => {
    const analysis = analyze({ action: 'apply', manifest, namespace: 'shop' });
    expect(analysis.effects.map(shape)).toEqual([
      { operation: 'update', kind: 'kubernetes.configmap', address: 'shop/configmap/api-config', reversible: true, destroysData: false, outage: false },
      { operation: 'update', kind: 'kubernetes.deployment', address: 'shop/deployment/api', reversible: true, destroysData: false, outage: false },
      { operation: 'update', kind: 'kubernetes.service', address: 'shop/service/api', reversible: true, destroysData: false, outage: false },
      { operation: 'update', kind: 'kubernetes.ingress', address: 'shop/ingress/shop', reversible: true, destroysData: false, outage: false },
    ]);
    expect(analysis.effects[3]?.resource.customerFacing).toBe(true);
    expect(analysis.effects[2]?.resource.customerFacing).toBeUndefined();
    expect(analysis.effects[1]?.evidence).toBe('apps/v1 Deployment api (manifest, document 2)');
    expect(analysis.hints).toEqual({ kubeNamespaces: ['shop'] });
    expect(analysis.needs).toEqual({ kubeContext: true });
  });

  it('gives the blast radius what depends on what: Service → Deployment, Ingress → Service', () => {
    const { graph } = analyze({ action: 'apply', manifest, namespace: 'shop' });
    expect(graph?.nodes).toEqual([]);
    expect(graph?.edges).toEqual(
      expect.arrayContaining([
        { from: 'shop/service/api', to: 'shop/deployment/api', via: 'selects the pods of' },
        { from: 'shop/ingress/shop', to: 'shop/service/api', via: 'routes to' },
        { from: 'shop/deployment/api', to: 'namespace/shop', via: 'is in namespace' },
      ]),
    );
  });

  it('kubectl delete --context prod: irreversible deletes; the Service and Ingress are customer-facing', () => {
    const analysis = analyze({ action: 'delete', manifest, namespace: 'shop', context: 'prod' });
    const effects = new Map(analysis.effects.map((e) => [e.resource.address, e]));
    expect(analysis.effects.every((e) => e.operation === 'delete' && !e.reversible && !e.destroysData)).toBe(true);
    expect(effects.get('shop/service/api')?.resource.customerFacing).toBe(true);
    expect(effects.get('shop/ingress/shop')?.resource.customerFacing).toBe(true);
    expect(effects.get('shop/deployment/api')?.summary).toBe(
      'deletes deployment api in namespace shop: every pod stops, and the Services that select them (shop/service/api) lose all their endpoints',
    );
    expect(analysis.hints).toEqual({ kubeContexts: ['prod'], kubeNamespaces: ['shop'] });
    expect(analysis.needs).toBeUndefined();
  });

  it('kubectl create: reversible creates', () => {
    expect(effectsOf({ action: 'create', manifest, namespace: 'shop' }).map((e) => [e.operation, e.reversible])).toEqual([
      ['create', true],
      ['create', true],
      ['create', true],
      ['create', true],
    ]);
  });

  it('without a namespace anywhere, objects are in the current namespace, as the shell analyzer writes it', () => {
    expect(byAddress({ action: 'apply', manifest }).has('(current namespace)/deployment/api')).toBe(true);
    expect(analyze({ action: 'apply', manifest }).hints).toEqual({});
  });

  it('an applied manifest with replicas: 0 is an outage naming the Services that lose their endpoints', () => {
    const scaled = manifest.replace('replicas: 3', 'replicas: 0');
    const api = byAddress({ action: 'apply', manifest: scaled, namespace: 'shop' }).get('shop/deployment/api');
    expect(shape(api)).toEqual({ operation: 'update', kind: 'kubernetes.deployment', address: 'shop/deployment/api', reversible: false, destroysData: false, outage: true });
    expect(api?.summary).toBe(
      'scales deployment api in namespace shop to 0 replicas: every pod stops, and the Services that select them (shop/service/api) lose all their endpoints',
    );
  });

  it('apply with force is judged as delete-and-recreate; delete with force says so', () => {
    expect(effectsOf({ action: 'apply', manifest, namespace: 'shop', force: true }).every((e) => e.operation === 'replace' && !e.reversible)).toBe(true);
    expect(byAddress({ action: 'delete', manifest, namespace: 'shop', force: true }).get('shop/deployment/api')?.summary).toMatch(/without a graceful shutdown$/);
  });
});

describe('kubernetes analyzer: a StatefulSet with volumeClaimTemplates', () => {
  const manifest = fixture('postgres-statefulset.yaml');

  it('is data-bearing; deleting it stops its pods but keeps its claims', () => {
    const sts = byAddress({ action: 'delete', manifest }).get('db/statefulset/orders-db');
    expect(shape(sts)).toEqual({ operation: 'delete', kind: 'kubernetes.statefulset', address: 'db/statefulset/orders-db', reversible: false, destroysData: false, outage: false });
    expect(sts?.resource.dataBearing).toBe(true);
    expect(sts?.summary).toMatch(/\(its volume claims stay\)$/);
  });

  it('with persistentVolumeClaimRetentionPolicy whenDeleted: Delete, deleting or replacing it loses the data', () => {
    const deleting = manifest.replace('  serviceName: orders-db\n', '  serviceName: orders-db\n  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Delete\n    whenScaled: Retain\n');
    expect(byAddress({ action: 'delete', manifest: deleting }).get('db/statefulset/orders-db')?.destroysData).toBe(true);
    expect(byAddress({ action: 'replace', manifest: deleting }).get('db/statefulset/orders-db')).toMatchObject({ operation: 'replace', destroysData: true });
  });

  it('with whenScaled: Delete, scaling it to zero deletes every replica claim', () => {
    const scaled = manifest.replace('  replicas: 1\n', '  replicas: 0\n  persistentVolumeClaimRetentionPolicy: {whenScaled: Delete}\n');
    expect(shape(byAddress({ action: 'apply', manifest: scaled }).get('db/statefulset/orders-db'))).toMatchObject({ operation: 'update', destroysData: true, outage: true, reversible: false });
  });

  it('with whenScaled: Delete, scaling down (not up) deletes the claims of the replicas removed', () => {
    const sts = (replicas: string) => `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: db}\nspec:\n  ${replicas}\n  persistentVolumeClaimRetentionPolicy: {whenScaled: Delete}\n`;
    expect(effectsOf({ before: sts('replicas: 3'), after: sts('replicas: 1') })[0]).toMatchObject({ operation: 'update', destroysData: true, reversible: false });
    // No count is the API's default, 1.
    expect(effectsOf({ before: sts(''), after: sts('replicas: 3') })[0]).toMatchObject({ operation: 'update', destroysData: false, reversible: true });
  });

  it('replace recreates the workload (its pods stop) but its claims stay', () => {
    const sts = byAddress({ action: 'replace', manifest }).get('db/statefulset/orders-db');
    expect(shape(sts)).toMatchObject({ operation: 'replace', reversible: false, destroysData: false });
  });
});

describe('kubernetes analyzer: volumes and claims', () => {
  const manifest = fixture('volumes.yaml');

  it('deleting a claim destroys data; a volume unless its reclaim policy is Retain', () => {
    const effects = byAddress({ action: 'delete', manifest });
    expect(shape(effects.get('analytics/persistentvolumeclaim/reports'))).toEqual({
      operation: 'delete', kind: 'kubernetes.persistentvolumeclaim', address: 'analytics/persistentvolumeclaim/reports', reversible: false, destroysData: true, outage: false,
    });
    expect(effects.get('analytics/persistentvolumeclaim/scratch')?.destroysData).toBe(true);
    expect(shape(effects.get('persistentvolume/reports-nfs'))).toEqual({
      operation: 'delete', kind: 'kubernetes.persistentvolume', address: 'persistentvolume/reports-nfs', reversible: false, destroysData: false, outage: false,
    });
    expect(effects.get('persistentvolume/reports-nfs')?.summary).toMatch(/Retain keeps/);
    expect(effects.get('persistentvolume/pvc-3f1c9a52-8e0b-4c55-9f7e-2b1d6f0e9a11')?.destroysData).toBe(true);
    for (const effect of effects.values()) expect(effect.resource.dataBearing).toBe(true);
  });

  it('replacing a claim loses its data (the new claim gets a new, empty volume)', () => {
    expect(shape(byAddress({ action: 'replace', manifest }).get('analytics/persistentvolumeclaim/scratch'))).toMatchObject({ operation: 'replace', destroysData: true, reversible: false });
  });

  it('a Delete-policy volume depends on its claim (deleting the claim reaches it)', () => {
    expect(analyze({ action: 'delete', manifest }).graph?.edges).toContainEqual({
      from: 'persistentvolume/pvc-3f1c9a52-8e0b-4c55-9f7e-2b1d6f0e9a11',
      to: 'analytics/persistentvolumeclaim/scratch',
      via: 'is bound to',
    });
  });
});

describe('kubernetes analyzer: a CustomResourceDefinition and its custom resources', () => {
  const manifest = fixture('widgets-crd.yaml');

  it('deleting the definition deletes every custom resource of its type', () => {
    const crd = byAddress({ action: 'delete', manifest }).get('customresourcedefinition/widgets.example.com');
    expect(shape(crd)).toEqual({
      operation: 'delete', kind: 'kubernetes.customresourcedefinition', address: 'customresourcedefinition/widgets.example.com', reversible: false, destroysData: true, outage: false,
    });
    expect(crd?.summary).toBe('deletes the custom resource definition widgets.example.com and with it every widgets.example.com custom resource in the cluster');
  });

  it('custom resources are addressed by their lower-case Kind; deleting one counts as data loss', () => {
    const effects = byAddress({ action: 'delete', manifest });
    expect(shape(effects.get('factory/widget/blue'))).toEqual({ operation: 'delete', kind: 'kubernetes.widget', address: 'factory/widget/blue', reversible: false, destroysData: true, outage: false });
    expect(analyze({ action: 'delete', manifest }).graph?.edges).toContainEqual({ from: 'factory/widget/red', to: 'customresourcedefinition/widgets.example.com', via: 'is an instance of' });
  });

  it('applying them is an everyday reversible update', () => {
    expect(effectsOf({ action: 'apply', manifest }).every((e) => e.operation === 'update' && e.reversible)).toBe(true);
  });

  it('a cluster-scoped custom resource defined in the same change is addressed without a namespace', () => {
    const clusterScoped = manifest.replace('scope: Namespaced', 'scope: Cluster').replaceAll('  namespace: factory\n', '');
    expect(byAddress({ action: 'apply', manifest: clusterScoped }).has('widget/blue')).toBe(true);
  });
});

describe('kubernetes analyzer: deleting a Namespace', () => {
  it('deletes the namespace and everything in it, irreversibly', () => {
    const analysis = analyze({ action: 'delete', manifest: NAMESPACE_PROD, context: 'prod-eu' });
    expect(analysis.effects.map(shape)).toEqual([
      { operation: 'delete', kind: 'kubernetes.namespace', address: 'namespace/prod', reversible: false, destroysData: true, outage: false },
    ]);
    expect(analysis.effects[0]?.summary).toBe('deletes namespace prod and everything in it');
    expect(analysis.hints).toEqual({ kubeContexts: ['prod-eu'], kubeNamespaces: ['prod'] });
  });

  it('replacing it deletes everything in it too', () => {
    expect(shape(effectsOf({ action: 'replace', manifest: NAMESPACE_PROD })[0])).toMatchObject({ operation: 'replace', destroysData: true });
  });
});

describe('kubernetes analyzer: the same destructive manifest spelled differently', () => {
  const deleting = (manifest: string) => ({ action: 'delete', manifest, context: 'prod-eu' });
  const expected = digest(deleting(NAMESPACE_PROD));
  const spellings: Array<[string, string]> = [
    ['JSON', fixture('namespace-prod.json')],
    ['a kind: List around it', fixture('namespace-prod-list.yaml')],
    ['reordered keys, comments, flow style', '# cleanup\nmetadata: {labels: {team: platform, kubernetes.io/metadata.name: prod}, name: prod}  # the lot\nkind: Namespace\napiVersion: v1\n'],
    ['document markers and an empty document', '---\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n  labels:\n    kubernetes.io/metadata.name: prod\n    team: platform\n...\n'],
    ['quoted scalars', 'apiVersion: "v1"\nkind: \'Namespace\'\nmetadata:\n  name: "prod"\n  labels: {"team": "platform", "kubernetes.io/metadata.name": "prod"}\n'],
    ['an anchor and a merge key', 'x: &labels {team: platform}\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n  labels:\n    <<: {team: platform}\n    kubernetes.io/metadata.name: prod\n'],
  ];

  it.each(spellings)('%s: the same namespace deletion', (_label, manifest) => {
    const prod = byAddress(deleting(manifest)).get('namespace/prod');
    expect(shape(prod)).toEqual({ operation: 'delete', kind: 'kubernetes.namespace', address: 'namespace/prod', reversible: false, destroysData: true, outage: false });
  });

  it.each(spellings.slice(0, 5))('%s: the same digest', (_label, manifest) => {
    expect(digest(deleting(manifest))).toBe(expected);
  });

  it('the namespace among harmless objects, in any document order, is still found', () => {
    const manifest = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: note, namespace: tools}\ndata: {a: b}\n---\n${NAMESPACE_PROD}`;
    const effects = effectsOf(deleting(manifest));
    expect(effects.map((e) => e.resource.address)).toEqual(['tools/configmap/note', 'namespace/prod']);
    const reordered = `${NAMESPACE_PROD}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: note, namespace: tools}\ndata: {a: b}\n`;
    expect(digest(deleting(reordered))).toBe(digest(deleting(manifest)));
  });

  it.each<[string, string]>([
    ['lower-case kind (the API server refuses it)', 'apiVersion: v1\nkind: namespace\nmetadata: {name: prod}\n'],
    ['upper-case kind', 'apiVersion: v1\nkind: NAMESPACE\nmetadata: {name: prod}\n'],
    ['the wrong group', 'apiVersion: apps/v1\nkind: Namespace\nmetadata: {name: prod}\n'],
  ])('%s: never judged milder than a Namespace, but not the same digest', (_label, manifest) => {
    const effect = effectsOf(deleting(manifest))[0];
    expect(shape(effect)).toEqual({ operation: 'delete', kind: 'kubernetes.namespace', address: 'namespace/prod', reversible: false, destroysData: true, outage: false });
    expect(effect?.summary).toMatch(/is not how the API server spells Namespace; judged as one\) deletes namespace prod and everything in it/);
    expect(digest(deleting(manifest))).not.toBe(digest(deleting('apiVersion: v1\nkind: Namespace\nmetadata: {name: prod}\n')));
  });

  it('a kind Airlock does not know at all is deleted as a custom resource that may hold data', () => {
    const effect = effectsOf(deleting('apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: orders, namespace: db}\n'))[0];
    expect(shape(effect)).toEqual({ operation: 'delete', kind: 'kubernetes.cluster', address: 'db/cluster/orders', reversible: false, destroysData: true, outage: false });
  });

  it('a custom resource reusing a built-in Kind name (Knative Service) is judged by both readings', () => {
    const effect = effectsOf(deleting('apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: web, namespace: shop}\n'))[0];
    expect(effect).toMatchObject({ operation: 'delete', destroysData: true, resource: { address: 'shop/service/web', customerFacing: true } });
  });
});

describe('kubernetes analyzer: scaling to zero, however the zero is written', () => {
  const deployment = (replicas: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  ${replicas}\n  template: {metadata: {labels: {app: api}}}\n`;

  it.each(['replicas: 0', 'replicas: 00', 'replicas: 0b0', 'replicas: 0x0', 'replicas: 0_0', 'replicas: -0', 'replicas: "0"', 'Replicas: 0', 'replicas: !!int "0"'])('%s', (replicas) => {
    expect(shape(effectsOf({ action: 'apply', manifest: deployment(replicas) })[0])).toEqual({
      operation: 'update', kind: 'kubernetes.deployment', address: 'shop/deployment/api', reversible: false, destroysData: false, outage: true,
    });
  });

  it('hidden behind an alias and a merge key', () => {
    const manifest = 'defaults: &zero {replicas: 0}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  <<: {replicas: 0}\n';
    expect(effectsOf({ action: 'apply', manifest }).find((e) => e.resource.address === 'shop/deployment/api')?.outage).toBe(true);
  });

  it('a custom workload with spec.replicas (an Argo Rollout) is an outage too', () => {
    const manifest = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: api, namespace: shop}\nspec: {replicas: 0}\n';
    expect(effectsOf({ action: 'apply', manifest })[0]).toMatchObject({ operation: 'update', outage: true, reversible: false });
  });

  it('scaling up, or creating with zero, is no outage', () => {
    expect(effectsOf({ action: 'apply', manifest: deployment('replicas: 5') })[0]).toMatchObject({ reversible: true });
    expect(effectsOf({ action: 'apply', manifest: deployment('replicas: 5') })[0]?.outage).toBeUndefined();
    expect(effectsOf({ action: 'create', manifest: deployment('replicas: 0') })[0]).toMatchObject({ operation: 'create', reversible: true });
  });
});

describe('kubernetes analyzer: what cannot be read fails closed', () => {
  it.each<[string, string, RegExp]>([
    ['invalid YAML', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: [prod\n', /not valid YAML/],
    ['a duplicate key', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: dev}\nmetadata: {name: prod}\n', /not valid YAML/],
    ['a scalar document', 'just text\n', /is not a Kubernetes object/],
    ['an object without a kind', 'apiVersion: v1\nmetadata: {name: prod}\n', /has no valid kind/],
    ['an object without a name', 'apiVersion: v1\nkind: Namespace\nmetadata: {labels: {a: b}}\n', /has no metadata.name/],
    ['a name the API refuses', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a/b}\n', /a name the API refuses/],
    ['items that are not a list', 'apiVersion: v1\nkind: List\nitems: {apiVersion: v1}\n', /items field that is not a list/],
    ['a value with no JSON form', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: .nan}\n', /no JSON form/],
  ])('%s is unknown', (_label, manifest, summary) => {
    const effects = effectsOf({ action: 'delete', manifest });
    expect(effects.some((e) => e.operation === 'unknown' && summary.test(e.summary))).toBe(true);
  });

  it('an alias bomb is unknown, not expanded', () => {
    let manifest = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 0; i < 12; i += 1) manifest += `b${i}: &b${i} [${Array.from({ length: 10 }, () => (i === 0 ? '*a' : `*b${i - 1}`)).join(', ')}]\n`;
    expect(effectsOf({ action: 'apply', manifest })).toMatchObject([{ operation: 'unknown' }]);
  });

  it('the well-formed documents around a broken one are still judged', () => {
    const manifest = `${NAMESPACE_PROD}---\nkind: [\n`;
    const effects = effectsOf({ action: 'delete', manifest });
    expect(effects.map((e) => e.operation).sort()).toEqual(['delete', 'unknown']);
  });

  it('text that cannot be read is digested as written', () => {
    const a = digest({ action: 'delete', manifest: 'kind: [\nname: a\n' });
    const b = digest({ action: 'delete', manifest: 'kind: [\nname: b\n' });
    expect(a).not.toBe(b);
  });

  it('a typed list names its items\u2019 kind once', () => {
    const manifest = JSON.stringify({ apiVersion: 'v1', kind: 'PersistentVolumeClaimList', items: [{ metadata: { name: 'data-db-0', namespace: 'db' } }] });
    expect(shape(effectsOf({ action: 'delete', manifest })[0])).toMatchObject({ kind: 'kubernetes.persistentvolumeclaim', address: 'db/persistentvolumeclaim/data-db-0', destroysData: true });
  });

  it('an empty manifest changes nothing', () => {
    expect(effectsOf({ action: 'apply', manifest: '# nothing here\n---\n' })).toMatchObject([{ operation: 'read' }]);
  });
});

describe('kubernetes analyzer: kubectl diff style before and after objects', () => {
  const payload = JSON.parse(fixture('shop-diff.json')) as { context: string; diff: Array<{ before: Record<string, unknown> | null; after: Record<string, unknown> | null }> };

  it('judges each object by what changes in it', () => {
    const analysis = analyze(payload);
    expect(analysis.effects.map(shape)).toEqual([
      { operation: 'update', kind: 'kubernetes.deployment', address: 'shop/deployment/api', reversible: false, destroysData: false, outage: true },
      { operation: 'update', kind: 'kubernetes.service', address: 'shop/service/api-public', reversible: false, destroysData: false, outage: true },
      { operation: 'update', kind: 'kubernetes.configmap', address: 'shop/configmap/api-config', reversible: true, destroysData: false, outage: false },
      { operation: 'delete', kind: 'kubernetes.secret', address: 'shop/secret/legacy-api-token', reversible: false, destroysData: true, outage: false },
      { operation: 'create', kind: 'kubernetes.poddisruptionbudget', address: 'shop/poddisruptionbudget/api', reversible: true, destroysData: false, outage: false },
    ]);
    expect(analysis.effects[0]?.summary).toMatch(/^updates deployment api in namespace shop \(spec\.replicas\): scales it to 0 replicas: every pod stops, and the Services that select them \(shop\/service\/api-public\) lose all their endpoints$/);
    expect(analysis.effects[1]?.summary).toMatch(/from LoadBalancer to ClusterIP: the cloud load balancer and its external address are released/);
    expect(analysis.effects[1]?.resource.customerFacing).toBe(true);
    expect(analysis.effects[2]?.summary).toBe('updates configmap api-config in namespace shop (data.LOG_LEVEL)');
    expect(analysis.hints).toEqual({ kubeContexts: ['prod-eu'], kubeNamespaces: ['shop'] });
  });

  it('scaling up is a reversible update; an object that only the server changed is no change', () => {
    const [first] = payload.diff;
    const up = structuredClone(first!);
    (up.after!['spec'] as { replicas: number }).replicas = 5;
    expect(shape(effectsOf({ diff: [up] })[0])).toMatchObject({ operation: 'update', reversible: true, outage: false });
    const same = structuredClone(first!);
    (same.after!['spec'] as { replicas: number }).replicas = 3;
    expect(effectsOf({ diff: [same] })).toMatchObject([{ operation: 'read' }]);
  });

  it('a new uid means the object was deleted and created again', () => {
    const entry = structuredClone(payload.diff[0]!);
    (entry.after!['metadata'] as { uid: string }).uid = 'ffffffff-0000-4000-8000-000000000000';
    (entry.after!['spec'] as { replicas: number }).replicas = 3;
    expect(shape(effectsOf({ diff: [entry] })[0])).toMatchObject({ operation: 'replace', reversible: false });
  });

  it('growing a claim cannot be undone', () => {
    const claim = (size: string) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data-db-0', namespace: 'db' }, spec: { resources: { requests: { storage: size } } } });
    expect(effectsOf({ diff: [{ before: claim('100Gi'), after: claim('200Gi') }] })[0]).toMatchObject({ operation: 'update', reversible: false, destroysData: false });
  });

  it('two different objects in one entry are a delete and a create', () => {
    const a = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'x' } };
    const b = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'x' } };
    expect(effectsOf({ diff: [{ before: a, after: b }] }).map((e) => e.operation)).toEqual(['delete', 'create']);
  });

  it('the digest ignores entry order, not content', () => {
    const reversed = { ...payload, diff: [...payload.diff].reverse() };
    expect(digest(reversed)).toBe(digest(payload));
    const changed = structuredClone(payload);
    (changed.diff[0]!.after!['spec'] as { replicas: number }).replicas = 1;
    expect(digest(changed)).not.toBe(digest(payload));
  });
});

describe('kubernetes analyzer: a helm upgrade as two manifest sets', () => {
  const payload = { before: fixture('helm-shop-before.yaml'), after: fixture('helm-shop-after.yaml'), namespace: 'shop', context: 'prod-eu' };

  it('an object only in the old release is deleted; changed ones are updates; unchanged ones nothing', () => {
    const analysis = analyze(payload);
    expect(analysis.effects.map(shape)).toEqual([
      { operation: 'update', kind: 'kubernetes.configmap', address: 'shop/configmap/shop-config', reversible: true, destroysData: false, outage: false },
      { operation: 'update', kind: 'kubernetes.service', address: 'shop/service/shop', reversible: true, destroysData: false, outage: false },
      { operation: 'update', kind: 'kubernetes.deployment', address: 'shop/deployment/shop-web', reversible: true, destroysData: false, outage: false },
      { operation: 'delete', kind: 'kubernetes.deployment', address: 'shop/deployment/shop-worker', reversible: false, destroysData: false, outage: false },
    ]);
    expect(analysis.effects[2]?.summary).toBe('updates deployment shop-web in namespace shop (metadata.labels, spec.template)');
    expect(analysis.effects[3]?.summary).toMatch(/^deletes deployment shop-worker in namespace shop: every pod stops/);
    expect(analysis.hints).toEqual({ kubeContexts: ['prod-eu'], kubeNamespaces: ['shop'] });
  });

  it('the same release before and after changes nothing', () => {
    expect(effectsOf({ before: payload.before, after: payload.before })).toMatchObject([{ operation: 'read' }]);
  });

  it('an upgrade that moves an Ingress to another API group shows the old one deleted', () => {
    const ingress = (apiVersion: string) => `apiVersion: ${apiVersion}\nkind: Ingress\nmetadata: {name: web}\nspec: {}\n`;
    const ops = effectsOf({ before: ingress('extensions/v1beta1'), after: ingress('networking.k8s.io/v1'), namespace: 'shop' }).map((e) => e.operation);
    expect(ops).toEqual(['create', 'delete']);
    // Another version of the same group is the same object.
    expect(effectsOf({ before: ingress('networking.k8s.io/v1beta1'), after: ingress('networking.k8s.io/v1'), namespace: 'shop' })).toMatchObject([{ operation: 'read' }]);
  });
});

describe('kubernetes analyzer: what the blast radius makes of it', () => {
  it('a Deployment scaled to zero puts the LoadBalancer Service that selects it, and the Ingress in front, at risk', () => {
    const manifest = fixture('shop-app.yaml').replace('replicas: 3', 'replicas: 0').replace('type: ClusterIP', 'type: LoadBalancer');
    const { effects, graph } = analyze({ action: 'apply', manifest, namespace: 'shop' });
    const blast = computeBlastRadius(effects, graph, { wholeEnvironmentThreshold: 0.5 });
    expect(blast.customerFacingAtRisk).toEqual(['shop/service/api', 'shop/ingress/shop']);
  });

  it('a deleted claim reaches the workload that mounts it', () => {
    const manifest = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: uploads, namespace: shop}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec: {template: {spec: {volumes: [{name: u, persistentVolumeClaim: {claimName: uploads}}]}}}\n';
    const analysis = analyze({ action: 'apply', manifest });
    expect(analysis.graph?.edges).toContainEqual({ from: 'shop/deployment/web', to: 'shop/persistentvolumeclaim/uploads', via: 'mounts' });
  });
});

describe('kubernetes analyzer: access control and admission', () => {
  const binding = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: agent-admin}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: ServiceAccount, name: agent, namespace: tools}]\n';

  it('granting access is not counted as undoable', () => {
    expect(shape(effectsOf({ action: 'apply', manifest: binding })[0])).toEqual({
      operation: 'update', kind: 'kubernetes.clusterrolebinding', address: 'clusterrolebinding/agent-admin', reversible: false, destroysData: false, outage: false,
    });
    expect(effectsOf({ action: 'create', manifest: binding })[0]).toMatchObject({ operation: 'create', reversible: false });
  });

  it('nor is an admission webhook', () => {
    const webhook = 'apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata: {name: inject}\nwebhooks: []\n';
    expect(effectsOf({ action: 'apply', manifest: webhook })[0]).toMatchObject({ operation: 'update', reversible: false, resource: { address: 'mutatingwebhookconfiguration/inject' } });
  });
});

describe('kubernetes analyzer: canonical form', () => {
  const base = { action: 'apply', manifest: fixture('shop-app.yaml'), namespace: 'shop', context: 'prod' };

  it('differs for a different action, namespace, context, force or content', () => {
    const digests = [
      digest(base),
      digest({ ...base, action: 'delete' }),
      digest({ ...base, namespace: 'shop2' }),
      digest({ ...base, context: 'dev' }),
      digest({ ...base, force: true }),
      digest({ ...base, manifest: base.manifest.replace('replicas: 3', 'replicas: 0') }),
      digest({ ...base, context: undefined }),
    ];
    expect(new Set(digests).size).toBe(digests.length);
  });

  it('keeps the order of two documents for the same object (the later one stays applied)', () => {
    const a = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {v: "1"}\n';
    const b = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {v: "2"}\n';
    expect(digest({ action: 'apply', manifest: `${a}---\n${b}` })).not.toBe(digest({ action: 'apply', manifest: `${b}---\n${a}` }));
  });
});

describe('kubernetes analyzer: invalid payloads', () => {
  it.each<[string, unknown, string]>([
    ['not an object', 'kubectl delete ns prod', 'invalid_input'],
    ['an unknown action', { action: 'prune', manifest: NAMESPACE_PROD }, 'invalid_input'],
    ['an unknown key', { action: 'apply', manifest: NAMESPACE_PROD, prune: true }, 'invalid_input'],
    ['an invalid namespace', { action: 'apply', manifest: NAMESPACE_PROD, namespace: 'Prod/x' }, 'invalid_input'],
    ['an empty diff entry', { diff: [{ before: null, after: null }] }, 'invalid_input'],
    ['before without after', { before: NAMESPACE_PROD }, 'invalid_input'],
    ['more than 8 MiB of manifests', { action: 'apply', manifest: `# ${'x'.repeat(8 * 1024 * 1024)}\n` }, 'input_too_large'],
  ])('%s', (_label, payload, code) => {
    const error = thrown(payload);
    expect(error.code).toBe(code);
    expect(error.hint).toBeTruthy();
  });

  it('more than 10 000 objects', () => {
    const manifest = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: Array.from({ length: 10_001 }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}` } })) });
    expect(thrown({ action: 'apply', manifest }).code).toBe('input_too_large');
  });
});

// ---------------------------------------------------------------------------------------------
// Red-team spellings that destroyed or cut off production and were judged reversible.

const pvc = (extra: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'db-data', namespace: 'prod', uid: 'a1', ...metadata },
  spec: { resources: { requests: { storage: '100Gi' } } },
  ...extra,
});

describe('kubernetes analyzer: taking finalizers away', () => {
  const deleting = { deletionTimestamp: '2024-09-01T10:00:00Z' };

  it('completes a pending deletion: a claim losing kubernetes.io/pvc-protection loses its data', () => {
    const before = pvc({}, { ...deleting, finalizers: ['kubernetes.io/pvc-protection'] });
    const after = pvc({}, { ...deleting, finalizers: [] });
    const [effect] = effectsOf({ diff: [{ before, after }] });
    expect(shape(effect)).toEqual({ operation: 'update', kind: 'kubernetes.persistentvolumeclaim', address: 'prod/persistentvolumeclaim/db-data', reversible: false, destroysData: true, outage: false });
    expect(effect?.summary).toMatch(/removes its finalizer kubernetes\.io\/pvc-protection: its pending deletion completes at once.*its data goes with it/);
    // Leaving the field out altogether is the same.
    expect(effectsOf({ diff: [{ before, after: pvc({}, deleting) }] })[0]).toMatchObject({ reversible: false, destroysData: true });
  });

  it('a namespace, a custom resource: the same; a Deployment: irreversible, no data', () => {
    const ns = (finalizers: string[]) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', ...deleting }, spec: { finalizers } });
    expect(effectsOf({ diff: [{ before: ns(['kubernetes']), after: ns([]) }] })[0]).toMatchObject({ reversible: false, destroysData: true });
    const db = (finalizers: string[]) => ({ apiVersion: 'acid.zalan.do/v1', kind: 'postgresql', metadata: { name: 'orders', namespace: 'db', finalizers, ...deleting } });
    expect(effectsOf({ diff: [{ before: db(['postgres-operator.acid.zalan.do']), after: db([]) }] })[0]).toMatchObject({ reversible: false, destroysData: true });
    const deploy = (finalizers: string[]) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', finalizers, ...deleting } });
    expect(effectsOf({ diff: [{ before: deploy(['example.com/hold']), after: deploy([]) }] })[0]).toMatchObject({ reversible: false, destroysData: false });
  });

  it('with no deletion pending, nothing is lost yet, but the protection is gone', () => {
    const [effect] = effectsOf({ diff: [{ before: pvc({}, { finalizers: ['kubernetes.io/pvc-protection'] }), after: pvc({}, { finalizers: [] }) }] });
    expect(effect).toMatchObject({ reversible: false, destroysData: false });
    expect(effect?.summary).toMatch(/nothing holds back a later deletion/);
  });

  it('an applied or created manifest that empties finalizers may complete a deletion: data loss for a claim', () => {
    const manifest = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: db-data, namespace: prod, finalizers: []}\nspec: {resources: {requests: {storage: 100Gi}}}\n';
    expect(effectsOf({ action: 'apply', manifest })[0]).toMatchObject({ operation: 'update', reversible: false, destroysData: true });
    expect(effectsOf({ action: 'apply', manifest: manifest.replace('finalizers: []', 'finalizers: null') })[0]).toMatchObject({ reversible: false, destroysData: true });
    // Adding one, or not mentioning them, is everyday.
    expect(effectsOf({ action: 'apply', manifest: manifest.replace('finalizers: []', 'finalizers: [example.com/x]') })[0]).toMatchObject({ reversible: true });
    expect(effectsOf({ action: 'apply', manifest: manifest.replace(', finalizers: []', '') })[0]).toMatchObject({ reversible: true });
  });
});

describe('kubernetes analyzer: pods, jobs and cron jobs run code Airlock cannot see', () => {
  const job = `apiVersion: batch/v1
kind: Job
metadata: {name: purge, namespace: prod}
spec:
  template:
    spec:
      restartPolicy: Never
      volumes: [{name: data, persistentVolumeClaim: {claimName: db-data}}]
      containers: [{name: purge, image: alpine, command: [sh, -c, 'rm -rf /data/*'], volumeMounts: [{name: data, mountPath: /data}]}]
`;

  it('creating or applying one is an irreversible execute, naming what it mounts', () => {
    const [created] = effectsOf({ action: 'create', manifest: job });
    expect(shape(created)).toEqual({ operation: 'execute', kind: 'kubernetes.job', address: 'prod/job/purge', reversible: false, destroysData: false, outage: false });
    expect(created?.summary).toMatch(/runs its containers' commands, which Airlock cannot see \(with volume claim db-data mounted\)/);
    expect(effectsOf({ action: 'apply', manifest: job })[0]).toMatchObject({ operation: 'execute', reversible: false });
  });

  it('a pod with the node’s disk mounted, and a cron job, too', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  volumes: [{name: host, hostPath: {path: /}}]\n  containers: [{name: x, image: alpine, securityContext: {privileged: true}}]\n';
    const [effect] = effectsOf({ action: 'apply', manifest: pod, namespace: 'prod' });
    expect(effect).toMatchObject({ operation: 'execute', reversible: false, resource: { address: 'prod/pod/x' } });
    expect(effect?.summary).toMatch(/the node's own \/ mounted, privileged/);
    const cron = 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly, namespace: prod}\nspec: {schedule: "0 3 * * *", jobTemplate: {spec: {template: {spec: {containers: [{name: c, image: alpine}]}}}}}\n';
    expect(effectsOf({ action: 'create', manifest: cron })[0]).toMatchObject({ operation: 'execute', reversible: false, summary: expect.stringMatching(/on its schedule it runs/) });
    // A new pod in a diff is a create too.
    expect(effectsOf({ diff: [{ before: null, after: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', namespace: 'prod' } } }] })[0]).toMatchObject({ operation: 'execute', reversible: false });
  });

  it('a Deployment, a ConfigMap: still everyday', () => {
    expect(effectsOf({ action: 'create', manifest: fixture('shop-app.yaml'), namespace: 'shop' }).every((e) => e.operation === 'create' && e.reversible)).toBe(true);
  });
});

describe('kubernetes analyzer: cutting traffic off', () => {
  const service = (selector: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'prod' }, spec: { type: 'LoadBalancer', selector, ports: [{ port: 443 }] } });

  it('a Service whose selector changes: an irreversible outage', () => {
    const [effect] = effectsOf({ diff: [{ before: service({ app: 'web' }), after: service({ app: 'nothing' }) }] });
    expect(shape(effect)).toEqual({ operation: 'update', kind: 'kubernetes.service', address: 'prod/service/web', reversible: false, destroysData: false, outage: true });
    expect(effect?.summary).toMatch(/changes its selector from \{app=web\} to \{app=nothing\}/);
    expect(effect?.resource.customerFacing).toBe(true);
    // The same selector written in another key order is no change.
    expect(effectsOf({ diff: [{ before: service({ app: 'web', tier: 'fe' }), after: service({ tier: 'fe', app: 'web' }) }] })).toMatchObject([{ operation: 'read' }]);
  });

  const ingress = (rules: unknown[]) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'shop', namespace: 'prod' }, spec: { rules } });
  const rule = (host: string, service: string) => ({ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: service, port: { number: 80 } } } }] } });

  it('an Ingress whose rules go, or whose backend goes elsewhere: an irreversible outage', () => {
    const before = ingress([rule('shop.example.com', 'web'), rule('api.example.com', 'api')]);
    const [emptied] = effectsOf({ diff: [{ before, after: ingress([]) }] });
    expect(shape(emptied)).toMatchObject({ operation: 'update', reversible: false, outage: true });
    expect(emptied?.summary).toMatch(/stops routing shop\.example\.com\/ → service web:80, api\.example\.com\/ → service api:80: that traffic is cut off/);
    expect(effectsOf({ diff: [{ before, after: ingress([rule('shop.example.com', 'nothing'), rule('api.example.com', 'api')]) }] })[0]).toMatchObject({ reversible: false, outage: true });
    // Adding a rule drops nothing.
    expect(shape(effectsOf({ diff: [{ before, after: ingress([rule('shop.example.com', 'web'), rule('api.example.com', 'api'), rule('new.example.com', 'new')]) }] })[0])).toMatchObject({ reversible: true, outage: false });
  });

  it('a route whose backend weight alone changes (a canary step) is no outage; a backend weighted to 0 is', () => {
    const route = (weights: [number, number]) => ({
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web', namespace: 'prod' },
      spec: { parentRefs: [{ name: 'public' }], rules: [{ backendRefs: [{ name: 'web-v1', port: 80, weight: weights[0] }, { name: 'web-v2', port: 80, weight: weights[1] }] }] },
    });
    expect(shape(effectsOf({ diff: [{ before: route([90, 10]), after: route([50, 50]) }] })[0])).toMatchObject({ reversible: true, outage: false });
    expect(shape(effectsOf({ diff: [{ before: route([90, 10]), after: route([0, 100]) }] })[0])).toMatchObject({ reversible: false, outage: true });
  });
});

describe('kubernetes analyzer: weakening data protection', () => {
  const pv = (policy: string | undefined) => ({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-orders' }, spec: { capacity: { storage: '100Gi' }, ...(policy ? { persistentVolumeReclaimPolicy: policy } : {}) } });

  it('a volume’s reclaim policy Retain → Delete', () => {
    const [effect] = effectsOf({ diff: [{ before: pv('Retain'), after: pv('Delete') }] });
    expect(shape(effect)).toEqual({ operation: 'update', kind: 'kubernetes.persistentvolume', address: 'persistentvolume/pv-orders', reversible: false, destroysData: false, outage: false });
    expect(effect?.summary).toMatch(/from Retain to Delete: data protection is weakened/);
    expect(effectsOf({ before: 'apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: a}\nspec: {}\n', after: 'apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: a}\nspec: {persistentVolumeReclaimPolicy: Recycle}\n' })[0]).toMatchObject({ reversible: false });
    // Delete → Retain protects more: reversible.
    expect(effectsOf({ diff: [{ before: pv('Delete'), after: pv('Retain') }] })[0]).toMatchObject({ reversible: true });
  });

  it('a StatefulSet’s claim retention policy set to Delete', () => {
    const sts = (policy: Record<string, string>) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'prod' }, spec: { replicas: 3, persistentVolumeClaimRetentionPolicy: policy } });
    const [deleted] = effectsOf({ diff: [{ before: sts({ whenDeleted: 'Retain', whenScaled: 'Retain' }), after: sts({ whenDeleted: 'Delete', whenScaled: 'Retain' }) }] });
    expect(deleted).toMatchObject({ operation: 'update', reversible: false, summary: expect.stringMatching(/whenDeleted: Delete: data protection is weakened/) });
    expect(effectsOf({ diff: [{ before: sts({}), after: sts({ whenScaled: 'Delete' }) }] })[0]).toMatchObject({ reversible: false, summary: expect.stringMatching(/whenScaled: Delete: data protection is weakened/) });
  });

  it('an applied manifest that says Delete is judged as the change it may be', () => {
    expect(effectsOf({ action: 'apply', manifest: 'apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv-orders}\nspec: {persistentVolumeReclaimPolicy: Delete}\n' })[0]).toMatchObject({ reversible: false });
    expect(effectsOf({ action: 'apply', manifest: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: prod}\nspec: {replicas: 3, persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete}}\n' })[0]).toMatchObject({ reversible: false });
    expect(effectsOf({ action: 'apply', manifest: 'apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv-orders}\nspec: {persistentVolumeReclaimPolicy: Retain}\n' })[0]).toMatchObject({ reversible: true });
  });
});
