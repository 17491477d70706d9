/**
 * The built-in Kubernetes kinds Airlock knows, keyed by API group and Kind exactly as the API
 * server spells them. The server matches `kind` case-sensitively (`kind: namespace` is refused with
 * "no matches for kind"), so only these spellings are the real thing; anything else is judged by
 * {@link resolveKind} as at least as dangerous as what it resembles.
 */

/** What a kind is, for judging a change to one: each role has its own reading in object-effects.ts. */
export type KindRole =
  /** Deleting it deletes everything in it. */
  | 'namespace'
  /** PersistentVolumeClaim: deleting it usually deletes its volume (StorageClass reclaim policy Delete). */
  | 'claim'
  /** PersistentVolume: its own reclaimPolicy says whether the data outlives it. */
  | 'volume'
  /** CustomResourceDefinition: deleting it deletes every custom resource of its type. */
  | 'definition'
  /** Has `spec.replicas` and a pod template: scaling it to zero stops serving. */
  | 'scalable'
  /** Runs pods but has no replica count (DaemonSet, Job, CronJob, Pod). */
  | 'workload'
  /** Service: how clients reach pods; LoadBalancer and NodePort ones are reachable from outside. */
  | 'service'
  /** Carries outside traffic into the cluster (Ingress, Gateway, Gateway API routes). */
  | 'entrypoint'
  /** Secret: its content (keys, passwords, certificates) is often kept nowhere else. */
  | 'secret'
  /** RBAC: who may do what. */
  | 'access'
  /** Admission webhooks and policies: see (and may change) every matching object written. */
  | 'admission'
  /** Everything else built in (ConfigMap, HPA, NetworkPolicy, Node …). */
  | 'plain';

export interface BuiltinKind {
  /** API group; '' is the core group (`apiVersion: v1`). */
  readonly group: string;
  /** Kind, as the API server spells it. */
  readonly kind: string;
  readonly clusterScoped: boolean;
  readonly role: KindRole;
}

const namespaced = (group: string, kind: string, role: KindRole = 'plain'): BuiltinKind => ({ group, kind, clusterScoped: false, role });
const clusterWide = (group: string, kind: string, role: KindRole = 'plain'): BuiltinKind => ({ group, kind, clusterScoped: true, role });

const GATEWAY_API = 'gateway.networking.k8s.io';

const BUILTIN_KINDS: readonly BuiltinKind[] = [
  clusterWide('', 'Namespace', 'namespace'),
  clusterWide('', 'Node'),
  clusterWide('', 'PersistentVolume', 'volume'),
  clusterWide('', 'ComponentStatus'),
  namespaced('', 'PersistentVolumeClaim', 'claim'),
  namespaced('', 'Pod', 'workload'),
  namespaced('', 'PodTemplate'),
  namespaced('', 'ReplicationController', 'scalable'),
  namespaced('', 'Service', 'service'),
  namespaced('', 'Endpoints'),
  namespaced('', 'ConfigMap'),
  namespaced('', 'Secret', 'secret'),
  namespaced('', 'ServiceAccount'),
  namespaced('', 'LimitRange'),
  namespaced('', 'ResourceQuota'),
  namespaced('', 'Event'),
  namespaced('apps', 'Deployment', 'scalable'),
  namespaced('apps', 'StatefulSet', 'scalable'),
  namespaced('apps', 'ReplicaSet', 'scalable'),
  namespaced('apps', 'DaemonSet', 'workload'),
  namespaced('apps', 'ControllerRevision'),
  // The extensions group served these until Kubernetes 1.16 (Ingress until 1.22); old clusters and
  // old charts still use them, and they are the same objects.
  namespaced('extensions', 'Deployment', 'scalable'),
  namespaced('extensions', 'ReplicaSet', 'scalable'),
  namespaced('extensions', 'DaemonSet', 'workload'),
  namespaced('extensions', 'Ingress', 'entrypoint'),
  namespaced('extensions', 'NetworkPolicy'),
  namespaced('batch', 'Job', 'workload'),
  namespaced('batch', 'CronJob', 'workload'),
  namespaced('autoscaling', 'HorizontalPodAutoscaler'),
  namespaced('policy', 'PodDisruptionBudget'),
  namespaced('networking.k8s.io', 'Ingress', 'entrypoint'),
  namespaced('networking.k8s.io', 'NetworkPolicy'),
  clusterWide('networking.k8s.io', 'IngressClass'),
  clusterWide('networking.k8s.io', 'IPAddress'),
  clusterWide('networking.k8s.io', 'ServiceCIDR'),
  namespaced('discovery.k8s.io', 'EndpointSlice'),
  namespaced('coordination.k8s.io', 'Lease'),
  namespaced('rbac.authorization.k8s.io', 'Role', 'access'),
  namespaced('rbac.authorization.k8s.io', 'RoleBinding', 'access'),
  clusterWide('rbac.authorization.k8s.io', 'ClusterRole', 'access'),
  clusterWide('rbac.authorization.k8s.io', 'ClusterRoleBinding', 'access'),
  clusterWide('storage.k8s.io', 'StorageClass'),
  clusterWide('storage.k8s.io', 'VolumeAttachment'),
  clusterWide('storage.k8s.io', 'CSIDriver'),
  clusterWide('storage.k8s.io', 'CSINode'),
  namespaced('storage.k8s.io', 'CSIStorageCapacity'),
  clusterWide('apiextensions.k8s.io', 'CustomResourceDefinition', 'definition'),
  clusterWide('admissionregistration.k8s.io', 'MutatingWebhookConfiguration', 'admission'),
  clusterWide('admissionregistration.k8s.io', 'ValidatingWebhookConfiguration', 'admission'),
  clusterWide('admissionregistration.k8s.io', 'ValidatingAdmissionPolicy', 'admission'),
  clusterWide('admissionregistration.k8s.io', 'ValidatingAdmissionPolicyBinding', 'admission'),
  clusterWide('apiregistration.k8s.io', 'APIService'),
  clusterWide('scheduling.k8s.io', 'PriorityClass'),
  clusterWide('node.k8s.io', 'RuntimeClass'),
  clusterWide('certificates.k8s.io', 'CertificateSigningRequest'),
  clusterWide('flowcontrol.apiserver.k8s.io', 'FlowSchema'),
  clusterWide('flowcontrol.apiserver.k8s.io', 'PriorityLevelConfiguration'),
  // Gateway API: custom resources, but the standard way in, installed on most clusters.
  clusterWide(GATEWAY_API, 'GatewayClass'),
  namespaced(GATEWAY_API, 'Gateway', 'entrypoint'),
  namespaced(GATEWAY_API, 'HTTPRoute', 'entrypoint'),
  namespaced(GATEWAY_API, 'GRPCRoute', 'entrypoint'),
  namespaced(GATEWAY_API, 'TLSRoute', 'entrypoint'),
  namespaced(GATEWAY_API, 'TCPRoute', 'entrypoint'),
  namespaced(GATEWAY_API, 'UDPRoute', 'entrypoint'),
  namespaced(GATEWAY_API, 'ReferenceGrant'),
];

const BY_TYPE: ReadonlyMap<string, BuiltinKind> = new Map(BUILTIN_KINDS.map((k) => [`${k.group}/${k.kind}`, k]));
/** Lower-case Kind → the built-ins spelled so (Ingress is in two groups). */
const BY_LOWER_KIND: ReadonlyMap<string, readonly BuiltinKind[]> = (() => {
  const out = new Map<string, BuiltinKind[]>();
  for (const k of BUILTIN_KINDS) out.set(k.kind.toLowerCase(), [...(out.get(k.kind.toLowerCase()) ?? []), k]);
  return out;
})();

/** A custom resource type defined by a CustomResourceDefinition found in the same change. */
export interface CustomDefinition {
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  readonly clusterScoped: boolean;
}

/** How a kind was recognised. */
export type KindResolution =
  /** A built-in kind, spelled exactly as the API server knows it. */
  | { readonly how: 'builtin'; readonly builtin: BuiltinKind }
  /** A custom resource whose definition is in the same change. */
  | { readonly how: 'custom'; readonly definition: CustomDefinition }
  /**
   * Not a kind Airlock knows: a custom resource defined elsewhere, or a misspelling the server
   * would refuse. `resembles` is the built-in it matches apart from case or group (`namespace`,
   * `apps/v1 Namespace`), whose reading it is judged by on top of an unknown kind's own.
   */
  | { readonly how: 'unrecognised'; readonly resembles: BuiltinKind | undefined };

export function resolveKind(group: string, kind: string, definitions: ReadonlyMap<string, CustomDefinition>): KindResolution {
  const builtin = BY_TYPE.get(`${group}/${kind}`);
  if (builtin) return { how: 'builtin', builtin };
  const definition = definitions.get(`${group}/${kind}`);
  if (definition) return { how: 'custom', definition };
  const lookalikes = BY_LOWER_KIND.get(kind.toLowerCase()) ?? [];
  return { how: 'unrecognised', resembles: lookalikes.find((k) => k.group === group) ?? lookalikes[0] };
}

/** The role a resolution is judged by: an unrecognised kind that resembles a built-in takes its role. */
export function roleOf(resolution: KindResolution): KindRole | 'custom' {
  switch (resolution.how) {
    case 'builtin':
      return resolution.builtin.role;
    case 'custom':
      return 'custom';
    case 'unrecognised':
      return resolution.resembles?.role ?? 'custom';
  }
}

/**
 * Whether objects of the kind live outside namespaces; undefined when Airlock cannot tell (a
 * custom resource defined elsewhere), in which case it is addressed as namespaced, as most are.
 */
export function clusterScopedOf(resolution: KindResolution): boolean | undefined {
  switch (resolution.how) {
    case 'builtin':
      return resolution.builtin.clusterScoped;
    case 'custom':
      return resolution.definition.clusterScoped;
    case 'unrecognised':
      return resolution.resembles?.clusterScoped;
  }
}

export function isGatewayRouteKind(group: string, kind: string): boolean {
  return group === GATEWAY_API && kind.endsWith('Route');
}
