import { looksLikeProduction } from '../../../model/index.js';
import { isDataBearingToken } from '../../pulumi/resource-types.js';
import { addressOf as pulumiAddressOf, parseUrn } from '../../pulumi/urn.js';
import type { CommandCall, CommandContext, CommandHandler, CommandTable } from '../command-context.js';
import { effect } from '../effects.js';
import { resolvePath } from '../paths.js';
import { displayOf, literalOf, type Arg } from '../words.js';
import { writeFileEffect } from './file-helpers.js';
import { hostedCli } from './programs.js';

// ---------------------------------------------------------------------------------------------
// Shared parsing

/** The words and options of a CLI call, options wherever they appear (`--x=v`, `--x v`, flags). */
interface CliWords {
  /** Positional words in order; `undefined` where a word is only known at run time. */
  readonly words: ReadonlyArray<string | undefined>;
  /** How each positional word reads in a message. */
  readonly shown: readonly string[];
  /** Option name (with dashes) → its values in order; a flag's value is `true`. */
  readonly options: ReadonlyMap<string, readonly string[]>;
  /** Option name → the raw arguments of its values (for paths). */
  readonly optionArgs: ReadonlyMap<string, readonly Arg[]>;
}

function parseCli(args: readonly Arg[], withValue: ReadonlySet<string>): CliWords {
  const words: Array<string | undefined> = [];
  const shown: string[] = [];
  const options = new Map<string, string[]>();
  const optionArgs = new Map<string, Arg[]>();
  const set = (name: string, value: string, arg?: Arg) => {
    options.set(name, [...(options.get(name) ?? []), value]);
    if (arg) optionArgs.set(name, [...(optionArgs.get(name) ?? []), arg]);
  };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as Arg;
    const text = literalOf(arg);
    if (text === '--') {
      for (const rest of args.slice(i + 1)) {
        words.push(literalOf(rest));
        shown.push(displayOf(rest));
      }
      break;
    }
    if (text !== undefined && text.startsWith('-') && text.length > 1) {
      const eq = text.indexOf('=');
      const name = eq === -1 ? text : text.slice(0, eq);
      if (eq !== -1) set(name, text.slice(eq + 1));
      else if (withValue.has(name) && i + 1 < args.length) {
        const value = args[i + 1] as Arg;
        set(name, displayOf(value), value);
        i += 1;
      } else set(name, 'true');
      continue;
    }
    words.push(text);
    shown.push(displayOf(arg));
  }
  return { words, shown, options, optionArgs };
}

function first(cli: CliWords, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = cli.options.get(name)?.[0];
    if (value !== undefined) return value;
  }
  return undefined;
}

function flag(cli: CliWords, ...names: string[]): boolean {
  return names.some((name) => {
    const values = cli.options.get(name);
    return values !== undefined && values.some((v) => v !== 'false');
  });
}

/** A GUID (an Azure subscription id) or a number (a Google project number) names no environment. */
function namesAnEnvironment(value: string): boolean {
  return !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) && !/^\d+$/.test(value);
}

// ---------------------------------------------------------------------------------------------
// gcloud and az

/** gcloud options that take a value (so their values are not mistaken for words). */
const GCLOUD_WITH_VALUE: ReadonlySet<string> = new Set([
  '--project', '--account', '--configuration', '--zone', '--region', '--format', '--filter', '--limit', '--sort-by',
  '--impersonate-service-account', '--billing-project', '--verbosity', '--flags-file', '--page-size', '--location',
  '--trace-token', '--access-token-file', '--instance', '--cluster', '--delete-disks', '--keep-disks', '--database',
  '--keyring', '--key', '--member', '--role', '--tier', '--num-nodes', '--node-pool', '--machine-type', '--image',
  '--network', '--subnet', '--service-account', '--platform', '--source', '--description', '--labels', '--command',
  '--ssh-key-file', '--backup-instance', '--backup-id', '--restore-instance', '--dataset', '--zone-name', '--type',
]);

/** az options that take a value. */
const AZ_WITH_VALUE: ReadonlySet<string> = new Set([
  '--subscription', '--resource-group', '-g', '--name', '-n', '--output', '-o', '--query', '-l', '--location', '--ids',
  '--server', '-s', '--account-name', '--vault-name', '--cluster-name', '--database-name', '--container-name', '--source',
  '--destination', '-d', '--pattern', '--workspace-name', '--template-file', '-f', '--template-uri', '--parameters', '-p',
  '--mode', '--sku', '--image', '--size', '--tags', '--set', '--add', '--remove', '--command-id', '--scripts',
  '--command', '--db-name', '--vm-name', '--nodepool-name', '--blob-name', '--share-name', '--connection-string',
  '--auth-mode', '--account-key', '--sas-token', '--admin-username', '--admin-password', '--id', '--plan',
]);

/** gcloud release tracks: `gcloud beta sql instances delete` is `gcloud sql instances delete`. */
const RELEASE_TRACKS: ReadonlySet<string> = new Set(['alpha', 'beta', 'preview']);

/** Groups that change only the CLI's own settings and login on this machine. */
const LOCAL_GROUPS: Record<'gcloud' | 'azure', ReadonlySet<string>> = {
  gcloud: new Set(['config', 'auth', 'components', 'init', 'info', 'topic', 'help', 'feedback', 'survey', 'version', 'cheat-sheet']),
  azure: new Set(['login', 'logout', 'config', 'configure', 'extension', 'upgrade', 'version', 'find', 'interactive', 'cloud', 'feedback', 'self-test']),
};

type VerbClass = 'read' | 'delete' | 'create' | 'start' | 'stop' | 'remote' | 'overwrite' | 'update';

const READ_VERB = /^(list|describe|show|get|get-.*|list-.*|describe-.*|show-.*|read|browse|check|check-.*|wait|version|help|info|whoami|print-.*|export|validate|search|tail|logs?|ls|cat|du|hash|stat|query|test-iam-permissions|exists|what-if)$/;
const DELETE_VERB = /^(delete|delete-.*|rm|remove|remove-.*|destroy|purge|deprovision)$/;
const REMOTE_VERB = /^(ssh|scp|connect|connect-to-serial-port|run-command|invoke|exec|command)$/;

/**
 * Which verb counts when a call has several verb-like words: the most dangerous. A group can look
 * like a verb (`gcloud logging logs delete`: `logs` is a group), and a resource can be named like
 * one (`… describe delete`); reading the worse one fails closed.
 */
const DANGER: readonly VerbClass[] = ['read', 'start', 'create', 'update', 'stop', 'overwrite', 'remote', 'delete'];

function verbClass(word: string): VerbClass | undefined {
  if (READ_VERB.test(word)) return 'read';
  if (DELETE_VERB.test(word)) return 'delete';
  if (REMOTE_VERB.test(word)) return 'remote';
  if (/^(create|create-.*|add|add-.*|mb|clone|import)$/.test(word)) return 'create';
  if (/^(start|resume|enable)$/.test(word)) return 'start';
  if (/^(stop|restart|reset|reboot|deallocate|suspend|disable|failover|redeploy|reimage|cancel)$/.test(word)) return 'stop';
  // Restoring a backup onto an existing instance replaces the data it holds.
  if (/^(restore-backup|restore)$/.test(word)) return 'overwrite';
  if (/^(update|update-.*|set|set-.*|patch|deploy|resize|upgrade|cp|mv|rsync|move|rename|promote-replica|scale|swap|assign|attach|detach)$/.test(word)) return 'update';
  return undefined;
}

/**
 * Deletes that lose no stored data (the resource is configuration: a firewall rule, a route, an
 * IAM binding, a stateless service). Still irreversible. Prefixes of the group words.
 */
const DATALESS_GROUPS: Record<'gcloud' | 'azure', readonly string[]> = {
  gcloud: [
    'compute firewall-rules', 'compute routes', 'compute routers', 'compute addresses', 'compute instance-templates',
    'compute health-checks', 'compute url-maps', 'compute target-http-proxies', 'compute target-https-proxies',
    'compute forwarding-rules', 'compute backend-services', 'compute ssl-certificates', 'compute networks',
    'compute instance-groups', 'iam', 'run', 'functions', 'app', 'scheduler', 'dns record-sets', 'container node-pools',
  ],
  azure: ['network', 'role', 'ad', 'vm extension', 'webapp', 'functionapp', 'monitor', 'policy', 'lock', 'aks nodepool', 'deployment'],
};

interface DeleteFacts {
  readonly destroysData: boolean;
  readonly environmentWide: boolean;
  /** Appended to "deletes ADDRESS". */
  readonly detail: string;
}

/** What deleting through this group and verb loses, where Airlock knows better than "everything". */
function deleteFacts(provider: 'gcloud' | 'azure', groups: string, verb: string, cli: CliWords): DeleteFacts {
  const facts = (destroysData: boolean, environmentWide: boolean, detail = ''): DeleteFacts => ({ destroysData, environmentWide, detail });
  if (provider === 'gcloud') {
    if (groups === 'projects' && verb === 'delete') return facts(true, true, ' — the whole project and everything in it (`gcloud projects undelete` can bring it back for 30 days)');
    if (groups === 'container clusters' && verb === 'delete') return facts(true, true, ' — the cluster and every workload, volume and secret in it');
    if (groups === 'compute instances' && verb === 'delete') {
      const disks = first(cli, '--delete-disks');
      const kept = first(cli, '--keep-disks');
      if (disks === 'all' || disks === 'data') return facts(true, false, ` and its ${disks === 'all' ? '' : 'data '}disks (--delete-disks=${disks}): their data is lost`);
      if (kept === 'all') return facts(false, false, ' (--keep-disks=all keeps its disks)');
      return facts(true, false, ' and every disk set to auto-delete with it (the boot disk, by default)');
    }
    if (groups.startsWith('kms') && verb === 'destroy') return facts(true, false, ' — the key material: what was encrypted with it can no longer be decrypted');
  } else {
    if (groups === 'group' && verb === 'delete') return facts(true, true, ' — the resource group and every resource in it');
    if (groups === 'aks' && verb === 'delete') return facts(true, true, ' — the cluster and every workload, volume and secret in it');
    if (groups === 'account subscription' && verb === 'cancel') return facts(true, true, ' — the subscription: every resource in it is stopped and then deleted');
    if (groups.startsWith('keyvault') && verb === 'delete') {
      return facts(false, false, ' (soft-deleted: `az keyvault recover` brings it back until the retention period ends or it is purged)');
    }
    if (groups.startsWith('keyvault') && verb === 'purge') return facts(true, false, ' for good: a purged vault, key or secret cannot be recovered');
  }
  if (verb.startsWith('remove-') || DATALESS_GROUPS[provider].some((prefix) => groups === prefix || groups.startsWith(`${prefix} `))) return facts(false, false);
  return facts(true, false);
}

/** `gcloud storage rm|cp|mv|rsync`: object transfers and deletions. */
function gcloudStorage(verb: string, cli: CliWords, names: readonly string[], ctx: CommandContext): boolean {
  const recursive = flag(cli, '-r', '-R', '--recursive');
  const versions = flag(cli, '-a', '--all-versions') ? ', every version' : '';
  if (verb === 'rm') {
    for (const url of names.length > 0 ? names : ['?']) {
      const everything = recursive || /\*\*$/.test(url);
      ctx.emit(effect('delete', 'gcloud.storage', url, { reversible: false, destroysData: true, summary: everything ? `gcloud storage rm: deletes every object under ${url}${versions}` : `gcloud storage rm: deletes ${url}${versions}` }));
    }
    return true;
  }
  if (verb === 'rsync' || verb === 'cp' || verb === 'mv') {
    const destination = names[names.length - 1] ?? '?';
    if (verb === 'rsync' && flag(cli, '--delete-unmatched-destination-objects')) {
      ctx.emit(effect('delete', 'gcloud.storage', destination, { reversible: false, destroysData: true, summary: `gcloud storage rsync --delete-unmatched-destination-objects: deletes every object under ${destination} that the source does not have` }));
    }
    ctx.emit(effect('update', 'gcloud.storage', destination, { reversible: false, destroysData: false, summary: `gcloud storage ${verb}: writes to ${destination}, replacing objects of the same name` }));
    return true;
  }
  return false;
}

/**
 * gcloud and az. The words before the verb name the resource group (`compute instances`), the
 * words after it the resources. Deletes are irreversible and lose data unless the group is only
 * configuration; projects, resource groups, subscriptions and clusters are environment-wide.
 * Reads are reads; changes to live resources have no undo in Airlock's hands (as for aws); remote
 * sessions (`ssh`, `run-command`) run what Airlock cannot see.
 */
function cloudCli(provider: 'gcloud' | 'azure'): CommandHandler {
  return (call, ctx) => {
    const cli = parseCli(call.args, provider === 'gcloud' ? GCLOUD_WITH_VALUE : AZ_WITH_VALUE);
    const tool = call.name;
    environmentHints(provider, cli, ctx);
    let words = cli.words;
    let shown = cli.shown;
    if (provider === 'gcloud' && RELEASE_TRACKS.has(words[0] ?? '')) {
      words = words.slice(1);
      shown = shown.slice(1);
    }
    if (words.length === 0 || flag(cli, '--help', '-h')) {
      ctx.read(`${tool}: prints help`);
      return;
    }
    let verbIndex = -1;
    words.forEach((word, index) => {
      const cls = word === undefined ? undefined : verbClass(word);
      if (cls && (verbIndex === -1 || DANGER.indexOf(cls) > DANGER.indexOf(verbClass(words[verbIndex]!)!))) verbIndex = index;
    });
    const dynamicAt = words.findIndex((word) => word === undefined);
    if (dynamicAt !== -1 && (verbIndex === -1 || dynamicAt <= verbIndex)) {
      ctx.unknown(`runs ${tool} with a command only known at run time (${shown.join(' ')})`);
      return;
    }
    const known = words as readonly string[];
    if (LOCAL_GROUPS[provider].has(known[0]!) || (provider === 'azure' && known[0] === 'account' && known[1] !== 'subscription' && known[1] !== 'management-group')) {
      if (verbIndex !== -1 && verbClass(known[verbIndex]!) === 'read') ctx.read(`${tool} ${known.join(' ')}: reads`);
      else ctx.emit(effect('update', `${provider}.config`, known.join(' '), { reversible: true, destroysData: false, summary: `${tool} ${known.join(' ')}: changes this machine's ${tool} settings` }));
      return;
    }
    const verb = verbIndex === -1 ? undefined : known[verbIndex]!;
    const groupWords = verbIndex === -1 ? known : known.slice(0, verbIndex);
    const groups = groupWords.join(' ');
    const names = verbIndex === -1 ? [] : shown.slice(verbIndex + 1);
    const kind = `${provider}.${groupWords.join('.') || 'cli'}`;
    const project = first(cli, '--project', '--subscription');
    const group = first(cli, '--resource-group', '-g');
    const where = `${group && provider === 'azure' && groups !== 'group' ? ` in resource group ${group}` : ''}${project ? ` in ${project}` : ''}`;
    const addresses = addressesOf(provider, groups, cli, names);
    const command = `${tool} ${groups}${verb ? ` ${verb}` : ''}`;
    // `gcloud projects delete shop-prod`: the project acted on is the environment, as --project is.
    if (provider === 'gcloud' && groups === 'projects') for (const name of names) if (namesAnEnvironment(name)) ctx.hint('names', name);

    if (verb === undefined) {
      // No verb Airlock knows (`gcloud container clusters upgrade c`): a change of some kind.
      ctx.emit(effect('update', kind, addresses[0] ?? groups, { reversible: false, destroysData: false, summary: `${tool} ${known.join(' ')}: changes ${groups}${where}` }));
      return;
    }
    if (provider === 'gcloud' && groups === 'storage' && gcloudStorage(verb, cli, names, ctx)) return;
    if (provider === 'azure' && groupWords[0] === 'deployment' && verb === 'create') {
      armDeployment(groups, cli, ctx);
      return;
    }
    const quiet = flag(cli, '--quiet', '-q', '--yes', '-y') ? ', without a confirmation prompt' : '';
    // Cancelling a subscription deletes everything in it; other cancels stop an operation.
    const verbKind = provider === 'azure' && groups === 'account subscription' && verb === 'cancel' ? 'delete' : verbClass(verb)!;
    switch (verbKind) {
      case 'read':
        ctx.read(`${tool} ${known.join(' ')}: reads`);
        return;
      case 'delete': {
        const facts = deleteFacts(provider, groups, verb, cli);
        for (const address of addresses) {
          ctx.emit(effect('delete', kind, address, {
            reversible: false,
            destroysData: facts.destroysData,
            ...(facts.environmentWide ? { environmentWide: true } : {}),
            summary: `${command}: ${verb === 'purge' ? 'purges' : verb === 'cancel' ? 'cancels' : 'deletes'} ${address}${where}${facts.detail}${quiet}`,
          }));
        }
        return;
      }
      case 'remote':
        remoteSession(provider, tool, known.join(' '), addresses[0] ?? groups, cli, ctx);
        return;
      case 'create':
        for (const address of addresses) ctx.emit(effect('create', kind, address, { reversible: true, destroysData: false, summary: `${command}: creates ${address}${where}` }));
        return;
      case 'start':
        for (const address of addresses) ctx.emit(effect('update', kind, address, { reversible: true, destroysData: false, summary: `${command}: starts ${address}${where}` }));
        return;
      case 'stop':
        for (const address of addresses) ctx.emit(effect('update', kind, address, { reversible: false, destroysData: false, summary: `${command}: ${verb}s ${address}${where}, interrupting what it serves` }));
        return;
      case 'overwrite':
        for (const address of addresses) {
          const target = first(cli, '--restore-instance') ?? address;
          ctx.emit(effect('update', kind, target, { reversible: false, destroysData: true, summary: `${command}: overwrites the data of ${target}${where} with a backup; what it holds now is lost` }));
        }
        return;
      case 'update':
        for (const address of addresses) ctx.emit(effect('update', kind, address, { reversible: false, destroysData: false, summary: `${command}: changes ${address}${where}` }));
        return;
    }
  };
}

/**
 * `az deployment group create`: applies an ARM or Bicep template, which changes whatever it lists
 * (as `aws cloudformation deploy` does); in Complete mode it also deletes every resource of the
 * resource group that the template does not list.
 */
function armDeployment(groups: string, cli: CliWords, ctx: CommandContext): void {
  const scope = first(cli, '--resource-group', '-g') ?? (groups.split(' ')[1] ?? 'subscription');
  const template = first(cli, '--template-file', '-f', '--template-uri') ?? 'a template';
  if ((first(cli, '--mode') ?? '').toLowerCase() === 'complete') {
    ctx.emit(effect('delete', 'azure.group', scope, { reversible: false, destroysData: true, summary: `az ${groups} create --mode Complete: deletes every resource in ${scope} that ${template} does not list` }));
  }
  ctx.emit(effect('execute', 'azure.deployment', scope, { reversible: false, destroysData: false, summary: `az ${groups} create: applies ${template} to ${scope}; run \`az ${groups} what-if\` to see what it would change` }));
}

/** The resources a call names: positionals after the verb, or --name / --ids, scoped by their parent. */
function addressesOf(provider: 'gcloud' | 'azure', groups: string, cli: CliWords, names: readonly string[]): string[] {
  const parent = first(cli, '--instance', '--server', '-s', '--account-name', '--vault-name', '--cluster', '--cluster-name');
  const scoped = (name: string) => (parent && !(provider === 'azure' && groups.startsWith('account')) ? `${parent}/${name}` : name);
  const named = first(cli, '--name', '-n');
  if (provider === 'azure') {
    if (named) return [scoped(named)];
    const ids = cli.options.get('--ids');
    if (ids?.length) return [...ids];
    const source = first(cli, '--source', '--container-name');
    if (source) return [scoped(source)];
    if (groups === 'group') {
      const group = first(cli, '--resource-group', '-g');
      if (group) return [group];
    }
  }
  if (names.length > 0) return names.map(scoped);
  if (named) return [scoped(named)];
  return [groups || provider];
}

/**
 * `gcloud compute ssh VM --command CMD`, `az vm run-command invoke --scripts S`: with the command
 * given, what it does is analysed as it would run on that machine; without, an interactive session.
 */
function remoteSession(provider: 'gcloud' | 'azure', tool: string, words: string, host: string, cli: CliWords, ctx: CommandContext): void {
  const source = first(cli, '--command', '--scripts');
  if (source !== undefined && source !== 'true') {
    ctx.emit(effect('execute', `${provider}.host`, host, { reversible: true, destroysData: false, summary: `${tool} ${words}: runs a command on ${host}` }));
    ctx.runSource(source, `on ${host} via ${tool}`, { remote: `${provider}:${host}:` });
    return;
  }
  ctx.unknown(`${tool} ${words}: opens a session on ${host} (or runs a script there); what runs there cannot be seen`);
}

/**
 * The project (`--project`, CLOUDSDK_CORE_PROJECT) and subscription name an environment
 * (`shop-prod`); ids that are GUIDs or numbers do not. A resource group counts only when its name
 * looks like production: most name an application, and taking `rg-web` as an environment would
 * make a change to an unrecognised one look mild.
 */
function environmentHints(provider: 'gcloud' | 'azure', cli: CliWords, ctx: CommandContext): void {
  const variable = (name: string) => literalOf(ctx.variable(name));
  const project = provider === 'gcloud' ? (first(cli, '--project') ?? variable('CLOUDSDK_CORE_PROJECT')) : first(cli, '--subscription');
  if (project && namesAnEnvironment(project)) ctx.hint('names', project);
  if (provider === 'azure') {
    const group = first(cli, '--resource-group', '-g') ?? variable('AZURE_DEFAULTS_GROUP');
    if (group && looksLikeProduction(group)) ctx.hint('names', group);
    // `az group delete --name rg-prod`: the group being deleted is the environment.
    const named = first(cli, '--name', '-n');
    if (cli.words[0] === 'group' && named && looksLikeProduction(named)) ctx.hint('names', named);
  }
}

// ---------------------------------------------------------------------------------------------
// gsutil

const GSUTIL_GLOBAL_WITH_VALUE: ReadonlySet<string> = new Set(['-o', '-h', '-u', '-i']);

/**
 * gsutil, the older Cloud Storage CLI. `rm` and `rb` keep the hosted-CLI reading (a delete of what
 * its words name); `rsync -d` deletes what the source lacks; `cp`/`mv`/`rsync` overwrite objects.
 */
const gsutil: CommandHandler = (call, ctx) => {
  let index = 0;
  while (index < call.args.length) {
    const text = literalOf(call.args[index]);
    if (text === undefined || !text.startsWith('-')) break;
    index += GSUTIL_GLOBAL_WITH_VALUE.has(text) ? 2 : 1;
  }
  const sub = literalOf(call.args[index]);
  const rest = call.args.slice(index + 1);
  const cli = parseCli(rest, new Set(['-x', '-p', '-l', '-c', '-s', '-j', '-J', '-z', '-Z']));
  const operands = cli.shown;
  switch (sub) {
    case 'ls':
    case 'cat':
    case 'du':
    case 'stat':
    case 'hash':
    case 'version':
    case 'help':
    case 'signurl':
      ctx.read(`gsutil ${sub}: reads`);
      return;
    case 'mb':
      for (const bucket of operands) ctx.emit(effect('create', 'gcloud.storage', bucket, { reversible: true, destroysData: false, summary: `gsutil mb: creates the bucket ${bucket}` }));
      return;
    case 'rsync':
    case 'cp':
    case 'mv': {
      const destinationArg = rest.filter((arg) => !literalOf(arg)?.startsWith('-')).pop();
      const destination = operands[operands.length - 1] ?? '?';
      if (sub === 'rsync' && (flag(cli, '-d') || [...cli.options.keys()].some((name) => /^-[a-zA-Z]*d[a-zA-Z]*$/.test(name) && !name.startsWith('--')))) {
        ctx.emit(effect('delete', 'gcloud.storage', destination, { reversible: false, destroysData: true, summary: `gsutil rsync -d: deletes every object under ${destination} that the source does not have` }));
      }
      if (destination.startsWith('gs://') || !destinationArg) {
        ctx.emit(effect('update', 'gcloud.storage', destination, { reversible: false, destroysData: false, summary: `gsutil ${sub}: writes to ${destination}, replacing objects of the same name` }));
      } else writeFileEffect(ctx, ctx.path(destinationArg), 'overwrites');
      return;
    }
    default:
      // rm, rb and anything else: by its words (a delete when they say so).
      hostedCli(call, ctx);
  }
};

// ---------------------------------------------------------------------------------------------
// pulumi

/** pulumi options that take a value (global and per command). `-f` is --skip-preview, a flag. */
const PULUMI_WITH_VALUE: ReadonlySet<string> = new Set([
  '-C', '--cwd', '--color', '-v', '--verbose', '--tracing', '--profiling', '-s', '--stack', '-m', '--message', '-p',
  '--parallel', '--config-file', '-c', '--config', '-t', '--target', '--replace', '-x', '--exclude', '--policy-pack',
  '--policy-pack-config', '--secrets-provider', '--exec-kind', '--exec-agent', '--client', '--plan', '--import-file',
  '--save-plan', '--attach-debugger', '--file', '--from', '--copy-config-from', '--suppress-permalink', '--path',
]);

interface PulumiCall {
  readonly cli: CliWords;
  readonly sub: string | undefined;
  readonly words: ReadonlyArray<string | undefined>;
  /** The stack named with --stack (whole), or "(current stack)". */
  readonly stack: string;
  readonly unattended: string;
}

/**
 * pulumi. The shell cannot see what `pulumi up` would change: that needs its preview, which
 * Airlock reads as a `pulumi` change (`pulumi preview --json`). So `up` (alias `update`) is an
 * irreversible run, and without a preview at all (`--skip-preview`, `watch`) an unknown one.
 * `destroy` (aliases `down`, `dn`) deletes the whole stack (its --target resources only, when
 * named); `stack rm` (`remove`, `delete`) and `state delete` drop the state Pulumi manages the
 * environment by; `--preview-only` runs are reads.
 */
const pulumi: CommandHandler = (call, ctx) => {
  const cli = parseCli(call.args, PULUMI_WITH_VALUE);
  const stackOption = first(cli, '--stack', '-s');
  if (stackOption) ctx.hint('names', stackOption.split('/').pop() || stackOption);
  const cwd = cli.optionArgs.get('--cwd')?.[0] ?? cli.optionArgs.get('-C')?.[0];
  if (cwd) {
    const dir = resolvePath(cwd, ctx.cwd);
    if (dir.certainty === 'exact' && dir.address.startsWith('/')) ctx.hint('paths', dir.address);
  }
  if (cli.words.slice(0, 2).some((word) => word === undefined)) {
    ctx.unknown(`runs a pulumi command only known at run time (${cli.shown.join(' ')})`);
    return;
  }
  const unattended = flag(cli, '--yes', '-y') ? ', without a confirmation prompt' : '';
  const p: PulumiCall = { cli, sub: cli.words[0], words: cli.words, stack: stackOption ?? '(current stack)', unattended };
  const handler = p.sub === undefined ? undefined : PULUMI_SUBCOMMANDS.get(p.sub);
  if (handler) handler(p, ctx);
  else if (p.sub === undefined || PULUMI_READS.has(p.sub) || (p.sub === 'plugin' && p.words[1] === 'ls')) ctx.read(`pulumi ${p.sub ?? ''}: reads`.trim());
  else if (PULUMI_LOCAL.has(p.sub)) ctx.emit(effect('update', 'pulumi.config', p.sub, { reversible: true, destroysData: false, summary: `pulumi ${p.sub}: changes this machine's Pulumi setup` }));
  else ctx.execute(`pulumi ${p.sub}`, `runs pulumi ${p.sub}`, false);
};

const PULUMI_READS: ReadonlySet<string> = new Set(['preview', 'pre', 'whoami', 'version', 'about', 'logs', 'help', 'gen-completion', 'schema', 'console', 'org']);

/** Subcommands that change only this machine: the backend logged in to, plugins, dependencies. */
const PULUMI_LOCAL: ReadonlySet<string> = new Set(['login', 'logout', 'install', 'plugin']);

/** One Pulumi resource named by its URN (`--target`, `--replace`, `state delete URN`). */
function urnResource(urn: string): { kind: string; address: string; dataBearing: boolean } {
  const type = parseUrn(urn)?.type;
  return { kind: type ? `pulumi.${type}` : 'pulumi.resource', address: pulumiAddressOf(urn), dataBearing: type ? isDataBearingToken(type) : true };
}

/**
 * Subcommands by name and by their cobra aliases (`destroy` is also `down` and `dn`, `up` is also
 * `update`): an alias runs the same command, so it must be read the same way.
 */
const PULUMI_SUBCOMMANDS: ReadonlyMap<string, (p: PulumiCall, ctx: CommandContext) => void> = new Map([
  ['destroy', pulumiDestroy],
  ['down', pulumiDestroy],
  ['dn', pulumiDestroy],
  ['up', pulumiUp],
  ['update', pulumiUp],
  ['watch', (p: PulumiCall, ctx: CommandContext) => ctx.unknown(`pulumi watch: applies every change to the program to ${p.stack} as soon as it is saved, with no preview; what it does cannot be seen`)],
  ['refresh', (p: PulumiCall, ctx: CommandContext) => {
    if (flag(p.cli, '--preview-only')) ctx.read('pulumi refresh --preview-only: reads');
    else ctx.emit(effect('update', 'pulumi.stack-state', p.stack, { reversible: false, destroysData: false, summary: `pulumi refresh: rewrites the state of ${p.stack} to match the cloud; resources deleted outside Pulumi drop out of it${p.unattended}` }));
  }],
  ['cancel', (p: PulumiCall, ctx: CommandContext) => {
    ctx.emit(effect('update', 'pulumi.stack', p.words[1] ?? p.stack, { reversible: false, destroysData: false, summary: `pulumi cancel: stops the update running on ${p.words[1] ?? p.stack}, which can leave resources half-changed and operations pending in the state` }));
  }],
  ['import', (p: PulumiCall, ctx: CommandContext) => {
    if (flag(p.cli, '--preview-only')) ctx.read('pulumi import --preview-only: reads');
    else ctx.emit(effect('create', 'pulumi.stack', p.stack, { reversible: true, destroysData: false, summary: `pulumi import: adopts existing resources into ${p.stack}` }));
  }],
  ['state', pulumiState],
  ['stack', pulumiStack],
  ['config', (p: PulumiCall, ctx: CommandContext) => {
    const verb = p.words[1];
    if (verb && ['set', 'set-all', 'rm', 'rm-all', 'cp', 'refresh'].includes(verb)) ctx.emit(effect('update', 'pulumi.config', p.stack, { reversible: true, destroysData: false, summary: `pulumi config ${verb}: changes the configuration of ${p.stack}` }));
    else ctx.read('pulumi config: reads');
  }],
  ['env', (p: PulumiCall, ctx: CommandContext) => {
    const verb = p.words[1];
    const name = p.words[2] ?? '?';
    if (verb === 'rm') ctx.emit(effect('delete', 'pulumi.environment', name, { reversible: false, destroysData: true, summary: `pulumi env rm: deletes the environment ${name} and the secrets and settings in it` }));
    else if (verb && ['set', 'edit', 'init', 'rotate', 'tag', 'version', 'clone', 'rename'].includes(verb)) ctx.emit(effect('update', 'pulumi.environment', name, { reversible: false, destroysData: false, summary: `pulumi env ${verb}: changes the environment ${name}` }));
    else if (verb === 'run') ctx.unknown('pulumi env run: runs a command with an environment\'s secrets; what it does is not visible here');
    else ctx.read(`pulumi env ${verb ?? ''}: reads`.trim());
  }],
]);

function pulumiDestroy(p: PulumiCall, ctx: CommandContext): void {
  if (flag(p.cli, '--preview-only')) {
    ctx.read(`pulumi ${p.sub} --preview-only: reads`);
    return;
  }
  const targets = [...(p.cli.options.get('--target') ?? []), ...(p.cli.options.get('-t') ?? [])];
  if (targets.length > 0) {
    const dependents = flag(p.cli, '--target-dependents') ? ' and every resource that depends on it' : '';
    for (const urn of targets) {
      const r = urnResource(urn);
      ctx.emit(effect('delete', r.kind, r.address, { reversible: false, destroysData: r.dataBearing, summary: `pulumi ${p.sub} --target: destroys ${r.address}${dependents} in ${p.stack}${p.unattended}` }));
    }
    return;
  }
  const protectedNote = flag(p.cli, '--exclude-protected') ? ' except the protected ones' : '';
  const remove = flag(p.cli, '--remove') ? ', then removes the stack, its state and its config' : '';
  ctx.emit(effect('delete', 'pulumi.stack', p.stack, {
    reversible: false,
    destroysData: true,
    environmentWide: true,
    summary: `pulumi ${p.sub}${p.sub === 'destroy' ? '' : ' (pulumi destroy)'}: destroys every resource of the Pulumi stack ${p.stack}${protectedNote}${remove}${p.unattended}`,
  }));
}

function pulumiUp(p: PulumiCall, ctx: CommandContext): void {
  const skipPreview = flag(p.cli, '--skip-preview', '-f');
  const review = 'submit `pulumi preview --json` as a pulumi change to see what it would do';
  for (const urn of p.cli.options.get('--replace') ?? []) {
    const r = urnResource(urn);
    ctx.emit(effect('replace', r.kind, r.address, { reversible: false, destroysData: r.dataBearing, summary: `pulumi up --replace: destroys and re-creates ${r.address} in ${p.stack}${r.dataBearing ? ' — its data is lost' : ''}` }));
  }
  if (skipPreview) {
    ctx.unknown(`pulumi up --skip-preview: applies whatever the program now declares to ${p.stack} without computing a preview first, so no one sees what it changes; ${review}`);
    return;
  }
  ctx.emit(effect('execute', 'pulumi.stack', p.stack, { reversible: false, destroysData: false, summary: `pulumi up: applies whatever the Pulumi program now declares to ${p.stack}${p.unattended}; ${review}` }));
}

function pulumiState(p: PulumiCall, ctx: CommandContext): void {
  const verb = p.words[1];
  const all = flag(p.cli, '--all');
  const urns = p.words.slice(2).filter((word): word is string => word !== undefined);
  const each = (fn: (r: { kind: string; address: string }) => void) => {
    if (all || urns.length === 0) fn({ kind: 'pulumi.stack-state', address: p.stack });
    else for (const urn of urns) fn(urnResource(urn));
  };
  switch (verb) {
    case 'delete':
      each((r) =>
        ctx.emit(effect('delete', r.kind, r.address, {
          reversible: false,
          destroysData: false,
          ...(all ? { environmentWide: true } : {}),
          summary: all
            ? `pulumi state delete --all: drops every resource from the state of ${p.stack}; they keep running, unmanaged`
            : `pulumi state delete: drops ${r.address} from the state of ${p.stack}; it keeps running, unmanaged, and the next update may create a second one`,
        })),
      );
      return;
    case 'unprotect':
    case 'protect':
      each((r) => ctx.emit(effect('update', r.kind, r.address, { reversible: true, destroysData: false, summary: `pulumi state ${verb}: turns deletion protection ${verb === 'protect' ? 'on' : 'off'} for ${r.address}` })));
      return;
    case undefined:
    case 'get':
    case 'help':
      ctx.read(`pulumi state ${verb ?? ''}: reads`.trim());
      return;
    default:
      // edit, move, rename, repair, upgrade, taint, untaint, and any verb Airlock does not know
      // (newer CLIs add some): each rewrites the state, and none is a read.
      ctx.emit(effect('update', 'pulumi.stack-state', p.stack, { reversible: false, destroysData: false, summary: `pulumi state ${verb}: edits the state of ${p.stack}` }));
  }
}

/** `pulumi stack` verbs that only read, or change only which stack this machine selects. */
const PULUMI_STACK_READS: ReadonlySet<string> = new Set(['ls', 'list', 'output', 'history', 'export', 'graph', 'select', 'unselect', 'get', 'help']);

function pulumiStack(p: PulumiCall, ctx: CommandContext): void {
  const verb = p.words[1];
  const named = p.words[2] ?? undefined;
  const stack = named ?? p.stack;
  // `stack remove` is the command in newer CLIs; `rm` and `delete` are its aliases.
  const removes = verb === 'rm' || verb === 'remove' || verb === 'delete';
  if (named && removes) ctx.hint('names', named.split('/').pop() || named);
  switch (removes ? 'rm' : verb) {
    case 'rm': {
      const force = flag(p.cli, '--force', '-f') ? '; --force removes it even though resources remain, which keep running with nothing managing them' : '';
      ctx.emit(effect('delete', 'pulumi.stack-state', stack, {
        reversible: false,
        destroysData: true,
        environmentWide: true,
        summary: `pulumi stack ${verb}: deletes the stack ${stack} with its state${flag(p.cli, '--preserve-config') ? '' : ' and config'}${force}${p.unattended}`,
      }));
      return;
    }
    case 'import':
      ctx.emit(effect('update', 'pulumi.stack-state', stack, { reversible: false, destroysData: false, summary: `pulumi stack import: replaces the state of ${stack} with a file's` }));
      return;
    case 'init':
      ctx.emit(effect('create', 'pulumi.stack', stack, { reversible: true, destroysData: false, summary: `pulumi stack init: creates the stack ${stack}` }));
      return;
    case 'rename':
    case 'tag':
      ctx.emit(effect('update', 'pulumi.stack', p.stack, { reversible: true, destroysData: false, summary: `pulumi stack ${verb}: changes the stack ${p.stack}` }));
      return;
    case 'change-secrets-provider':
      ctx.emit(effect('update', 'pulumi.stack', p.stack, { reversible: false, destroysData: false, summary: `pulumi stack change-secrets-provider: re-encrypts the secrets of ${p.stack}` }));
      return;
    default:
      if (verb === undefined || PULUMI_STACK_READS.has(verb)) ctx.read(`pulumi stack ${verb ?? ''}: reads`.trim());
      // A verb Airlock does not know (schedules, webhooks, environments, migrations …) is not
      // taken for a read: it may change the stack or what runs against it.
      else ctx.emit(effect('update', 'pulumi.stack', p.stack, { reversible: false, destroysData: false, summary: `pulumi stack ${verb}: changes the stack ${p.stack} in a way Airlock does not model` }));
  }
}

// ---------------------------------------------------------------------------------------------
// AWS CDK

const CDK_WITH_VALUE: ReadonlySet<string> = new Set(['--profile', '--app', '-a', '--context', '-c', '--output', '-o', '--role-arn', '-r', '--toolkit-stack-name', '--exclusively', '--concurrency', '--method', '-m', '--parameters', '--tags', '--require-approval']);

/** AWS CDK: `destroy` deletes the stacks, `deploy` applies them. */
const cdk: CommandHandler = (call: CommandCall, ctx) => {
  const cli = parseCli(call.args, CDK_WITH_VALUE);
  const profile = first(cli, '--profile');
  if (profile) ctx.hint('awsProfiles', profile);
  const [sub, ...stacks] = cli.shown;
  const address = stacks.join(' ') || '(every stack in the app)';
  if (sub === 'destroy') {
    ctx.emit(effect('delete', 'aws.cloudformation.stack', address, {
      reversible: false,
      destroysData: true,
      environmentWide: stacks.length === 0 || flag(cli, '--all') || stacks.some((s) => s.includes('*')),
      summary: `destroys the CDK stacks ${address} and every resource in them${flag(cli, '--force', '-f') ? ', without a confirmation prompt' : ''}`,
    }));
    return;
  }
  if (sub === 'deploy') {
    ctx.emit(effect('execute', 'aws.cloudformation.stack', address, { reversible: false, destroysData: false, summary: `deploys the CDK stacks ${address}` }));
    return;
  }
  ctx.read(`cdk ${sub ?? ''}: reads or synthesises`);
};

export const cloudCommands: CommandTable = {
  gcloud: cloudCli('gcloud'),
  az: cloudCli('azure'),
  gsutil,
  pulumi,
  cdk,
};
