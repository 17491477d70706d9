import type { Effect, Operation, Resource } from '../../model/index.js';
import { isGatewayRouteKind, resolveKind, roleOf, type CustomDefinition, type KindResolution, type KindRole } from './kube-kinds.js';
import {
  CURRENT_NAMESPACE,
  addressOf,
  deepEqual,
  evidenceOf,
  isObject,
  isZero,
  labelsAt,
  namespaceOf,
  objectAt,
  pathOf,
  replicasOf,
  stringAt,
  type JsonObject,
  type JsonValue,
  type KubeObject,
} from './kube-object.js';

/** What is done to one object. */
export type ObjectChange =
  /** `kubectl create`: the object is new. */
  | { readonly type: 'create'; readonly after: KubeObject }
  /** `kubectl apply`: created, or patched in place; what it was before is not known. */
  | { readonly type: 'apply'; readonly after: KubeObject }
  /** Both states known (kubectl diff, server-side dry run, two manifest sets). */
  | { readonly type: 'update'; readonly before: KubeObject; readonly after: KubeObject }
  | { readonly type: 'delete'; readonly before: KubeObject }
  /** Deleted and created again (`kubectl replace --force`, `apply --force`, a new uid). */
  | { readonly type: 'replace'; readonly before?: KubeObject | undefined; readonly after: KubeObject };

/** A Service found in the change, to name who loses its endpoints when a workload stops. */
export interface ServiceRef {
  readonly address: string;
  readonly namespace: string | undefined;
  readonly selector: Readonly<Record<string, string>>;
}

export interface JudgeContext {
  /** The change's namespace for objects that name none (`kubectl -n`). */
  readonly defaultNamespace: string | undefined;
  /** Custom resource types defined by CustomResourceDefinitions in the change, by `<group>/<Kind>`. */
  readonly definitions: ReadonlyMap<string, CustomDefinition>;
  readonly services: readonly ServiceRef[];
  /** `kubectl delete --force`: no graceful shutdown. */
  readonly force: boolean;
}

/** Where an object is, resolved once. */
export interface Located {
  readonly object: KubeObject;
  readonly resolution: KindResolution;
  readonly role: KindRole | 'custom';
  readonly namespace: string | undefined;
  readonly address: string;
}

export function locate(object: KubeObject, context: Pick<JudgeContext, 'defaultNamespace' | 'definitions'>): Located {
  const resolution = resolveKind(object.group, object.kind, context.definitions);
  const namespace = namespaceOf(object, context.defaultNamespace, resolution);
  return { object, resolution, role: roleOf(resolution), namespace, address: addressOf(object, namespace) };
}

/** Service types reachable from outside the cluster. */
const EXTERNAL_SERVICE_TYPES: ReadonlySet<string> = new Set(['LoadBalancer', 'NodePort']);

/**
 * The Effect of one object change; undefined when nothing changes (the same object before and after).
 *
 * Readings an experienced platform engineer would give:
 * - Deleting a Namespace deletes everything in it; a PersistentVolumeClaim, its volume (the usual
 *   StorageClass reclaim policy is Delete; the inventory refines this when it knows the volume); a
 *   PersistentVolume, its data unless its reclaim policy is Retain; a CustomResourceDefinition,
 *   every custom resource of its type; a Secret, content often kept nowhere else; a StatefulSet
 *   whose claim retention policy says Delete, its volumes. A custom resource may stand for data its
 *   operator deletes with it (a database cluster, a bucket), so deleting one counts as data loss.
 * - Scaling a workload to zero replicas is an outage: nothing is deleted, but every Service that
 *   selects its pods has no endpoints until someone scales it back.
 * - RBAC and admission changes are not counted as reversible: access granted can be used before it
 *   is taken back, and a webhook sees (a mutating one changes) every matching object written while
 *   it is in place. Removing them later does not undo what happened meanwhile.
 */
export function judge(change: ObjectChange, context: JudgeContext): Effect | undefined {
  switch (change.type) {
    case 'create':
      return judgeCreate(locate(change.after, context));
    case 'apply':
      return judgeApply(locate(change.after, context), context);
    case 'update': {
      const before = locate(change.before, context);
      const after = locate(change.after, context);
      const uidBefore = stringAt(change.before.body, 'metadata', 'uid');
      const uidAfter = stringAt(change.after.body, 'metadata', 'uid');
      // A new uid is a new object: the old one was deleted and another made in its place.
      if (uidBefore && uidAfter && uidBefore !== uidAfter) return judgeReplace(after, before);
      return judgeUpdate(before, after, context);
    }
    case 'delete':
      return judgeDelete(locate(change.before, context), context);
    case 'replace':
      return judgeReplace(locate(change.after, context), change.before ? locate(change.before, context) : undefined);
  }
}

// ---------------------------------------------------------------------------------------------

function judgeCreate(at: Located): Effect {
  const guard = guardNote(at);
  if (guard) return make(at, 'create', { reversible: false, summary: `creates ${describe(at)}: ${guard}` });
  if (runsCode(at)) return make(at, 'execute', { reversible: false, summary: `creates ${describe(at)}: ${runsCodeNote(at)}` });
  return make(at, 'create', { reversible: true, summary: `creates ${describe(at)}` });
}

function judgeApply(at: Located, context: JudgeContext): Effect {
  const body = at.object.body;
  // What the manifest sets that weakens a protection: without the object as it is now, Airlock
  // cannot tell whether it changes anything, so it is judged as the change it may be.
  const risks = applyRisks(at);
  if (scalesToZero(replicasOf(body))) {
    const claims = whenScaledDeletes(at) ? `; its persistentVolumeClaimRetentionPolicy whenScaled: Delete deletes every replica's volume claim and the data on it` : '';
    const more = risks.reasons.length > 0 ? `; ${risks.reasons.join('; ')}` : '';
    return make(at, 'update', { reversible: false, outage: true, destroysData: claims !== '' || risks.destroysData, summary: `scales ${describe(at)} to 0 replicas: ${stopsServing(at, context)}${claims}${more}` });
  }
  if (runsCode(at)) {
    const more = risks.reasons.length > 0 ? `; ${risks.reasons.join('; ')}` : '';
    return make(at, 'execute', { reversible: false, destroysData: risks.destroysData, summary: `applies ${describe(at)}, creating it if it is missing: ${runsCodeNote(at)}${more}` });
  }
  const guard = guardNote(at);
  if (guard) risks.reasons.push(guard);
  if (risks.reasons.length > 0) return make(at, 'update', { reversible: false, destroysData: risks.destroysData, summary: `applies ${describe(at)}: ${risks.reasons.join('; ')}` });
  const scaleNote = whenScaledDeletes(at) ? ' (if this lowers its replica count, the volume claims of the replicas removed are deleted: whenScaled: Delete)' : '';
  return make(at, 'update', { reversible: true, summary: `applies ${describe(at)}, creating it or updating it in place${scaleNote}` });
}

/**
 * Settings in an applied manifest that take a protection away if the live object had it: an
 * empty finalizer list (a pending deletion completes), a Delete reclaim or claim retention policy.
 */
function applyRisks(at: Located): { reasons: string[]; destroysData: boolean } {
  const body = at.object.body;
  const reasons: string[] = [];
  let destroysData = false;
  for (const path of finalizerPaths(at)) {
    const finalizers = pathOf(body, ...path);
    const written = Object.hasOwn(objectAt(body, path[0]!) ?? {}, path[1]!);
    if (written && (finalizers === null || (Array.isArray(finalizers) && finalizers.length === 0))) {
      destroysData ||= holdsData(at);
      reasons.push(`sets ${path.join('.')} to none: ${finalizersGoneNote(at, undefined)}`);
    }
  }
  if (at.role === 'volume') {
    const policy = stringAt(body, 'spec', 'persistentVolumeReclaimPolicy');
    if (policy !== undefined && DELETING_RECLAIM_POLICIES.has(policy)) {
      reasons.push(`sets its reclaim policy to ${policy}: if it was Retain, data protection is weakened, and deleting its claim deletes the storage behind it and its data`);
    }
  }
  if (whenDeletedDeletes(at)) reasons.push('sets its persistentVolumeClaimRetentionPolicy whenDeleted: Delete: if it was Retain, data protection is weakened, and deleting the statefulset deletes its volume claims and their data');
  if (whenScaledDeletes(at)) reasons.push('sets its persistentVolumeClaimRetentionPolicy whenScaled: Delete: if it was Retain, data protection is weakened, and scaling it down deletes the volume claims of the replicas removed');
  return { reasons, destroysData };
}

function judgeUpdate(before: Located, after: Located, context: JudgeContext): Effect | undefined {
  const changed = changedPaths(before.object.body, after.object.body);
  if (changed.length === 0) return undefined;
  const reasons: string[] = [];
  let outage = false;
  let destroysData = false;
  let customerFacing = false;

  const replicasBefore = replicasOf(before.object.body);
  const replicasAfter = replicasOf(after.object.body);
  // Zero after, and not already zero before (or not known): this change is what stops it.
  if (scalesToZero(replicasAfter) && !(replicasBefore.length > 0 && replicasBefore.every(isZero))) {
    outage = true;
    reasons.push(`scales it to 0 replicas: ${stopsServing(after, context)}`);
  }
  if (whenScaledDeletes(after) && fewerReplicas(replicasBefore, replicasAfter)) {
    destroysData = true;
    reasons.push(`lowers its replica count, and its persistentVolumeClaimRetentionPolicy whenScaled: Delete deletes the volume claims of the replicas removed, with their data`);
  }
  if (after.role === 'service') {
    const typeBefore = serviceType(before.object.body);
    const typeAfter = serviceType(after.object.body);
    customerFacing = isExternal(before.object.body) || isExternal(after.object.body);
    if (typeBefore === 'LoadBalancer' && typeAfter !== 'LoadBalancer') {
      outage = true;
      reasons.push(`changes its type from LoadBalancer to ${typeAfter}: the cloud load balancer and its external address are released, and clients using that address lose the service (a new one gets a new address)`);
    } else if (typeBefore === 'NodePort' && !EXTERNAL_SERVICE_TYPES.has(typeAfter)) {
      outage = true;
      reasons.push(`changes its type from NodePort to ${typeAfter}: its node ports close, and clients outside the cluster lose the service`);
    }
  }
  if (after.role === 'claim') {
    const sizeBefore = stringAt(before.object.body, 'spec', 'resources', 'requests', 'storage');
    const sizeAfter = stringAt(after.object.body, 'spec', 'resources', 'requests', 'storage');
    if (sizeBefore !== sizeAfter) reasons.push(`changes its storage request from ${sizeBefore ?? '(none)'} to ${sizeAfter ?? '(none)'}; a volume can grow but never shrink back`);
  }
  if (after.role === 'definition') {
    const removed = versionsOf(before.object.body).filter((version) => !versionsOf(after.object.body).includes(version));
    if (removed.length > 0) reasons.push(`stops serving version ${removed.join(', ')}; custom resources stored in it can no longer be read until it is restored`);
  }
  if (after.role === 'service') {
    const selectorBefore = pathOf(before.object.body, 'spec', 'selector');
    const selectorAfter = pathOf(after.object.body, 'spec', 'selector');
    // A Service sends traffic to the pods its selector matches: another selector moves every
    // client to other pods, or (matching none) to nothing at all.
    if (!deepEqual(selectorBefore, selectorAfter)) {
      outage = true;
      reasons.push(`changes its selector from ${selectorText(selectorBefore)} to ${selectorText(selectorAfter)}: its clients are sent to other pods, or, if none match, lose the service until it is set back`);
    }
  }
  if (after.role === 'entrypoint') {
    const routesAfter = new Set(routesOf(after.object.body));
    const dropped = routesOf(before.object.body).filter((route) => !routesAfter.has(route));
    if (dropped.length > 0) {
      outage = true;
      reasons.push(`stops routing ${preview(dropped)}: that traffic is cut off`);
    }
  }
  const removed = removedFinalizers(before, after);
  if (removed.length > 0) {
    // A finalizer holds a deletion back until its owner has done its work (the volume is no
    // longer mounted, the operator has backed up or released what the object stands for).
    const pending = isBeingDeleted(before) || isBeingDeleted(after);
    if (pending && holdsData(after)) destroysData = true;
    reasons.push(`removes its finalizer${removed.length === 1 ? '' : 's'} ${removed.join(', ')}: ${finalizersGoneNote(after, pending)}`);
  }
  if (after.role === 'volume') {
    const policyBefore = stringAt(before.object.body, 'spec', 'persistentVolumeReclaimPolicy');
    const policyAfter = stringAt(after.object.body, 'spec', 'persistentVolumeReclaimPolicy');
    if (policyAfter !== undefined && DELETING_RECLAIM_POLICIES.has(policyAfter) && !(policyBefore !== undefined && DELETING_RECLAIM_POLICIES.has(policyBefore))) {
      reasons.push(`changes its reclaim policy from ${policyBefore ?? 'Retain (the default)'} to ${policyAfter}: data protection is weakened; deleting its claim now deletes the storage behind it and its data`);
    }
  }
  if (whenDeletedDeletes(after) && !whenDeletedDeletes(before)) {
    reasons.push('sets its persistentVolumeClaimRetentionPolicy whenDeleted: Delete: data protection is weakened; deleting the statefulset now deletes its volume claims and their data');
  }
  if (whenScaledDeletes(after) && !whenScaledDeletes(before)) {
    reasons.push('sets its persistentVolumeClaimRetentionPolicy whenScaled: Delete: data protection is weakened; scaling it down now deletes the volume claims of the replicas removed');
  }
  const guard = guardNote(after);
  if (guard) reasons.push(guard);

  const what = `updates ${describe(after)} (${preview(changed)})`;
  return make(after, 'update', {
    reversible: reasons.length === 0,
    outage,
    destroysData,
    customerFacing,
    summary: reasons.length === 0 ? what : `${what}: ${reasons.join('; ')}`,
  });
}

function judgeDelete(at: Located, context: JudgeContext): Effect {
  const body = at.object.body;
  const name = at.object.name;
  const where = placeOf(at);
  const force = context.force ? ', immediately, without a graceful shutdown' : '';
  const unrecognised = unrecognisedNote(at);
  let destroysData = false;
  let customerFacing = false;
  let text: string;
  switch (at.role) {
    case 'namespace':
      destroysData = true;
      text = `deletes namespace ${name} and everything in it`;
      break;
    case 'claim':
      destroysData = true;
      text = `deletes persistentvolumeclaim ${name}${where}; with the usual Delete reclaim policy its volume and the data on it go too`;
      break;
    case 'volume': {
      const policy = stringAt(body, 'spec', 'persistentVolumeReclaimPolicy');
      destroysData = policy !== 'Retain';
      text = destroysData
        ? `deletes persistentvolume ${name}${policy === 'Delete' ? ' (reclaim policy Delete)' : ''}; unless its reclaim policy is Retain, the storage behind it and its data go too`
        : `deletes persistentvolume ${name}; its reclaim policy Retain keeps the storage behind it and its data`;
      break;
    }
    case 'definition':
      destroysData = true;
      text = `deletes the custom resource definition ${name} and with it every ${pluralOf(body, name)} custom resource in the cluster`;
      break;
    case 'secret':
      destroysData = true;
      text = `deletes secret ${name}${where}; what it holds (keys, passwords, certificates) is lost unless it is kept elsewhere`;
      break;
    case 'service':
      // A Service is how clients reach its pods: deleting it cuts every one of them off, and it
      // is usually what an Ingress or load balancer in front sends customers to.
      customerFacing = true;
      text = `deletes service ${name}${where}; every client that reaches its pods through it is cut off${isExternal(body) ? `, including those outside the cluster (type ${serviceType(body)})` : ''}`;
      break;
    case 'entrypoint':
      customerFacing = isCustomerFacingEntrypoint(at);
      text = `deletes ${describe(at)}; the outside traffic it carries stops`;
      break;
    case 'scalable':
    case 'workload':
      text = at.object.kind === 'Pod' ? `deletes ${describe(at)}` : `deletes ${describe(at)}: ${at.role === 'scalable' ? stopsServing(at, context) : 'its pods stop'}`;
      if (whenDeletedDeletes(at)) {
        destroysData = true;
        text += `, and its persistentVolumeClaimRetentionPolicy whenDeleted: Delete deletes its volume claims and the data on them`;
      } else if (isStatefulSet(at)) text += ' (its volume claims stay)';
      break;
    case 'custom':
      destroysData = true;
      text = `deletes ${describe(at)}, a custom resource; its operator may delete what it stands for (a database, a bucket, volumes) with it, which Airlock cannot see, so it counts as data loss`;
      break;
    case 'access':
    case 'admission':
    case 'plain':
      text = `deletes ${describe(at)}`;
      break;
  }
  // A kind Airlock does not know exactly may be a custom resource: never judged milder than one.
  if (unrecognised && at.role !== 'custom') {
    destroysData = true;
    text += '; it may also be a custom resource whose operator deletes data with it';
  }
  return make(at, 'delete', { reversible: false, destroysData, customerFacing, summary: `${unrecognised}${text}${force}` });
}

function judgeReplace(at: Located, before: Located | undefined): Effect {
  const name = at.object.name;
  const where = placeOf(at);
  const old = before?.object.body ?? at.object.body;
  const unrecognised = unrecognisedNote(at);
  let destroysData = false;
  let text: string;
  switch (at.role) {
    case 'namespace':
      destroysData = true;
      text = `deletes namespace ${name} and everything in it, then creates it again empty`;
      break;
    case 'claim':
      destroysData = true;
      text = `deletes and recreates persistentvolumeclaim ${name}${where}: the new claim gets a new, empty volume, and with the usual Delete reclaim policy the old one's data is lost`;
      break;
    case 'volume': {
      const policy = stringAt(old, 'spec', 'persistentVolumeReclaimPolicy');
      destroysData = policy !== 'Retain';
      text = `deletes and recreates persistentvolume ${name}${destroysData ? '; unless its reclaim policy is Retain, the storage behind it and its data are lost' : '; its reclaim policy Retain keeps the storage behind it'}`;
      break;
    }
    case 'definition':
      destroysData = true;
      text = `deletes and recreates the custom resource definition ${name}: every ${pluralOf(old, name)} custom resource is deleted with it`;
      break;
    case 'custom':
      destroysData = true;
      text = `deletes and recreates ${describe(at)}, a custom resource; its operator may delete what it stands for with it`;
      break;
    case 'scalable':
    case 'workload':
      text = `deletes and recreates ${describe(at)}: its pods stop until the new ones are ready`;
      if (before ? whenDeletedDeletes(before) : whenDeletedDeletes(at)) {
        destroysData = true;
        text += `, and its persistentVolumeClaimRetentionPolicy whenDeleted: Delete deletes its volume claims and their data`;
      }
      break;
    case 'service':
      text = `deletes and recreates ${describe(at)}: it gets a new cluster IP${isExternal(old) ? ' and a new external address, so clients using the old one lose it' : ''}`;
      break;
    default:
      text = `deletes and recreates ${describe(at)}`;
  }
  if (unrecognised && at.role !== 'custom') destroysData = true;
  const customerFacing = at.role === 'service' || (at.role === 'entrypoint' && isCustomerFacingEntrypoint(at));
  return make(at, 'replace', { reversible: false, destroysData, customerFacing, summary: `${unrecognised}${text}` });
}

// ---------------------------------------------------------------------------------------------
// Facts about objects

function make(
  at: Located,
  operation: Operation,
  fields: { reversible: boolean; summary: string; destroysData?: boolean; outage?: boolean; customerFacing?: boolean },
): Effect {
  const body = at.object.body;
  const templates = pathOf(body, 'spec', 'volumeClaimTemplates');
  const dataBearing = at.role === 'claim' || at.role === 'volume' || (isStatefulSet(at) && Array.isArray(templates) && templates.length > 0);
  const customerFacing =
    fields.customerFacing === true || (at.role === 'service' && isExternal(body)) || (at.role === 'entrypoint' && isCustomerFacingEntrypoint(at));
  const resource: Resource = {
    kind: `kubernetes.${at.object.kind.toLowerCase()}`,
    address: at.address,
    ...(dataBearing ? { dataBearing: true } : {}),
    ...(customerFacing ? { customerFacing: true } : {}),
  };
  return {
    operation,
    resource,
    reversible: fields.reversible,
    destroysData: fields.destroysData === true,
    ...(fields.outage ? { outage: true } : {}),
    summary: fields.summary,
    evidence: evidenceOf(at.object),
  };
}

/** `deployment api in namespace shop`, `clusterrole admin`. */
function describe(at: Located): string {
  return `${at.object.kind.toLowerCase()} ${at.object.name}${placeOf(at)}`;
}

function placeOf(at: Located): string {
  if (at.namespace === undefined) return '';
  return at.namespace === CURRENT_NAMESPACE ? ' in the current namespace' : ` in namespace ${at.namespace}`;
}

/** Why a kind Airlock does not know exactly is judged as it is, as a prefix for the summary. */
function unrecognisedNote(at: Located): string {
  if (at.resolution.how !== 'unrecognised' || !at.resolution.resembles) return '';
  const real = at.resolution.resembles;
  return `(${at.object.apiVersion} ${at.object.kind} is not how the API server spells ${real.group ? `${real.group} ` : ''}${real.kind}; judged as one) `;
}

function scalesToZero(replicas: readonly JsonValue[]): boolean {
  return replicas.some(isZero);
}

/** Whether the replica count goes down; an absent count is the API's default, 1. */
function fewerReplicas(before: readonly JsonValue[], after: readonly JsonValue[]): boolean {
  if (after.some(isZero)) return !before.some(isZero);
  const count = (values: readonly JsonValue[]) => (values.length === 0 ? 1 : Math.min(...values.map((value) => (typeof value === 'number' ? value : Number.NaN))));
  const from = count(before);
  const to = count(after);
  // A count that is not a number (a template left unrendered) may be lower: assume it is.
  return Number.isNaN(from) || Number.isNaN(to) || to < from;
}

/** Who stops being served when a workload has no pods. */
function stopsServing(at: Located, context: JudgeContext): string {
  const labels = labelsAt(at.object.body, 'spec', 'template', 'metadata', 'labels');
  const services = context.services.filter(
    (service) => service.namespace === at.namespace && Object.keys(service.selector).length > 0 && Object.entries(service.selector).every(([key, value]) => labels[key] === value),
  );
  if (services.length > 0) return `every pod stops, and the Services that select them (${services.map((s) => s.address).join(', ')}) lose all their endpoints`;
  return 'every pod stops, and any Service that selects them loses all its endpoints';
}

function isStatefulSet(at: Located): boolean {
  return at.object.kind === 'StatefulSet' || (at.resolution.how === 'unrecognised' && at.resolution.resembles?.kind === 'StatefulSet');
}

function whenDeletedDeletes(at: Located): boolean {
  return isStatefulSet(at) && stringAt(at.object.body, 'spec', 'persistentVolumeClaimRetentionPolicy', 'whenDeleted') === 'Delete';
}

function whenScaledDeletes(at: Located): boolean {
  return isStatefulSet(at) && stringAt(at.object.body, 'spec', 'persistentVolumeClaimRetentionPolicy', 'whenScaled') === 'Delete';
}

/** Reclaim policies that delete the storage behind a volume when its claim goes. */
const DELETING_RECLAIM_POLICIES: ReadonlySet<string> = new Set(['Delete', 'Recycle']);

/** Kinds whose pods run once, as created: what their containers do cannot be taken back. */
const RUNS_CODE_KINDS: ReadonlySet<string> = new Set(['Pod', 'Job', 'CronJob']);

/** A Pod, Job or CronJob (or a lookalike judged as one). */
function runsCode(at: Located): boolean {
  const kind = at.resolution.how === 'builtin' ? at.resolution.builtin.kind : at.resolution.how === 'unrecognised' ? at.resolution.resembles?.kind : undefined;
  return kind !== undefined && RUNS_CODE_KINDS.has(kind);
}

/**
 * Why creating a Pod, Job or CronJob is not undone by deleting it: its containers run commands
 * Airlock does not see, with whatever it mounts (a volume claim, the node's own disk).
 */
function runsCodeNote(at: Located): string {
  const kind = at.object.kind;
  const spec = kind === 'CronJob' ? objectAt(at.object.body, 'spec', 'jobTemplate', 'spec', 'template', 'spec') : kind === 'Job' ? objectAt(at.object.body, 'spec', 'template', 'spec') : objectAt(at.object.body, 'spec');
  const when = kind === 'CronJob' ? 'on its schedule it runs' : 'it runs';
  const notes: string[] = [];
  const volumes = pathOf(spec, 'volumes');
  const claims = (Array.isArray(volumes) ? volumes : []).flatMap((volume) => stringAt(volume, 'persistentVolumeClaim', 'claimName') ?? []);
  const host = (Array.isArray(volumes) ? volumes : []).flatMap((volume) => stringAt(volume, 'hostPath', 'path') ?? []);
  if (claims.length > 0) notes.push(`with volume claim${claims.length === 1 ? '' : 's'} ${claims.join(', ')} mounted`);
  if (host.length > 0) notes.push(`with the node's own ${host.join(', ')} mounted`);
  const containers = [...arrayAt(spec, 'containers'), ...arrayAt(spec, 'initContainers')];
  if (containers.some((container) => pathOf(container, 'securityContext', 'privileged') === true)) notes.push('privileged');
  const extra = notes.length > 0 ? ` (${notes.join(', ')})` : '';
  return `${when} its containers' commands, which Airlock cannot see${extra}; what they do is not undone by deleting it`;
}

function arrayAt(value: JsonValue | undefined, ...path: string[]): JsonValue[] {
  const found = pathOf(value, ...path);
  return Array.isArray(found) ? found : [];
}

/** Roles whose deletion loses data, so finishing a held-back deletion does too. */
function holdsData(at: Located): boolean {
  return at.role === 'claim' || at.role === 'volume' || at.role === 'namespace' || at.role === 'definition' || at.role === 'custom';
}

/** metadata.finalizers, and a Namespace's own spec.finalizers. */
function finalizerPaths(at: Located): Array<[string, string]> {
  return at.role === 'namespace' ? [['metadata', 'finalizers'], ['spec', 'finalizers']] : [['metadata', 'finalizers']];
}

function finalizersOf(at: Located, path: readonly [string, string]): string[] {
  return arrayAt(at.object.body, ...path).map((finalizer) => (typeof finalizer === 'string' ? finalizer : JSON.stringify(finalizer)));
}

/** Finalizers the object had before and not after. */
function removedFinalizers(before: Located, after: Located): string[] {
  return finalizerPaths(after).flatMap((path) => {
    const kept = new Set(finalizersOf(after, path));
    return finalizersOf(before, path).filter((finalizer) => !kept.has(finalizer));
  });
}

function isBeingDeleted(at: Located): boolean {
  const stamp = pathOf(at.object.body, 'metadata', 'deletionTimestamp');
  return stamp !== undefined && stamp !== null;
}

/** What losing its finalizers means for an object: pending is undefined when Airlock cannot tell. */
function finalizersGoneNote(at: Located, pending: boolean | undefined): string {
  const data = holdsData(at) ? ', and its data goes with it' : '';
  if (pending === true) return `its pending deletion completes at once, before what the finalizers guard is done${data}`;
  if (pending === false) return `nothing holds back a later deletion of it any more${holdsData(at) ? ' (which would take its data at once)' : ''}`;
  return `if a deletion of it is pending, it completes at once${data}; finalizers cannot be put back on an object already gone`;
}

/** `{app=web}`, `(none)`. */
function selectorText(selector: JsonValue | undefined): string {
  if (!isObject(selector) || Object.keys(selector).length === 0) return '(none)';
  return `{${Object.entries(selector).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`).join(', ')}}`;
}

/**
 * Each way traffic gets in, as text: an Ingress rule's host, path and backend (and its default
 * backend); a Gateway API route's hostnames, parents, and each rule's matches with each backend
 * that gets traffic (weight above 0; a weight alone changing is no route lost); a Gateway's
 * listeners. A route the old object has and the new one lacks is traffic cut off.
 */
function routesOf(body: JsonObject): string[] {
  const out: string[] = [];
  const backendOf = (backend: JsonValue | undefined): string => {
    const service = stringAt(backend, 'service', 'name') ?? stringAt(backend, 'serviceName');
    const port = pathOf(backend, 'service', 'port', 'number') ?? pathOf(backend, 'service', 'port', 'name') ?? pathOf(backend, 'servicePort');
    if (service) return `service ${service}${port === undefined ? '' : `:${String(port)}`}`;
    return stableText(backend ?? null);
  };
  for (const key of ['defaultBackend', 'backend']) {
    const backend = pathOf(body, 'spec', key);
    if (backend !== undefined && backend !== null) out.push(`(default) → ${backendOf(backend)}`);
  }
  for (const rule of arrayAt(body, 'spec', 'rules')) {
    if (pathOf(rule, 'http') !== undefined || pathOf(rule, 'host') !== undefined) {
      // An Ingress rule.
      const host = stringAt(rule, 'host') ?? '*';
      const paths = arrayAt(rule, 'http', 'paths');
      for (const path of paths) out.push(`${host}${stringAt(path, 'path') ?? '/'} → ${backendOf(pathOf(path, 'backend'))}`);
      if (paths.length === 0) out.push(`${host} → (no paths)`);
      continue;
    }
    // A Gateway API route rule.
    const matches = stableText(pathOf(rule, 'matches') ?? null);
    const refs = arrayAt(rule, 'backendRefs').filter((ref) => pathOf(ref, 'weight') !== 0);
    for (const ref of refs) {
      const name = stringAt(ref, 'name');
      out.push(`${matches} → ${name ? `${stringAt(ref, 'kind') ?? 'Service'} ${stringAt(ref, 'namespace') ?? ''}/${name}:${String(pathOf(ref, 'port') ?? '')}` : stableText(ref)}`);
    }
    if (refs.length === 0) out.push(`${matches} → ${stableText(pathOf(rule, 'filters') ?? null)}`);
  }
  for (const hostname of arrayAt(body, 'spec', 'hostnames')) out.push(`hostname ${stableText(hostname)}`);
  for (const parent of arrayAt(body, 'spec', 'parentRefs')) out.push(`parent ${stableText(parent)}`);
  for (const listener of arrayAt(body, 'spec', 'listeners')) out.push(`listener ${stableText(listener)}`);
  return out;
}

/** JSON with object keys sorted: the same value reads the same whatever order it was written in. */
function stableText(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(stableText).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${stableText(value[key]!)}`).join(',')}}`;
  return JSON.stringify(value);
}

function serviceType(body: JsonObject): string {
  return stringAt(body, 'spec', 'type') ?? 'ClusterIP';
}

function isExternal(body: JsonObject): boolean {
  const externalIPs = pathOf(body, 'spec', 'externalIPs');
  return EXTERNAL_SERVICE_TYPES.has(serviceType(body)) || (Array.isArray(externalIPs) && externalIPs.length > 0);
}

/**
 * Ingresses and Gateways carry outside traffic. A Gateway API route does when it is attached to a
 * Gateway (the default parent kind); attached only to Services (a mesh route) it stays inside.
 */
function isCustomerFacingEntrypoint(at: Located): boolean {
  if (!isGatewayRouteKind(at.object.group, at.object.kind)) return true;
  const parents = pathOf(at.object.body, 'spec', 'parentRefs');
  if (!Array.isArray(parents) || parents.length === 0) return true;
  return parents.some((parent) => !isObject(parent) || (stringAt(parent, 'kind') ?? 'Gateway') === 'Gateway');
}

function guardNote(at: Located): string | undefined {
  if (at.role === 'access') return 'it changes who may do what in the cluster; access granted can be used before it is taken back, so Airlock does not count it as undoable';
  if (at.role === 'admission') return 'an admission webhook or policy sees, and may change or refuse, every matching object written while it is in place, so Airlock does not count it as undoable';
  return undefined;
}

/** `widgets.example.com` from a CRD's spec, or its name (which the API requires to be `<plural>.<group>`). */
function pluralOf(body: JsonObject, name: string): string {
  const plural = stringAt(body, 'spec', 'names', 'plural');
  const group = stringAt(body, 'spec', 'group');
  return plural && group ? `${plural}.${group}` : name;
}

function versionsOf(body: JsonObject): string[] {
  const versions = pathOf(body, 'spec', 'versions');
  if (!Array.isArray(versions)) return [];
  return versions.flatMap((version) => {
    const name = stringAt(version, 'name');
    return name && pathOf(version, 'served') !== false ? [name] : [];
  });
}

/** Fields the API server changes by itself; a difference in them alone is no change. */
const SERVER_FIELDS: ReadonlySet<string> = new Set(['resourceVersion', 'generation', 'managedFields', 'creationTimestamp', 'uid', 'selfLink']);
const SERVER_ANNOTATIONS: ReadonlySet<string> = new Set(['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision']);

/** Paths (two levels deep) where the objects differ, leaving out status, version and server-kept fields. */
export function changedPaths(before: JsonObject, after: JsonObject): string[] {
  const out: string[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    // Objects are matched by group, so apiVersion differs only in version: the same stored object.
    if (key === 'status' || key === 'apiVersion') continue;
    const a = before[key];
    const b = after[key];
    if (key === 'metadata' && isObject(a) && isObject(b)) {
      for (const field of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (SERVER_FIELDS.has(field)) continue;
        const x = field === 'annotations' ? withoutServerAnnotations(a[field]) : a[field];
        const y = field === 'annotations' ? withoutServerAnnotations(b[field]) : b[field];
        if (!deepEqual(x, y)) out.push(`metadata.${field}`);
      }
      continue;
    }
    if (deepEqual(a, b)) continue;
    if (isObject(a) && isObject(b)) {
      for (const field of new Set([...Object.keys(a), ...Object.keys(b)])) if (!deepEqual(a[field], b[field])) out.push(`${key}.${field}`);
    } else out.push(key);
  }
  return out;
}

function withoutServerAnnotations(value: JsonValue | undefined): JsonValue | undefined {
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, annotation] of Object.entries(value)) if (!SERVER_ANNOTATIONS.has(key)) out[key] = annotation;
  return Object.keys(out).length === 0 ? undefined : out;
}

function preview(paths: readonly string[]): string {
  return paths.length <= 4 ? paths.join(', ') : `${paths.slice(0, 4).join(', ')} and ${paths.length - 4} more`;
}

/** Services among the objects of a change, with their selectors. */
export function servicesOf(objects: readonly Located[]): ServiceRef[] {
  return objects
    .filter((at) => at.role === 'service' && at.resolution.how === 'builtin')
    .map((at) => ({ address: at.address, namespace: at.namespace, selector: labelsAt(at.object.body, 'spec', 'selector') }));
}

/** A CustomResourceDefinition's type, if the object is one with a readable spec. */
export function definitionOf(object: KubeObject): CustomDefinition | undefined {
  if (object.group !== 'apiextensions.k8s.io' || object.kind !== 'CustomResourceDefinition') return undefined;
  const group = stringAt(object.body, 'spec', 'group');
  const kind = stringAt(object.body, 'spec', 'names', 'kind');
  const plural = stringAt(object.body, 'spec', 'names', 'plural');
  if (!group || !kind || !plural) return undefined;
  return { group, kind, plural, clusterScoped: stringAt(object.body, 'spec', 'scope') === 'Cluster' };
}

/** Namespaces a set of located objects involves: where they live, and Namespace objects themselves. */
export function namespacesOf(objects: readonly Located[]): string[] {
  const out = new Set<string>();
  for (const at of objects) {
    if (at.namespace !== undefined && at.namespace !== CURRENT_NAMESPACE) out.add(at.namespace);
    if (at.role === 'namespace') out.add(at.object.name);
  }
  return [...out];
}

