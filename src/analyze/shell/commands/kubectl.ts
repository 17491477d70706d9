import { parse as parseYaml } from 'yaml';
import type { CommandContext, CommandHandler, CommandTable, EffectDraft, StdinSource } from '../command-context.js';
import { effect } from '../effects.js';
import { displayOf, literalOf, staticArg, type Arg } from '../words.js';
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
  'from', 'from-file', 'from-literal', 'from-env-file', 'schedule', 'target', 'copy-to', 'set-image', 'custom',
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
  gateways: 'gateway', gtw: 'gateway', httproutes: 'httproute', grpcroutes: 'grpcroute', tlsroutes: 'tlsroute', tcproutes: 'tcproute', udproutes: 'udproute',
};

/**
 * Built-in types (as {@link normalizeType} writes them). Anything else is a custom resource, whose
 * operator may hold data behind it (a database, a bucket) and clean it up through a finalizer.
 */
const BUILTIN_TYPES: ReadonlySet<string> = new Set([
  ...Object.values(TYPE_ALIASES), 'all', 'pod', 'deployment', 'service', 'configmap', 'secret', 'job', 'cronjob', 'endpointslice',
  'lease', 'podtemplate', 'controllerrevision', 'csistoragecapacity', 'componentstatus', 'mutatingwebhookconfiguration',
  'validatingwebhookconfiguration', 'validatingadmissionpolicy', 'validatingadmissionpolicybinding', 'apiservice', 'csidriver', 'csinode',
  'volumeattachment', 'ingressclass', 'runtimeclass', 'certificatesigningrequest', 'flowschema', 'prioritylevelconfiguration',
  'gatewayclass', 'referencegrant', 'ipaddress', 'servicecidr',
]);

/** Types that carry outside traffic in: a patch to how they route may cut it off. */
const ENTRYPOINT_TYPES: ReadonlySet<string> = new Set(['ingress', 'gateway', 'httproute', 'grpcroute', 'tlsroute', 'tcproute', 'udproute']);

/** Whether finishing the deletion of an object of this type loses data (see DATA_TYPES; custom resources too). */
function holdsData(type: string): boolean {
  return ['namespace', 'persistentvolumeclaim', 'persistentvolume', 'customresourcedefinition'].includes(type) || !BUILTIN_TYPES.has(type);
}

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
  /** Where the command's standard input comes from (`-f -`). */
  readonly stdin: StdinSource;
  /** The command ends in `-f` with no value: `-f -` whose `-` the parser lost (see {@link endsInBareFilename}). */
  readonly bareFilename: boolean;
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
  return [...filenames(scope), ...valuesOf(scope.args, 'k', 'kustomize')].map((file) => {
    const text = literalOf(file);
    if (text === '-') return '(manifest from standard input)';
    return text !== undefined && isUrl(text) ? text : ctx.path(file).address;
  });
}

/** kubectl fetches `-f http(s)://…` itself. */
function isUrl(text: string): boolean {
  return /^https?:\/\//i.test(text);
}

/** The `-f` values: a string slice, so `-f a.yaml,b.yaml` is two files. */
function filenames(scope: Scope): Arg[] {
  const files = valuesOf(scope.args, 'f', 'filename').flatMap((file) => {
    const text = literalOf(file);
    if (text === undefined || !text.includes(',')) return [file];
    return text.split(',').filter(Boolean).map((part) => staticArg(part));
  });
  return scope.bareFilename ? [...files, staticArg('-')] : files;
}

/**
 * Whether the arguments end in `-f` (or `--filename`, or `-Rf`) with no value. tree-sitter-bash
 * drops a lone `-` written just before a here-document (`kubectl apply -f - <<EOF` arrives as
 * `kubectl apply -f`); kubectl itself refuses a bare `-f`, so reading it as `-f -` is never
 * milder than what runs.
 */
function endsInBareFilename(args: readonly Arg[]): boolean {
  const last = literalOf(args[args.length - 1]);
  if (last === undefined) return false;
  if (last === '--filename') return true;
  const cluster = /^-([A-Za-z]*)f$/.exec(last);
  return cluster !== null && [...(cluster[1] ?? '')].every((letter) => !WITH_VALUE.has(letter));
}

/** Where the objects of a `kubectl apply|create|replace|delete -f` come from, as far as Airlock can read them. */
type ManifestSource =
  /** Text Airlock has: the file, read by the pipeline, or a here-document on `-f -`. */
  | { readonly kind: 'text'; readonly label: string; readonly text: string }
  /** Text Airlock cannot have: a URL, a file it could not read, unseen standard input, a kustomization. */
  | { readonly kind: 'unseen'; readonly label: string; readonly why: string }
  /** This analysis has no file access at all (unit tests, replays): judged by the file's name alone. */
  | { readonly kind: 'unread'; readonly label: string };

function manifestSources(ctx: CommandContext, scope: Scope): ManifestSource[] {
  const out: ManifestSource[] = [];
  for (const file of filenames(scope)) {
    const text = literalOf(file);
    if (text === '-') {
      const stdin = scope.stdin;
      if (stdin.kind === 'literal') out.push({ kind: 'text', label: 'the here-document', text: stdin.text });
      else out.push({ kind: 'unseen', label: '(manifest from standard input)', why: `a manifest from standard input (${STDIN_WORDS[stdin.kind]}), which Airlock cannot see` });
      continue;
    }
    if (text !== undefined && isUrl(text)) {
      out.push({ kind: 'unseen', label: text, why: `a manifest from a URL Airlock cannot read (${text})` });
      continue;
    }
    const target = ctx.path(file);
    const read = ctx.fileText(target);
    if (read === 'not-available') out.push({ kind: 'unread', label: target.address });
    else if (read === 'unreadable') out.push({ kind: 'unseen', label: target.address, why: `${target.description}, which Airlock could not read (missing, a directory, too large, or not exactly known)` });
    else out.push({ kind: 'text', label: target.address, text: read.text });
  }
  for (const dir of valuesOf(scope.args, 'k', 'kustomize')) {
    const target = ctx.path(dir);
    out.push({ kind: 'unseen', label: target.address, why: `the kustomization in ${target.description}, which Airlock cannot render` });
  }
  return out;
}

const STDIN_WORDS: Readonly<Record<StdinSource['kind'], string>> = {
  inherited: 'whatever it is given',
  pipe: 'the output of the command before it',
  file: 'a file redirected into it',
  literal: 'a here-document',
  dynamic: 'a here-document with parts only known at run time',
};

/**
 * Hands manifest text to the kubernetes analyzer, which judges it object by object. An invalid
 * namespace or context, or text over the size limit, leaves the placeholder unknown: fail closed.
 */
function embedManifest(ctx: CommandContext, scope: Scope, action: 'apply' | 'create' | 'replace' | 'delete', source: Extract<ManifestSource, { kind: 'text' }>, force: boolean): void {
  const namespace = valueOf(scope.args, 'n', 'namespace');
  const context = valueOf(scope.args, 'context');
  const payload = { action, manifest: source.text, ...(namespace !== undefined ? { namespace } : {}), ...(context !== undefined ? { context } : {}), ...(force ? { force: true } : {}) };
  const verb = { apply: 'applies', create: 'creates', replace: 'replaces', delete: 'deletes' }[action];
  ctx.embed('kubernetes', payload, `${verb} the objects in ${source.label}${force ? ' with --force' : ''}`);
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
  for (const source of manifestSources(ctx, scope)) {
    if (source.kind === 'text') {
      embedManifest(ctx, scope, 'delete', source, isSet(args, 'force'));
      emitted += 1;
      continue;
    }
    // Not read: judged as deleting whatever it holds (namespaces and volumes among it); and what
    // Airlock could not see stays unknown as well, so it never runs unattended.
    emit(effect('delete', 'kubernetes.manifest', source.label, {
      reversible: false,
      destroysData: true,
      summary: `deletes every object defined in ${source.label} (which may include namespaces and volumes)`,
    }));
    if (source.kind === 'unseen') ctx.unknown(`deletes the objects in ${source.why}`);
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
  const sources = manifestSources(ctx, scope);
  const address = sources.map((source) => source.label).join(', ') || '(manifests)';
  const force = isSet(scope.args, 'force');
  if (isSet(scope.args, 'prune')) {
    ctx.emit(effect('delete', 'kubernetes.object', 'objects missing from the applied manifests', {
      reversible: false,
      destroysData: true,
      summary: `deletes every object${scope.allNamespaces ? '' : ` in namespace ${scope.namespace}`} that matches the prune selector but is missing from ${address}`,
    }));
  }
  if (sources.length === 0) {
    ctx.emit(effect(force ? 'replace' : 'update', 'kubernetes.manifest', address, { reversible: !force, destroysData: force, summary: `applies ${address}` }));
    return;
  }
  for (const source of sources) {
    if (source.kind === 'text') embedManifest(ctx, scope, 'apply', source, force);
    else if (source.kind === 'unseen') ctx.unknown(`applies ${source.why}`);
    // What it recreates is not visible here: a claim or namespace among it loses its data.
    else if (force) ctx.emit(effect('replace', 'kubernetes.manifest', source.label, { reversible: false, destroysData: true, summary: `applies ${source.label}, deleting and recreating objects it cannot patch (a volume claim or namespace among them loses its data)` }));
    else ctx.emit(effect('update', 'kubernetes.manifest', source.label, { reversible: true, destroysData: false, summary: `applies ${source.label}` }));
  }
}

/**
 * `kubectl replace -f`: a PUT of each object as written, so whatever the file leaves out (its
 * finalizers, fields others set) is dropped; with --force, deleted and created again. Read, it is
 * judged as the worst of those (delete, then create).
 */
function replace(ctx: CommandContext, scope: Scope): void {
  const force = isSet(scope.args, 'force');
  const sources = manifestSources(ctx, scope);
  if (sources.length === 0) {
    update(ctx, scope, 'replaces');
    return;
  }
  for (const source of sources) {
    if (source.kind === 'text') embedManifest(ctx, scope, 'replace', source, false);
    else if (source.kind === 'unseen') ctx.unknown(`replaces the objects in ${source.why}`);
    // The objects are deleted, then created again: a volume claim among them gets a new,
    // empty volume, a namespace loses everything in it. The files are not visible here.
    else if (force) ctx.emit(effect('replace', 'kubernetes.manifest', source.label, { reversible: false, destroysData: true, summary: `deletes and recreates the objects in ${source.label} (a volume claim or namespace among them loses its data)` }));
    else ctx.emit(effect('update', 'kubernetes.manifest', source.label, { reversible: true, destroysData: false, summary: `replaces the objects in ${source.label}` }));
  }
}

/** `kubectl create -f FILE`, or `kubectl create TYPE NAME …` (a job runs code at once). */
function create(ctx: CommandContext, scope: Scope): void {
  const sources = manifestSources(ctx, scope);
  for (const source of sources) {
    if (source.kind === 'text') embedManifest(ctx, scope, 'create', source, false);
    else if (source.kind === 'unseen') ctx.unknown(`creates the objects in ${source.why}`);
    else ctx.emit(effect('create', 'kubernetes.manifest', source.label, { reversible: true, destroysData: false, summary: `creates the objects in ${source.label}` }));
  }
  if (sources.length > 0) return;
  const [typeArg, nameArg] = scope.args.positionals;
  const type = normalizeType(literalOf(typeArg) ?? '');
  if (type === 'job' || type === 'cronjob') {
    const name = nameArg ? displayOf(nameArg) : '?';
    const from = valueOf(scope.args, 'from');
    const what = from ? `from ${from}, running what its template runs` : `running ${valueOf(scope.args, 'image') ?? 'an image'}`;
    ctx.emit(effect('execute', `kubernetes.${type}`, addressOf(scope, type, name), {
      reversible: false,
      destroysData: false,
      summary: `creates ${type} ${name}${scopeText(scope)} ${what}${type === 'cronjob' ? ' on a schedule' : ' at once'}: its commands are not visible to Airlock, and what they do is not undone by deleting it`,
    }));
    runInPod(ctx, scope.args.afterDashDash ?? [], `${type}:${name}`);
    return;
  }
  update(ctx, scope, 'creates', 'create');
}

/** ` in namespace shop`. */
function scopeText(scope: Scope): string {
  return scope.allNamespaces ? '' : ` in namespace ${scope.namespace}`;
}

/** The command a new pod runs (`kubectl run x --image=alpine -- rm -rf /data`), analysed as run there. */
function runInPod(ctx: CommandContext, command: readonly Arg[], where: string): void {
  if (command.length > 0) ctx.run(command, `inside ${where}`, { remote: `${where}:` });
}

/**
 * `kubectl run NAME --image=… [-- COMMAND…]`: a pod that runs what it is told at once, with what
 * `--overrides` mounts (a host path, a volume claim) or allows (privileged). Deleting the pod
 * does not undo what it did.
 */
function runPod(ctx: CommandContext, scope: Scope): void {
  const [nameArg, ...rest] = scope.args.positionals;
  const name = nameArg ? displayOf(nameArg) : '?';
  const overrides = valueOf(scope.args, 'overrides') ?? '';
  const notes = [
    /hostPath/.test(overrides) ? "the node's own filesystem mounted (--overrides hostPath)" : '',
    /persistentVolumeClaim/.test(overrides) ? 'a volume claim mounted (--overrides)' : '',
    /"privileged"\s*:\s*true|hostPID|hostNetwork/.test(overrides) ? 'privileged or host access (--overrides)' : '',
    overrides !== '' && literalOf(valuesOf(scope.args, 'overrides').at(-1)) === undefined ? '--overrides only known at run time' : '',
  ].filter(Boolean);
  ctx.emit(effect('execute', 'kubernetes.pod', addressOf(scope, 'pod', name), {
    reversible: false,
    destroysData: false,
    summary: `starts a pod${scopeText(scope)} running ${valueOf(scope.args, 'image') ?? 'an image'}${notes.length > 0 ? ` with ${notes.join(', ')}` : ''}: what it runs is not undone by deleting it`,
  }));
  // Without --command the words are the image's arguments; with no entrypoint (alpine, busybox)
  // they are the command. Either way they run in the pod.
  runInPod(ctx, scope.args.afterDashDash ?? rest, `pod:${name}`);
}

/** `kubectl debug node/NAME` (a privileged pod with the node's disk at /host), or a pod's copy or ephemeral container. */
function debug(ctx: CommandContext, scope: Scope): void {
  const target = scope.args.positionals[0] ? displayOf(scope.args.positionals[0]) : '?';
  const node = /^(node|nodes|no)\//i.test(target) ? target.slice(target.indexOf('/') + 1) : undefined;
  ctx.emit(effect('execute', node ? 'kubernetes.node' : 'kubernetes.pod', node ? `node/${node}` : addressOf(scope, 'pod', target.replace(/^(pods?|po)\//i, '')), {
    reversible: false,
    destroysData: false,
    summary: node
      ? `starts a debugging pod on node ${node} with the node's root filesystem at /host, in its namespaces: what runs there is not undone by deleting it`
      : `starts a debugging container for ${target}${scopeText(scope)}: what runs there is not undone by removing it`,
  }));
  runInPod(ctx, scope.args.afterDashDash ?? [], node ? `node-debug:${node}` : `pod:${target}`);
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

/** The objects a command names: positionals, or `-f` files; kubectl's own error when neither, judged as some object. */
interface Target {
  readonly kind: string;
  readonly address: string;
  /** The normalized type; undefined for objects in a file, which may be of any type. */
  readonly type: string | undefined;
  readonly label: string;
}

function targetsOf(ctx: CommandContext, scope: Scope, positionals: readonly Arg[], every = '*'): Target[] {
  const targets: Target[] = [
    ...objectsOf(positionals).map(({ type, name }) => ({ kind: `kubernetes.${type}`, address: addressOf(scope, type, name ?? every), type, label: `${type} ${name ?? (every === '*' ? '(every one)' : every)}` })),
    ...manifests(ctx, scope).map((file) => ({ kind: 'kubernetes.manifest', address: file, type: undefined, label: `the objects in ${file}` })),
  ];
  if (targets.length === 0) targets.push({ kind: 'kubernetes.object', address: `${scope.namespace}/?`, type: undefined, label: 'Kubernetes objects' });
  return targets;
}

/**
 * `kubectl patch`: judged by what the patch body does to each object. Besides scaling to zero
 * and removing fields: taking finalizers away (a pending deletion completes: a claim, volume,
 * namespace or custom resource loses its data), a Service's selector (its clients go elsewhere
 * or nowhere), how an Ingress or Gateway routes, a volume's reclaim policy or a StatefulSet's
 * claim retention set to Delete (data protection weakened). A body Airlock cannot read may do
 * any of these.
 */
function patch(ctx: CommandContext, scope: Scope): void {
  const args = scope.args;
  const patchType = valueOf(args, 'type');
  const body = patchBody(ctx, args);
  const changes = body === undefined ? undefined : patchChanges(body, patchType);
  const baseReversible = patchIsReversible(body, patchType);
  const zero = patchScalesToZero(body, patchType);
  const every = isSet(args, 'all') ? '*' : valueOf(args, 'l', 'selector') ? `[${valueOf(args, 'l', 'selector')}]` : '*';
  for (const target of targetsOf(ctx, scope, args.positionals, every)) {
    const facts = changes === undefined ? unreadablePatch(target.type) : patchFacts(changes, patchType, target.type);
    const stops = zero ? ': every pod stops, and the Services that select them lose all their endpoints' : '';
    const draft = effect('update', target.kind, target.address, {
      reversible: baseReversible && facts.reasons.length === 0,
      destroysData: facts.destroysData,
      summary: `patches ${target.label}${stops}${facts.reasons.length > 0 ? `: ${facts.reasons.join('; ')}` : ''}`,
    });
    ctx.emit(zero || facts.outage ? { ...draft, outage: true } : draft);
  }
}

/** The patch text: `-p`/`--patch` as written, or `--patch-file` as read; undefined when Airlock cannot have it. */
function patchBody(ctx: CommandContext, args: CobraArgs): string | undefined {
  const inline = [...valuesOf(args, 'p'), ...valuesOf(args, 'patch')].at(-1);
  if (inline) return literalOf(inline);
  const file = valuesOf(args, 'patch-file').at(-1);
  if (!file) return undefined;
  const read = ctx.fileText(ctx.path(file));
  return typeof read === 'object' ? read.text : undefined;
}

interface PatchFacts {
  readonly reasons: string[];
  readonly outage: boolean;
  readonly destroysData: boolean;
}

function unreadablePatch(type: string | undefined): PatchFacts {
  const data = type === undefined || holdsData(type);
  return {
    reasons: [`the patch cannot be read here, so it may do anything to it${data ? ', including taking its finalizers away so a pending deletion completes with its data' : ''}`],
    outage: false,
    destroysData: data,
  };
}

function patchFacts(changes: readonly PatchChange[], patchType: string | undefined, type: string | undefined): PatchFacts {
  const reasons: string[] = [];
  let outage = false;
  let destroysData = false;
  const is = (...types: string[]) => type === undefined || types.includes(type);
  const finalizerPaths = is('namespace') ? [['metadata', 'finalizers'], ['spec', 'finalizers']] : [['metadata', 'finalizers']];
  if (finalizerPaths.some((path) => removesFinalizers(changes, path, patchType))) {
    const data = type === undefined || holdsData(type);
    destroysData ||= data;
    reasons.push(`it takes finalizers away: a pending deletion completes at once${data ? ', and the data goes with it' : ''}; finalizers cannot be put back on an object already gone`);
  }
  if (is('service') && touches(changes, ['spec', 'selector'])) {
    outage = true;
    reasons.push('it changes the selector of a Service: its clients are sent to other pods, or, if none match, lose the service until it is set back');
  }
  if ((type === undefined || ENTRYPOINT_TYPES.has(type)) && ROUTE_FIELDS.some((field) => touches(changes, ['spec', field]))) {
    outage = true;
    reasons.push('it changes how outside traffic is routed (rules, backends, hostnames, listeners): a route it drops is cut off');
  }
  if (is('persistentvolume') && changes.some((change) => endsWith(change.path, ['spec', 'persistentVolumeReclaimPolicy']) && (change.value === 'Delete' || change.value === 'Recycle'))) {
    reasons.push('it sets the reclaim policy to Delete: data protection is weakened; deleting the claim now deletes the storage behind it and its data');
  }
  if (is('statefulset') && changes.some((change) => (endsWith(change.path, ['persistentVolumeClaimRetentionPolicy', 'whenDeleted']) || endsWith(change.path, ['persistentVolumeClaimRetentionPolicy', 'whenScaled'])) && change.value === 'Delete')) {
    reasons.push('it sets its persistentVolumeClaimRetentionPolicy to Delete: data protection is weakened; deleting or scaling down the statefulset now deletes volume claims and their data');
  }
  return { reasons, outage, destroysData };
}

const ROUTE_FIELDS = ['rules', 'defaultBackend', 'backend', 'parentRefs', 'hostnames', 'listeners'];

/**
 * `kubectl label|annotate TYPE NAME… KEY=VAL… KEY-…` (or `--all`, `-l`). Removing or overwriting
 * a label of pods takes them out of what selects them: their Service stops sending them traffic,
 * their ReplicaSet no longer counts them. Done to many pods at once, that is an outage.
 */
function relabel(ctx: CommandContext, scope: Scope, sub: 'label' | 'annotate'): void {
  const args = scope.args;
  const isChange = (word: Arg) => {
    const text = displayOf(word);
    return text.includes('=') || text.endsWith('-');
  };
  const changes = args.positionals.filter(isChange).map(displayOf);
  const selector = valueOf(args, 'l', 'selector');
  const every = isSet(args, 'all') ? '*' : selector ? `[${selector}]` : '*';
  const removes = changes.filter((change) => !change.includes('=')).map((change) => change.slice(0, -1));
  const overwrites = isSet(args, 'overwrite') ? changes.filter((change) => change.includes('=')).map((change) => change.slice(0, change.indexOf('='))) : [];
  for (const target of targetsOf(ctx, scope, args.positionals.filter((word) => !isChange(word)), every)) {
    const pods = sub === 'label' && (target.type === 'pod' || target.type === undefined) && removes.length + overwrites.length > 0;
    const many = target.address.endsWith('/*') || target.address.endsWith(']') || target.type === undefined;
    const keys = [...removes, ...overwrites].join(', ');
    const draft = effect('update', target.kind, target.address, {
      reversible: !pods,
      destroysData: false,
      summary: `${sub === 'label' ? 'labels' : 'annotates'} ${target.label} (${changes.join(' ') || 'no change'})${pods ? `: ${removes.length > 0 ? 'removing' : 'overwriting'} ${keys} takes ${many ? 'these pods' : 'the pod'} out of every Service and controller that selects by ${removes.length + overwrites.length === 1 ? 'it' : 'them'}; ${many ? 'their Services lose those endpoints' : 'its Service stops sending it traffic'}` : ''}`,
    });
    ctx.emit(pods && many ? { ...draft, outage: true } : draft);
  }
}

/** `kubectl set image|env|resources|selector|serviceaccount|subject …`. */
function set(ctx: CommandContext, scope: Scope): void {
  const [subArg, ...words] = scope.args.positionals;
  const sub = literalOf(subArg) ?? (subArg ? displayOf(subArg) : '?');
  const isChange = (word: Arg) => {
    const text = displayOf(word);
    return text.includes('=') || text.endsWith('-');
  };
  let objectWords = words.filter((word) => !isChange(word));
  // `set serviceaccount deploy web SA`: the last word is the account.
  if (sub === 'serviceaccount' || sub === 'sa') objectWords = objectWords.slice(0, -1);
  const changes = words.filter(isChange).map(displayOf).join(' ');
  for (const target of targetsOf(ctx, scope, objectWords)) {
    if (sub === 'selector') {
      const service = target.type === 'service' || target.type === undefined;
      const draft = effect('update', target.kind, target.address, {
        reversible: false,
        destroysData: false,
        summary: `sets the selector of ${target.label} to ${changes || '(nothing)'}${service ? ': its clients are sent to other pods, or, if none match, lose the service until it is set back' : ''}`,
      });
      ctx.emit(service ? { ...draft, outage: true } : draft);
    } else if (sub === 'subject') {
      ctx.emit(effect('update', target.kind, target.address, { reversible: false, destroysData: false, summary: `changes whom ${target.label} grants its role to: access granted can be used before it is taken back` }));
    } else {
      ctx.emit(effect('update', target.kind, target.address, { reversible: true, destroysData: false, summary: `set ${sub}: changes ${target.label}${changes ? ` (${changes})` : ''}` }));
    }
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
    stdin: call.stdin,
    bareFilename: endsInBareFilename(call.args),
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
      else replace(ctx, scope);
      return;
    }
    case 'create': {
      const raw = valueOf(args, 'raw');
      if (raw !== undefined) rawWrite(ctx, 'create', raw);
      else create(ctx, scope);
      return;
    }
    case 'taint':
      taint(ctx, scope);
      return;
    case 'run':
      runPod(ctx, scope);
      return;
    case 'debug':
      debug(ctx, scope);
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
      ctx.execute(`kubectl ${sub}`, `runs kubectl ${sub}`, true);
      return;
    case 'patch':
      patch(ctx, scope);
      return;
    case 'edit':
      // KUBE_EDITOR may be any program (`sed -i …`), and a person at an editor may change anything.
      ctx.unknown(`opens ${objectsOf(rest.positionals).map(({ type, name }) => `${type} ${name ?? '(every one)'}`).join(', ') || 'objects'} in an editor; what is changed there cannot be seen`);
      return;
    case 'label':
    case 'annotate':
      relabel(ctx, scope, sub);
      return;
    case 'set':
      set(ctx, scope);
      return;
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

/** A patch body read as JSON; undefined when there is none or it is not JSON (both judged the worse way). */
function jsonPatchBody(body: string | undefined): unknown {
  if (body === undefined) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Whether a `kubectl patch` body can be undone by patching back: not when it removes fields
 * (JSON patch `remove`, a merge-patch `null`), sets replicas to zero, or cannot be read here.
 */
function patchIsReversible(body: string | undefined, type: string | undefined): boolean {
  const parsed = jsonPatchBody(body);
  if (parsed === undefined) return false;
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
  const parsed = jsonPatchBody(body);
  if (parsed === undefined) return false;
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

/** One field a patch sets or removes, at its path in the object. */
interface PatchChange {
  readonly path: readonly string[];
  readonly value: unknown;
  /** Removes the field (a JSON patch `remove`, a merge patch `null`). */
  readonly removes: boolean;
  /** The JSON patch operation on this path itself; undefined for a field inside a value or a merge patch. */
  readonly op: string | undefined;
}

/** The deepest a patch body is followed; deeper is judged as a body Airlock cannot read. */
const MAX_PATCH_DEPTH = 64;

/**
 * A patch body (JSON, or YAML as kubectl also takes) as the fields it sets and removes: each JSON
 * patch operation and every field inside its value, or every field of a merge patch. Undefined
 * when it cannot be read.
 */
function patchChanges(body: string, patchType: string | undefined): PatchChange[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    try {
      parsed = parseYaml(body, { version: '1.1', uniqueKeys: true, maxAliasCount: 100 });
    } catch {
      return undefined;
    }
  }
  const out: PatchChange[] = [];
  const fields = (value: unknown, path: readonly string[], depth: number): boolean => {
    if (depth > MAX_PATCH_DEPTH) return false;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return true;
    for (const [key, child] of Object.entries(value)) {
      const at = [...path, key];
      out.push({ path: at, value: child, removes: child === null, op: undefined });
      if (!fields(child, at, depth + 1)) return false;
    }
    return true;
  };
  if (patchType === 'json') {
    if (!Array.isArray(parsed)) return undefined;
    for (const operation of parsed as unknown[]) {
      if (!operation || typeof operation !== 'object') return undefined;
      const { op, path, from, value } = operation as Record<string, unknown>;
      if (typeof op !== 'string' || typeof path !== 'string') return undefined;
      const at = pointer(path);
      if (op === 'move' && typeof from === 'string') out.push({ path: pointer(from), value: undefined, removes: true, op: 'remove' });
      out.push({ path: at, value, removes: op === 'remove', op });
      if ((op === 'add' || op === 'replace') && !fields(value, at, 0)) return undefined;
    }
    return out;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  return fields(parsed, [], 0) ? out : undefined;
}

/** A JSON pointer (`/metadata/finalizers/0`) as path segments. */
function pointer(path: string): string[] {
  return path.split('/').slice(1).map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

function endsWith(path: readonly string[], suffix: readonly string[]): boolean {
  return suffix.length <= path.length && suffix.every((segment, i) => path[path.length - suffix.length + i] === segment);
}

/** Whether a patch writes the field at `target`: inside it, on it, or by replacing or removing what holds it. */
function touches(changes: readonly PatchChange[], target: readonly string[]): boolean {
  return changes.some((change) => {
    if (change.op === 'test') return false;
    if (startsWith(change.path, target)) return true;
    return startsWith(target, change.path) && (change.removes || (change.op !== undefined && change.op !== 'test'));
  });
}

/**
 * Whether a patch takes finalizers away: any write of the list but adding to it (a JSON patch
 * `add` of one element; a strategic merge patch's non-empty list, which is merged in), replacing
 * or removing what holds it, or a strategic merge directive that drops elements or keys.
 */
function removesFinalizers(changes: readonly PatchChange[], target: readonly string[], patchType: string | undefined): boolean {
  const parent = target.slice(0, -1);
  return changes.some((change) => {
    const last = change.path[change.path.length - 1] ?? '';
    if (/^\$(patch|retainKeys)$/.test(last) && startsWith(parent, change.path.slice(0, -1))) return true;
    if (last === `$deleteFromPrimitiveList/${target[target.length - 1]}` && startsWith(change.path, parent) && change.path.length === target.length) return true;
    if (change.op === 'test') return false;
    if (change.path.length > target.length && startsWith(change.path, target)) return change.op !== 'add';
    if (change.path.length === target.length && startsWith(change.path, target)) {
      if (change.removes || patchType === 'json' || patchType === 'merge') return true;
      return !Array.isArray(change.value) || change.value.length === 0;
    }
    return startsWith(target, change.path) && (change.removes || (change.op !== undefined && change.op !== 'test'));
  });
}
