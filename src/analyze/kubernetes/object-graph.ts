import type { GraphEdge } from '../../model/index.js';
import { isGatewayRouteKind } from './kube-kinds.js';
import { CURRENT_NAMESPACE, isObject, labelsAt, pathOf, stringAt, type JsonValue } from './kube-object.js';
import type { Located } from './object-effects.js';

/**
 * What depends on what among the objects of one change, with the relations the inventory's
 * Kubernetes snapshot uses (src/inventory/sources/kubernetes-snapshot.ts), so the blast radius can
 * follow them: a Deployment scaled to zero reaches the Services that select its pods and the
 * Ingress in front of them; a claim deleted reaches the workloads that mount it. Edges only: the
 * objects of a change are not the whole environment, and as nodes they would look like it.
 */
export function edgesOf(objects: readonly Located[]): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  const add = (from: string, to: string, via: string) => {
    const key = `${from}\u0000${to}`;
    if (from === to || seen.has(key)) return;
    seen.add(key);
    edges.push({ from, to, via });
  };
  const inNamespace = (namespace: string | undefined, kind: string, name: string) => (namespace === undefined ? `${kind}/${name}` : `${namespace}/${kind}/${name}`);

  /** Pods and pod templates by namespace, for Service selectors. */
  const selectable = objects.flatMap((at) => {
    if (at.role === 'scalable' || (at.role === 'workload' && at.object.kind !== 'Pod')) {
      return [{ at, labels: labelsAt(at.object.body, 'spec', 'template', 'metadata', 'labels') }];
    }
    if (at.object.kind === 'Pod' && at.role === 'workload') return [{ at, labels: labelsAt(at.object.body, 'metadata', 'labels') }];
    return [];
  });
  const definitions = new Map<string, string>();
  for (const at of objects) {
    if (at.role !== 'definition') continue;
    const group = stringAt(at.object.body, 'spec', 'group');
    const kind = stringAt(at.object.body, 'spec', 'names', 'kind');
    if (group && kind) definitions.set(`${group}/${kind}`, at.address);
  }

  for (const at of objects) {
    const body = at.object.body;
    const ns = at.namespace;
    if (ns !== undefined && ns !== CURRENT_NAMESPACE) add(at.address, `namespace/${ns}`, 'is in namespace');

    const volumes = at.object.kind === 'Pod' ? pathOf(body, 'spec', 'volumes') : pathOf(body, 'spec', 'template', 'spec', 'volumes');
    if (Array.isArray(volumes) && (at.role === 'scalable' || at.role === 'workload')) {
      for (const volume of volumes) {
        const claim = stringAt(volume, 'persistentVolumeClaim', 'claimName');
        if (claim) add(at.address, inNamespace(ns, 'persistentvolumeclaim', claim), 'mounts');
      }
    }

    if (at.role === 'service' && at.resolution.how === 'builtin') {
      const selector = Object.entries(labelsAt(body, 'spec', 'selector'));
      // No selector: its endpoints are managed by hand and select nothing.
      if (selector.length > 0) {
        for (const target of selectable) {
          if (target.at.namespace === ns && selector.every(([key, value]) => target.labels[key] === value)) add(at.address, target.at.address, 'selects the pods of');
        }
      }
    }

    if (at.role === 'entrypoint' && at.object.kind === 'Ingress') {
      const rules = pathOf(body, 'spec', 'rules');
      const backends: Array<JsonValue | undefined> = [pathOf(body, 'spec', 'defaultBackend'), pathOf(body, 'spec', 'backend')];
      for (const rule of Array.isArray(rules) ? rules : []) {
        const paths = pathOf(rule, 'http', 'paths');
        for (const path of Array.isArray(paths) ? paths : []) backends.push(pathOf(path, 'backend'));
      }
      for (const backend of backends) {
        const service = stringAt(backend, 'service', 'name') ?? stringAt(backend, 'serviceName');
        if (service) add(at.address, inNamespace(ns, 'service', service), 'routes to');
      }
    }

    if (isGatewayRouteKind(at.object.group, at.object.kind)) {
      const parents = pathOf(body, 'spec', 'parentRefs');
      for (const parent of Array.isArray(parents) ? parents : []) {
        const name = stringAt(parent, 'name');
        if (name) add(at.address, inNamespace(stringAt(parent, 'namespace') ?? ns, (stringAt(parent, 'kind') ?? 'Gateway').toLowerCase(), name), 'is attached to');
      }
      const rules = pathOf(body, 'spec', 'rules');
      for (const rule of Array.isArray(rules) ? rules : []) {
        const refs = pathOf(rule, 'backendRefs');
        for (const ref of Array.isArray(refs) ? refs : []) {
          const name = stringAt(ref, 'name');
          if (name && isObject(ref)) add(at.address, inNamespace(stringAt(ref, 'namespace') ?? ns, (stringAt(ref, 'kind') ?? 'Service').toLowerCase(), name), 'routes to');
        }
      }
    }

    if (at.role === 'volume' && stringAt(body, 'spec', 'persistentVolumeReclaimPolicy') === 'Delete') {
      const claim = stringAt(body, 'spec', 'claimRef', 'name');
      const claimNamespace = stringAt(body, 'spec', 'claimRef', 'namespace');
      if (claim && claimNamespace) add(at.address, `${claimNamespace}/persistentvolumeclaim/${claim}`, 'is bound to');
    }

    const definition = definitions.get(`${at.object.group}/${at.object.kind}`);
    if (definition) add(at.address, definition, 'is an instance of');
  }
  return edges;
}
