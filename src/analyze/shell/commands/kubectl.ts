import type { CommandContext, CommandHandler, CommandTable } from '../command-context.js';
import { effect } from '../effects.js';
import { displayOf, literalOf, type Arg } from '../words.js';
import { writeFileEffect } from './file-helpers.js';
import { isSet, parseCobraArgs, valueOf, valuesOf, type CobraArgs } from './kubernetes-args.js';

/** kubectl options (global and per command) that take a value. `p` is added for `patch`. */
const WITH_VALUE: ReadonlySet<string> = new Set([
  'context', 'n', 'namespace', 'kubeconfig', 'cluster', 'user', 's', 'server', 'token', 'as', 'as-group', 'as-uid',
  'request-timeout', 'certificate-authority', 'client-certificate', 'client-key', 'tls-server-name', 'cache-dir',
  'v', 'vmodule', 'username', 'password', 'profile', 'profile-output', 'log-file', 'log-flush-frequency',
  'f', 'filename', 'k', 'kustomize', 'l', 'selector', 'o', 'output', 'field-selector', 'grace-period', 'timeout', 'c',
  'container', 'replicas', 'current-replicas', 'resource-version', 'type', 'image', 'port', 'target-port', 'for',
  'prune-allowlist', 'prune-whitelist', 'patch', 'patch-file', 'sort-by', 'template', 'since', 'since-time', 'tail',
  'chunk-size', 'field-manager', 'overrides', 'env', 'restart', 'name', 'max', 'min', 'cpu-percent', 'protocol',
  'external-ip', 'subresource', 'pod-selector', 'skip-wait-for-delete-timeout', 'L', 'label-columns', 'limit-bytes',
  'pod-running-timeout', 'max-log-requests', 'output-directory', 'namespaces', 'dry-run-strategy', 'raw', 'local-port',
  'address', 'containers', 'image-pull-policy', 'labels', 'annotations', 'serviceaccount', 'cascade', 'show-managed-fields',
]);

/** Short names and plurals to one canonical type name. */
const TYPE_ALIASES: Readonly<Record<string, string>> = {
  ns: 'namespace', namespaces: 'namespace',
  po: 'pod', pods: 'pod',
  deploy: 'deployment', deployments: 'deployment',
  svc: 'service', services: 'service',
  pvc: 'persistentvolumeclaim', persistentvolumeclaims: 'persistentvolumeclaim',
  pv: 'persistentvolume', persistentvolumes: 'persistentvolume',
  sts: 'statefulset', statefulsets: 'statefulset',
  ds: 'daemonset', daemonsets: 'daemonset',
  rs: 'replicaset', replicasets: 'replicaset',
  rc: 'replicationcontroller', replicationcontrollers: 'replicationcontroller',
  cm: 'configmap', configmaps: 'configmap',
  secrets: 'secret',
  crd: 'customresourcedefinition', crds: 'customresourcedefinition', customresourcedefinitions: 'customresourcedefinition',
  ing: 'ingress', ingresses: 'ingress',
  jobs: 'job',
  cj: 'cronjob', cronjobs: 'cronjob',
  sa: 'serviceaccount', serviceaccounts: 'serviceaccount',
  no: 'node', nodes: 'node',
  hpa: 'horizontalpodautoscaler', horizontalpodautoscalers: 'horizontalpodautoscaler',
  netpol: 'networkpolicy', networkpolicies: 'networkpolicy',
  pdb: 'poddisruptionbudget', poddisruptionbudgets: 'poddisruptionbudget',
  sc: 'storageclass', storageclasses: 'storageclass',
  ep: 'endpoints',
  ev: 'event', events: 'event',
  roles: 'role', rolebindings: 'rolebinding', clusterroles: 'clusterrole', clusterrolebindings: 'clusterrolebinding',
  pc: 'priorityclass', priorityclasses: 'priorityclass',
  limits: 'limitrange', limitranges: 'limitrange',
  quota: 'resourcequota', resourcequotas: 'resourcequota',
};

/** Types that live outside namespaces. */
const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  'namespace', 'node', 'persistentvolume', 'customresourcedefinition', 'clusterrole', 'clusterrolebinding', 'storageclass',
  'priorityclass', 'mutatingwebhookconfiguration', 'validatingwebhookconfiguration', 'apiservice', 'csidriver', 'csinode',
  'volumeattachment', 'ingressclass', 'runtimeclass', 'certificatesigningrequest',
]);

/** Deleting these loses data: everything in a namespace, volumes and their claims, every custom resource of a type, secrets. */
const DATA_TYPES: ReadonlySet<string> = new Set(['namespace', 'persistentvolumeclaim', 'persistentvolume', 'customresourcedefinition', 'secret']);

function normalizeType(type: string): string {
  const lower = type.toLowerCase();
  const base = lower.split('.')[0] ?? lower; // deployments.apps → deployments
  return TYPE_ALIASES[base] ?? base;
}

/** What one kubectl invocation targets: context, namespace. */
interface Scope {
  readonly args: CobraArgs;
  readonly namespace: string;
  readonly allNamespaces: boolean;
}

function addressOf(scope: Scope, type: string, name: string): string {
  if (CLUSTER_SCOPED.has(type)) return `${type}/${name}`;
  return `${scope.allNamespaces ? '*' : scope.namespace}/${type}/${name}`;
}

/** TYPE NAME…, TYPE/NAME…, TYPE1,TYPE2 NAME…: the objects named by positionals. */
function objectsOf(positionals: readonly Arg[]): Array<{ type: string; name: string | undefined }> {
  const words = positionals.map(displayOf);
  const [first, ...rest] = words;
  if (first === undefined) return [];
  if (first.includes('/')) {
    return words.map((word) => {
      const slash = word.indexOf('/');
      return slash === -1 ? { type: normalizeType(word), name: undefined } : { type: normalizeType(word.slice(0, slash)), name: word.slice(slash + 1) };
    });
  }
  const types = first.split(',').filter(Boolean).map(normalizeType);
  if (rest.length === 0) return types.map((type) => ({ type, name: undefined }));
  return types.flatMap((type) => rest.map((name) => ({ type, name })));
}

function manifests(ctx: CommandContext, scope: Scope): string[] {
  const files = valuesOf(scope.args, 'f', 'filename', 'k', 'kustomize');
  return files.map((file) => (literalOf(file) === '-' ? '(manifest from standard input)' : ctx.path(file).address));
}

function isDryRun(args: CobraArgs): boolean {
  const value = args.options.get('dry-run');
  if (!value) return false;
  const last = value[value.length - 1];
  return !last || literalOf(last) !== 'none';
}

function deleteSummary(type: string, name: string, scope: Scope, args: CobraArgs): string {
  const every = name === '*';
  const inNamespace = CLUSTER_SCOPED.has(type) ? '' : ` in ${scope.allNamespaces ? 'every namespace' : `namespace ${scope.namespace}`}`;
  let text: string;
  switch (type) {
    case 'namespace':
      text = every ? 'deletes every namespace and everything in them' : `deletes namespace ${name} and everything in it`;
      break;
    case 'persistentvolumeclaim':
    case 'persistentvolume':
      text = `deletes ${every ? `every ${type}` : `${type} ${name}`}${inNamespace}; with the usual Delete reclaim policy the volume and its data go too`;
      break;
    case 'customresourcedefinition':
      text = `deletes ${every ? 'every custom resource definition' : `the custom resource definition ${name}`} and every custom resource of ${every ? 'those types' : 'that type'}`;
      break;
    case 'statefulset':
      text = `deletes ${every ? 'every statefulset' : `statefulset ${name}`}${inNamespace}; its pods stop (its volume claims stay)`;
      break;
    default:
      text = `deletes ${every ? `every ${type}` : name.startsWith('matching ') ? `every ${type} ${name}` : `${type} ${name}`}${inNamespace}`;
  }
  if (isSet(args, 'force') && valueOf(args, 'grace-period') === '0') text += ', immediately, without a graceful shutdown';
  if (valueOf(args, 'cascade') === 'orphan') text += ', leaving what it owns running';
  return text;
}

function kubectlDelete(ctx: CommandContext, scope: Scope): void {
  const args = scope.args;
  const all = isSet(args, 'all');
  const selector = valueOf(args, 'l', 'selector');
  for (const manifest of manifests(ctx, scope)) {
    ctx.emit(effect('delete', 'kubernetes.manifest', manifest, {
      reversible: false,
      destroysData: true,
      summary: `deletes every object defined in ${manifest} (which may include namespaces and volumes)`,
    }));
  }
  for (const { type, name } of objectsOf(args.positionals)) {
    const target = name ?? (all ? '*' : selector ? `[${selector}]` : undefined);
    if (target === undefined) {
      ctx.unknown(`runs kubectl delete ${type} without saying which`);
      continue;
    }
    const wide = (all || name === undefined) && (scope.allNamespaces || CLUSTER_SCOPED.has(type));
    ctx.emit(effect('delete', `kubernetes.${type}`, addressOf(scope, type, target), {
      reversible: false,
      destroysData: DATA_TYPES.has(type),
      environmentWide: wide,
      summary: deleteSummary(type, target === `[${selector}]` ? `matching ${selector}` : target, scope, args),
    }));
  }
}

function update(ctx: CommandContext, scope: Scope, verb: string, operation: 'update' | 'create' = 'update', reversible = true): void {
  const objects = objectsOf(scope.args.positionals);
  const files = manifests(ctx, scope);
  for (const file of files) {
    ctx.emit(effect(operation, 'kubernetes.manifest', file, { reversible, destroysData: false, summary: `${verb} the objects in ${file}` }));
  }
  for (const { type, name } of objects) {
    ctx.emit(effect(operation, `kubernetes.${type}`, addressOf(scope, type, name ?? '*'), { reversible, destroysData: false, summary: `${verb} ${type} ${name ?? '(every one)'}` }));
  }
  if (objects.length === 0 && files.length === 0) {
    ctx.emit(effect(operation, 'kubernetes.object', `${scope.namespace}/?`, { reversible, destroysData: false, summary: `${verb} Kubernetes objects` }));
  }
}

function apply(ctx: CommandContext, scope: Scope): void {
  const files = manifests(ctx, scope);
  const address = files.join(', ') || '(manifests)';
  if (isSet(scope.args, 'prune')) {
    ctx.emit(effect('delete', 'kubernetes.object', 'objects missing from the applied manifests', {
      reversible: false,
      destroysData: true,
      summary: `deletes every object${scope.allNamespaces ? '' : ` in namespace ${scope.namespace}`} that matches the prune selector but is missing from ${address}`,
    }));
  }
  if (isSet(scope.args, 'force')) {
    ctx.emit(effect('replace', 'kubernetes.manifest', address, { reversible: false, destroysData: false, summary: `applies ${address}, deleting and recreating objects it cannot patch` }));
    return;
  }
  for (const file of files.length > 0 ? files : [address]) {
    ctx.emit(effect('update', 'kubernetes.manifest', file, { reversible: true, destroysData: false, summary: `applies ${file}` }));
  }
}

function scale(ctx: CommandContext, scope: Scope): void {
  const replicas = valueOf(scope.args, 'replicas');
  const targets = [...objectsOf(scope.args.positionals).map(({ type, name }) => addressOf(scope, type, name ?? '*')), ...manifests(ctx, scope)];
  const numeric = replicas !== undefined && /^\d+$/.test(replicas);
  const zero = numeric && Number(replicas) === 0;
  const stops = !numeric || zero;
  for (const target of targets) {
    ctx.emit(effect('update', `kubernetes.${target.split('/').slice(-2)[0] ?? 'object'}`, target, {
      reversible: !stops,
      destroysData: false,
      summary: zero ? `stops every pod of ${target}` : stops ? `scales ${target} to a replica count only known at run time (possibly 0)` : `scales ${target} to ${replicas} replicas`,
    }));
  }
}

function exec(ctx: CommandContext, scope: Scope): void {
  const args = scope.args;
  const [podArg, ...rest] = args.positionals;
  const pod = podArg ? displayOf(podArg) : '?';
  const command = args.afterDashDash ?? rest;
  ctx.emit(effect('execute', 'kubernetes.pod', addressOf(scope, 'pod', pod), { reversible: true, destroysData: false, summary: `runs a command inside pod ${pod}` }));
  if (command.length === 0) {
    ctx.unknown(`opens a session in pod ${pod}; what runs there cannot be seen`);
    return;
  }
  ctx.run(command, `inside pod ${pod}`, { remote: `pod:${pod}:` });
}

function copy(ctx: CommandContext, scope: Scope): void {
  const [source, destination] = scope.args.positionals;
  if (!source || !destination) {
    ctx.unknown('runs kubectl cp without a source and destination');
    return;
  }
  const text = displayOf(destination);
  if (/^[^/.][^:]*:/.test(text)) {
    ctx.emit(effect('update', 'kubernetes.pod-file', `pod:${text}`, { reversible: false, destroysData: true, summary: `copies ${displayOf(source)} into ${text}, overwriting what is there` }));
  } else writeFileEffect(ctx, ctx.path(destination), 'overwrites');
}

function config(ctx: CommandContext, scope: Scope): void {
  const [subArg, nameArg] = scope.args.positionals;
  const sub = literalOf(subArg);
  const name = nameArg ? displayOf(nameArg) : '?';
  switch (sub) {
    case 'use-context':
    case 'use':
      ctx.hint('kubeContexts', name);
      ctx.emit(effect('update', 'kubernetes.kubeconfig', 'current-context', { reversible: true, destroysData: false, summary: `switches kubectl to the context ${name}; later commands act on it` }));
      return;
    case 'delete-context':
    case 'delete-cluster':
    case 'delete-user':
      ctx.emit(effect('delete', 'kubernetes.kubeconfig', name, { reversible: false, destroysData: false, summary: `removes ${name} from the kubeconfig` }));
      return;
    case 'set-context':
    case 'set-cluster':
    case 'set-credentials':
    case 'set':
    case 'unset':
    case 'rename-context':
      ctx.emit(effect('update', 'kubernetes.kubeconfig', name, { reversible: true, destroysData: false, summary: `changes the kubeconfig (${sub})` }));
      return;
    default:
      ctx.read(`kubectl config ${sub ?? ''}: reads the kubeconfig`);
  }
}

const READS: ReadonlySet<string> = new Set([
  'get', 'describe', 'logs', 'log', 'top', 'explain', 'api-resources', 'api-versions', 'version', 'cluster-info', 'diff',
  'wait', 'events', 'kustomize', 'plugin', 'completion', 'options', 'help',
]);
/** Subcommands that never reach a cluster (no context needed). */
const LOCAL: ReadonlySet<string> = new Set(['config', 'completion', 'kustomize', 'plugin', 'options', 'help']);

/** kubectl [global options] SUBCOMMAND … (global options may also come after). */
const kubectl: CommandHandler = (call, ctx) => {
  let args = parseCobraArgs(call.args, WITH_VALUE);
  const sub = literalOf(args.positionals[0]);
  if (args.positionals[0] && sub === undefined) {
    ctx.unknown('runs a kubectl subcommand only known at run time');
    return;
  }
  if (sub === 'patch') args = parseCobraArgs(call.args, new Set([...WITH_VALUE, 'p']));
  const context = valueOf(args, 'context');
  if (context) ctx.hint('kubeContexts', context);
  else if (sub !== undefined && !LOCAL.has(sub) && !(sub === 'version' && isSet(args, 'client'))) ctx.need('kubeContext');
  const rest: CobraArgs = { ...args, positionals: args.positionals.slice(1) };
  const scope: Scope = {
    args: rest,
    namespace: valueOf(args, 'n', 'namespace') ?? '(current namespace)',
    allNamespaces: isSet(args, 'A', 'all-namespaces'),
  };
  if (sub === undefined) {
    ctx.read('kubectl: prints help');
    return;
  }
  if (READS.has(sub) || (sub === 'auth' && ['can-i', 'whoami'].includes(literalOf(rest.positionals[0]) ?? '')) || (sub === 'rollout' && ['status', 'history'].includes(literalOf(rest.positionals[0]) ?? ''))) {
    ctx.read(`kubectl ${sub}: reads from the cluster`);
    return;
  }
  if (isDryRun(args) && sub !== 'exec') {
    ctx.read(`kubectl ${sub} --dry-run: changes nothing`);
    return;
  }
  switch (sub) {
    case 'delete':
      kubectlDelete(ctx, scope);
      return;
    case 'drain': {
      const node = literalOf(rest.positionals[0]) ?? displayOf(rest.positionals[0] ?? { kind: 'static', value: '?', text: '?', glob: false, tilde: false });
      const deletesData = isSet(args, 'delete-emptydir-data', 'delete-local-data');
      ctx.emit(effect('update', 'kubernetes.node', `node/${node}`, {
        reversible: false,
        destroysData: deletesData,
        summary: `evicts every pod from node ${node}${deletesData ? ', deleting the data in their emptyDir volumes' : ''}${isSet(args, 'force') ? ', including pods no controller will recreate' : ''}`,
      }));
      return;
    }
    case 'cordon':
    case 'uncordon':
      for (const node of rest.positionals.map(displayOf)) {
        ctx.emit(effect('update', 'kubernetes.node', `node/${node}`, { reversible: true, destroysData: false, summary: `${sub === 'cordon' ? 'stops scheduling new pods on' : 'allows scheduling on'} node ${node}` }));
      }
      return;
    case 'scale':
      scale(ctx, scope);
      return;
    case 'apply':
      apply(ctx, scope);
      return;
    case 'replace':
      if (isSet(args, 'force')) {
        const files = manifests(ctx, scope).join(', ') || '(manifests)';
        ctx.emit(effect('replace', 'kubernetes.manifest', files, { reversible: false, destroysData: false, summary: `deletes and recreates the objects in ${files}` }));
      } else update(ctx, scope, 'replaces');
      return;
    case 'create':
      update(ctx, scope, 'creates', 'create');
      return;
    case 'run':
      ctx.emit(effect('create', 'kubernetes.pod', addressOf(scope, 'pod', literalOf(rest.positionals[0]) ?? '?'), { reversible: true, destroysData: false, summary: `starts a pod running ${valueOf(args, 'image') ?? 'an image'}` }));
      return;
    case 'exec':
      exec(ctx, scope);
      return;
    case 'cp':
      copy(ctx, scope);
      return;
    case 'config':
      config(ctx, scope);
      return;
    case 'rollout': {
      const action = literalOf(rest.positionals[0]) ?? '';
      const verb = ({ restart: 'restarts', undo: 'rolls back', pause: 'pauses the rollout of', resume: 'resumes the rollout of' } as Record<string, string>)[action] ?? `rollout ${action}:`;
      update(ctx, { ...scope, args: { ...rest, positionals: rest.positionals.slice(1) } }, verb);
      return;
    }
    case 'port-forward':
    case 'proxy':
    case 'attach':
    case 'debug':
      ctx.execute(`kubectl ${sub}`, `runs kubectl ${sub}`, true);
      return;
    case 'patch':
      update(ctx, scope, 'patches', 'update', patchIsReversible(valueOf(args, 'patch') ?? valueOf(args, 'p'), valueOf(args, 'type')));
      return;
    case 'edit':
    case 'label':
    case 'annotate':
    case 'set':
    case 'expose':
    case 'autoscale':
    case 'taint':
    case 'certificate':
    case 'auth':
      update(ctx, scope, sub === 'expose' ? 'exposes' : `${sub}:`);
      return;
    default:
      ctx.execute(`kubectl ${sub}`, `runs kubectl ${sub} (a plugin or a subcommand Airlock does not model)`, false);
  }
};

export const kubectlCommands: CommandTable = { kubectl, oc: kubectl };

/**
 * Whether a `kubectl patch` body can be undone by patching back: not when it removes fields
 * (JSON patch `remove`, a merge-patch `null`), sets replicas to zero, or cannot be read here.
 */
function patchIsReversible(body: string | undefined, type: string | undefined): boolean {
  if (body === undefined) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return false;
  }
  let reversible = true;
  const visit = (value: unknown, key: string | undefined, depth: number): void => {
    if (depth > 64) {
      reversible = false;
      return;
    }
    if (value === null && type !== 'json') reversible = false;
    if (key === 'replicas' && (value === 0 || value === '0')) reversible = false;
    if (Array.isArray(value)) value.forEach((item) => visit(item, undefined, depth + 1));
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (type === 'json' && (record['op'] === 'remove' || record['op'] === 'replace' || record['op'] === 'move')) reversible = false;
      if (type === 'json' && typeof record['path'] === 'string' && /\/replicas$/.test(record['path']) && (record['value'] === 0 || record['value'] === '0')) reversible = false;
      for (const [childKey, child] of Object.entries(record)) visit(child, childKey, depth + 1);
    }
  };
  visit(parsed, undefined, 0);
  return reversible;
}
