import { isCustomerFacingType, isDataBearingType, typeOfAddress } from '../../terraform/resource-types.js';
import type { CommandCall, CommandContext, CommandHandler, CommandTable } from '../command-context.js';
import { effect } from '../effects.js';
import { resolvePath, type WorkingDirectory } from '../paths.js';
import { displayOf, literalOf, sliceArg, staticArg, type Arg } from '../words.js';

/** Options (single or double dash) that take a value when written without `=`. */
const WITH_VALUE: ReadonlySet<string> = new Set([
  'target', 'replace', 'var', 'var-file', 'state', 'state-out', 'backup', 'out', 'lock-timeout', 'parallelism',
  'backend-config', 'plugin-dir', 'from-module', 'generate-config-out', 'filter', 'test-directory', 'ignore-remote-version',
]);

/** A terraform invocation's options and positional arguments. */
interface TerraformArgs {
  readonly options: ReadonlyMap<string, readonly Arg[]>;
  readonly positionals: readonly Arg[];
}

function parseTerraformArgs(args: readonly Arg[]): TerraformArgs {
  const options = new Map<string, Arg[]>();
  const positionals: Arg[] = [];
  const add = (name: string, value: Arg): void => {
    options.set(name, [...(options.get(name) ?? []), value]);
  };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as Arg;
    const text = literalOf(arg);
    if (text === undefined || !text.startsWith('-') || text === '-') {
      positionals.push(arg);
      continue;
    }
    const dashes = text.startsWith('--') ? 2 : 1;
    const body = text.slice(dashes);
    const eq = body.indexOf('=');
    if (eq !== -1) add(body.slice(0, eq), sliceArg(arg, dashes + eq + 1));
    else if (WITH_VALUE.has(body)) {
      add(body, args[i + 1] ?? staticArg(''));
      i += 1;
    } else add(body, staticArg('true'));
  }
  return { options, positionals };
}

/** Is a boolean option on (`-destroy`, `-destroy=true`; not `-destroy=false`)? */
function isOn(args: TerraformArgs, name: string): boolean {
  const values = args.options.get(name);
  const last = values?.[values.length - 1];
  if (!last) return false;
  const text = literalOf(last);
  return text === undefined || !['false', '0'].includes(text.toLowerCase());
}

function values(args: TerraformArgs, name: string): string[] {
  return (args.options.get(name) ?? []).map(displayOf);
}

/** How a terraform-like tool was invoked. */
interface Invocation {
  readonly tool: string;
  /** The configuration directory (`-chdir`, terragrunt's working dir, else the working directory). */
  readonly dir: WorkingDirectory;
  /** terragrunt run-all / run --all: every module under the directory. */
  readonly allModules: boolean;
  /** The confirmation prompt cannot stop it (terragrunt --non-interactive, or input piped in). */
  readonly promptAnswered: boolean;
}

function dirAddress(invocation: Invocation): string {
  return invocation.dir.path;
}

function where(invocation: Invocation, ctx: CommandContext): string {
  const workspace = literalOf(ctx.variable('TF_WORKSPACE'));
  const scope = invocation.allModules ? `every module under ${dirAddress(invocation)}` : `the configuration at ${dirAddress(invocation)}`;
  return workspace ? `${scope} (workspace ${workspace})` : scope;
}

/** A resource address's kind and whether losing it loses data. */
function resourceOf(address: string): { kind: string; dataBearing: boolean; customerFacing: boolean } {
  const type = typeOfAddress(address);
  const isModule = type === undefined || /^module\.[^.[]+(\[[^\]]*\])?$/.test(address);
  if (isModule) return { kind: 'terraform.module', dataBearing: true, customerFacing: false };
  return { kind: `terraform.${type}`, dataBearing: isDataBearingType(type), customerFacing: isCustomerFacingType(type) };
}

function resourceEffect(ctx: CommandContext, operation: 'delete' | 'replace' | 'update', address: string, summary: string, reversible: boolean, destroys?: boolean): void {
  const resource = resourceOf(address);
  ctx.emit({
    operation,
    resource: { kind: resource.kind, address, dataBearing: resource.dataBearing, ...(resource.customerFacing ? { customerFacing: true } : {}) },
    reversible,
    destroysData: destroys ?? resource.dataBearing,
    summary,
  });
}

function destroy(ctx: CommandContext, invocation: Invocation, args: TerraformArgs, call: CommandCall): void {
  const unattended = isOn(args, 'auto-approve') || invocation.promptAnswered || call.stdin.kind !== 'inherited';
  const prompt = unattended ? ', without a confirmation prompt' : ' after a confirmation prompt';
  const targets = values(args, 'target');
  if (targets.length > 0) {
    for (const target of targets) {
      resourceEffect(ctx, 'delete', target, `destroys ${target} and what depends on it${prompt}`, false);
    }
    return;
  }
  ctx.emit(
    effect('delete', 'terraform.workspace', dirAddress(invocation), {
      reversible: false,
      destroysData: true,
      environmentWide: true,
      summary: `destroys every resource managed by ${where(invocation, ctx)}${prompt}`,
    }),
  );
}

function apply(ctx: CommandContext, invocation: Invocation, args: TerraformArgs, call: CommandCall): void {
  if (isOn(args, 'destroy')) {
    destroy(ctx, invocation, args, call);
    return;
  }
  const unattended = isOn(args, 'auto-approve') || invocation.promptAnswered || call.stdin.kind !== 'inherited';
  const replaced = values(args, 'replace');
  for (const address of replaced) {
    resourceEffect(ctx, 'replace', address, `destroys and recreates ${address}${resourceOf(address).dataBearing ? ', losing the data it holds' : ''}`, false);
  }
  const plan = args.positionals[0];
  if (plan) {
    const target = resolvePath(plan, invocation.dir);
    ctx.emit(
      effect('execute', 'terraform.plan-file', target.address, {
        reversible: false,
        destroysData: false,
        summary: `applies the saved plan ${target.address}; its contents are not visible here — check it with \`airlock check terraform\``,
      }),
    );
    return;
  }
  if (isOn(args, 'refresh-only')) {
    ctx.emit(effect('update', 'terraform.state', dirAddress(invocation), { reversible: true, destroysData: false, summary: `updates the state of ${where(invocation, ctx)} to match real infrastructure` }));
    return;
  }
  const targets = values(args, 'target');
  const limited = targets.length > 0 ? ` (limited to ${targets.join(', ')})` : '';
  ctx.emit(
    effect('execute', 'terraform.workspace', dirAddress(invocation), {
      reversible: false,
      destroysData: false,
      environmentWide: invocation.allModules,
      summary: unattended
        ? `applies whatever ${where(invocation, ctx)} now plans${limited}, without review; check the plan with \`airlock check terraform\``
        : `applies ${where(invocation, ctx)}${limited} after showing the plan and asking for confirmation`,
    }),
  );
}

function state(ctx: CommandContext, invocation: Invocation, args: TerraformArgs): void {
  const [subArg, ...rest] = args.positionals;
  const sub = literalOf(subArg);
  const addresses = rest.map(displayOf);
  switch (sub) {
    case 'list':
    case 'show':
    case 'pull':
    case 'identities':
      ctx.read(`${invocation.tool} state ${sub}: reads the state`);
      return;
    case 'rm':
      for (const address of addresses) {
        ctx.emit(effect('delete', 'terraform.state-entry', address, {
          reversible: false,
          destroysData: false,
          summary: `removes ${address} from the state; the real resource is left running but no longer managed`,
        }));
      }
      return;
    case 'mv':
      ctx.emit(effect('update', 'terraform.state-entry', addresses[0] ?? '?', { reversible: true, destroysData: false, summary: `moves ${addresses[0] ?? '?'} to ${addresses[1] ?? '?'} in the state` }));
      return;
    case 'push':
      ctx.emit(effect('replace', 'terraform.state', dirAddress(invocation), {
        reversible: false,
        destroysData: true,
        summary: `overwrites the remote state of ${where(invocation, ctx)} with ${addresses[0] ?? 'a local file'}`,
      }));
      return;
    default:
      ctx.emit(effect('update', 'terraform.state', dirAddress(invocation), { reversible: true, destroysData: false, summary: `${invocation.tool} state ${sub ?? ''}: changes the state` }));
  }
}

function workspace(ctx: CommandContext, invocation: Invocation, args: TerraformArgs): void {
  const [subArg, nameArg] = args.positionals;
  const sub = literalOf(subArg);
  const name = nameArg ? displayOf(nameArg) : '?';
  switch (sub) {
    case 'list':
    case 'show':
    case undefined:
      ctx.read(`${invocation.tool} workspace ${sub ?? ''}: reads workspaces`);
      return;
    case 'select':
    case 'new':
      ctx.hint('terraformWorkspaces', name);
      ctx.emit(effect(sub === 'new' ? 'create' : 'update', 'terraform.workspace-selection', dirAddress(invocation), {
        reversible: true,
        destroysData: false,
        summary: `${sub === 'new' ? 'creates and selects' : 'selects'} the workspace ${name}; later commands act on it`,
      }));
      return;
    case 'delete':
      ctx.emit(effect('delete', 'terraform.workspace-state', name, {
        reversible: false,
        destroysData: true,
        summary: `deletes the workspace ${name} and its state${isOn(args, 'force') ? ', even if it still tracks resources (they keep running, unmanaged)' : ''}`,
      }));
      return;
    default:
      ctx.execute(`${invocation.tool} workspace ${sub}`, `runs ${invocation.tool} workspace ${sub}`, false);
  }
}

const READ_SUBCOMMANDS: Readonly<Record<string, string>> = {
  plan: 'shows what would change, changing nothing',
  show: 'shows the state or a plan',
  validate: 'checks the configuration',
  fmt: 'formats configuration files',
  output: 'prints outputs',
  providers: 'lists providers',
  graph: 'prints the dependency graph',
  version: 'prints the version',
  console: 'evaluates expressions',
  metadata: 'prints metadata',
  modules: 'lists modules',
  'render-json': 'renders configuration',
  'output-module-groups': 'lists modules',
  graphql: 'reads',
  'validate-inputs': 'checks inputs',
  'hclfmt': 'formats configuration files',
  'hcl': 'formats or validates configuration',
  info: 'prints information',
  find: 'finds units',
  list: 'lists units',
  dag: 'prints the dependency graph',
};

function runTerraform(call: CommandCall, ctx: CommandContext, invocation: Invocation, args: readonly Arg[]): void {
  const subcommandArg = args[0];
  const sub = literalOf(subcommandArg);
  if (!subcommandArg) {
    ctx.read(`${invocation.tool}: prints help`);
    return;
  }
  if (sub === undefined) {
    ctx.unknown(`runs a ${invocation.tool} subcommand only known at run time`);
    return;
  }
  let rest = args.slice(1);
  // TF_CLI_ARGS and TF_CLI_ARGS_<subcommand> add arguments terraform reads from the environment.
  for (const name of ['TF_CLI_ARGS', `TF_CLI_ARGS_${sub.replace(/-/g, '_')}`]) {
    const injected = ctx.variable(name);
    if (!injected) continue;
    const text = literalOf(injected);
    if (text === undefined) {
      ctx.unknown(`${name} adds arguments to ${invocation.tool} ${sub} that are only known at run time`);
      return;
    }
    rest = [...text.split(/\s+/).filter(Boolean).map((word) => staticArg(word)), ...rest];
  }
  const parsed = parseTerraformArgs(rest);
  if (isOn(parsed, 'help') || isOn(parsed, 'h')) {
    ctx.read(`${invocation.tool} ${sub} -help`);
    return;
  }
  const readWhat = READ_SUBCOMMANDS[sub];
  if (readWhat !== undefined && Object.hasOwn(READ_SUBCOMMANDS, sub)) {
    ctx.read(`${invocation.tool} ${sub}: ${readWhat}`);
    return;
  }
  if (!ctx.variable('TF_WORKSPACE') && sub !== 'init' && sub !== 'workspace') ctx.need('terraformWorkspace');
  switch (sub) {
    case 'destroy':
      destroy(ctx, invocation, parsed, call);
      return;
    case 'apply':
      apply(ctx, invocation, parsed, call);
      return;
    case 'init':
    case 'get':
      ctx.execute(`${invocation.tool} ${sub}`, `runs ${invocation.tool} ${sub}, which downloads providers and modules`, true);
      return;
    case 'state':
      state(ctx, invocation, parsed);
      return;
    case 'workspace':
      workspace(ctx, invocation, parsed);
      return;
    case 'import':
    case 'taint':
    case 'untaint': {
      const address = parsed.positionals[0] ? displayOf(parsed.positionals[0]) : '?';
      const verb = sub === 'import' ? 'brings an existing resource under management as' : sub === 'taint' ? 'marks for replacement on the next apply:' : 'clears the replacement mark of';
      resourceEffect(ctx, 'update', address, `${verb} ${address}`, true, false);
      return;
    }
    case 'refresh':
      ctx.emit(effect('update', 'terraform.state', dirAddress(invocation), { reversible: true, destroysData: false, summary: `updates the state of ${where(invocation, ctx)} to match real infrastructure` }));
      return;
    case 'force-unlock':
      ctx.emit(effect('update', 'terraform.state-lock', dirAddress(invocation), {
        reversible: false,
        destroysData: false,
        summary: `removes the state lock of ${where(invocation, ctx)}; if another run still holds it, both may write the state`,
      }));
      return;
    case 'login':
    case 'logout':
      ctx.emit(effect('update', 'terraform.credentials', sub, { reversible: true, destroysData: false, summary: `${invocation.tool} ${sub}` }));
      return;
    default:
      ctx.execute(`${invocation.tool} ${sub}`, `runs ${invocation.tool} ${sub}`, false);
  }
}

/** terraform / tofu [-chdir=DIR] SUBCOMMAND …. */
const terraform: CommandHandler = (call, ctx) => {
  let dir: WorkingDirectory = ctx.cwd;
  let index = 0;
  for (; index < call.args.length; index += 1) {
    const text = literalOf(call.args[index]);
    if (text === undefined || !text.startsWith('-')) break;
    const chdir = /^--?chdir=(.*)$/.exec(text);
    if (chdir) {
      const target = resolvePath(staticArg(chdir[1] ?? ''), dir);
      dir = { path: target.address, dynamic: target.certainty !== 'exact' };
      if (!dir.dynamic && dir.path.startsWith('/')) ctx.hint('paths', dir.path);
    } else if (/^--?(v|version)$/.test(text)) {
      ctx.read(`${call.name} version`);
      return;
    }
  }
  runTerraform(call, ctx, { tool: call.name, dir, allModules: false, promptAnswered: false }, call.args.slice(index));
};

/** Terragrunt options that take a value. */
const TERRAGRUNT_WITH_VALUE = /^--(terragrunt-(working-dir|config|source|download-dir|iam-role|include-dir|exclude-dir|parallelism|log-level|tfpath|source-map|modules-that-include|strict-include)|working-dir|config|source|download-dir|iam-assume-role|queue-include-dir|queue-exclude-dir|parallelism|log-level|tf-path|experiment|feature|auth-provider-cmd|filter|out-dir|json-out-dir|units-that-include|queue-include-units-reading|log-format|provider-cache-dir)$/;

/** terragrunt [run-all | run [--all] [--]] SUBCOMMAND …, with terraform's subcommands. */
const terragrunt: CommandHandler = (call, ctx) => {
  let dir: WorkingDirectory = ctx.cwd;
  let allModules = false;
  let nonInteractive = false;
  const rest: Arg[] = [];
  let seenSubcommand = false;
  for (let i = 0; i < call.args.length; i += 1) {
    const arg = call.args[i] as Arg;
    const text = literalOf(arg);
    if (text === 'run-all' && !seenSubcommand) allModules = true;
    else if ((text === 'run' || text === '--') && !seenSubcommand) continue;
    else if (text === '--all') allModules = true;
    else if (text === '--terragrunt-non-interactive' || text === '--non-interactive') nonInteractive = true;
    else if (text !== undefined && (text.startsWith('--terragrunt-') || TERRAGRUNT_WITH_VALUE.test(text.split('=')[0] ?? ''))) {
      const name = text.split('=')[0] ?? '';
      const value = text.includes('=') ? staticArg(text.slice(name.length + 1)) : TERRAGRUNT_WITH_VALUE.test(name) ? call.args[i + 1] : undefined;
      if (value && !text.includes('=')) i += 1;
      if (value && /working-dir$/.test(name)) {
        const target = resolvePath(value, dir);
        dir = { path: target.address, dynamic: target.certainty !== 'exact' };
        if (!dir.dynamic && dir.path.startsWith('/')) ctx.hint('paths', dir.path);
      }
    } else {
      if (text === undefined || !text.startsWith('-')) seenSubcommand = true;
      rest.push(arg);
    }
  }
  runTerraform(call, ctx, { tool: 'terragrunt', dir, allModules, promptAnswered: nonInteractive }, rest);
};

export const terraformCommands: CommandTable = {
  terraform,
  tofu: terraform,
  terragrunt,
};
