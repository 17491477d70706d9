import type { CommandHandler, CommandTable } from '../command-context.js';
import { effect } from '../effects.js';
import { displayOf, literalOf } from '../words.js';
import { goInteger, isDryRun, isSet, parseCobraArgs, valueOf, valuesOf, type CobraArgs } from './kubernetes-args.js';

const WITH_VALUE: ReadonlySet<string> = new Set([
  'kube-context', 'n', 'namespace', 'kubeconfig', 'kube-apiserver', 'kube-as-user', 'kube-as-group', 'kube-token',
  'kube-ca-file', 'kube-tls-server-name', 'registry-config', 'repository-config', 'repository-cache', 'burst-limit', 'qps',
  'content-cache', 'version', 'f', 'values', 'set', 'set-string', 'set-file', 'set-json', 'set-literal', 'timeout',
  'description', 'o', 'output', 'post-renderer', 'post-renderer-args', 'repo', 'username', 'password', 'ca-file',
  'cert-file', 'key-file', 'keyring', 'max', 'revision', 'history-max', 'cascade', 'name-template', 'l', 'selector',
  'filter', 'd', 'destination', 'untardir', 'app-version', 'deletion-propagation', 'show-only', 's', 'api-versions',
  'kube-version', 'output-dir', 'time-format', 'column',
]);

const READS: ReadonlySet<string> = new Set([
  'list', 'ls', 'status', 'get', 'history', 'hist', 'template', 'show', 'inspect', 'search', 'lint', 'diff', 'version',
  'env', 'verify', 'help', 'completion',
]);
/** Subcommands that never reach a cluster. */
const LOCAL: ReadonlySet<string> = new Set([
  'template', 'show', 'inspect', 'search', 'lint', 'version', 'env', 'verify', 'help', 'completion', 'repo', 'dependency',
  'dep', 'plugin', 'pull', 'fetch', 'package', 'push', 'registry', 'create',
]);

/** helm [global options] SUBCOMMAND …. */
const helm: CommandHandler = (call, ctx) => {
  const args = parseCobraArgs(call.args, WITH_VALUE);
  const [subArg, ...positionals] = args.positionals;
  const sub = literalOf(subArg);
  if (subArg && sub === undefined) {
    ctx.unknown('runs a helm subcommand only known at run time');
    return;
  }
  const context = valueOf(args, 'kube-context');
  if (context) ctx.hint('kubeContexts', context);
  else if (sub !== undefined && !LOCAL.has(sub)) ctx.need('kubeContext');
  const given = valueOf(args, 'n', 'namespace');
  if (given) ctx.hint('kubeNamespaces', given);
  const namespace = given ?? '(current namespace)';
  const names = positionals.map(displayOf);
  if (sub === undefined || READS.has(sub)) {
    ctx.read(`helm ${sub ?? ''}: reads releases or charts`);
    return;
  }
  // `--dry-run=none` and `--dry-run=false` run for real; only a value that means it is a dry run.
  if (isDryRun(args)) {
    ctx.read(`helm ${sub} --dry-run: changes nothing`);
    return;
  }
  switch (sub) {
    case 'uninstall':
    case 'delete':
    case 'del':
    case 'un':
      for (const release of names) {
        ctx.emit(effect('delete', 'kubernetes.helm-release', `${namespace}/${release}`, {
          reversible: false,
          destroysData: true,
          summary: `uninstalls the Helm release ${release} in namespace ${namespace}, deleting everything it created (which can include volume claims and secrets)`,
        }));
      }
      return;
    case 'install': {
      const release = isSet(args, 'generate-name') ? '(generated name)' : (names[0] ?? '?');
      ctx.emit(effect('create', 'kubernetes.helm-release', `${namespace}/${release}`, { reversible: true, destroysData: false, summary: `installs the Helm release ${release} in namespace ${namespace}` }));
      return;
    }
    case 'upgrade': {
      const release = names[0] ?? '?';
      const install = isSet(args, 'install', 'i') ? ' (installing it if missing)' : '';
      // Helm 4 calls it --force-replace.
      if (isSet(args, 'force', 'force-replace')) {
        ctx.emit(effect('replace', 'kubernetes.helm-release', `${namespace}/${release}`, {
          reversible: false,
          destroysData: false,
          summary: `upgrades the Helm release ${release} with --force, deleting and recreating resources it cannot patch`,
        }));
        return;
      }
      // The chart and values (--set, -f, --reset-values) may drop a template, whose objects Helm
      // then deletes, or set a replica count to zero; rolling back does not bring deleted data back.
      const zero = setsReplicasToZero(args);
      const draft = effect('update', 'kubernetes.helm-release', `${namespace}/${release}`, {
        reversible: false,
        destroysData: false,
        summary: `upgrades the Helm release ${release} in namespace ${namespace}${install}${zero ? `, setting ${zero} to 0 (an outage)` : ''}: Airlock cannot see which objects the new revision drops (Helm deletes them) or changes; hand the release's manifests before and after in as a kubernetes change (\`helm get manifest\`, \`helm template\`) to have them read`,
      });
      ctx.emit(zero ? { ...draft, outage: true } : draft);
      return;
    }
    case 'rollback': {
      const release = names[0] ?? '?';
      ctx.emit(effect('update', 'kubernetes.helm-release', `${namespace}/${release}`, {
        reversible: false,
        destroysData: false,
        summary: `rolls the Helm release ${release} in namespace ${namespace} back to revision ${names[1] ?? 'before the last'}: Helm deletes every object the old revision does not have, which Airlock cannot see; hand the manifests now and of that revision in as a kubernetes change (\`helm get manifest --revision\`) to have them read`,
      }));
      return;
    }
    case 'test':
      ctx.execute(`helm test ${names[0] ?? ''}`.trim(), `runs the test pods of the Helm release ${names[0] ?? '?'}`, true);
      return;
    case 'repo':
    case 'dependency':
    case 'dep':
    case 'registry':
      if (['list', 'ls'].includes(names[0] ?? '')) ctx.read(`helm ${sub} list`);
      else ctx.emit(effect('update', 'helm.local-config', `${sub} ${names[0] ?? ''}`.trim(), { reversible: true, destroysData: false, summary: `helm ${sub} ${names[0] ?? ''}: changes local Helm settings or charts` }));
      return;
    case 'pull':
    case 'fetch':
    case 'package':
    case 'create':
      ctx.emit(effect('create', 'file', names[0] ?? '?', { reversible: true, destroysData: false, summary: `helm ${sub}: writes chart files locally` }));
      return;
    default:
      ctx.execute(`helm ${sub}`, `runs helm ${sub} (a plugin or a subcommand Airlock does not model)`, false);
  }
};

/**
 * `--set replicaCount=0`, `--set web.replicas=0,x=y`: the key of a --set that puts a replica count
 * at zero, if any (pflag reads the number as Go does: `00` and `0x0` are zero too).
 */
function setsReplicasToZero(args: CobraArgs): string | undefined {
  for (const value of valuesOf(args, 'set', 'set-string')) {
    const text = literalOf(value);
    if (text === undefined) continue;
    for (const pair of text.split(/(?<!\\),/)) {
      const eq = pair.indexOf('=');
      if (eq === -1) continue;
      const key = pair.slice(0, eq);
      if (/replica/i.test(key.split('.').at(-1) ?? '') && goInteger(pair.slice(eq + 1).trim()) === 0) return key;
    }
  }
  return undefined;
}

export const helmCommands: CommandTable = { helm };
