import { z } from 'zod';
import { AirlockError } from '../../errors/index.js';
import { createEdgeCollector, type GraphEdge, type GraphNode } from '../../model/index.js';
import type { SourceGraph } from '../inventory-model.js';

/**
 * A Kubernetes cluster as a dependency graph, read from what `kubectl get <kinds> -A -o json` prints
 * (a `kind: List`), or from several such lists (one per call) in an array. Every object becomes a
 * node at the inventory's Kubernetes address; edges say what breaks when something else changes:
 * namespace membership, ownerReferences (Pod → ReplicaSet → Deployment), Service selectors,
 * Ingress and Gateway API routes, volume mounts, PersistentVolume reclaim, and custom resources'
 * definitions. Pure.
 */

const HINT =
  'give the output of `kubectl get namespaces,deployments,statefulsets,daemonsets,replicasets,pods,services,ingresses,persistentvolumeclaims,persistentvolumes,customresourcedefinitions -A -o json` (a `kind: List`), or an array of such lists';

// ---------------------------------------------------------------------------------------------
// Input. Loose objects: real objects carry far more fields (managedFields, status …) than these.

const LabelsSchema = z.record(z.string(), z.string());

const OwnerReferenceSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().min(1),
  name: z.string().min(1),
  uid: z.string().optional(),
});

const ObjectSchema = z.looseObject({
  // Optional: the raw API's typed lists (`PodList` …) leave them out of their items.
  apiVersion: z.string().min(1).optional(),
  kind: z.string().min(1).optional(),
  metadata: z.looseObject({
    name: z.string().min(1),
    namespace: z.string().optional(),
    uid: z.string().optional(),
    labels: LabelsSchema.nullish(),
    ownerReferences: z.array(OwnerReferenceSchema).nullish(),
  }),
  spec: z.unknown().optional(),
});

const NOT_A_LIST = 'expected a list (`kind: List`), as `kubectl get … -o json` prints for several objects';

const ListSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string({ error: NOT_A_LIST }).regex(/List$/, NOT_A_LIST),
  items: z.array(ObjectSchema).nullable(),
});

const VolumesSchema = z
  .array(z.looseObject({ persistentVolumeClaim: z.looseObject({ claimName: z.string().min(1) }).nullish() }))
  .nullish();

const PodSpecSchema = z.looseObject({ volumes: VolumesSchema });

const WorkloadSpecSchema = z.looseObject({
  replicas: z.number().nullish(),
  template: z
    .looseObject({
      metadata: z.looseObject({ labels: LabelsSchema.nullish() }).nullish(),
      spec: PodSpecSchema.nullish(),
    })
    .nullish(),
  volumeClaimTemplates: z.array(z.looseObject({ metadata: z.looseObject({ name: z.string().min(1) }) })).nullish(),
});

const ServiceSpecSchema = z.looseObject({ type: z.string().nullish(), selector: LabelsSchema.nullish() });

/** networking.k8s.io/v1 (`service.name`) and the older extensions/v1beta1 (`serviceName`). */
const IngressBackendSchema = z.looseObject({
  service: z.looseObject({ name: z.string().min(1) }).nullish(),
  serviceName: z.string().nullish(),
});

const IngressSpecSchema = z.looseObject({
  defaultBackend: IngressBackendSchema.nullish(),
  backend: IngressBackendSchema.nullish(),
  rules: z
    .array(z.looseObject({ http: z.looseObject({ paths: z.array(z.looseObject({ backend: IngressBackendSchema })).nullish() }).nullish() }))
    .nullish(),
});

const GatewayRefSchema = z.looseObject({
  name: z.string().min(1),
  namespace: z.string().nullish(),
  kind: z.string().nullish(),
  group: z.string().nullish(),
});

const RouteSpecSchema = z.looseObject({
  parentRefs: z.array(GatewayRefSchema).nullish(),
  rules: z.array(z.looseObject({ backendRefs: z.array(GatewayRefSchema).nullish() })).nullish(),
});

const PersistentVolumeSpecSchema = z.looseObject({
  persistentVolumeReclaimPolicy: z.string().nullish(),
  claimRef: z.looseObject({ namespace: z.string().nullish(), name: z.string().min(1) }).nullish(),
});

const PersistentVolumeClaimSpecSchema = z.looseObject({ volumeName: z.string().nullish() });

const CustomResourceDefinitionSpecSchema = z.looseObject({
  group: z.string().min(1),
  names: z.looseObject({ kind: z.string().min(1), plural: z.string().min(1) }),
});

// ---------------------------------------------------------------------------------------------
// Kinds, by `<group>/<Kind>` (core group empty), so a custom resource that reuses a built-in Kind
// name (Knative's serving.knative.dev Service) is never read as the built-in.

const POD = '/Pod';
const SERVICE = '/Service';
const PERSISTENT_VOLUME = '/PersistentVolume';
const PERSISTENT_VOLUME_CLAIM = '/PersistentVolumeClaim';
const STATEFUL_SET = 'apps/StatefulSet';
const CUSTOM_RESOURCE_DEFINITION = 'apiextensions.k8s.io/CustomResourceDefinition';
const GATEWAY_API = 'gateway.networking.k8s.io';

/** Controllers whose pod template's labels a Service selects and whose template's volumes they mount. */
const WORKLOADS: ReadonlySet<string> = new Set(['apps/Deployment', STATEFUL_SET, 'apps/DaemonSet', 'apps/ReplicaSet', '/ReplicationController', 'batch/Job']);
const INGRESSES: ReadonlySet<string> = new Set(['networking.k8s.io/Ingress', 'extensions/Ingress']);
/** Service types reachable from outside the cluster. */
const EXTERNAL_SERVICE_TYPES: ReadonlySet<string> = new Set(['LoadBalancer', 'NodePort']);

interface KubeObject {
  readonly group: string;
  readonly kind: string;
  /** `<group>/<Kind>`. */
  readonly type: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly uid: string | undefined;
  readonly address: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly owners: ReadonlyArray<z.infer<typeof OwnerReferenceSchema>>;
  readonly spec: unknown;
}

interface Draft {
  readonly address: string;
  readonly kind: string;
  readonly tags: Record<string, string>;
  dataBearing: boolean;
  customerFacing: boolean;
}

/** The inventory address of an object (conventions in inventory-model.ts). */
export function kubernetesAddress(kind: string, name: string, namespace: string | undefined): string {
  return namespace ? `${namespace}/${kind.toLowerCase()}/${name}` : `${kind.toLowerCase()}/${name}`;
}

/** A `kubectl get … -A -o json` snapshot (one List or an array of Lists) as a resource graph. */
export function kubernetesSnapshotGraph(json: unknown): SourceGraph {
  const objects = readObjects(json);

  const drafts = new Map<string, Draft>();
  for (const object of objects) {
    if (drafts.has(object.address)) continue;
    drafts.set(object.address, { address: object.address, kind: `kubernetes.${object.kind.toLowerCase()}`, tags: {}, dataBearing: false, customerFacing: false });
  }

  const { edges, add: addEdge } = createEdgeCollector();

  const byUid = new Map<string, string>();
  for (const object of objects) {
    if (object.uid) byUid.set(object.uid, object.address);
  }
  const persistentVolumes = new Map<string, z.infer<typeof PersistentVolumeSpecSchema>>();
  const definitions = new Map<string, string>();
  const claimsByNamespace = new Map<string, string[]>();
  /** Pods and pod templates by namespace, for Service selectors. */
  const selectable = new Map<string, Array<{ address: string; labels: Readonly<Record<string, string>> }>>();
  for (const object of objects) {
    if (object.type === PERSISTENT_VOLUME) persistentVolumes.set(object.name, specOf(object, PersistentVolumeSpecSchema));
    if (object.type === CUSTOM_RESOURCE_DEFINITION) {
      const spec = specOf(object, CustomResourceDefinitionSpecSchema);
      definitions.set(`${spec.group}/${spec.names.kind}`, kubernetesAddress('CustomResourceDefinition', `${spec.names.plural}.${spec.group}`, undefined));
    }
    if (object.type === PERSISTENT_VOLUME_CLAIM && object.namespace) push(claimsByNamespace, object.namespace, object.name);
    if (object.namespace && object.type === POD) push(selectable, object.namespace, { address: object.address, labels: object.labels });
    if (object.namespace && WORKLOADS.has(object.type)) {
      const labels = specOf(object, WorkloadSpecSchema).template?.metadata?.labels;
      if (labels) push(selectable, object.namespace, { address: object.address, labels });
    }
  }

  /** Services an Ingress or a Gateway's route sends outside traffic to. */
  const exposed = new Set<string>();

  for (const object of objects) {
    const draft = drafts.get(object.address)!;
    const ns = object.namespace;
    if (ns) addEdge(object.address, kubernetesAddress('Namespace', ns, undefined), 'is in namespace');

    for (const owner of object.owners) {
      const known = owner.uid ? byUid.get(owner.uid) : undefined;
      // An owner is in its dependent's namespace, or cluster-scoped (Kubernetes forbids the rest).
      addEdge(object.address, known ?? kubernetesAddress(owner.kind, owner.name, ns), 'is owned by');
    }

    const mounts = (volumes: z.infer<typeof VolumesSchema>) => {
      for (const volume of volumes ?? []) {
        if (volume.persistentVolumeClaim && ns) addEdge(object.address, kubernetesAddress('PersistentVolumeClaim', volume.persistentVolumeClaim.claimName, ns), 'mounts');
      }
    };

    if (object.type === POD) mounts(specOf(object, PodSpecSchema).volumes);

    if (WORKLOADS.has(object.type)) {
      const spec = specOf(object, WorkloadSpecSchema);
      if (typeof spec.replicas === 'number') draft.tags.replicas = String(spec.replicas);
      mounts(spec.template?.spec?.volumes);
      if (object.type === STATEFUL_SET && spec.volumeClaimTemplates && spec.volumeClaimTemplates.length > 0) {
        draft.dataBearing = true;
        // The controller names each replica's claim `<template>-<statefulset>-<ordinal>`.
        for (const template of spec.volumeClaimTemplates) {
          const prefix = `${template.metadata.name}-${object.name}-`;
          for (const claim of claimsByNamespace.get(ns ?? '') ?? []) {
            if (claim.startsWith(prefix) && /^\d+$/.test(claim.slice(prefix.length))) addEdge(object.address, kubernetesAddress('PersistentVolumeClaim', claim, ns), 'mounts');
          }
        }
      }
    }

    if (object.type === SERVICE) {
      const spec = specOf(object, ServiceSpecSchema);
      if (spec.type && EXTERNAL_SERVICE_TYPES.has(spec.type)) draft.customerFacing = true;
      // No selector: the Service's endpoints are managed by hand and select nothing.
      const selector = Object.entries(spec.selector ?? {});
      if (selector.length > 0 && ns) {
        for (const target of selectable.get(ns) ?? []) {
          if (selector.every(([key, value]) => target.labels[key] === value)) addEdge(object.address, target.address, 'selects the pods of');
        }
      }
    }

    if (INGRESSES.has(object.type) && ns) {
      draft.customerFacing = true;
      const spec = specOf(object, IngressSpecSchema);
      const backends = [spec.defaultBackend, spec.backend, ...(spec.rules ?? []).flatMap((rule) => (rule.http?.paths ?? []).map((path) => path.backend))];
      for (const backend of backends) {
        const service = backend?.service?.name ?? backend?.serviceName;
        if (!service) continue;
        const target = kubernetesAddress('Service', service, ns);
        addEdge(object.address, target, 'routes to');
        exposed.add(target);
      }
    }

    if (object.group === GATEWAY_API && object.kind === 'Gateway') draft.customerFacing = true;

    if (object.group === GATEWAY_API && object.kind.endsWith('Route') && ns) {
      const spec = specOf(object, RouteSpecSchema);
      // Attached to a Gateway, a route carries outside traffic; attached to a Service (a mesh
      // route, GAMMA), it only shapes traffic inside the cluster.
      let viaGateway = false;
      for (const parent of spec.parentRefs ?? []) {
        const kind = parent.kind ?? 'Gateway';
        if (kind === 'Gateway') viaGateway = true;
        addEdge(object.address, kubernetesAddress(kind, parent.name, parent.namespace ?? ns), 'is attached to');
      }
      if (viaGateway) draft.customerFacing = true;
      for (const rule of spec.rules ?? []) {
        for (const backend of rule.backendRefs ?? []) {
          const target = kubernetesAddress(backend.kind ?? 'Service', backend.name, backend.namespace ?? ns);
          addEdge(object.address, target, 'routes to');
          if (viaGateway && (backend.kind ?? 'Service') === 'Service' && !backend.group) exposed.add(target);
        }
      }
    }

    if (object.type === PERSISTENT_VOLUME_CLAIM) {
      draft.dataBearing = true;
      const volumeName = specOf(object, PersistentVolumeClaimSpecSchema).volumeName;
      if (volumeName) {
        draft.tags.volumeName = volumeName;
        const reclaimPolicy = persistentVolumes.get(volumeName)?.persistentVolumeReclaimPolicy;
        if (reclaimPolicy) draft.tags.reclaimPolicy = reclaimPolicy;
      }
    }

    if (object.type === PERSISTENT_VOLUME) {
      draft.dataBearing = true;
      const spec = persistentVolumes.get(object.name) ?? specOf(object, PersistentVolumeSpecSchema);
      if (spec.persistentVolumeReclaimPolicy) draft.tags.reclaimPolicy = spec.persistentVolumeReclaimPolicy;
      // With Delete, deleting the claim deletes the volume (and its data); with Retain (the API's
      // default for a volume created by hand) the volume outlives its claim, so nothing reaches it.
      if (spec.persistentVolumeReclaimPolicy === 'Delete' && spec.claimRef?.namespace) {
        addEdge(object.address, kubernetesAddress('PersistentVolumeClaim', spec.claimRef.name, spec.claimRef.namespace), 'is bound to');
      }
    }

    const definition = definitions.get(`${object.group}/${object.kind}`);
    if (definition) addEdge(object.address, definition, 'is an instance of');
  }

  for (const address of exposed) {
    const draft = drafts.get(address);
    if (draft) draft.customerFacing = true;
  }

  const nodes: GraphNode[] = [...drafts.values()].map((draft) => ({
    address: draft.address,
    kind: draft.kind,
    ...(Object.keys(draft.tags).length > 0 ? { tags: draft.tags } : {}),
    ...(draft.dataBearing ? { dataBearing: true } : {}),
    ...(draft.customerFacing ? { customerFacing: true } : {}),
  }));
  return { nodes, edges };
}

/** Every object of the input, validated, with its group, kind and address. */
function readObjects(json: unknown): KubeObject[] {
  const lists = Array.isArray(json) ? json.map((list, index) => ({ list, where: `[${index}]` })) : [{ list: json, where: '' }];
  const objects: KubeObject[] = [];
  for (const { list, where } of lists) {
    const parsed = ListSchema.safeParse(list);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = [where, ...(issue?.path ?? []).map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))].join('').replace(/^\./, '');
      throw new AirlockError('invalid_input', `not a Kubernetes snapshot${path ? ` at ${path}` : ''}: ${issue?.message ?? 'invalid'}`, { hint: HINT });
    }
    // A typed list (`DeploymentList`, from the API itself) names its items' kind once, for all.
    const listKind = parsed.data.kind === 'List' ? undefined : parsed.data.kind.slice(0, -'List'.length);
    for (const [index, item] of (parsed.data.items ?? []).entries()) {
      const kind = item.kind ?? listKind;
      const apiVersion = item.apiVersion ?? (listKind ? parsed.data.apiVersion : undefined);
      if (!kind || !apiVersion) {
        throw new AirlockError('invalid_input', `not a Kubernetes snapshot at ${where ? `${where}.` : ''}items[${index}] (${item.metadata.name}): the object has no ${kind ? 'apiVersion' : 'kind'}`, { hint: HINT });
      }
      const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
      const namespace = item.metadata.namespace || undefined;
      objects.push({
        group,
        kind,
        type: `${group}/${kind}`,
        name: item.metadata.name,
        namespace,
        uid: item.metadata.uid,
        address: kubernetesAddress(kind, item.metadata.name, namespace),
        labels: item.metadata.labels ?? {},
        owners: item.metadata.ownerReferences ?? [],
        spec: item.spec,
      });
    }
  }
  return objects;
}

/** The object's spec in the shape its kind has; a wrong shape names the object. */
function specOf<T extends z.ZodType>(object: KubeObject, schema: T): z.infer<T> {
  const parsed = schema.safeParse(object.spec ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = ['spec', ...(issue?.path ?? []).map(String)].join('.');
  throw new AirlockError('invalid_input', `not a Kubernetes snapshot: ${object.kind} ${object.address} has an unexpected ${path}: ${issue?.message ?? 'invalid'}`, { hint: HINT });
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
