import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AirlockError } from '../../errors/index.js';
import type { Effect, GraphEdge, ResourceGraph } from '../../model/index.js';
import { computeBlastRadius } from '../blast-radius.js';
import { kubernetesSnapshotGraph } from './kubernetes-snapshot.js';
import { thrownAirlockError as thrown } from '../../../test/support/errors.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../test/fixtures/inventory/kubernetes/${name}`, import.meta.url), 'utf8'));

const builtIn = fixture('payments.list.json');
const widgets = fixture('payments-widgets.list.json');
/** Both lists, as `jq -s` merges two `kubectl get` calls. */
const graph = kubernetesSnapshotGraph([builtIn, widgets]);

const node = (address: string) => graph.nodes.find((n) => n.address === address);
const edgesFrom = (g: ResourceGraph, from: string): GraphEdge[] => g.edges.filter((e) => e.from === from);
const edge = (from: string, to: string) => graph.edges.find((e) => e.from === from && e.to === to);


describe('kubernetesSnapshotGraph — a recorded-format snapshot', () => {
  it('has a node for every object at the inventory address, with kind kubernetes.<kind>', () => {
    expect(graph.nodes).toHaveLength(25);
    expect(new Set(graph.nodes.map((n) => n.address)).size).toBe(25);
    expect(node('namespace/payments')).toEqual({ address: 'namespace/payments', kind: 'kubernetes.namespace' });
    expect(node('payments/pod/api-7c9d8f6b5d-x2k4q')?.kind).toBe('kubernetes.pod');
    expect(node('persistentvolume/pvc-3f6e8a1c-7b2d-4c9e-8f1a-5d3b7e9c2a20')?.kind).toBe('kubernetes.persistentvolume');
    expect(node('customresourcedefinition/widgets.example.com')?.kind).toBe('kubernetes.customresourcedefinition');
    expect(node('payments/widget/blue')?.kind).toBe('kubernetes.widget');
  });

  it('tags workloads with their replicas and claims with their volume and its reclaim policy', () => {
    expect(node('payments/deployment/api')?.tags).toEqual({ replicas: '2' });
    expect(node('payments/replicaset/api-7c9d8f6b5d')?.tags).toEqual({ replicas: '2' });
    expect(node('payments/statefulset/postgres')?.tags).toEqual({ replicas: '1' });
    expect(node('payments/persistentvolumeclaim/data-postgres-0')?.tags).toEqual({ volumeName: 'pvc-3f6e8a1c-7b2d-4c9e-8f1a-5d3b7e9c2a20', reclaimPolicy: 'Delete' });
    expect(node('shop/persistentvolumeclaim/uploads')?.tags).toEqual({ volumeName: 'shop-uploads', reclaimPolicy: 'Retain' });
    expect(node('persistentvolume/shop-uploads')?.tags).toEqual({ reclaimPolicy: 'Retain' });
    // Labels are not tags.
    expect(node('payments/service/api')?.tags).toBeUndefined();
  });

  it('marks claims, volumes and StatefulSets with claim templates as data-bearing', () => {
    const dataBearing = graph.nodes.filter((n) => n.dataBearing).map((n) => n.address);
    expect(dataBearing.sort()).toEqual([
      'payments/persistentvolumeclaim/data-postgres-0',
      'payments/statefulset/postgres',
      'persistentvolume/pvc-3f6e8a1c-7b2d-4c9e-8f1a-5d3b7e9c2a20',
      'persistentvolume/shop-uploads',
      'shop/persistentvolumeclaim/uploads',
    ]);
    expect(node('shop/deployment/storefront')?.dataBearing).toBeUndefined();
  });

  it('marks LoadBalancer and NodePort Services, Ingresses and the Services an Ingress routes to as customer-facing', () => {
    const customerFacing = graph.nodes.filter((n) => n.customerFacing).map((n) => n.address);
    expect(customerFacing.sort()).toEqual(['payments/ingress/payments', 'payments/service/api', 'payments/service/status-page', 'shop/service/storefront']);
  });

  it('puts every namespaced object in its namespace', () => {
    const namespaced = graph.nodes.filter((n) => n.address.split('/').length === 3);
    expect(namespaced).toHaveLength(18);
    for (const n of namespaced) expect(edge(n.address, `namespace/${n.address.split('/')[0]}`)?.via).toBe('is in namespace');
    expect(edgesFrom(graph, 'namespace/payments')).toEqual([]);
    expect(edgesFrom(graph, 'persistentvolume/shop-uploads')).toEqual([]);
  });

  it('follows ownerReferences: Pod → ReplicaSet → Deployment, Pod → StatefulSet', () => {
    expect(edge('payments/pod/api-7c9d8f6b5d-x2k4q', 'payments/replicaset/api-7c9d8f6b5d')?.via).toBe('is owned by');
    expect(edge('payments/pod/api-7c9d8f6b5d-9mzp7', 'payments/replicaset/api-7c9d8f6b5d')?.via).toBe('is owned by');
    expect(edge('payments/replicaset/api-7c9d8f6b5d', 'payments/deployment/api')?.via).toBe('is owned by');
    expect(edge('payments/pod/postgres-0', 'payments/statefulset/postgres')?.via).toBe('is owned by');
  });

  it('joins a Service to the workloads and Pods its selector matches, and nothing else', () => {
    expect(edgesFrom(graph, 'payments/service/api').map((e) => `${e.via} ${e.to}`).sort()).toEqual([
      'is in namespace namespace/payments',
      'selects the pods of payments/deployment/api',
      'selects the pods of payments/pod/api-7c9d8f6b5d-9mzp7',
      'selects the pods of payments/pod/api-7c9d8f6b5d-x2k4q',
      'selects the pods of payments/replicaset/api-7c9d8f6b5d',
    ]);
    expect(edge('payments/service/postgres', 'payments/statefulset/postgres')?.via).toBe('selects the pods of');
    expect(edge('payments/service/postgres', 'payments/pod/postgres-0')?.via).toBe('selects the pods of');
    // Its pods are not in the snapshot: it selects nothing, but the Ingress still routes to it.
    expect(edgesFrom(graph, 'payments/service/status-page')).toHaveLength(1);
    // A Service never selects across namespaces.
    expect(edgesFrom(graph, 'shop/service/storefront').map((e) => e.to).sort()).toEqual([
      'namespace/shop',
      'shop/deployment/storefront',
      'shop/pod/storefront-5f6d8c9b74-lw6rj',
      'shop/replicaset/storefront-5f6d8c9b74',
    ]);
  });

  it('routes the Ingress to its backend Services', () => {
    expect(edge('payments/ingress/payments', 'payments/service/api')?.via).toBe('routes to');
    expect(edge('payments/ingress/payments', 'payments/service/status-page')?.via).toBe('routes to');
  });

  it('joins Pods and workloads to the claims they mount, StatefulSets through their claim templates', () => {
    expect(edge('payments/pod/postgres-0', 'payments/persistentvolumeclaim/data-postgres-0')?.via).toBe('mounts');
    expect(edge('payments/statefulset/postgres', 'payments/persistentvolumeclaim/data-postgres-0')?.via).toBe('mounts');
    expect(edge('shop/deployment/storefront', 'shop/persistentvolumeclaim/uploads')?.via).toBe('mounts');
    expect(edge('shop/replicaset/storefront-5f6d8c9b74', 'shop/persistentvolumeclaim/uploads')?.via).toBe('mounts');
    expect(edge('shop/pod/storefront-5f6d8c9b74-lw6rj', 'shop/persistentvolumeclaim/uploads')?.via).toBe('mounts');
    // configMap and projected volumes are not claims.
    expect(graph.edges.filter((e) => e.from.startsWith('payments/pod/api-') && e.via === 'mounts')).toEqual([]);
  });

  it('binds a volume to its claim only when deleting the claim deletes the volume (reclaimPolicy Delete)', () => {
    expect(edge('persistentvolume/pvc-3f6e8a1c-7b2d-4c9e-8f1a-5d3b7e9c2a20', 'payments/persistentvolumeclaim/data-postgres-0')?.via).toBe('is bound to');
    expect(edge('persistentvolume/shop-uploads', 'shop/persistentvolumeclaim/uploads')).toBeUndefined();
  });

  it('joins custom resources to their CustomResourceDefinition', () => {
    expect(edge('payments/widget/blue', 'customresourcedefinition/widgets.example.com')?.via).toBe('is an instance of');
    expect(edge('payments/widget/green', 'customresourcedefinition/widgets.example.com')?.via).toBe('is an instance of');
    // Without the definition in the snapshot, the plural is unknown: no guessed edge.
    const alone = kubernetesSnapshotGraph(widgets);
    expect(alone.nodes.map((n) => n.address)).toEqual(['payments/widget/blue', 'payments/widget/green']);
    expect(alone.edges.map((e) => e.via)).toEqual(['is in namespace', 'is in namespace']);
  });

  it('reads one List as well as an array of Lists, and counts an object listed twice once', () => {
    const single = kubernetesSnapshotGraph(builtIn);
    expect(single.nodes).toHaveLength(23);
    const twice = kubernetesSnapshotGraph([builtIn, builtIn, widgets]);
    expect(twice.nodes).toEqual(graph.nodes);
    expect(twice.edges).toEqual(graph.edges);
  });

  it('lets a deleted claim reach its volume, the Pod, the StatefulSet and the Service in the blast radius', () => {
    const effect: Effect = {
      operation: 'delete',
      resource: { kind: 'kubernetes.persistentvolumeclaim', address: 'payments/persistentvolumeclaim/data-postgres-0', dataBearing: true },
      reversible: false,
      destroysData: true,
      summary: 'deletes the claim',
    };
    const radius = computeBlastRadius([effect], graph, { wholeEnvironmentThreshold: 1 });
    const paths = Object.fromEntries(radius.dependents.map((d) => [d.address, d.path.join(' → ')]));
    expect(paths).toEqual({
      'persistentvolume/pvc-3f6e8a1c-7b2d-4c9e-8f1a-5d3b7e9c2a20': 'payments/persistentvolumeclaim/data-postgres-0 → persistentvolume/pvc-3f6e8a1c-7b2d-4c9e-8f1a-5d3b7e9c2a20',
      'payments/pod/postgres-0': 'payments/persistentvolumeclaim/data-postgres-0 → payments/pod/postgres-0',
      'payments/statefulset/postgres': 'payments/persistentvolumeclaim/data-postgres-0 → payments/statefulset/postgres',
      'payments/service/postgres': 'payments/persistentvolumeclaim/data-postgres-0 → payments/statefulset/postgres → payments/service/postgres',
    });
  });
});

describe('kubernetesSnapshotGraph — kinds the fixture does not have', () => {
  const object = (apiVersion: string, kind: string, name: string, namespace: string | undefined, spec?: unknown, extra: Record<string, unknown> = {}) => ({
    apiVersion,
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}), ...extra },
    ...(spec === undefined ? {} : { spec }),
  });
  const list = (...items: unknown[]) => ({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items });

  it('joins Gateway API routes to their Gateway and backends; only Gateway-attached routes face customers', () => {
    const g = kubernetesSnapshotGraph(
      list(
        object('gateway.networking.k8s.io/v1', 'Gateway', 'public', 'infra', { gatewayClassName: 'eg', listeners: [{ name: 'https', port: 443, protocol: 'HTTPS' }] }),
        object('gateway.networking.k8s.io/v1', 'HTTPRoute', 'api', 'payments', {
          parentRefs: [{ name: 'public', namespace: 'infra' }],
          rules: [{ backendRefs: [{ name: 'api', port: 80 }, { name: 'api-canary', port: 80, weight: 10 }] }],
        }),
        object('gateway.networking.k8s.io/v1', 'HTTPRoute', 'ledger-mesh', 'payments', {
          parentRefs: [{ group: '', kind: 'Service', name: 'ledger' }],
          rules: [{ backendRefs: [{ name: 'ledger-v2', port: 8080 }] }],
        }),
        object('v1', 'Service', 'api', 'payments', { type: 'ClusterIP', selector: { app: 'api' } }),
        object('v1', 'Service', 'ledger-v2', 'payments', { type: 'ClusterIP', selector: { app: 'ledger', track: 'v2' } }),
      ),
    );
    const by = (address: string) => g.nodes.find((n) => n.address === address);
    expect(by('infra/gateway/public')).toEqual({ address: 'infra/gateway/public', kind: 'kubernetes.gateway', customerFacing: true });
    expect(by('payments/httproute/api')?.customerFacing).toBe(true);
    expect(by('payments/service/api')?.customerFacing).toBe(true);
    expect(by('payments/httproute/ledger-mesh')?.customerFacing).toBeUndefined();
    expect(by('payments/service/ledger-v2')?.customerFacing).toBeUndefined();
    expect(edgesFrom(g, 'payments/httproute/api').map((e) => `${e.via} ${e.to}`)).toEqual([
      'is in namespace namespace/payments',
      'is attached to infra/gateway/public',
      'routes to payments/service/api',
      'routes to payments/service/api-canary',
    ]);
    expect(edgesFrom(g, 'payments/httproute/ledger-mesh').map((e) => `${e.via} ${e.to}`)).toEqual([
      'is in namespace namespace/payments',
      'is attached to payments/service/ledger',
      'routes to payments/service/ledger-v2',
    ]);
  });

  it('reads extensions/v1beta1 Ingress backends and a defaultBackend', () => {
    const g = kubernetesSnapshotGraph(
      list(
        object('extensions/v1beta1', 'Ingress', 'legacy', 'web', { backend: { serviceName: 'fallback', servicePort: 80 }, rules: [{ http: { paths: [{ backend: { serviceName: 'site', servicePort: 80 } }] } }] }),
        object('networking.k8s.io/v1', 'Ingress', 'modern', 'web', { defaultBackend: { service: { name: 'fallback', port: { number: 80 } } }, rules: [{ host: 'x.example.com' }] }),
      ),
    );
    expect(g.edges.filter((e) => e.via === 'routes to').map((e) => `${e.from} → ${e.to}`)).toEqual(['web/ingress/legacy → web/service/fallback', 'web/ingress/legacy → web/service/site', 'web/ingress/modern → web/service/fallback']);
  });

  it('does not read a custom resource that reuses a built-in kind name as the built-in', () => {
    const g = kubernetesSnapshotGraph(
      list(
        object('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'services.serving.knative.dev', undefined, { group: 'serving.knative.dev', names: { kind: 'Service', plural: 'services' }, scope: 'Namespaced' }),
        // Knative's Service has a `template`, no selector map and no type: not a core Service.
        object('serving.knative.dev/v1', 'Service', 'hello', 'apps', { template: { spec: { containers: [{ image: 'hello' }] } }, selector: 'not-a-map' }),
      ),
    );
    expect(g.nodes.find((n) => n.address === 'apps/service/hello')?.customerFacing).toBeUndefined();
    expect(g.edges.find((e) => e.from === 'apps/service/hello' && e.via === 'is an instance of')?.to).toBe('customresourcedefinition/services.serving.knative.dev');
  });

  it('resolves an owner by uid, so a cluster-scoped owner of a namespaced object keeps its own address', () => {
    const g = kubernetesSnapshotGraph(
      list(
        object('example.com/v1', 'Tenant', 'acme', undefined, {}, { uid: 'u-tenant' }),
        object('v1', 'ConfigMap', 'settings', 'acme', undefined, { ownerReferences: [{ apiVersion: 'example.com/v1', kind: 'Tenant', name: 'acme', uid: 'u-tenant' }] }),
      ),
    );
    expect(edgesFrom(g, 'acme/configmap/settings').map((e) => e.to)).toEqual(['namespace/acme', 'tenant/acme']);
  });

  it('reads the API server’s typed lists, whose items carry no kind', () => {
    const g = kubernetesSnapshotGraph({ apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '1' }, items: [{ metadata: { name: 'p', namespace: 'n' }, spec: {} }] });
    expect(g.nodes).toEqual([{ address: 'n/pod/p', kind: 'kubernetes.pod' }]);
  });

  it('does not join a StatefulSet to claims that only look like its own', () => {
    const g = kubernetesSnapshotGraph(
      list(
        object('apps/v1', 'StatefulSet', 'db', 'x', { replicas: 2, template: { metadata: { labels: { app: 'db' } } }, volumeClaimTemplates: [{ metadata: { name: 'data' } }] }),
        object('v1', 'PersistentVolumeClaim', 'data-db-0', 'x', {}),
        object('v1', 'PersistentVolumeClaim', 'data-db-1', 'x', {}),
        object('v1', 'PersistentVolumeClaim', 'data-db-backup', 'x', {}),
        object('v1', 'PersistentVolumeClaim', 'data-db-0', 'y', {}),
      ),
    );
    expect(g.edges.filter((e) => e.via === 'mounts').map((e) => e.to)).toEqual(['x/persistentvolumeclaim/data-db-0', 'x/persistentvolumeclaim/data-db-1']);
  });

  it('handles an empty snapshot', () => {
    expect(kubernetesSnapshotGraph({ apiVersion: 'v1', kind: 'List', items: [], metadata: { resourceVersion: '' } })).toEqual({ nodes: [], edges: [] });
    expect(kubernetesSnapshotGraph([])).toEqual({ nodes: [], edges: [] });
  });
});

describe('kubernetesSnapshotGraph — malformed input', () => {
  it('refuses what is not a List, and says what to run', () => {
    for (const input of [null, 'text', 42, {}, { kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'api' } }]) {
      const error = thrown(() => kubernetesSnapshotGraph(input));
      expect(error.code).toBe('invalid_input');
      expect(error.message).toMatch(/^not a Kubernetes snapshot/);
      expect(error.hint).toContain('kubectl get');
      expect(error.hint).toContain('-o json');
    }
    expect(thrown(() => kubernetesSnapshotGraph({ kind: 'Deployment', metadata: { name: 'api' } })).message).toContain('at kind: expected a list');
    expect(thrown(() => kubernetesSnapshotGraph({ metadata: { name: 'api' } })).message).toContain('at kind: expected a list');
  });

  it('names where the input is wrong', () => {
    expect(thrown(() => kubernetesSnapshotGraph({ kind: 'List', items: [{ apiVersion: 'v1', kind: 'Pod', metadata: {} }] })).message).toMatch(/at items\[0\]\.metadata\.name: /);
    expect(thrown(() => kubernetesSnapshotGraph([builtIn, { kind: 'List', items: 'x' }])).message).toMatch(/at \[1\]\.items: /);
    expect(thrown(() => kubernetesSnapshotGraph({ kind: 'List', items: [{ metadata: { name: 'p' } }] })).message).toMatch(/at items\[0\] \(p\): the object has no kind/);
    expect(thrown(() => kubernetesSnapshotGraph([widgets, { kind: 'List', items: [{ kind: 'Pod', metadata: { name: 'p' } }] }])).message).toMatch(/at \[1\]\.items\[0\] \(p\): the object has no apiVersion/);
  });

  it('names the object whose spec has the wrong shape', () => {
    const error = thrown(() =>
      kubernetesSnapshotGraph({ kind: 'List', items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'payments' }, spec: { selector: ['app=api'] } }] }),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/Service payments\/service\/api has an unexpected spec\.selector/);
  });
});
