import type { CommandCall, CommandContext, CommandHandler, CommandTable } from '../command-context.js';
import { effect, fileEffect } from '../effects.js';
import { hasOption, optionValue, optionValues, parseArgs } from '../options.js';
import type { PathTarget } from '../paths.js';
import { displayOf, literalOf, type Arg } from '../words.js';
import { writeFileEffect } from './file-helpers.js';
import { inPlaceEditEffect } from './files.js';
import { hostedCli } from './programs.js';

/** What an interpreter was asked to run. */
type Program =
  | { kind: 'inline' }
  | { kind: 'module'; name: string }
  | { kind: 'script'; arg: Arg }
  | { kind: 'input' }
  | { kind: 'info' };

/** Nothing visible to analyse: an interpreter given code inline, a script, or its input. */
function reportProgram(ctx: CommandContext, language: string, name: string, program: Program): void {
  switch (program.kind) {
    case 'inline':
      ctx.unknown(`runs inline ${language} code (${name}); what it does is not analysed`);
      return;
    case 'module':
      ctx.execute(`${name} -m ${program.name}`, `runs the ${language} module ${program.name}`);
      return;
    case 'script':
      ctx.unknown(`runs the ${language} script ${program.arg.kind === 'static' ? ctx.path(program.arg).address : displayOf(program.arg)}; its contents are not visible here`);
      return;
    case 'input':
      ctx.unknown(`runs ${language} code read from its input; what it does cannot be seen`);
      return;
    case 'info':
      ctx.read(`${name}: prints its version or help`);
  }
}

/** python [options] (-c CODE | -m MODULE | SCRIPT | -) [args]. */
const python: CommandHandler = (call, ctx) => {
  const args = call.args;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as Arg;
    const text = literalOf(arg);
    if (text === undefined) {
      reportProgram(ctx, 'Python', call.name, { kind: 'script', arg });
      return;
    }
    if (text === '-') {
      reportProgram(ctx, 'Python', call.name, { kind: 'input' });
      return;
    }
    if (text.startsWith('--')) {
      if (text === '--version' || text === '--help' || text === '--help-all') {
        reportProgram(ctx, 'Python', call.name, { kind: 'info' });
        return;
      }
      if (text === '--check-hash-based-pycs') i += 1;
      continue;
    }
    if (text.startsWith('-') && text.length > 1) {
      for (let j = 1; j < text.length; j += 1) {
        const letter = text[j];
        if (letter === 'c') {
          reportProgram(ctx, 'Python', call.name, { kind: 'inline' });
          return;
        }
        if (letter === 'm') {
          const module = text.slice(j + 1) || literalOf(args[i + 1]) || '?';
          reportProgram(ctx, 'Python', call.name, { kind: 'module', name: module });
          return;
        }
        if (letter === 'V' || letter === 'h') {
          reportProgram(ctx, 'Python', call.name, { kind: 'info' });
          return;
        }
        if (letter === 'W' || letter === 'X') {
          if (j + 1 === text.length) i += 1;
          break;
        }
      }
      continue;
    }
    reportProgram(ctx, 'Python', call.name, { kind: 'script', arg });
    return;
  }
  reportProgram(ctx, 'Python', call.name, { kind: 'input' });
};

/** node [options] (-e CODE | -p CODE | SCRIPT) [args]. */
const node: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, {
    short: 'erpC',
    long: ['eval', 'print', 'require', 'import', 'loader', 'experimental-loader', 'input-type', 'env-file', 'conditions', 'title', 'stack-size', 'max-old-space-size'],
    stopAtOperand: true,
  });
  if (hasOption(parsed, 'e', 'eval', 'p', 'print')) reportProgram(ctx, 'JavaScript', call.name, { kind: 'inline' });
  else if (hasOption(parsed, 'v', 'version', 'h', 'help')) reportProgram(ctx, 'JavaScript', call.name, { kind: 'info' });
  else if (hasOption(parsed, 'c', 'check')) ctx.read(`${call.name} --check: checks syntax`);
  else if (hasOption(parsed, 'test')) ctx.execute(`${call.name} --test`, 'runs the project’s tests');
  else if (parsed.operands[0] && literalOf(parsed.operands[0]) !== '-') reportProgram(ctx, 'JavaScript', call.name, { kind: 'script', arg: parsed.operands[0] });
  else reportProgram(ctx, 'JavaScript', call.name, { kind: 'input' });
};

/** Perl code that reaches outside the text it edits (runs commands, opens, deletes or renames files). */
const PERL_REACHES_OUT = /\b(system|exec|qx|open|unlink|rmtree|remove_tree|rename|kill|fork|syscall|eval|require|do)\b|`/;

/**
 * perl switches: `-e`/`-E` take the rest of the cluster or the next argument, `-i` takes the
 * rest as a backup suffix (so `-pie` is `-p -i` with suffix "e"), several others take the rest.
 */
const perl: CommandHandler = (call, ctx) => {
  const args = call.args;
  const code: Arg[] = [];
  let inPlace = false;
  /** `-i.bak`: the rest of the cluster is the backup suffix (`-pie` is suffix "e"). */
  let backup: string | undefined;
  let index = 0;
  for (; index < args.length; index += 1) {
    const text = literalOf(args[index]);
    if (text === undefined || !text.startsWith('-') || text === '-') break;
    if (text === '--') {
      index += 1;
      break;
    }
    if (text === '--version' || text === '-v' || text === '-V' || text === '--help' || text === '-h') {
      reportProgram(ctx, 'Perl', call.name, { kind: 'info' });
      return;
    }
    for (let j = 1; j < text.length; j += 1) {
      const letter = text[j] ?? '';
      if (letter === 'e' || letter === 'E') {
        const rest = text.slice(j + 1);
        if (rest) code.push({ kind: 'static', value: rest, text: rest, glob: false, tilde: false });
        else {
          const next = args[index + 1];
          if (next) code.push(next);
          index += 1;
        }
        break;
      }
      if (letter === 'i') {
        inPlace = true;
        backup = text.slice(j + 1) || undefined;
        break;
      }
      if ('IMmxl0CdDF'.includes(letter)) break;
    }
  }
  const files = args.slice(index);
  if (code.length === 0) {
    if (files[0] && literalOf(files[0]) !== '-') reportProgram(ctx, 'Perl', call.name, { kind: 'script', arg: files[0] });
    else reportProgram(ctx, 'Perl', call.name, { kind: 'input' });
    return;
  }
  const reachesOut = code.some((arg) => arg.kind !== 'static' || PERL_REACHES_OUT.test(arg.value));
  if (!inPlace || reachesOut || files.length === 0) {
    reportProgram(ctx, 'Perl', call.name, { kind: 'inline' });
    if (!inPlace) return;
  }
  for (const file of files) inPlaceEditEffect(ctx, ctx.path(file), 'perl', backup);
};

/** An interpreter whose inline-code switch is `flag`; any script operand is unknown too. */
function interpreter(language: string, inlineFlags: readonly string[], valueShort = '', valueLong: readonly string[] = []): CommandHandler {
  return (call, ctx) => {
    const parsed = parseArgs(call.args, { short: inlineFlags.filter((f) => f.length === 1).join('') + valueShort, long: [...inlineFlags.filter((f) => f.length > 1), ...valueLong], stopAtOperand: true });
    if (inlineFlags.some((flag) => hasOption(parsed, flag))) reportProgram(ctx, language, call.name, { kind: 'inline' });
    else if (hasOption(parsed, 'v', 'version', 'h', 'help') && parsed.operands.length === 0) reportProgram(ctx, language, call.name, { kind: 'info' });
    else if (parsed.operands[0] && literalOf(parsed.operands[0]) !== '-') reportProgram(ctx, language, call.name, { kind: 'script', arg: parsed.operands[0] });
    else reportProgram(ctx, language, call.name, { kind: 'input' });
  };
}

/** awk programs that run commands (`system(…)`, pipes to or from commands) or write files. */
const AWK_RUNS = /\bsystem\s*\(|\|(?!\|)|\|&/;
const AWK_WRITES = /\bprintf?\b[^;{}\n]*>/;

/** awk [options] 'PROGRAM' [file…]; gawk's `-i inplace` edits the files. */
const awk: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'FvfieE', long: ['field-separator', 'assign', 'file', 'include', 'source', 'load', 'exec'] });
  if (hasOption(parsed, 'f', 'file', 'exec', 'E')) {
    ctx.unknown(`runs an ${call.name} program from a file; it can run commands, and its contents are not visible here`);
    return;
  }
  if (hasOption(parsed, 'l', 'load')) {
    ctx.unknown(`${call.name} loads a shared library extension`);
    return;
  }
  const source = optionValue(parsed, 'e', 'source');
  const program = source ?? parsed.operands[0];
  const files = (source ? parsed.operands : parsed.operands.slice(1)).filter((arg) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(literalOf(arg) ?? ''));
  if (!program) {
    ctx.read(`${call.name}: prints usage`);
    return;
  }
  if (program.kind !== 'static') {
    ctx.unknown(`runs an ${call.name} program only known at run time; it could run commands`);
    return;
  }
  if (AWK_RUNS.test(program.value)) {
    ctx.unknown(`runs an ${call.name} program that runs other commands (system() or a pipe); what they do cannot be seen`);
    return;
  }
  if (AWK_WRITES.test(program.value)) {
    ctx.unknown(`runs an ${call.name} program that writes to files it names at run time`);
    return;
  }
  const inPlace = parsed.options.some((option) => (option.name === 'i' || option.name === 'include') && literalOf(option.value)?.replace(/\.awk$/, '') === 'inplace');
  if (inPlace) {
    // gawk keeps a backup only when told a suffix (`-v inplace::suffix=.bak`, or INPLACE_SUFFIX).
    const suffix = parsed.options
      .filter((option) => option.name === 'v' || option.name === 'assign')
      .map((option) => /^(?:inplace::suffix|INPLACE_SUFFIX)=(.+)$/.exec(literalOf(option.value) ?? '')?.[1])
      .find((value) => value !== undefined);
    for (const file of files) inPlaceEditEffect(ctx, ctx.path(file), call.name, suffix);
    return;
  }
  ctx.read(`${call.name}: processes text`);
};

/** Database shells: their language is SQL or another query language, analysed elsewhere. */
const databaseClient: CommandHandler = (call, ctx) => {
  const words = call.args.map(literalOf);
  if (words.length === 1 && ['--version', '-V', '--help', '-?'].includes(words[0] ?? '')) {
    ctx.read(`${call.name}: prints its version`);
    return;
  }
  clientFiles(call, ctx);
  const inline = inlineSql(call.name, words);
  if (inline) {
    ctx.embed('sql', inline, `runs SQL through ${call.name}${inline.database ? ` in database ${inline.database}` : ''}: ${inline.sql.slice(0, 120)}`);
    return;
  }
  ctx.unknown(`runs ${call.name}, which sends queries or commands to a database; they are not analysed here`);
};

/** psql options that take a value (so a value is not taken for an option, nor the reverse). */
const PSQL_OPTIONS = {
  short: 'cdfFhLopPRTUv',
  long: ['command', 'dbname', 'file', 'field-separator', 'host', 'log-file', 'output', 'port', 'pset', 'record-separator', 'table-attr', 'username', 'variable', 'set'],
} as const;
/** mysql/mariadb options that take a separate value (`-p` takes only an attached one). */
const MYSQL_OPTIONS = { short: 'eDhPuSO', long: ['execute', 'database', 'host', 'port', 'user', 'socket', 'tee', 'pager', 'init-command', 'defaults-file', 'defaults-extra-file'] } as const;

/**
 * What a database client does to this machine besides its queries. psql `-o FILE` writes the query
 * output over FILE, as `> FILE` does, and `-o '|cmd'` pipes it to a shell command; `-L FILE` (psql)
 * and `--tee=FILE` (mysql) append everything the session prints to FILE, which cannot be told
 * apart to take back out. `PSQLRC=FILE` makes psql run that file's commands first, unseen; the
 * default ~/.psqlrc is the user's own and is not flagged, and `-X` reads none.
 */
function clientFiles(call: CommandCall, ctx: CommandContext): void {
  if (call.name === 'psql') {
    const parsed = parseArgs(call.args, PSQL_OPTIONS);
    for (const output of optionValues(parsed, 'o', 'output')) {
      const text = output.kind === 'static' ? output.value : undefined;
      if (text?.startsWith('|')) ctx.unknown(`psql -o pipes its query output to the shell command ${text.slice(1).trim() || '?'}; what that does is not analysed here`);
      else writeFileEffect(ctx, ctx.path(output), 'writes psql query output over');
    }
    for (const log of optionValues(parsed, 'L', 'log-file')) appendLog(ctx, ctx.path(log), 'psql -L appends every query and its output to');
    const rc = ctx.variable('PSQLRC');
    const text = rc === undefined ? undefined : literalOf(rc);
    if (rc !== undefined && text !== '' && text !== '/dev/null' && !hasOption(parsed, 'X', 'no-psqlrc')) {
      ctx.unknown(`psql first runs the commands in PSQLRC=${displayOf(rc)}, which are not visible here`);
    }
    return;
  }
  if (call.name === 'mysql' || call.name === 'mariadb') {
    const parsed = parseArgs(call.args, MYSQL_OPTIONS);
    for (const tee of optionValues(parsed, 'tee')) appendLog(ctx, ctx.path(tee), `${call.name} --tee appends everything the session prints to`);
  }
}

/** A log a client appends a whole session to: not data lost, but nothing to undo it with. */
function appendLog(ctx: CommandContext, target: PathTarget, how: string): void {
  ctx.emit(fileEffect('update', target, { reversible: false, destroysData: false, summary: `${how} ${target.description}` }));
}

/** pg_restore options that take a value. */
const PG_RESTORE_OPTIONS = {
  short: 'dfFIjLnNPStThpU',
  long: ['dbname', 'file', 'format', 'index', 'jobs', 'use-list', 'schema', 'exclude-schema', 'function', 'superuser', 'table', 'trigger', 'host', 'port', 'username', 'role', 'section', 'filter', 'exclude-database', 'transaction-size'],
} as const;

/**
 * pg_restore into a database (`-d`) with `--clean` (`-c`) drops every object the archive holds
 * before recreating it: what those tables hold now is lost (with `--create`, the database itself is
 * dropped and created anew). Any other pg_restore is read as before, by its words.
 */
const pgRestore: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, PG_RESTORE_OPTIONS);
  const database = optionValue(parsed, 'd', 'dbname');
  if (database && hasOption(parsed, 'c', 'clean') && !hasOption(parsed, 'l', 'list')) {
    const create = hasOption(parsed, 'C', 'create');
    const name = displayOf(database);
    ctx.emit(
      effect('delete', create ? 'sql.database' : 'sql.schema', name, {
        reversible: false,
        destroysData: true,
        summary: `pg_restore --clean: drops ${create ? `the database ${name} and creates it again` : `every object of ${name} the archive holds`} before restoring from the archive; what they hold now is lost`,
      }),
    );
  }
  hostedCli(call, ctx);
};

/**
 * SQL given on the command line: `psql -c …` / `--command=…` (with `-d`/`--dbname`), `mysql -e …`
 * / `--execute=…` (with `-D`/`--database`), `sqlite3 FILE 'SQL'`. Only when every word is known
 * exactly and the client reads nothing else (no -f, no script on stdin); otherwise undefined and
 * the call stays unknown.
 */
function inlineSql(name: string, words: readonly (string | undefined)[]): { sql: string; dialect: 'postgresql' | 'mysql' | 'sqlite'; database?: string } | undefined {
  if (words.some((word) => word === undefined)) return undefined;
  const args = words as string[];
  if (name === 'sqlite3') {
    const operands = args.filter((word) => !word.startsWith('-'));
    return operands.length === 2 && args.length === 2 ? { sql: operands[1]!, dialect: 'sqlite', database: operands[0]! } : undefined;
  }
  const postgres = name === 'psql';
  if (!postgres && name !== 'mysql' && name !== 'mariadb') return undefined;
  const sqlFlags = postgres ? ['-c', '--command'] : ['-e', '--execute'];
  const dbFlags = postgres ? ['-d', '--dbname'] : ['-D', '--database'];
  const sql: string[] = [];
  let database: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const word = args[i]!;
    const [flag, attached] = word.startsWith('--') && word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, undefined];
    if (sqlFlags.includes(flag)) {
      const value = attached ?? args[++i];
      if (value === undefined) return undefined;
      sql.push(value);
    } else if (dbFlags.includes(flag)) {
      database = attached ?? args[++i];
    } else if (['-f', '--file', '-i', '--init-command', '--source'].includes(flag) || flag.startsWith('-f')) {
      return undefined;
    }
  }
  if (sql.length === 0) return undefined;
  return { sql: sql.join(';\n'), dialect: postgres ? 'postgresql' : 'mysql', ...(database ? { database } : {}) };
}

export const interpreterCommands: CommandTable = {
  python,
  node,
  nodejs: node,
  perl,
  ruby: interpreter('Ruby', ['e'], 'rIECx', ['encoding']),
  php: interpreter('PHP', ['r', 'R', 'B', 'E', 'a'], 'cdzFt', []),
  lua: interpreter('Lua', ['e'], 'l'),
  luajit: interpreter('Lua', ['e'], 'l'),
  Rscript: interpreter('R', ['e'], '', []),
  tclsh: interpreter('Tcl', []),
  osascript: interpreter('AppleScript', ['e']),
  awk,
  gawk: awk,
  mawk: awk,
  nawk: awk,
  psql: databaseClient,
  mysql: databaseClient,
  mariadb: databaseClient,
  sqlite3: databaseClient,
  mongo: databaseClient,
  mongosh: databaseClient,
  'redis-cli': databaseClient,
  cqlsh: databaseClient,
  'clickhouse-client': databaseClient,
  sqlcmd: databaseClient,
  influx: databaseClient,
  'valkey-cli': databaseClient,
  pg_restore: pgRestore,
};

/** python3, python3.12, pypy3 …: every Python. */
export const PYTHON_VARIANT = /^(python|pypy)(\d+(\.\d+)*)?$/;
export { python as pythonHandler };
