import { posix } from 'node:path';
import picomatch from 'picomatch';
import type { McpToolRule } from '../../config/config-schema.js';
import { AirlockError } from '../../errors/index.js';
import { McpPayloadSchema, type Effect, type EnvironmentHints, type FileOperation, type McpPayload } from '../../model/index.js';
import type { AmbientNeeds, Analysis, AnalysisContext, Analyzer, EmbeddedChange } from '../analyzer.js';
import { fileAnalyzer } from '../file/file-analyzer.js';
import {
  argumentNamed,
  ARGV_ARGUMENTS,
  COMMAND_ARGUMENTS,
  commandLine,
  CWD_ARGUMENTS,
  DESTINATION_ARGUMENTS,
  ENV_ARGUMENTS,
  excerpt,
  normalName,
  PATH_ARGUMENTS,
  pathsOf,
  quote,
  REMOTE_MARKERS,
  resolvePath,
  STDIN_ARGUMENTS,
} from './tool-arguments.js';
import { EXEC_WORDS, fileOperationOf, judgeByName, wordsOf, type FileToolOperation } from './tool-names.js';

/** Most nesting accepted in a tool call's arguments (deeper is refused, not recursed into). */
const MAX_ARGUMENT_DEPTH = 64;

/** The part of the shell analyzer the MCP analyzer uses (injected: loading it is asynchronous). */
export type ShellAnalysis = Pick<Analyzer<unknown>, 'prepare' | 'analyze'>;

export interface McpAnalyzerOptions {
  /** Analyses arguments that hold a command line. Without it, such arguments are unknown (fail closed). */
  readonly shell?: ShellAnalysis | undefined;
}

/**
 * What one piece of a tool call does. `precise`: the arguments show exactly what changes (a
 * command the shell analyzer read, a file the tool writes, edits, moves or deletes by its name), so
 * the server's `destructiveHint` adds nothing; otherwise it makes the piece a delete.
 */
interface Reading {
  readonly effects: Effect[];
  /** Code of another kind in the arguments (SQL), for the pipeline to analyse in place of its placeholder. */
  readonly embedded?: EmbeddedChange[] | undefined;
  readonly hints?: Partial<EnvironmentHints> | undefined;
  readonly needs?: AmbientNeeds | undefined;
  readonly precise: boolean;
}

/** One tool call and what is known around it. */
interface Call {
  readonly input: McpPayload;
  readonly address: string;
  readonly words: string[];
  readonly context: AnalysisContext;
}

/**
 * A tool call an agent makes to an MCP server (a `tools/call`), as a Change of kind `mcp`.
 *
 * 1. The first rule of airlock.yaml → mcp.tools whose `match` fits "<server>/<tool>" says which
 *    arguments hold a shell command (analysed by the shell analyzer), SQL (unknown until the SQL
 *    analyzer exists) or file paths (analysed as the file analyzer does: reads, writes, moves over
 *    existing files …). An argument a rule names that is missing or not a string is unknown.
 * 2. Without a rule, conventions: `path`/`paths`/`source`/`destination`/`file`… are files, with the
 *    operation from the tool's name (this reads @modelcontextprotocol/server-filesystem as it is);
 *    `command`/`cmd`/`script` on a tool whose name runs commands is a shell command; `sql` is SQL.
 * 3. Otherwise the tool's name decides (see judgeByName): destructive words delete, `run`/`exec`/
 *    `query` are unknown, read verbs read, anything else is a risky write.
 *
 * Annotations are hints from a server Airlock does not trust: they can make a call look worse,
 * never better. `destructiveHint: true` makes a delete of anything not already read precisely from
 * the arguments (a read-named tool, an unclear name, a tool-level reading); `readOnlyHint: false`
 * makes a read-named tool a risky write; `readOnlyHint: true` never turns a write into a read.
 */
export function createMcpAnalyzer(options: McpAnalyzerOptions = {}): Analyzer<McpPayload> {
  return Object.freeze({
    kind: 'mcp' as const,

    prepare(payload: unknown): McpPayload {
      const parsed = McpPayloadSchema.safeParse(payload);
      if (!parsed.success) {
        throw new AirlockError('invalid_input', `MCP tool call payload is invalid: ${parsed.error.issues[0]?.message ?? 'unknown'}`, {
          hint: 'an MCP change needs { server, tool, arguments }',
        });
      }
      if (depthOf(parsed.data.arguments) > MAX_ARGUMENT_DEPTH) {
        throw new AirlockError('invalid_input', `MCP tool call arguments are nested more than ${MAX_ARGUMENT_DEPTH} levels deep`, {
          hint: 'no real tool call nests that deep; this input is refused',
        });
      }
      return parsed.data;
    },

    canonical(input: McpPayload): unknown {
      // Annotations change the analysis (destructiveHint), so they are part of what is approved.
      return { server: input.server, tool: input.tool, arguments: input.arguments, annotations: input.annotations ?? null };
    },

    analyze(input: McpPayload, context: AnalysisContext): Analysis {
      const call: Call = { input, address: `${input.server}/${input.tool}`, words: wordsOf(input.tool), context };
      const rule = ruleFor(context.mcpTools, call.address);
      const readings = rule ? byRule(call, rule, options) : byConvention(call, options);
      return combine(readings.map((reading) => worsenedByAnnotations(call, reading)));
    },
  });
}

/** The MCP analyzer without a shell analyzer: command arguments are unknown. The registry builds it with one. */
export const mcpAnalyzer: Analyzer<McpPayload> = createMcpAnalyzer();

// ─── configured rules ────────────────────────────────────────────────────────────────────────

const matchers = new Map<string, (value: string) => boolean>();

function ruleFor(rules: readonly McpToolRule[] | undefined, address: string): McpToolRule | undefined {
  return rules?.find((rule) => {
    let test = matchers.get(rule.match);
    if (!test) {
      test = picomatch(rule.match, { dot: true });
      matchers.set(rule.match, test);
    }
    return test(address);
  });
}

function byRule(call: Call, rule: McpToolRule, options: McpAnalyzerOptions): Reading[] {
  const readings: Reading[] = [];
  const args = call.input.arguments;
  const missing = (name: string, what: string): Reading =>
    toolLevel(call, 'unknown', `calls ${call.address}, whose ${what} argument \`${name}\` (airlock.yaml → mcp.tools) is missing or not ${what === 'paths' ? 'a path' : 'a string'}`);

  if (rule.shell !== undefined) {
    const command = Object.hasOwn(args, rule.shell) ? args[rule.shell] : undefined;
    readings.push(typeof command === 'string' ? shellReading(call, command, options) : missing(rule.shell, 'shell'));
  }
  if (rule.sql !== undefined) {
    const sql = Object.hasOwn(args, rule.sql) ? args[rule.sql] : undefined;
    readings.push(typeof sql === 'string' ? sqlReading(call, sql, rule.dialect) : missing(rule.sql, 'sql'));
  }
  if (rule.paths !== undefined) {
    const operation = rule.operation ?? fileOperationOf(call.words);
    const moving = operation === 'move' || operation === 'copy';
    const to = !moving ? undefined : rule.to !== undefined ? { key: rule.to, value: Object.hasOwn(args, rule.to) ? args[rule.to] : undefined } : argumentNamed(args, DESTINATION_ARGUMENTS);
    const given = rule.paths.filter((name) => Object.hasOwn(args, name) && name !== to?.key);
    const paths: string[] = [];
    let broken: string | undefined;
    for (const name of given) {
      const found = pathsOf(args[name]);
      if (found) paths.push(...found);
      else broken ??= name;
    }
    if (broken !== undefined) {
      readings.push(missing(broken, 'paths'));
    } else if (paths.length === 0) {
      // A read tool called without a path reads its default place; anything else cannot be placed.
      readings.push(operation === 'read' ? toolLevel(call, 'read', `calls ${call.address} (reads)`) : missing(rule.paths.join('`, `'), 'paths'));
    } else if (moving) {
      const destination = typeof to?.value === 'string' && to.value.length > 0 ? to.value : undefined;
      readings.push(destination === undefined ? missing(to?.key ?? rule.to ?? 'destination', 'destination') : fileReading(call, operation, paths, destination));
    } else {
      readings.push(fileReading(call, operation, paths, undefined));
    }
  }
  if (readings.length > 0) return readings;
  // A rule that names no argument but says what the tool does: the owner's word, not the server's.
  if (rule.operation !== undefined) return [ruleOperation(call, rule.operation)];
  return byConvention(call, options);
}

function ruleOperation(call: Call, operation: NonNullable<McpToolRule['operation']>): Reading {
  switch (operation) {
    case 'read':
      return toolLevel(call, 'read', `calls ${call.address} (reads, as airlock.yaml says)`);
    case 'write':
      return toolLevel(call, 'update', `calls ${call.address}, which writes (as airlock.yaml says)`);
    case 'delete':
    case 'move':
      return toolLevel(call, 'delete', `calls ${call.address}, which ${operation === 'delete' ? 'deletes' : 'moves'} something (as airlock.yaml says)`);
  }
}

// ─── built-in conventions ────────────────────────────────────────────────────────────────────

function byConvention(call: Call, options: McpAnalyzerOptions): Reading[] {
  const args = call.input.arguments;

  const command = argumentNamed(args, COMMAND_ARGUMENTS);
  if (command && typeof command.value === 'string' && call.words.some((w) => EXEC_WORDS.has(w))) {
    return [shellReading(call, command.value, options)];
  }

  const sql = argumentNamed(args, ['sql']) ?? (call.words.some((w) => w === 'sql' || w === 'query') ? argumentNamed(args, ['query']) : undefined);
  if (sql) {
    return [typeof sql.value === 'string' ? sqlReading(call, sql.value) : toolLevel(call, 'unknown', `calls ${call.address} with SQL Airlock cannot read`)];
  }

  const remote = Object.keys(args).some((key) => REMOTE_MARKERS.has(normalName(key)));
  const named = Object.entries(args).filter(([key]) => PATH_ARGUMENTS.has(normalName(key)));
  const byName: Reading = { effects: [judgeByName(call.input, call.words)], precise: false };
  if (named.length === 0) return [byName];
  // A remote marker (owner, bucket, project …) says the path may not be local — but the client
  // picks the argument names and a server ignores the ones it does not know, so a marker can only
  // add the name's reading; the path is still read as a local file.
  if (remote) return [byName, ...byConventionPaths(call, named)];
  return byConventionPaths(call, named);
}

function byConventionPaths(call: Call, named: [string, unknown][]): Reading[] {
  const args = call.input.arguments;

  const operation = fileOperationOf(call.words);
  if (operation === 'move' || operation === 'copy') {
    const to = argumentNamed(args, DESTINATION_ARGUMENTS);
    const sources = named.filter(([key]) => key !== to?.key).map(([, value]) => pathsOf(value));
    const destination = typeof to?.value === 'string' && to.value.length > 0 ? to.value : undefined;
    if (destination === undefined || sources.length === 0 || sources.some((found) => found === undefined)) {
      return [toolLevel(call, 'unknown', `calls ${call.address}, which ${operation === 'move' ? 'moves' : 'copies'} files Airlock cannot place (no usable source or destination argument)`)];
    }
    return [fileReading(call, operation, sources.flatMap((found) => found ?? []), destination)];
  }
  const paths = named.map(([, value]) => pathsOf(value));
  if (paths.some((found) => found === undefined)) {
    return [toolLevel(call, 'unknown', `calls ${call.address} with a path argument that is not a path`)];
  }
  return [fileReading(call, operation, paths.flatMap((found) => found ?? []), undefined)];
}

// ─── readings ────────────────────────────────────────────────────────────────────────────────

function toolLevel(call: Call, operation: 'read' | 'update' | 'delete' | 'unknown', summary: string): Reading {
  const effect: Effect = {
    operation,
    resource: { kind: 'mcp.tool', address: call.address },
    reversible: operation === 'read',
    destroysData: operation === 'delete',
    summary,
    evidence: `${call.input.server} ${call.input.tool}`,
  };
  return { effects: [effect], precise: false };
}

function through(call: Call, effect: Effect): Effect {
  return { ...effect, summary: `${effect.summary} (through ${call.address})` };
}

/** A command argument, analysed as the shell analyzer analyses a command line. */
function shellReading(call: Call, command: string, options: McpAnalyzerOptions): Reading {
  const args = call.input.arguments;
  const unknown = (why: string): Reading => ({
    effects: [{ ...toolLevel(call, 'unknown', `calls ${call.address}, which runs a command ${why}`).effects[0]!, evidence: excerpt(command) }],
    precise: false,
  });
  if (!options.shell) return unknown('Airlock cannot analyse here');

  // `{ command: "rm", args: ["-rf", "/srv"] }` runs `rm -rf /srv`: the args are part of the command.
  let line = command;
  const argv = argumentNamed(args, ARGV_ARGUMENTS);
  if (argv) {
    if (!Array.isArray(argv.value) || !argv.value.every((word) => typeof word === 'string')) return unknown(`with arguments (\`${argv.key}\`) Airlock cannot read`);
    line = commandLine(command, argv.value as string[]);
  }
  const env = argumentNamed(args, ENV_ARGUMENTS);
  if (env) {
    const entries = env.value !== null && typeof env.value === 'object' && !Array.isArray(env.value) ? Object.entries(env.value as Record<string, unknown>) : undefined;
    if (!entries || entries.some(([name, value]) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || typeof value !== 'string')) {
      return unknown(`with environment variables (\`${env.key}\`) Airlock cannot read`);
    }
    // As assignments before the command, so AWS_PROFILE=prod or KUBECONFIG=… tell the environment.
    if (entries.length > 0) line = `${entries.map(([name, value]) => `${name}=${quote(value as string)}`).join(' ')} ${line}`;
  }

  const cwdArgument = argumentNamed(args, CWD_ARGUMENTS);
  const cwd = typeof cwdArgument?.value === 'string' && cwdArgument.value.length > 0 ? resolvePath(cwdArgument.value, call.context.cwd) : call.context.cwd;
  // A command run on another host: whether a path exists here says nothing about there.
  const remote = Object.keys(args).some((key) => REMOTE_MARKERS.has(normalName(key)));

  let analysis: Analysis;
  try {
    analysis = options.shell.analyze(options.shell.prepare({ command: line }), { cwd, pathExists: remote ? undefined : call.context.pathExists });
  } catch (error) {
    return unknown(`Airlock could not analyse (${(error as Error).message})`);
  }
  const effects = analysis.effects.map((effect) => through(call, effect));
  const stdin = argumentNamed(args, STDIN_ARGUMENTS);
  if (stdin && !(stdin.value === '' || stdin.value === null || stdin.value === undefined)) {
    effects.push({ ...toolLevel(call, 'unknown', `calls ${call.address}, which feeds input (\`${stdin.key}\`) to the command that Airlock cannot see into`).effects[0]!, evidence: excerpt(command) });
  }
  // Where the command runs and the files it changes tell the environment, as a file tool's paths do.
  const cwdHint = cwd !== undefined && cwd !== call.context.cwd ? [cwd] : [];
  const changed = analysis.effects.filter((effect) => effect.resource.kind === 'file' && effect.operation !== 'read').map((effect) => effect.resource.address);
  return {
    effects,
    hints: { ...analysis.hints, paths: [...new Set([...(analysis.hints.paths ?? []), ...cwdHint, ...changed])] },
    needs: analysis.needs,
    precise: true,
  };
}

/**
 * SQL: an unknown placeholder the pipeline replaces with the SQL analyzer's reading of it (the
 * PostgreSQL parser loads only when a call carries SQL). If that fails, the unknown stays.
 */
function sqlReading(call: Call, sql: string, dialect?: 'postgresql' | 'mysql' | 'sqlite'): Reading {
  const reading = toolLevel(call, 'unknown', `calls ${call.address}, which runs SQL`);
  const placeholder: Effect = { ...reading.effects[0]!, evidence: excerpt(sql) };
  // The SQL analyzer reads exactly what runs: the server's hints have nothing to add.
  return { effects: [placeholder], embedded: [{ placeholder, kind: 'sql', payload: { sql, ...(dialect ? { dialect } : {}) } }], precise: true };
}

/** Paths a file tool names, analysed by the file analyzer. */
function fileReading(call: Call, operation: FileToolOperation | 'opaque' | undefined, paths: readonly string[], destination: string | undefined): Reading {
  const { cwd } = call.context;
  // The server resolves a relative or `~` path against its own roots, which Airlock cannot see:
  // anything but a read on one is unknown, never placed in whatever environment the cwd suggests.
  const unplaced = [...paths, ...(destination === undefined ? [] : [destination])].filter((path) => !posix.isAbsolute(path) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(path));
  if (operation !== 'read' && unplaced.length > 0) {
    return toolLevel(call, 'unknown', `calls ${call.address} on ${unplaced.map((path) => `"${path}"`).join(', ')}, a path relative to the server's own roots that Airlock cannot place (use absolute paths)`);
  }
  if (operation === undefined || operation === 'opaque') {
    // The name does not say what happens to these paths: a risky write on each of them.
    const effects: Effect[] = paths.map((path) => {
      const address = resolvePath(path, cwd);
      return operation === 'opaque'
        ? { operation: 'unknown', resource: { kind: 'file', address }, reversible: false, destroysData: false, summary: `runs something on ${address} that Airlock cannot see into (through ${call.address})`, evidence: `${call.input.tool} ${path}` }
        : { operation: 'update', resource: { kind: 'file', address }, reversible: false, destroysData: false, summary: `may change ${address} (through ${call.address}, whose name does not say how)`, evidence: `${call.input.tool} ${path}` };
    });
    return { effects, hints: { paths: effects.map((effect) => effect.resource.address) }, precise: false };
  }

  const files: FileOperation[] = [];
  switch (operation) {
    case 'read':
    case 'delete':
    case 'edit':
      files.push(...paths.map((path) => ({ operation, path })));
      break;
    case 'write':
    case 'mkdir': {
      // Only an empty content matters to the analysis (it empties the file); the rest is not copied.
      const content = call.input.arguments['content'];
      files.push(...paths.map((path) => ({ operation: 'write' as const, path, ...(content === '' ? { content: '' } : {}) })));
      break;
    }
    case 'move':
      files.push(...paths.map((path) => ({ operation: 'move' as const, path, to: destination ?? path })));
      break;
    case 'copy':
      files.push(...paths.map((path) => ({ operation: 'read' as const, path })), { operation: 'write', path: destination ?? paths[0]! });
      break;
  }

  let analysis: Analysis;
  try {
    analysis = fileAnalyzer.analyze(fileAnalyzer.prepare({ files }), { cwd, pathExists: call.context.pathExists, realPath: call.context.realPath });
  } catch (error) {
    return toolLevel(call, 'unknown', `calls ${call.address} with paths Airlock cannot read (${(error as Error).message})`);
  }
  let effects = analysis.effects;
  if (operation === 'mkdir') {
    // Creating a directory that exists changes nothing; one that does not is a new, empty directory.
    effects = effects.map((effect) => ({ ...effect, operation: 'create', reversible: true, destroysData: false, summary: `creates directory ${effect.resource.address}` }));
  } else if (operation === 'copy') {
    // A copy onto an existing file replaces it: the file analyzer's "rewrites" loses the old content here.
    effects = effects.map((effect) =>
      effect.operation === 'update' ? { ...effect, reversible: false, destroysData: true, summary: `overwrites ${effect.resource.address} with a copy` } : effect,
    );
  }
  return { effects: effects.map((effect) => through(call, effect)), hints: analysis.hints, precise: operation !== 'read' && operation !== 'mkdir' };
}

// ─── annotations ─────────────────────────────────────────────────────────────────────────────

/**
 * Hints from the server, applied the pessimistic way only. `destructiveHint: true` on a reading
 * that is not precise (reads, unclear names, tool-level readings) makes every effect a delete that
 * destroys data; `readOnlyHint: false` makes reads risky writes. `readOnlyHint: true` is never used
 * here: it cannot make anything safer than the name and arguments show.
 */
function worsenedByAnnotations(call: Call, reading: Reading): Reading {
  const hints = call.input.annotations;
  if (reading.precise || !hints) return reading;
  let effects = reading.effects;
  const before = new Set(reading.effects.filter((effect) => effect.operation === 'read').map((effect) => effect.resource.address));
  if (hints.destructiveHint === true) {
    effects = effects.map((effect): Effect => {
      if (effect.operation === 'delete' && effect.destroysData) return effect;
      const note = `${call.address} is marked destructive by its server`;
      if (effect.operation === 'unknown') return { ...effect, destroysData: true, summary: `${effect.summary}; ${note}` };
      return { ...effect, operation: 'delete', reversible: false, destroysData: true, summary: `may delete or overwrite ${effect.resource.address}: ${note}` };
    });
  } else if (hints.readOnlyHint === false) {
    effects = effects.map((effect): Effect =>
      effect.operation === 'read'
        ? { ...effect, operation: 'update', reversible: false, summary: `may change ${effect.resource.address}: its server says ${call.address} is not read-only` }
        : effect,
    );
  }
  // A file that was only read is now changed: its path tells the environment, as any write's does.
  const nowChanged = effects.filter((effect) => effect.resource.kind === 'file' && effect.operation !== 'read' && before.has(effect.resource.address)).map((effect) => effect.resource.address);
  const hinted = nowChanged.length === 0 ? reading.hints : { ...reading.hints, paths: [...(reading.hints?.paths ?? []), ...nowChanged] };
  return { ...reading, effects, hints: hinted };
}

function combine(readings: readonly Reading[]): Analysis {
  const effects = readings.flatMap((reading) => reading.effects);
  const embedded = readings.flatMap((reading) => reading.embedded ?? []);
  const hints: Partial<EnvironmentHints> = {};
  const needs: AmbientNeeds = {};
  for (const reading of readings) {
    for (const [key, values] of Object.entries(reading.hints ?? {}) as [keyof EnvironmentHints, unknown[]][]) {
      if (!Array.isArray(values) || values.length === 0) continue;
      (hints as Record<string, unknown[]>)[key] = [...((hints as Record<string, unknown[]>)[key] ?? []), ...values];
    }
    if (reading.needs?.kubeContext) needs.kubeContext = true;
    if (reading.needs?.awsProfile) needs.awsProfile = true;
    if (reading.needs?.terraformWorkspace) needs.terraformWorkspace = true;
  }
  return { effects, hints, ...(Object.keys(needs).length > 0 ? { needs } : {}), ...(embedded.length > 0 ? { embedded } : {}) };
}

/** How deeply a JSON value nests; stops counting past the limit (no deep recursion on hostile input). */
function depthOf(value: unknown, depth = 0): number {
  if (depth > MAX_ARGUMENT_DEPTH || value === null || typeof value !== 'object') return depth;
  let deepest = depth;
  for (const child of Object.values(value as Record<string, unknown>)) {
    deepest = Math.max(deepest, depthOf(child, depth + 1));
    if (deepest > MAX_ARGUMENT_DEPTH) break;
  }
  return deepest;
}
