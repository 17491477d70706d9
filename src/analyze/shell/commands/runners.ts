import type { CommandContext, CommandHandler, CommandTable } from '../command-context.js';
import { optionValue, parseArgs } from '../options.js';
import { literalOf, staticArg, type Arg } from '../words.js';
import { program } from './programs.js';
import { runShellString } from '../wrappers.js';

/**
 * Tools whose subcommand runs another command: `uv run CMD`, `poetry run CMD`, `bundle exec CMD`,
 * `aws-vault exec PROFILE -- CMD`, `nix develop -c CMD` … The wrapped command is analysed like
 * any other; other subcommands of these tools are ordinary program runs.
 */
interface RunnerSpec {
  /** Subcommands that run a command (`run`, `exec`); empty when the tool itself wraps (`dotenv -- CMD`). */
  readonly subcommands: readonly string[];
  /** Options (with dashes) that take a value before the command. */
  readonly withValue?: readonly string[];
  /** Operands to skip after the subcommand before the command (aws-vault's profile, direnv's dir). */
  readonly skip?: number;
  /** An option whose value is shell code rather than a command (`npm exec -c`, `nix-shell --run`). */
  readonly sourceOption?: readonly string[];
}

/** The command after the options (or after `--`). */
function wrappedCommand(args: readonly Arg[], withValue: ReadonlySet<string>, skip: number): { command: Arg[]; skipped: Arg[] } {
  const dashDash = args.findIndex((arg) => literalOf(arg) === '--');
  const skipped: Arg[] = [];
  let index = 0;
  while (index < args.length && (dashDash === -1 || index < dashDash)) {
    const text = literalOf(args[index]);
    if (text !== undefined && text.startsWith('-')) {
      index += !text.includes('=') && withValue.has(text) ? 2 : 1;
      continue;
    }
    if (skipped.length < skip) {
      skipped.push(args[index] as Arg);
      index += 1;
      continue;
    }
    break;
  }
  if (dashDash !== -1 && index >= dashDash) return { command: args.slice(dashDash + 1), skipped };
  return { command: args.slice(index), skipped };
}

function runner(spec: RunnerSpec, onSkipped?: (ctx: CommandContext, skipped: readonly Arg[]) => Map<string, Arg> | undefined): CommandHandler {
  const withValue = new Set(spec.withValue ?? []);
  return (call, ctx) => {
    let subIndex = -1;
    if (spec.subcommands.length > 0) {
      // Global options (with their values) may come before the subcommand: `poetry -C dir run …`.
      for (let i = 0; i < call.args.length; i += 1) {
        const text = literalOf(call.args[i]);
        if (text === undefined || !text.startsWith('-')) {
          subIndex = i;
          break;
        }
        if (!text.includes('=') && withValue.has(text)) i += 1;
      }
      const found = literalOf(call.args[subIndex]);
      if (found === undefined || !spec.subcommands.includes(found)) {
        if (call.args[subIndex] && found === undefined) ctx.unknown(`runs a ${call.name} subcommand only known at run time`);
        else program(call, ctx);
        return;
      }
    }
    const sub = literalOf(call.args[subIndex]) ?? '';
    const rest = call.args.slice(subIndex + 1);
    for (const option of spec.sourceOption ?? []) {
      const index = rest.findIndex((arg) => literalOf(arg) === option);
      const source = index === -1 ? undefined : rest[index + 1];
      if (source) {
        runShellString(ctx, source, `via ${call.name} ${sub} ${option}`.replace('  ', ' '));
        return;
      }
    }
    const { command, skipped } = wrappedCommand(rest, withValue, spec.skip ?? 0);
    const assignments = onSkipped?.(ctx, skipped);
    const via = `via ${`${call.name} ${sub}`.trim()}`;
    if (command.length === 0) {
      ctx.unknown(`opens a shell ${via}; what runs there cannot be seen`);
      return;
    }
    ctx.run(command, via, assignments ? { assignments } : {});
  };
}

/** aws-vault exec PROFILE -- CMD: CMD runs with PROFILE's credentials. */
const awsVault = runner({ subcommands: ['exec'], withValue: ['-d', '--duration', '-t', '--mfa-token', '--region', '--prompt', '--backend'], skip: 1 }, (ctx, skipped) => {
  const profile = literalOf(skipped[0]);
  if (profile === undefined) return undefined;
  ctx.hint('awsProfiles', profile);
  return new Map([['AWS_PROFILE', staticArg(profile)]]);
});

/** nix develop/shell [installable] -c|--command CMD …: CMD runs in the environment. */
const nix: CommandHandler = (call, ctx) => {
  const sub = literalOf(call.args[0]);
  if (sub !== 'develop' && sub !== 'shell') {
    program(call, ctx);
    return;
  }
  const index = call.args.findIndex((arg) => ['-c', '--command'].includes(literalOf(arg) ?? ''));
  if (index === -1) ctx.unknown(`opens a nix ${sub} shell; what is typed into it cannot be seen`);
  else if (call.args.length > index + 1) ctx.run(call.args.slice(index + 1), `via nix ${sub}`);
  else ctx.unknown(`runs nix ${sub} -c without a command`);
};

/** `at` and `batch` run commands read from their input later; only listing is a read. */
const at: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'qftM' });
  if (parsed.options.some((option) => ['l', 'd', 'r', 'c'].includes(option.name))) {
    ctx.read(`${call.name}: lists or removes scheduled jobs`);
    return;
  }
  const file = optionValue(parsed, 'f');
  ctx.unknown(`schedules commands ${file ? 'from a file' : 'read from its input'} to run later with ${call.name}; what they do cannot be seen`);
};

/** tmux: listing and attaching are reads; anything else may start or type commands. */
const tmux: CommandHandler = (call, ctx) => {
  const sub = literalOf(call.args.find((arg) => !literalOf(arg)?.startsWith('-')));
  if (sub !== undefined && /^(ls|list-.*|has-session|has|attach|attach-session|a|display-message|display|show-.*|capture-pane|info)$/.test(sub)) {
    ctx.read(`tmux ${sub}`);
    return;
  }
  ctx.unknown(`runs tmux ${sub ?? ''}, which can start programs or type commands into a session; what runs cannot be seen`.replace('  ', ' '));
};

/** screen: `-ls` and `-r` are reads; `-X` sends commands; otherwise it runs the command given. */
const screen: CommandHandler = (call, ctx) => {
  const words = call.args.map(literalOf);
  if (words.some((word) => word === '-ls' || word === '-list' || word === '-r' || word === '-x')) {
    ctx.read('screen: lists or attaches sessions');
    return;
  }
  if (words.includes('-X')) {
    ctx.unknown('sends commands into a screen session; what they do cannot be seen');
    return;
  }
  const args = call.args.filter((arg) => literalOf(arg) !== '-Logfile');
  const command = parseArgs(args, { short: 'SceHhpsTt', stopAtOperand: true }).operands;
  if (command.length === 0) ctx.unknown('opens a screen session; what is typed into it cannot be seen');
  else ctx.run(command, 'via screen');
};

/** script -c STRING: runs STRING in a shell while recording the terminal. */
const script: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'cEIOBTm', long: ['command', 'echo', 'log-in', 'log-out', 'log-io', 'log-timing', 'logging-format', 'output-limit'] });
  const source = optionValue(parsed, 'c', 'command');
  if (source) runShellString(ctx, source, 'via script -c');
  else ctx.unknown('opens a recorded shell with script; what is typed into it cannot be seen');
};

/** nix-shell --run/--command STRING, or an interactive shell. */
const nixShell: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'pIAE', long: ['run', 'command', 'packages', 'attr', 'arg', 'argstr', 'expr', 'option', 'include'] });
  const source = optionValue(parsed, 'run', 'command');
  if (source) runShellString(ctx, source, 'via nix-shell --run');
  else ctx.unknown('opens a nix-shell; what is typed into it cannot be seen');
};

/** sops exec-env FILE COMMAND-STRING / exec-file FILE COMMAND-STRING. */
const sops: CommandHandler = (call, ctx) => {
  const sub = literalOf(call.args[0]);
  if (sub === 'exec-env' || sub === 'exec-file') {
    const source = call.args.filter((arg) => !literalOf(arg)?.startsWith('-'))[2];
    if (source) runShellString(ctx, source, `via sops ${sub}`);
    else ctx.unknown(`runs sops ${sub} without a command`);
    return;
  }
  program(call, ctx);
};

/** `parallel CMD ::: ARGS` / `… | parallel CMD`: CMD runs with each argument. */
const parallel: CommandHandler = (call, ctx) => {
  const separator = call.args.findIndex((arg) => [':::', '::::', ':::+', '::::+'].includes(literalOf(arg) ?? ''));
  const before = separator === -1 ? call.args : call.args.slice(0, separator);
  const { command } = wrappedCommand(before, new Set(['-j', '--jobs', '-S', '--sshlogin', '-a', '--arg-file', '-d', '--delimiter', '-I', '--colsep', '-N', '-n', '--max-args', '--timeout', '--joblog', '--results', '--tmpdir', '--workdir', '-X']), 0);
  const args: Arg = { kind: 'stdin', text: '(arguments given to parallel)' };
  if (command.length === 0) {
    ctx.unknown('runs the command lines parallel reads from its input; what they do cannot be seen');
    return;
  }
  const withArgs = command.some((arg) => literalOf(arg)?.includes('{}')) ? command.map((arg) => (literalOf(arg)?.includes('{}') ? args : arg)) : [...command, args];
  ctx.run(withArgs, 'via parallel');
};

export const runnerCommands: CommandTable = {
  uv: runner({ subcommands: ['run'], withValue: ['--with', '--python', '-p', '--package', '--directory', '--project', '--env-file', '--extra', '--group', '--index', '--from'] }),
  poetry: runner({ subcommands: ['run'], withValue: ['-C', '--directory', '-P', '--project'] }),
  pipenv: runner({ subcommands: ['run'] }),
  pdm: runner({ subcommands: ['run'], withValue: ['-p', '--project'] }),
  hatch: runner({ subcommands: ['run'], withValue: ['-e', '--env'] }),
  rye: runner({ subcommands: ['run'] }),
  bundle: runner({ subcommands: ['exec'] }),
  bundler: runner({ subcommands: ['exec'] }),
  pnpm: runner({ subcommands: ['exec', 'dlx'], withValue: ['-C', '--dir', '--filter', '-F'] }),
  yarn: runner({ subcommands: ['exec'] }),
  npm: runner({ subcommands: ['exec', 'x'], withValue: ['-w', '--workspace', '--package', '-p'], sourceOption: ['-c', '--call'] }),
  mise: runner({ subcommands: ['exec', 'x'], withValue: ['-C', '--cd', '-j', '--jobs'] }),
  asdf: runner({ subcommands: ['exec'] }),
  direnv: runner({ subcommands: ['exec'], skip: 1 }),
  conda: runner({ subcommands: ['run'], withValue: ['-n', '--name', '-p', '--prefix', '--cwd'] }),
  mamba: runner({ subcommands: ['run'], withValue: ['-n', '--name', '-p', '--prefix', '--cwd'] }),
  micromamba: runner({ subcommands: ['run'], withValue: ['-n', '--name', '-p', '--prefix', '--cwd'] }),
  nix,
  op: runner({ subcommands: ['run'], withValue: ['--env-file', '--account'] }),
  doppler: runner({ subcommands: ['run'], withValue: ['-p', '--project', '-c', '--config', '--token'] }),
  infisical: runner({ subcommands: ['run'], withValue: ['--env', '--projectId', '--path', '--token'] }),
  dotenv: runner({ subcommands: [], withValue: ['-e', '-v', '-c'] }),
  'aws-vault': awsVault,
  at,
  batch: at,
  tmux,
  screen,
  script,
  'nix-shell': nixShell,
  sops,
  parallel,
};
