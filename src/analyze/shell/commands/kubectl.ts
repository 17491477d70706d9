import type { CommandContext, CommandHandler, CommandTable, EffectDraft } from '../command-context.js';
import { effect } from '../effects.js';
import { displayOf, literalOf, type Arg } from '../words.js';
import { writeFileEffect } from './file-helpers.js';
import { goInteger, isDryRun, isSet, parseCobraArgs, valueOf, valuesOf, type CobraArgs } from './kubernetes-args.js';

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
  // OpenShift: a project is a namespace; deleting it deletes the namespace and everything in it.
  project: 'namespace', projects: 'namespace',
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

function deleteSummary(type: string, name: string, scope: Scope, args: CobraArgs): string {
  const every = name === '*';
  const inNamespace = CLUSTER_SCOPED.has(type) ? '' : ` in ${scope.allNamespaces ? 'every namespace' : `namespace ${scope.namespace}`}`;
  let text: string;
  switch (type) {
    case 'namespace':
      text = every ? 'deletes every namespace and everything in them' : name.startsWith('matching ') ? `deletes every namespace ${name} and everything in them` : `deletes namespace ${name} and everything in it`;
      break;
    case 'all':
      // `all` is kubectl's category of what runs: everything serving in the namespace goes.
      text = `deletes ${every ? 'every' : name.startsWith('matching ') ? `(${name}) every` : `${name}: the`} pod, service, deployment, statefulset, daemonset, replicaset, job, cronjob and horizontalpodautoscaler (kubectl's \`all\`)${inNamespace}`;
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
  const labels = valueOf(args, 'l', 'selector');
  const fields = valueOf(args, 'field-selector');
  const selector = [labels, fields].filter(Boolean).join(',') || undefined;
  let emitted = 0;
  const emit = (draft: EffectDraft) => {
    ctx.emit(draft);
    emitted += 1;
  };
  const raw = valueOf(args, 'raw');
  if (raw !== undefined) {
    rawDelete(emit, scope, raw, (namespace) => ctx.hint('kubeNamespaces', namespace));
    return;
  }
  for (const manifest of manifests(ctx, scope)) {
    emit(effect('delete', 'kubernetes.manifest', manifest, {
      reversible: false,
      destroysData: true,
      summary: `deletes every object defined in ${manifest} (which may include namespaces and volumes)`,
    }));
  }
  for (const { type, name } of objectsOf(args.positionals)) {
    const target = name ?? (all ? '*' : selector ? `[${selector}]` : undefined);
    if (target === undefined) {
      ctx.unknown(`runs kubectl delete ${type} without saying which`);
      emitted += 1;
      continue;
    }
    const wide = (all || name === undefined) && (scope.allNamespaces || CLUSTER_SCOPED.has(type));
    // A namespace called prod is production whatever the context: judged by what is deleted.
    if (type === 'namespace' && name !== undefined) ctx.hint('kubeNamespaces', name);
    emit(effect('delete', `kubernetes.${type}`, addressOf(scope, type, target), {
      reversible: false,
      destroysData: DATA_TYPES.has(type),
      environmentWide: wide,
      summary: deleteSummary(type, target === `[${selector}]` ? `matching ${selector}` : target, scope, args),
    }));
  }
  // kubectl itself refuses a delete that names nothing, but an analysis that finds nothing to
  // delete must never read as "only reads".
  if (emitted === 0) ctx.unknown('runs kubectl delete without naming objects Airlock can see');
}

/**
 * `kubectl delete --raw /api/v1/namespaces/prod`: a DELETE sent straight to an API path. A path
 * Airlock can read (a namespace, an object, a whole collection) is judged like the same delete
 * spelled the usual way; any other deletes something it cannot see, so it counts as data loss.
 */
function rawDelete(emit: (draft: EffectDraft) => void, scope: Scope, path: string, hint: (namespace: string) => void): void {
  const target = rawTarget(path);
  if (!target) {
    emit(effect('delete', 'kubernetes.object', `raw:${path}`, { reversible: false, destroysData: true, summary: `sends DELETE ${path} straight to the API server` }));
    return;
  }
  const rawScope: Scope = { ...scope, namespace: target.namespace ?? scope.namespace, allNamespaces: false };
  if (target.namespace) hint(target.namespace);
  if (target.type === 'namespace' && target.name) hint(target.name);
  const name = target.name ?? '*';
  emit(effect('delete', `kubernetes.${target.type}`, target.type === 'namespace' && target.name === undefined ? 'namespace/*' : addressOf(rawScope, target.type, name), {
    reversible: false,
    destroysData: DATA_TYPES.has(target.type),
    environmentWide: target.name === undefined && CLUSTER_SCOPED.has(target.type),
    summary: `${deleteSummary(target.type, name, rawScope, scope.args)} (DELETE ${path})`,
  }));
}

/** `/api/v1/namespaces/NS/TYPE/NAME`, `/apis/GROUP/VERSION/TYPE/NAME` … as a type, namespace and name. */
function rawTarget(path: string): { type: string; namespace: string | undefined; name: string | undefined } | undefined {
  const parts = path.split('?')[0]!.split('/').filter(Boolean);
  const rest = parts[0] === 'api' ? parts.slice(2) : parts[0] === 'apis' ? parts.slice(3) : undefined;
  if (!rest || rest.length === 0 || rest.some((part) => part === '.' || part === '..')) return undefined;
  if (rest[0] === 'namespaces' && rest.length <= 2) return { type: 'namespace', namespace: undefined, name: rest[1] };
  if (rest[0] === 'namespaces' && rest.length <= 4) return { type: normalizeType(rest[2]!), namespace: rest[1], name: rest[3] };
  if (rest[0] !== 'namespaces' && rest.length <= 2) return { type: normalizeType(rest[0]!), namespace: undefined, name: rest[1] };
  return undefined;
}

function update(ctx: CommandContext, scope: Scope, verb: string, operation: 'update' | 'create' = 'update', reversible = true, outage = false): void {
  const objects = objectsOf(scope.args.positionals);
  const files = manifests(ctx, scope);
  const stops = outage ? ': every pod stops, and the Services that select them lose all their endpoints' : '';
  const emit = (draft: EffectDraft) => ctx.emit(outage ? { ...draft, outage: true } : draft);
  for (const file of files) {
    emit(effect(operation, 'kubernetes.manifest', file, { reversible, destroysData: false, summary: `${verb} the objects in ${file}${stops}` }));
  }
  for (const { type, name } of objects) {
    emit(effect(operation, `kubernetes.${type}`, addressOf(scope, type, name ?? '*'), { reversible, destroysData: false, summary: `${verb} ${type} ${name ?? '(every one)'}${stops}` }));
  }
  if (objects.length === 0 && files.length === 0) {
    emit(effect(operation, 'kubernetes.object', `${scope.namespace}/?`, { reversible, destroysData: false, summary: `${verb} Kubernetes objects${stops}` }));
  }
}

/**
 * `kubectl create|replace --raw PATH -f BODY`: a request straight to an API path, which Airlock
 * cannot read (`replace --raw /api/v1/namespaces/x/finalize` forces a stuck namespace deletion).
 */
function rawWrite(ctx: CommandContext, verb: 'create' | 'replace', path: string): void {
  const finalize = /\/finalize\/?$/.test(path.split('?')[0] ?? '') ? ', rewriting finalizers: what they were guarding is let go' : '';
  ctx.emit(effect('update', 'kubernetes.object', `raw:${path}`, {
    reversible: false,
    destroysData: false,
    summary: `sends a raw ${verb === 'create' ? 'POST' : 'PUT'} to ${path} straight to the API server${finalize}`,
  }));
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
    // What it recreates is not visible here: a claim or namespace among it loses its data.
    ctx.emit(effect('replace', 'kubernetes.manifest', address, { reversible: false, destroysData: true, summary: `applies ${address}, deleting and recreating objects it cannot patch (a volume claim or namespace among them loses its data)` }));
    return;
  }
  for (const file of files.length > 0 ? files : [address]) {
    ctx.emit(effect('update', 'kubernetes.manifest', file, { reversible: true, destroysData: false, summary: `applies ${file}` }));
  }
}

function scale(ctx: CommandContext, scope: Scope): void {
  const replicas = valueOf(scope.args, 'replicas');
  const selector = valueOf(scope.args, 'l', 'selector');
  const every = isSet(scope.args, 'all') ? '*' : selector ? `[${selector}]` : '*';
  const targets = [
    ...objectsOf(scope.args.positionals).map(({ type, name }) => ({ kind: `kubernetes.${type}`, target: addressOf(scope, type, name ?? every) })),
    ...manifests(ctx, scope).map((file) => ({ kind: 'kubernetes.manifest', target: file })),
  ];
  // pflag reads --replicas as Go does: 00, -0, 0x0, 0b0 and 0_0 are all zero.
  const count = goInteger(replicas);
  const zero = count === 0;
  const stops = count === undefined || zero;
  if (targets.length === 0) targets.push({ kind: 'kubernetes.object', target: `${scope.namespace}/?` });
  for (const { kind, target } of targets) {
    const draft = effect('update', kind, target, {
      reversible: !stops,
      destroysData: false,
      summary: zero
        ? `scales ${target} to 0 replicas: every pod stops, and the Services that select them lose all their endpoints`
        : stops ? `scales ${target} to a replica count only known at run time (possibly 0, stopping every pod)` : `scales ${target} to ${count} replicas`,
    });
    // An outage, not a deletion: nothing is lost, but nothing serves until it is scaled back.
    ctx.emit(stops ? { ...draft, outage: true } : draft);
  }
}

/**
 * `kubectl taint nodes NODE… KEY[=VALUE]:EFFECT…` (or `--all`, `-l`). A NoExecute taint evicts
 * every pod that does not tolerate it, at once: an outage for what ran there.
 */
function taint(ctx: CommandContext, scope: Scope): void {
  const words = scope.args.positionals.map(displayOf);
  const isTaint = (word: string) => word.includes(':') || /^[^/=]+(=[^/]*)?-$/.test(word);
  const typed = words[0]?.includes('/') === true;
  const taints = words.filter((word, i) => (typed || i > 0) && !word.includes('/') && isTaint(word));
  const named = typed ? words.filter((word) => word.includes('/')).map((word) => word.slice(word.indexOf('/') + 1)) : words.slice(1).filter((word) => !isTaint(word));
  const selector = valueOf(scope.args, 'l', 'selector');
  const many = isSet(scope.args, 'all') || selector !== undefined;
  const nodes = many ? [isSet(scope.args, 'all') ? '*' : `[${selector}]`] : named;
  const evicts = taints.some((word) => /:NoExecute$/.test(word));
  const listed = taints.join(' ') || '(no taint)';
  for (const node of nodes.length > 0 ? nodes : ['?']) {
    const draft = effect('update', 'kubernetes.node', `node/${node}`, {
      reversible: !evicts,
      destroysData: false,
      environmentWide: evicts && many,
      summary: `changes the taints of ${node === '*' ? 'every node' : `node ${node}`} (${listed})${evicts ? ': every pod there that does not tolerate a NoExecute taint is evicted at once' : ''}`,
    });
    ctx.emit(evicts ? { ...draft, outage: true } : draft);
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
/** Subcommands whose words after `--` are a command to run, not more arguments. */
const COMMAND_AFTER_DASHES: ReadonlySet<string> = new Set(['exec', 'run', 'debug', 'attach', 'create']);
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
  // After `--`, cobra passes the words on as arguments; only commands that run a command take them
  // as that command (`kubectl exec pod -- sh`). `kubectl delete ns -- prod` deletes prod.
  const tail = COMMAND_AFTER_DASHES.has(sub ?? '') ? [] : (args.afterDashDash ?? []);
  const rest: CobraArgs = { ...args, positionals: [...args.positionals.slice(1), ...tail] };
  const namespace = valueOf(args, 'n', 'namespace');
  if (namespace) ctx.hint('kubeNamespaces', namespace);
  const scope: Scope = {
    args: rest,
    namespace: namespace ?? '(current namespace)',
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
      const selector = valueOf(args, 'l', 'selector');
      const node = rest.positionals[0] ? displayOf(rest.positionals[0]) : selector ? `[${selector}]` : '?';
      const deletesData = isSet(args, 'delete-emptydir-data', 'delete-local-data');
      ctx.emit({
        ...effect('update', 'kubernetes.node', `node/${node}`, {
          reversible: false,
          destroysData: deletesData,
          summary: `evicts every pod from node ${node}${deletesData ? ', deleting the data in their emptyDir volumes' : ''}${isSet(args, 'force') ? ', including pods no controller will recreate' : ''}`,
        }),
        // What ran there stops until it is scheduled elsewhere (if it can be).
        outage: true,
      });
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
    case 'replace': {
      const raw = valueOf(args, 'raw');
      if (raw !== undefined) rawWrite(ctx, 'replace', raw);
      else if (isSet(args, 'force')) {
        const files = manifests(ctx, scope).join(', ') || '(manifests)';
        // The objects are deleted, then created again: a volume claim among them gets a new,
        // empty volume, a namespace loses everything in it. The files are not visible here.
        ctx.emit(effect('replace', 'kubernetes.manifest', files, { reversible: false, destroysData: true, summary: `deletes and recreates the objects in ${files} (a volume claim or namespace among them loses its data)` }));
      } else update(ctx, scope, 'replaces');
      return;
    }
    case 'create': {
      const raw = valueOf(args, 'raw');
      if (raw !== undefined) rawWrite(ctx, 'create', raw);
      else update(ctx, scope, 'creates', 'create');
      return;
    }
    case 'taint':
      taint(ctx, scope);
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
    case 'patch': {
      const body = valueOf(args, 'patch') ?? valueOf(args, 'p');
      const type = valueOf(args, 'type');
      update(ctx, scope, 'patches', 'update', patchIsReversible(body, type), patchScalesToZero(body, type));
      return;
    }
    case 'edit':
    case 'label':
    case 'annotate':
    case 'set':
    case 'expose':
    case 'autoscale':
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

/** Whether a `kubectl patch` body sets replicas to zero (a merge patch, or a JSON patch op): an outage. */
function patchScalesToZero(body: string | undefined, type: string | undefined): boolean {
  if (body === undefined) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return false;
  }
  const zero = (value: unknown) => value === 0 || value === '0';
  let found = false;
  const visit = (value: unknown, depth: number): void => {
    if (found || depth > 64 || !value || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach((item) => visit(item, depth + 1));
      return;
    }
    const record = value as Record<string, unknown>;
    if (type === 'json' && typeof record['path'] === 'string' && /\/replicas$/.test(record['path']) && zero(record['value'])) found = true;
    if (type !== 'json' && Object.hasOwn(record, 'replicas') && zero(record['replicas'])) found = true;
    for (const child of Object.values(record)) visit(child, depth + 1);
  };
  visit(parsed, 0);
  return found;
}
