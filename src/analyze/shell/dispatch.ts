import { posix } from 'node:path';
import type { CommandCall, CommandContext, RunOptions, StdinSource } from './command-context.js';
import { commandHandler, isKnownCommand } from './command-table.js';
import { existsIn, MAX_REPARSE_DEPTH, pathIn, subshellOf, type Frame } from './walk-state.js';
import type { ShellWalker } from './walker.js';
import { argOf, displayOf, type Arg } from './words.js';

/** How a simple command was invoked, besides its words. */
export interface Invocation {
  /** The simple command as written (evidence). */
  readonly text: string;
  readonly stdin: StdinSource;
  /** `NAME=value` before the command (and from wrappers such as `env`). */
  readonly assignments: ReadonlyMap<string, Arg>;
}

/**
 * Resolves a command's name and runs its handler: a name only known at run time or a script run
 * by path is unknown; `/usr/bin/rm` is `rm`; shell functions defined earlier run their body;
 * everything else goes through the command table (unrecognised programs become `execute`).
 */
export function runCommand(walker: ShellWalker, args: readonly Arg[], invocation: Invocation, frame: Frame, functions: boolean): void {
  const [nameArg, ...rest] = args;
  if (!nameArg) return;
  const call = (name: string): CommandCall => ({ name, args: rest, stdin: invocation.stdin, text: invocation.text });
  if (nameArg.kind !== 'static' || nameArg.glob) {
    const ctx = contextFor(walker, frame, invocation, displayOf(nameArg));
    ctx.unknown(
      nameArg.kind === 'static'
        ? `runs a command named by a pattern (${nameArg.value}) that the shell expands at run time, so what it runs cannot be seen`
        : `runs a command whose name is only known at run time (${displayOf(nameArg)}), so what it does cannot be seen`,
    );
    return;
  }
  let name = nameArg.value;
  if (name === '') return;
  if (name.includes('/')) {
    const base = posix.basename(name);
    const ctx = contextFor(walker, frame, invocation, name);
    if (!isKnownCommand(base)) {
      ctx.unknown(`runs ${name}, a script or program whose contents Airlock cannot see`);
      return;
    }
    // `./rm` or `bin/terraform` is a file in the project, not necessarily the real tool.
    if (!name.startsWith('/')) ctx.unknown(`runs ${name} from the project rather than the system's ${base}; it may be any program`);
    name = base;
  } else if (functions && frame.functions.has(name)) {
    callFunction(walker, name, invocation, frame);
    return;
  }
  commandHandler(name)(call(name), contextFor(walker, frame, invocation, name));
}

function callFunction(walker: ShellWalker, name: string, invocation: Invocation, frame: Frame): void {
  const body = frame.functions.get(name);
  if (!body || frame.calling.has(name)) return; // a recursive call adds nothing new
  const session = walker.session;
  session.functionCallsLeft -= 1;
  if (session.functionCallsLeft < 0) {
    walker.stop('calls shell functions more often than Airlock follows; the rest was not analysed', invocation.text);
    return;
  }
  frame.calling.add(name);
  try {
    walker.walk(body, frame, invocation.stdin);
  } finally {
    frame.calling.delete(name);
  }
}

/** The context a handler sees for one command. */
function contextFor(walker: ShellWalker, frame: Frame, invocation: Invocation, name: string): CommandContext {
  const text = invocation.text;
  const session = walker.session;
  const nested = (note: string, options: RunOptions): Frame => {
    const base: Frame = { ...frame, notes: [...frame.notes, note] };
    if (options.remote !== undefined) return { ...subshellOf(base), cwd: { path: '.', dynamic: false }, remote: `${frame.remote ?? ''}${options.remote}` };
    if (options.cwd) return { ...subshellOf(base), cwd: options.cwd };
    return base;
  };
  const ctx: CommandContext = {
    get cwd() {
      return frame.cwd;
    },
    emit: (draft) => walker.emit(draft, text, frame),
    unknown: (summary) => walker.emitUnknown(summary, text, frame),
    embed: (kind, payload, summary) => {
      const before = session.effects.length;
      walker.emitUnknown(summary, text, frame);
      // On a remote host (ssh …) the placeholder stays unknown: that database is not this one.
      if (!frame.remote && session.effects.length > before) session.embedded.push({ placeholder: session.effects[session.effects.length - 1]!, kind, payload });
    },
    read: (summary) =>
      walker.emit(
        {
          operation: 'read',
          resource: { kind: 'shell.program', address: name },
          reversible: true,
          destroysData: false,
          summary: summary ?? `runs ${name}, which only reads`,
        },
        text,
        frame,
      ),
    execute: (address, summary, reversible = true) =>
      walker.emit(
        { operation: 'execute', resource: { kind: 'shell.program', address }, reversible, destroysData: false, summary },
        text,
        frame,
      ),
    path: (arg) => pathIn(frame, arg),
    exists: (target) => existsIn(frame, target, session.pathExists),
    fileText: (target) => {
      if (!session.readFile) return 'not-available';
      if (frame.remote || target.certainty !== 'exact' || !target.address.startsWith('/')) return 'unreadable';
      const text = session.readFile(target.address);
      return text === undefined ? 'unreadable' : { text };
    },
    hint: (key, value) => walker.hint(key, value, frame),
    need: (key) => {
      if (!frame.remote) session.needs[key] = true;
    },
    variable: (variable) => invocation.assignments.get(variable) ?? frame.variables.get(variable),
    chdir: (cwd) => {
      frame.cwd = cwd;
      if (!cwd.dynamic && cwd.path.startsWith('/')) walker.hint('paths', cwd.path, frame);
    },
    run: (args, note, options = {}) => {
      const assignments = new Map(invocation.assignments);
      for (const [key, value] of options.assignments ?? []) {
        assignments.set(key, value);
        walker.hintFromVariable(key, value, frame);
      }
      runCommand(walker, args, { text, stdin: options.stdin ?? invocation.stdin, assignments }, nested(note, options), options.functions === true);
    },
    runSource: (source, note, options = {}) => {
      if (frame.reparseDepth >= MAX_REPARSE_DEPTH) {
        ctx.unknown(`re-parses shell code more than ${MAX_REPARSE_DEPTH} levels deep (${note}); what runs inside was not analysed`);
        return;
      }
      const parsed = session.parser.parse(source);
      if (!parsed.ok) ctx.unknown(`runs shell code (${note}) that does not parse as bash, so what it does cannot be seen`);
      const inner: Frame = {
        ...nested(note, options),
        functions: new Map(),
        variables: new Map([...frame.variables, ...invocation.assignments, ...(options.assignments ?? [])]),
        calling: new Set(),
        reparseDepth: frame.reparseDepth + 1,
      };
      walker.walk(parsed.script, inner, options.stdin ?? invocation.stdin);
    },
    splitWords: (source) => {
      const parsed = session.parser.parse(source);
      const script = parsed.script;
      if (!parsed.ok || script.kind !== 'simple' || script.redirects.length > 0 || script.assignments.length > 0) return undefined;
      const args = script.words.map(argOf);
      return args.every((arg) => arg.kind === 'static') ? args : undefined;
    },
  };
  return ctx;
}
