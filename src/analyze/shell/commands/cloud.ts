import type { CommandHandler, CommandTable } from '../command-context.js';
import { effect } from '../effects.js';
import { displayOf, literalOf, type Arg } from '../words.js';

/** Options of gcloud and az that take a value (so their values are not mistaken for words). */
const WITH_VALUE: ReadonlySet<string> = new Set([
  // gcloud
  '--project', '--account', '--configuration', '--zone', '--region', '--format', '--filter', '--limit', '--sort-by',
  '--impersonate-service-account', '--billing-project', '--verbosity', '--flags-file', '--page-size', '--location',
  // az
  '--subscription', '--resource-group', '-g', '--name', '-n', '--output', '-o', '--query', '-l', '--ids',
]);

const READ_VERBS = /^(list|describe|show|get|get-.*|list-.*|describe-.*|show-.*|read|browse|check|wait|version|help|info|whoami|print-.*|export|validate|search|tail|logs?)$/;

/**
 * gcloud and az, generically: the words before the verb name the resource group
 * (`compute instances`), a `delete` verb is an irreversible delete, reading verbs are reads,
 * anything else an update.
 */
function cloudCli(provider: 'gcloud' | 'azure'): CommandHandler {
  return (call, ctx) => {
    const words: string[] = [];
    const values = new Map<string, string>();
    const args = call.args;
    for (let i = 0; i < args.length; i += 1) {
      const arg = args[i] as Arg;
      const text = literalOf(arg);
      if (text === undefined) {
        words.push(displayOf(arg));
        continue;
      }
      if (text.startsWith('-')) {
        const eq = text.indexOf('=');
        const name = eq === -1 ? text : text.slice(0, eq);
        if (eq !== -1) values.set(name, text.slice(eq + 1));
        else if (WITH_VALUE.has(name)) {
          values.set(name, displayOf(args[i + 1] ?? arg));
          i += 1;
        } else values.set(name, 'true');
        continue;
      }
      words.push(text);
    }
    const verbIndex = words.findIndex((word) => word === 'delete' || READ_VERBS.test(word));
    const verb = verbIndex === -1 ? words[words.length - 1] : words[verbIndex];
    const groups = verbIndex === -1 ? words.slice(0, -1) : words.slice(0, verbIndex);
    const names = verbIndex === -1 ? [] : words.slice(verbIndex + 1);
    const kind = `${provider}.${groups.join('.') || 'cli'}`;
    const address = names[0] ?? values.get('--name') ?? values.get('-n') ?? values.get('--ids') ?? groups.join(' ');
    const tool = call.name;
    if (verb === undefined) {
      ctx.read(`${tool}: prints help`);
      return;
    }
    const project = values.get('--project') ?? values.get('--subscription');
    const where = project ? ` in ${project}` : '';
    if (words.includes('delete')) {
      const quiet = values.has('--quiet') || values.has('-q') || values.has('--yes') || values.has('-y');
      ctx.emit(effect('delete', kind, address, {
        reversible: false,
        destroysData: true,
        summary: `${tool} ${groups.join(' ')} delete: deletes ${address}${where}${quiet ? ', without a confirmation prompt' : ''}`,
      }));
      return;
    }
    if (READ_VERBS.test(verb)) {
      ctx.read(`${tool} ${words.join(' ')}: reads`);
      return;
    }
    ctx.emit(effect('update', kind, address, { reversible: true, destroysData: false, summary: `${tool} ${words.join(' ')}: changes ${address}${where}` }));
  };
}

/** pulumi: `destroy` removes every resource of the stack, `up` applies whatever the program declares. */
const pulumi: CommandHandler = (call, ctx) => {
  const words = call.args.map(literalOf).filter((word): word is string => word !== undefined && !word.startsWith('-'));
  const flags = call.args.map(literalOf);
  const stack = (() => {
    const index = flags.findIndex((flag) => flag === '-s' || flag === '--stack');
    const attached = flags.find((flag) => flag?.startsWith('--stack='));
    return attached?.slice('--stack='.length) ?? (index === -1 ? undefined : flags[index + 1]);
  })();
  const unattended = flags.some((flag) => flag === '--yes' || flag === '-y' || flag === '--skip-preview' || flag === '-f');
  const address = stack ?? '(current stack)';
  if (stack) ctx.hint('names', stack);
  const sub = words[0];
  if (sub === 'destroy' || (sub === 'stack' && words[1] === 'rm')) {
    const stateOnly = sub === 'stack';
    ctx.emit(effect('delete', stateOnly ? 'pulumi.stack-state' : 'pulumi.stack', address, {
      reversible: false,
      destroysData: true,
      environmentWide: !stateOnly,
      summary: stateOnly ? `deletes the stack ${address} and its state` : `destroys every resource of the Pulumi stack ${address}${unattended ? ', without a confirmation prompt' : ''}`,
    }));
    return;
  }
  if (sub === 'up' || sub === 'update') {
    ctx.emit(effect('execute', 'pulumi.stack', address, { reversible: false, destroysData: false, summary: `applies whatever the Pulumi program now declares to ${address}${unattended ? ', without review' : ''}` }));
    return;
  }
  if (sub === undefined || ['preview', 'stack', 'config', 'whoami', 'version', 'about', 'logs', 'plugin', 'help'].includes(sub)) {
    ctx.read(`pulumi ${sub ?? ''}: reads`);
    return;
  }
  ctx.execute(`pulumi ${sub}`, `runs pulumi ${sub}`, false);
};

/** AWS CDK: `destroy` deletes the stacks, `deploy` applies them. */
const cdk: CommandHandler = (call, ctx) => {
  const words = call.args.map(literalOf).filter((word): word is string => word !== undefined && !word.startsWith('-'));
  const flags = call.args.map(literalOf);
  const [sub, ...stacks] = words;
  const address = stacks.join(' ') || '(every stack in the app)';
  if (sub === 'destroy') {
    ctx.emit(effect('delete', 'aws.cloudformation.stack', address, {
      reversible: false,
      destroysData: true,
      environmentWide: stacks.length === 0 || flags.includes('--all'),
      summary: `destroys the CDK stacks ${address} and every resource in them${flags.includes('--force') || flags.includes('-f') ? ', without a confirmation prompt' : ''}`,
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
  pulumi,
  cdk,
};
