import type { CommandHandler, CommandTable } from '../command-context.js';
import { fileEffect } from '../effects.js';
import { isEnvironmentWidePath } from '../paths.js';
import { displayOf, literalOf, type Arg, type FoundArg } from '../words.js';
import { writeFileEffect } from './file-helpers.js';

/** Tests that narrow what find matches (so `find / -name x -delete` is not everything). */
const FILTERS: ReadonlySet<string> = new Set([
  '-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-type', '-xtype', '-newer',
  '-mtime', '-mmin', '-atime', '-amin', '-ctime', '-cmin', '-size', '-user', '-group', '-uid', '-gid', '-perm',
  '-empty', '-maxdepth', '-mindepth', '-links', '-inum', '-samefile', '-lname', '-ilname', '-fstype', '-nouser', '-nogroup',
]);
/** Tests that take one value. */
const WITH_VALUE: ReadonlySet<string> = new Set([
  '-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-type', '-xtype', '-newer',
  '-mtime', '-mmin', '-atime', '-amin', '-ctime', '-cmin', '-size', '-user', '-group', '-uid', '-gid', '-perm', '-maxdepth',
  '-mindepth', '-links', '-inum', '-samefile', '-lname', '-ilname', '-fstype', '-regextype', '-printf', '-fprint',
  '-fprint0', '-fls', '-context', '-used', '-anewer', '-cnewer', '-newerXY',
]);
/** Actions that run a command for each match. */
const EXEC_ACTIONS: ReadonlySet<string> = new Set(['-exec', '-execdir', '-ok', '-okdir']);
/** Actions that write a file. */
const FILE_ACTIONS: ReadonlySet<string> = new Set(['-fprint', '-fprint0', '-fprintf', '-fls']);

/**
 * find PATHS… EXPRESSION: a read, unless the expression deletes (`-delete`), runs commands on
 * what it finds (`-exec CMD {} ;` — CMD is analysed with `{}` standing for the files found), or
 * writes files (`-fprint FILE`).
 */
const find: CommandHandler = (call, ctx) => {
  const args = call.args;
  let index = 0;
  // Leading options: -H -L -P -O3 -D debugopts.
  while (index < args.length) {
    const value = literalOf(args[index]);
    if (value === '-H' || value === '-L' || value === '-P' || /^-O\d*$/.test(value ?? '')) index += 1;
    else if (value === '-D') index += 2;
    else break;
  }
  const roots: Arg[] = [];
  while (index < args.length) {
    const arg = args[index] as Arg;
    const value = literalOf(arg);
    if (value !== undefined && (value.startsWith('-') || value === '(' || value === '!' || value === ',')) break;
    roots.push(arg);
    index += 1;
  }
  if (roots.length === 0) roots.push({ kind: 'static', value: '.', text: '.', glob: false, tilde: false });
  const filters: string[] = [];
  const execs: Array<{ action: string; command: Arg[] }> = [];
  let deletes = false;
  for (; index < args.length; index += 1) {
    const value = literalOf(args[index]);
    if (value === undefined) continue;
    if (value === '-delete') deletes = true;
    else if (EXEC_ACTIONS.has(value)) {
      const command: Arg[] = [];
      index += 1;
      for (; index < args.length; index += 1) {
        const part = args[index] as Arg;
        const text = literalOf(part);
        if (text === ';' || (text === '+' && literalOf(command[command.length - 1])?.includes('{}'))) break;
        command.push(part);
      }
      execs.push({ action: value, command });
    } else if (FILE_ACTIONS.has(value)) {
      const file = args[index + 1];
      if (file) writeFileEffect(ctx, ctx.path(file), 'overwrites');
      index += value === '-fprintf' ? 2 : 1;
    } else if (FILTERS.has(value)) {
      const operand = WITH_VALUE.has(value) ? args[index + 1] : undefined;
      filters.push(operand ? `${value} ${displayOf(operand)}` : value);
      if (operand) index += 1;
    } else if (WITH_VALUE.has(value)) index += 1;
  }
  if (deletes) {
    for (const root of roots) {
      const found: FoundArg = { kind: 'found', text: '{}', roots: [root], filters };
      const target = ctx.path(found);
      const wide = isEnvironmentWidePath(target, found);
      ctx.emit(fileEffect('delete', target, { reversible: false, destroysData: true, environmentWide: wide, summary: `deletes ${target.description}` }));
    }
  }
  for (const { action, command } of execs) {
    if (command.length === 0) continue;
    const found: FoundArg = { kind: 'found', text: '{}', roots, filters };
    const withFound = command.map((arg, position) => (position > 0 && literalOf(arg)?.includes('{}') ? found : arg));
    ctx.run(withFound, `for each file find finds (${action})`);
  }
  if (!deletes && execs.length === 0) ctx.read('searches for files');
};

export const findCommands: CommandTable = { find };
