import type { CommandContext, CommandHandler, CommandTable } from './command-context.js';
import { hasOption, optionValue, parseArgs, type ParsedArgs } from './options.js';
import { writeFileEffect } from './commands/file-helpers.js';
import { literalOf, staticArg, type Arg } from './words.js';

/**
 * Commands that run another command: strip them (with their options) and analyse what they run.
 * Each leaves a note in the evidence ("via sudo"), so a reviewer sees how the command was reached.
 */

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Leading `NAME=value` operands (sudo and env accept them) split from the command. */
function splitAssignments(operands: readonly Arg[]): { assignments: Map<string, Arg>; command: Arg[] } {
  const assignments = new Map<string, Arg>();
  let index = 0;
  for (; index < operands.length; index += 1) {
    const value = literalOf(operands[index]);
    if (value === undefined || !ASSIGNMENT.test(value)) break;
    const eq = value.indexOf('=');
    assignments.set(value.slice(0, eq), staticArg(value.slice(eq + 1)));
  }
  return { assignments, command: operands.slice(index) };
}

/** Runs the wrapped command, or reports a read when there is none (`nice` alone prints a number). */
function runWrapped(ctx: CommandContext, command: readonly Arg[], note: string, options: { assignments?: Map<string, Arg> } = {}): void {
  if (command.length === 0) {
    ctx.read();
    return;
  }
  ctx.run(command, note, options.assignments ? { assignments: options.assignments } : {});
}

/** A wrapper whose options are given by a spec and whose first operand starts the command. */
function simpleWrapper(name: string, short: string, long: readonly string[] = [], skipOperands = 0): CommandHandler {
  return (call, ctx) => {
    const parsed = parseArgs(call.args, { short, long, stopAtOperand: true });
    runWrapped(ctx, parsed.operands.slice(skipOperands), `via ${name}`);
  };
}

const sudo: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, {
    short: 'ugpCDrtTUR',
    long: ['user', 'group', 'prompt', 'close-from', 'host', 'chdir', 'role', 'type', 'command-timeout', 'other-user', 'chroot'],
    stopAtOperand: true,
  });
  if (hasOption(parsed, 'e', 'edit')) {
    for (const file of parsed.operands) {
      const target = ctx.path(file);
      ctx.emit({ operation: 'update', resource: { kind: 'file', address: target.address }, reversible: true, destroysData: false, summary: `edits ${target.description} as root` });
    }
    return;
  }
  const { assignments, command } = splitAssignments(parsed.operands);
  if (command.length === 0) {
    if (hasOption(parsed, 'i', 'login', 's', 'shell')) ctx.unknown('opens a root shell; what is typed into it cannot be seen');
    else ctx.read('checks or lists sudo permissions');
    return;
  }
  const chdir = optionValue(parsed, 'D', 'chdir');
  const cwd = chdir ? ctx.path(chdir) : undefined;
  ctx.run(command, 'via sudo', { assignments, ...(cwd ? { cwd: { path: cwd.address, dynamic: cwd.certainty !== 'exact' } } : {}) });
};

const doas: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'uC', stopAtOperand: true });
  if (parsed.operands.length === 0 && hasOption(parsed, 's')) {
    ctx.unknown('opens a root shell; what is typed into it cannot be seen');
    return;
  }
  runWrapped(ctx, parsed.operands, 'via doas');
};

/** `env [-i] [-u NAME] [-C DIR] [-S STRING] [NAME=value]… [COMMAND…]`. */
const env: CommandHandler = (call, ctx) => {
  let args: Arg[] = [...call.args];
  const assignments = new Map<string, Arg>();
  let cwd: Arg | undefined;
  let index = 0;
  while (index < args.length) {
    const arg = args[index];
    const value = literalOf(arg);
    if (value === undefined) break;
    if (value === '--') {
      index += 1;
      break;
    }
    const attached = (flag: string, long: string): string | undefined =>
      value.startsWith(`${long}=`) ? value.slice(long.length + 1) : value.startsWith(flag) && value.length > flag.length ? value.slice(flag.length) : undefined;
    if (['-', '-i', '--ignore-environment', '-0', '--null', '-v', '--debug', '--list-signal-handling'].includes(value) || /^--(block|default|ignore)-signal/.test(value)) {
      index += 1;
    } else if (value === '-u' || value === '--unset' || value === '-a' || value === '--argv0') {
      index += 2;
    } else if (value === '-C' || value === '--chdir') {
      cwd = args[index + 1];
      index += 2;
    } else if (value === '-S' || value === '--split-string' || value.startsWith('-S') || value.startsWith('--split-string=')) {
      const source = value === '-S' || value === '--split-string' ? literalOf(args[index + 1]) : attached('-S', '--split-string');
      const consumed = value === '-S' || value === '--split-string' ? 2 : 1;
      const split = source === undefined ? undefined : ctx.splitWords(source);
      if (!split) {
        ctx.unknown('runs a command line that env -S splits at run time, so what it runs cannot be seen');
        return;
      }
      args = [...args.slice(0, index), ...split, ...args.slice(index + consumed)];
    } else if (value.startsWith('--chdir=') || (value.startsWith('-C') && value.length > 2)) {
      cwd = staticArg(attached('-C', '--chdir') ?? '');
      index += 1;
    } else if (value.startsWith('-u') || value.startsWith('--unset=')) {
      index += 1;
    } else if (ASSIGNMENT.test(value)) {
      const eq = value.indexOf('=');
      assignments.set(value.slice(0, eq), arg && arg.kind === 'static' ? { ...arg, value: value.slice(eq + 1), tilde: false } : staticArg(value.slice(eq + 1)));
      index += 1;
    } else break;
  }
  // A dynamic `NAME=$value` operand is still an assignment; its value is just not known.
  while (index < args.length) {
    const arg = args[index];
    if (arg?.kind !== 'dynamic' || !ASSIGNMENT.test(arg.symbolic)) break;
    const eq = arg.symbolic.indexOf('=');
    assignments.set(arg.symbolic.slice(0, eq), { kind: 'dynamic', text: arg.text, symbolic: arg.symbolic.slice(eq + 1) });
    index += 1;
  }
  const command = args.slice(index);
  if (command.length === 0) {
    ctx.read('prints the environment');
    return;
  }
  const target = cwd ? ctx.path(cwd) : undefined;
  if (target && target.certainty === 'exact' && target.address.startsWith('/')) ctx.hint('paths', target.address);
  ctx.run(command, 'via env', {
    assignments,
    ...(target ? { cwd: { path: target.address, dynamic: target.certainty !== 'exact' } } : {}),
  });
};

const timeout: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'sk', long: ['signal', 'kill-after'], stopAtOperand: true });
  // The first operand is the duration.
  runWrapped(ctx, parsed.operands.slice(1), 'via timeout');
};

/** `time` (the keyword and GNU time, whose `-o FILE` writes FILE). */
const time: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'of', long: ['output', 'format'], stopAtOperand: true });
  const output = optionValue(parsed, 'o', 'output');
  if (output) writeFileEffect(ctx, ctx.path(output), 'overwrites');
  if (parsed.operands.length === 0) ctx.read();
  // The `time` keyword times whatever follows, shell functions included.
  else ctx.run(parsed.operands, 'via time', { functions: true });
};

const command: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { stopAtOperand: true });
  if (hasOption(parsed, 'v', 'V')) {
    ctx.read('looks up a command');
    return;
  }
  runWrapped(ctx, parsed.operands, 'via command');
};

/** chrt [options] [PRIORITY] COMMAND, or `chrt -p` on a running process. */
const chrt: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'TPD', long: ['sched-runtime', 'sched-period', 'sched-deadline'], stopAtOperand: true });
  if (hasOption(parsed, 'p', 'pid')) {
    ctx.read('changes or shows a process’s scheduling');
    return;
  }
  const operands = parsed.operands;
  const skip = /^\d+$/.test(literalOf(operands[0]) ?? '') ? 1 : 0;
  runWrapped(ctx, operands.slice(skip), 'via chrt');
};

const taskset: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { stopAtOperand: true });
  if (hasOption(parsed, 'p', 'pid')) {
    ctx.read('changes or shows a process’s CPU affinity');
    return;
  }
  runWrapped(ctx, parsed.operands.slice(1), 'via taskset');
};

const ionice: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'cnpPu', long: ['class', 'classdata', 'pid', 'pgid', 'uid'], stopAtOperand: true });
  runWrapped(ctx, parsed.operands, 'via ionice');
};

/** flock [options] FILE COMMAND… or flock [options] FILE -c STRING. */
const flock: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'wEc', long: ['timeout', 'wait', 'conflict-exit-code', 'command'], stopAtOperand: true });
  const source = optionValue(parsed, 'c', 'command');
  if (source) {
    runShellString(ctx, source, 'via flock -c');
    return;
  }
  const rest = parsed.operands.slice(1);
  if (rest.length === 0) ctx.read('takes a lock');
  else ctx.run(rest, 'via flock');
};

/** su [-] [-c STRING] [USER], runuser: a shell as another user. */
const su: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'cgGsuw', long: ['command', 'group', 'supp-group', 'shell', 'user', 'whitelist-environment', 'session-command'] });
  const source = optionValue(parsed, 'c', 'command', 'session-command');
  if (source) runShellString(ctx, source, `via ${call.name} -c`);
  else if (call.name === 'runuser' && hasOption(parsed, 'u', 'user') && parsed.operands.length > 0) ctx.run(parsed.operands, 'via runuser');
  else if (call.name === 'runuser' && parsed.operands.length > 1) ctx.run(parsed.operands.slice(1), 'via runuser');
  else ctx.unknown(`opens a shell as another user with ${call.name}; what is typed into it cannot be seen`);
};

/** chroot NEWROOT [COMMAND…]: the command's paths are inside NEWROOT. */
const chroot: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { long: ['userspec', 'groups'], stopAtOperand: true });
  const [root, ...rest] = parsed.operands;
  if (!root) {
    ctx.read();
    return;
  }
  const target = ctx.path(root);
  if (rest.length === 0) ctx.unknown(`opens a shell inside ${target.address}; what is typed into it cannot be seen`);
  else ctx.run(rest, `inside chroot ${target.address}`, { remote: `chroot:${target.address}:` });
};

/** watch [options] COMMAND…: runs the words joined by spaces with `sh -c`, unless `-x`. */
const watch: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'nq', long: ['interval'], stopAtOperand: true });
  if (parsed.operands.length === 0) {
    ctx.read();
    return;
  }
  if (hasOption(parsed, 'x', 'exec')) {
    ctx.run(parsed.operands, 'via watch');
    return;
  }
  const words = parsed.operands.map(literalOf);
  if (words.some((word) => word === undefined)) {
    ctx.unknown('watch runs a command line only known at run time');
    return;
  }
  ctx.runSource(words.join(' '), 'via watch');
};

/**
 * xargs [options] [COMMAND [ARGS…]]: COMMAND runs with operands read from standard input, so
 * `… | xargs rm -rf` deletes paths nobody can see here.
 */
const xargs: CommandHandler = (call, ctx) => {
  const parsed: ParsedArgs = parseArgs(call.args, {
    short: 'IELnPsad',
    long: ['max-args', 'max-procs', 'max-chars', 'arg-file', 'delimiter', 'process-slot-var'],
    stopAtOperand: true,
  });
  const source = optionValue(parsed, 'a', 'arg-file');
  const stdinArg: Arg = { kind: 'stdin', text: source ? `(names read from ${literalOf(source) ?? 'a file'})` : '(names read from standard input)' };
  const replace =
    literalOf(optionValue(parsed, 'I')) ??
    parsed.options.find((option) => option.long && option.name.startsWith('replace'))?.value?.text ??
    (hasOption(parsed, 'i', 'replace') ? '{}' : undefined);
  const command = parsed.operands.length > 0 ? [...parsed.operands] : [staticArg('echo')];
  let args: Arg[];
  if (replace !== undefined) {
    args = command.map((arg, index) => (index > 0 && arg.kind === 'static' && arg.value.includes(replace) ? stdinArg : arg));
  } else args = [...command, stdinArg];
  ctx.run(args, 'via xargs, with arguments read from its input');
};

/** `busybox APPLET …` is APPLET. */
const busybox: CommandHandler = (call, ctx) => runWrapped(ctx, call.args, 'via busybox');

/** Runs a static shell string (`su -c`, `flock -c`); a dynamic one cannot be seen into. */
export function runShellString(ctx: CommandContext, source: Arg, note: string): void {
  const text = literalOf(source);
  if (text === undefined) {
    ctx.unknown(`runs shell code only known at run time (${note}), so what it does cannot be seen`);
    return;
  }
  ctx.runSource(text, note);
}

/** sg GROUP [-c] COMMAND: runs COMMAND (a shell string) with another group. */
const sg: CommandHandler = (call, ctx) => {
  const [, ...rest] = call.args;
  const source = literalOf(rest[0]) === '-c' ? rest[1] : rest[0];
  if (!source) ctx.unknown('opens a shell with another group; what is typed into it cannot be seen');
  else runShellString(ctx, source, 'via sg');
};

export const wrapperCommands: CommandTable = {
  sudo,
  doas,
  env,
  nice: simpleWrapper('nice', 'n', ['adjustment']),
  ionice,
  timeout,
  gtimeout: timeout,
  nohup: simpleWrapper('nohup', ''),
  time,
  command,
  builtin: simpleWrapper('builtin', ''),
  exec: simpleWrapper('exec', 'a'),
  stdbuf: simpleWrapper('stdbuf', 'ioe', ['input', 'output', 'error']),
  chrt,
  taskset,
  setsid: simpleWrapper('setsid', ''),
  unbuffer: simpleWrapper('unbuffer', ''),
  caffeinate: simpleWrapper('caffeinate', 'tw'),
  coproc: simpleWrapper('coproc', ''),
  flock,
  su,
  runuser: su,
  chroot,
  watch,
  xargs,
  busybox,
  sg,
  strace: simpleWrapper('strace', 'oepsuEIabSXP', ['output', 'trace', 'signal', 'attach', 'user', 'env']),
  ltrace: simpleWrapper('ltrace', 'oepsuEIabSXAnDFlL', ['output']),
  valgrind: simpleWrapper('valgrind', ''),
  'xvfb-run': simpleWrapper('xvfb-run', 'nsfepwl', ['server-num', 'server-args', 'auth-file', 'error-file', 'xauth-protocol', 'wait']),
  'dbus-run-session': simpleWrapper('dbus-run-session', ''),
  fakeroot: simpleWrapper('fakeroot', 'lfsib'),
  eatmydata: simpleWrapper('eatmydata', ''),
  firejail: simpleWrapper('firejail', ''),
  proxychains: simpleWrapper('proxychains', 'f'),
  proxychains4: simpleWrapper('proxychains4', 'f'),
  torsocks: simpleWrapper('torsocks', 'upaP'),
  catchsegv: simpleWrapper('catchsegv', ''),
  sshpass: simpleWrapper('sshpass', 'pfdP'),
  'systemd-run': simpleWrapper('systemd-run', 'pEuHMs', ['unit', 'property', 'description', 'slice', 'setenv', 'uid', 'gid', 'working-directory', 'on-calendar', 'on-active', 'host', 'machine', 'nice']),
  nsenter: simpleWrapper('nsenter', 'tSGrwW', ['target', 'setuid', 'setgid', 'root', 'wd']),
  unshare: simpleWrapper('unshare', 'RwS', ['root', 'wd', 'setuid', 'setgid', 'map-user', 'map-group']),
  faketime: simpleWrapper('faketime', 'f', [], 1),
  rlwrap: simpleWrapper('rlwrap', 'aAbcCDefFgHlmMnNoOpPqrRsStvwz'),
};
