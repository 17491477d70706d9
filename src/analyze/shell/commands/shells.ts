import type { CommandHandler, CommandTable } from '../command-context.js';
import { displayOf, literalOf } from '../words.js';

/** Shells whose language is bash-compatible enough to parse with the bash grammar. */
const BASH_LIKE = ['bash', 'sh', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'yash', 'posh', 'rbash', 'ksh93', 'pdksh', 'lksh'];
/** Shells with another language: inline code cannot be read with the bash grammar. */
const OTHER_SHELLS = ['fish', 'csh', 'tcsh', 'nu', 'elvish', 'xonsh', 'pwsh', 'powershell'];

/** Long options of bash that take a value. */
const LONG_WITH_VALUE: ReadonlySet<string> = new Set(['--rcfile', '--init-file']);

/**
 * bash/sh/zsh/dash/ksh: `-c STRING` is parsed and analysed (a dynamic STRING is unknown); a script
 * file operand is unknown; with neither, the shell reads commands from its input — analysed when
 * that input is a literal here-document or here-string, unknown otherwise (`curl … | sh`).
 */
const bashLike: CommandHandler = (call, ctx) => {
  const args = call.args;
  let index = 0;
  let inline = false;
  let fromInput = false;
  while (index < args.length) {
    const text = literalOf(args[index]);
    if (text === undefined) break;
    if (text === '--' || text === '-') {
      index += 1;
      if (text === '-') fromInput = true;
      break;
    }
    if (text.startsWith('--')) {
      if (text === '--version' || text === '--help') {
        ctx.read(`${call.name} ${text}`);
        return;
      }
      index += LONG_WITH_VALUE.has(text) ? 2 : 1;
      continue;
    }
    if (/^[-+][A-Za-z]+$/.test(text)) {
      index += 1;
      for (const letter of text.slice(1)) {
        if (letter === 'c') inline = true;
        else if (letter === 's') fromInput = true;
        else if (letter === 'o' || letter === 'O') index += 1;
      }
      continue;
    }
    break;
  }
  const operands = args.slice(index);
  if (inline) {
    const source = operands[0];
    const text = literalOf(source);
    if (!source) ctx.unknown(`runs ${call.name} -c without a command`);
    else if (text === undefined) ctx.unknown(`runs shell code only known at run time (${call.name} -c ${displayOf(source)}), so what it does cannot be seen`);
    else ctx.runSource(text, `inside ${call.name} -c`);
    return;
  }
  const script = operands[0];
  if (script && !fromInput) {
    if (script.kind === 'dynamic' && /^[<>]\(/.test(script.symbolic)) ctx.unknown(`runs a script that another command produces (${call.name} ${script.symbolic}); its contents cannot be seen`);
    else ctx.unknown(`runs the shell script ${ctx.path(script).address}; its contents are not visible here`);
    return;
  }
  if (call.stdin.kind === 'literal') {
    ctx.runSource(call.stdin.text, `${call.name} reading a here-document`);
    return;
  }
  const from = call.stdin.kind === 'pipe' ? 'the output of the command before it (as in curl … | sh)' : call.stdin.kind === 'file' ? 'a file' : 'its input';
  ctx.unknown(`runs ${call.name} with commands read from ${from}; what they do cannot be seen`);
};

/** Shells with another language. */
const otherShell: CommandHandler = (call, ctx) => {
  const words = call.args.map(literalOf);
  if (words.length === 1 && (words[0] === '--version' || words[0] === '-v')) {
    ctx.read(`${call.name} --version`);
    return;
  }
  ctx.unknown(`runs ${call.name}, a shell whose code Airlock does not analyse`);
};

export const shellCommands: CommandTable = {
  ...Object.fromEntries(BASH_LIKE.map((name) => [name, bashLike])),
  ...Object.fromEntries(OTHER_SHELLS.map((name) => [name, otherShell])),
};
