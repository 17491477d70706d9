import type { CommandHandler, CommandTable } from '../command-context.js';
import { parseArgs } from '../options.js';
import { literalOf, type Arg } from '../words.js';

const HOME: Arg = { kind: 'static', value: '~', text: '~', glob: false, tilde: true };

/** `cd DIR`: later relative paths of this shell resolve against DIR. */
const cd: CommandHandler = (call, ctx) => {
  ctx.read('changes the working directory');
  const parsed = parseArgs(call.args);
  const dir = parsed.operands[0] ?? HOME;
  if (literalOf(dir) === '-') {
    ctx.chdir({ path: '$OLDPWD', dynamic: true });
    return;
  }
  const target = ctx.path(dir);
  ctx.chdir({ path: target.address, dynamic: target.certainty !== 'exact' });
};

/** `pushd DIR` is `cd DIR`; `pushd` alone and `popd` go back to a directory not tracked here. */
const pushd: CommandHandler = (call, ctx) => {
  const operand = parseArgs(call.args).operands[0];
  if (operand && !/^[+-]\d+$/.test(literalOf(operand) ?? '')) {
    cd(call, ctx);
    return;
  }
  ctx.read('changes the working directory');
  ctx.chdir({ path: '$PWD', dynamic: true });
};

/** `eval`: shell code assembled at run time. When it is all literal, what it runs is shown too. */
const evalCommand: CommandHandler = (call, ctx) => {
  ctx.unknown('runs eval, which executes text as shell code; Airlock cannot be sure what it runs');
  const words = call.args.map(literalOf);
  if (words.length > 0 && words.every((word) => word !== undefined)) ctx.runSource(words.join(' '), 'inside eval');
};

/** `source FILE` / `. FILE`: runs a script in this shell, which may also change its directory. */
const source: CommandHandler = (call, ctx) => {
  const file = call.args[0];
  const shown = file ? ctx.path(file).address : 'a script';
  ctx.unknown(`runs the shell script ${shown} in this shell; its contents are not visible here`);
  ctx.chdir({ path: '$PWD', dynamic: true });
};

/** `alias name='cmd'`: analysed as if it ran, since an alias can stand in for any later command. */
const alias: CommandHandler = (call, ctx) => {
  ctx.read('defines an alias');
  for (const arg of call.args) {
    const value = literalOf(arg);
    if (value === undefined) {
      if (arg.kind === 'dynamic') ctx.unknown('defines an alias whose text is only known at run time');
      continue;
    }
    const eq = value.indexOf('=');
    if (eq > 0) ctx.runSource(value.slice(eq + 1), `alias ${value.slice(0, eq)}`);
  }
};

/** `trap 'cmds' SIGNAL…`: cmds run later (on exit, on a signal); analysed as if they ran. */
const trap: CommandHandler = (call, ctx) => {
  ctx.read('sets a signal handler');
  const parsed = parseArgs(call.args, { stopAtOperand: true });
  const [handler, ...signals] = parsed.operands;
  if (!handler || signals.length === 0) return;
  const text = literalOf(handler);
  if (text === undefined) ctx.unknown('sets a signal handler whose code is only known at run time');
  else if (text !== '-' && text !== '') ctx.runSource(text, 'in a trap handler');
};

/** `enable -f LIB NAME` loads a builtin from a shared library: code Airlock cannot see. */
const enable: CommandHandler = (call, ctx) => {
  if (call.args.some((arg) => literalOf(arg)?.startsWith('-f'))) ctx.unknown('loads a shell builtin from a shared library');
  else ctx.read('enables or lists shell builtins');
};

export const builtinCommands: CommandTable = {
  cd,
  chdir: cd,
  pushd,
  popd: pushd,
  eval: evalCommand,
  source,
  '.': source,
  alias,
  trap,
  enable,
};
