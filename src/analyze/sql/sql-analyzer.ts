import { z } from 'zod';
import { AirlockError } from '../../errors/index.js';
import { unknownEffect, type Effect } from '../../model/index.js';
import type { Analysis, Analyzer } from '../analyzer.js';
import { GENERIC_KNOWN_FUNCTIONS, GENERIC_READ_FUNCTIONS, POSTGRES_KNOWN_FUNCTIONS, POSTGRES_READ_FUNCTIONS, POSTGRES_READ_OPERATORS, functionName, type KnownFunction } from './sql-functions.js';
import { describeMysqlMode, otherMysqlModes, readGenericSql, type GenericDialect } from './sql-text.js';

/** Payload of a `sql` Change: statements for one database. */
export const SqlPayloadSchema = z
  .object({
    sql: z.string().max(4 * 1024 * 1024),
    /** PostgreSQL by libpg_query; MySQL and SQLite by node-sql-parser after lexing with their rules (sql-text.ts). */
    dialect: z.enum(['postgresql', 'mysql', 'sqlite']).default('postgresql'),
    /** The database the statements run in, when the entry point knows (`psql -d orders`). */
    database: z.string().min(1).optional(),
  })
  .strict();
export type SqlPayload = z.output<typeof SqlPayloadSchema>;

/** The real PostgreSQL parser's output, as far as this analyzer reads it. */
type Node = Record<string, unknown>;
interface Parsed {
  readonly stmts?: readonly { readonly stmt?: unknown }[] | undefined;
}

/**
 * MySQL text read as a server with other settings would read it (see sql-text.ts), when that
 * differs: the statements it runs up to the first one the server refuses, or why Airlock could not
 * parse them.
 */
export interface OtherReading {
  readonly mode: string;
  readonly statements: Node[];
  readonly unparseable?: string;
}

export interface PreparedSql {
  readonly payload: SqlPayload;
  /** The parse tree without source positions (what the digest is taken over), or why there is none. */
  readonly tree: { readonly statements: Node[] } | { readonly generic: Node[]; readonly readings?: OtherReading[] } | { readonly error: string };
}

/** The PostgreSQL parser, loaded once (WebAssembly): parseSync after loadModule. */
export interface PostgresParser {
  parseSync(sql: string): Parsed;
}

/** A maintained parser for MySQL and SQLite (node-sql-parser's `astify`). */
export interface GenericSqlParser {
  astify(sql: string, options: { database: string }): unknown;
}

/** What effect rules need besides the tree: the database, and the parser for SQL inside strings (dblink). */
interface Context {
  readonly database: string | undefined;
  readonly parser: PostgresParser;
  /** How deep in SQL-inside-a-string this is; bounded so a crafted nesting cannot run away. */
  readonly depth: number;
}

/**
 * SQL, parsed by the real PostgreSQL parser (libpg_query compiled to WebAssembly). What the parser
 * sees is what runs: comments, case and quoting games collapse into the same tree, so they cannot
 * hide a DROP. Unparseable SQL, and dialects without a parser here yet, are `unknown` (fail closed).
 */
export function createSqlAnalyzer(parser: PostgresParser, generic?: GenericSqlParser): Analyzer<PreparedSql> {
  return {
    kind: 'sql',

    prepare(payload) {
      const parsed = SqlPayloadSchema.safeParse(payload);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new AirlockError('invalid_input', `SQL change payload is invalid at ${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'invalid'}`, {
          hint: 'a sql change needs { sql: "…", dialect?: postgresql|mysql|sqlite, database? }',
        });
      }
      if (parsed.data.dialect !== 'postgresql') {
        if (!generic) return { payload: parsed.data, tree: { error: `${parsed.data.dialect} SQL is not parsed here` } };
        return { payload: parsed.data, tree: prepareGeneric(parsed.data.sql, parsed.data.dialect, generic) };
      }
      try {
        const result = parser.parseSync(parsed.data.sql);
        return { payload: parsed.data, tree: { statements: (result.stmts ?? []).map((entry) => withoutPositions(entry.stmt ?? {}) as Node) } };
      } catch (error) {
        return { payload: parsed.data, tree: { error: (error as Error).message } };
      }
    },

    canonical(input) {
      const base = { dialect: input.payload.dialect, database: input.payload.database ?? null };
      if ('error' in input.tree) return { ...base, sql: input.payload.sql };
      if ('generic' in input.tree) return { ...base, statements: input.tree.generic, ...(input.tree.readings ? { readings: input.tree.readings } : {}) };
      return { ...base, statements: input.tree.statements };
    },

    analyze(input): Analysis {
      const database = input.payload.database;
      if ('error' in input.tree) {
        return { effects: [unknownEffect(`SQL Airlock cannot parse (${input.tree.error})`, input.payload.sql.slice(0, 200), 'sql.statement')], hints: {} };
      }
      const ctx: Context = { database, parser, depth: 0 };
      const effects = 'generic' in input.tree ? genericTreeEffects(input.tree.generic, input.tree.readings ?? [], database) : input.tree.statements.flatMap((statement) => effectsOf(statement, ctx));
      return { effects: effects.length ? effects : [read('sql.statement', database ?? 'sql', 'runs an empty statement')], hints: {} };
    },
  };
}

/**
 * MySQL/SQLite: lexed here with the server's rules first (sql-text.ts), then parsed. MySQL text that
 * other server settings would split differently is also read in each of those settings.
 */
function prepareGeneric(sql: string, dialect: GenericDialect, generic: GenericSqlParser): PreparedSql['tree'] {
  const options = { database: dialect === 'mysql' ? 'MySQL' : 'Sqlite' };
  const astify = (text: string): Node[] => {
    if (text.trim() === '') return [];
    const ast = generic.astify(text, options);
    return (Array.isArray(ast) ? ast : [ast]).filter(Boolean) as Node[];
  };
  const reading = readGenericSql(sql, dialect);
  if (reading.refused) return { error: reading.refused };
  let statements: Node[];
  try {
    statements = astify(reading.text);
  } catch (error) {
    return { error: (error as Error).message.split('\n')[0] ?? 'unparseable' };
  }
  if (dialect !== 'mysql') return { generic: statements };
  const readings = otherMysqlModes(reading.features).map((mode): OtherReading => {
    const other = readGenericSql(sql, dialect, mode);
    const described = describeMysqlMode(mode);
    if (other.refused) return { mode: described, statements: [], unparseable: other.refused };
    const parsed: Node[] = [];
    for (const statement of other.statements) {
      // The server refuses this statement, and a batch stops at its first error.
      if (statement.unterminated || statement.strayBackslash) break;
      try {
        parsed.push(...astify(statement.text));
      } catch (error) {
        return { mode: described, statements: parsed, unparseable: (error as Error).message.split('\n')[0] ?? 'unparseable' };
      }
    }
    return { mode: described, statements: parsed };
  });
  return { generic: statements, ...(readings.length ? { readings } : {}) };
}

/** Source positions change with whitespace and comments; the statement does not. */
function withoutPositions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPositions);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) if (key !== 'location' && key !== 'stmt_location' && key !== 'stmt_len') out[key] = withoutPositions(child);
    return out;
  }
  return value;
}

const DATA_OBJECTS: Record<string, string> = {
  OBJECT_TABLE: 'table',
  OBJECT_SCHEMA: 'schema',
  OBJECT_MATVIEW: 'materialized view',
  OBJECT_SEQUENCE: 'sequence',
  OBJECT_FOREIGN_TABLE: 'foreign table',
};

/**
 * Statements whose expressions are evaluated when they run, so the functions they call run now and
 * any data-changing statement nested in them (a WITH query) runs too. Not views, functions, triggers
 * or rules: their bodies run later, and are judged (or refused) by what creates them.
 */
const EVALUATES_NOW = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'CreateTableAsStmt', 'IndexStmt', 'AlterTableStmt']);

/** Data-changing statements that can be nested in another (WITH d AS (DELETE … RETURNING *) SELECT …). */
const NESTED_WRITES = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

/** One statement: what it does itself, and everything nested in it that runs with it. */
function effectsOf(statement: Node, ctx: Context): Effect[] {
  const [type, body] = Object.entries(statement)[0] ?? ['', {}];
  const node = (body ?? {}) as Node;
  const own = ownEffects(type, node, ctx);
  return EVALUATES_NOW.has(type) ? [...own, ...nestedEffects(node, ctx)] : own;
}

function ownEffects(type: string, node: Node, ctx: Context): Effect[] {
  const database = ctx.database;
  const where = database ? ` in database ${database}` : '';
  switch (type) {
    case 'SelectStmt':
      return node['intoClause'] ? [effect('create', 'sql.table', relationName((node['intoClause'] as Node)['rel'], database), true, false, `creates a table from a query${where}`)] : [read('sql.query', database ?? 'sql', `reads data${where}`)];
    case 'ExplainStmt':
      // EXPLAIN ANALYZE runs the statement to time it: its effects are the statement's.
      return explainAnalyzes(node) ? effectsOf((node['query'] ?? {}) as Node, ctx) : [read('sql.query', database ?? 'sql', `reads${where}`)];
    case 'VariableShowStmt':
      return [read('sql.query', database ?? 'sql', `reads${where}`)];
    case 'DropdbStmt': {
      const name = String(node['dbname'] ?? 'database');
      return [{ ...effect('delete', 'sql.database', name, false, true, `drops database ${name} and all its data`), environmentWide: true }];
    }
    case 'DropStmt':
      return dropEffects(node, database);
    case 'TruncateStmt':
      return ((node['relations'] as Node[] | undefined) ?? []).map((relation) => {
        const name = relationName(relation['RangeVar'] ?? relation, database);
        const cascade = node['behavior'] === 'DROP_CASCADE' ? ', and tables that reference it (CASCADE)' : '';
        return effect('delete', 'sql.table.rows', name, false, true, `deletes every row of ${name}${cascade}`);
      });
    case 'DeleteStmt': {
      const name = relationName(node['relation'], database);
      return alwaysTrue(node['whereClause'])
        ? [effect('delete', 'sql.table.rows', name, false, true, `deletes every row of ${name} (no WHERE clause that limits it)`)]
        : [effect('delete', 'sql.table.rows', name, false, true, `deletes the rows of ${name} that match its WHERE clause`)];
    }
    case 'UpdateStmt': {
      const name = relationName(node['relation'], database);
      return alwaysTrue(node['whereClause'])
        ? [effect('update', 'sql.table.rows', name, false, true, `overwrites columns in every row of ${name} (no WHERE clause that limits it)`)]
        : [effect('update', 'sql.table.rows', name, false, false, `updates the rows of ${name} that match its WHERE clause`)];
    }
    case 'InsertStmt': {
      const name = relationName(node['relation'], database);
      const inserts = effect('create', 'sql.table.rows', name, true, false, `inserts rows into ${name}`);
      // An upsert overwrites the existing rows it collides with: that is an UPDATE, not an insert.
      return (node['onConflictClause'] as Node | undefined)?.['action'] === 'ONCONFLICT_UPDATE'
        ? [inserts, effect('update', 'sql.table.rows', name, false, true, `overwrites the existing rows of ${name} that conflict with the new ones (ON CONFLICT DO UPDATE)`)]
        : [inserts];
    }
    case 'MergeStmt':
      return mergeEffects(node, database);
    case 'AlterTableStmt':
      return alterEffects(node, database);
    case 'GrantStmt': {
      const granting = node['is_grant'] !== false;
      const objects = ((node['objects'] as Node[] | undefined) ?? []).map((object) => relationName(object['RangeVar'] ?? object, database));
      const subject = objects.join(', ') || 'objects';
      // Revoking a grant later does not undo what was done with it meanwhile: not reversible.
      return [effect('update', 'sql.privileges', subject, false, false, `${granting ? 'grants' : 'revokes'} privileges on ${subject}`)];
    }
    case 'ViewStmt':
      if (node['replace'] === true) {
        // CREATE OR REPLACE: whatever the view was before is gone, and everything reading it changes.
        const name = objectName(node, database);
        return [effect('update', 'sql.view', name, false, false, `replaces view ${name} if it exists (its old definition is lost; whatever reads it now gets the new query)`)];
      }
      return [effect('create', 'sql.object', objectName(node, database), true, false, `creates view ${objectName(node, database)}`)];
    case 'CreateFunctionStmt': {
      // CREATE OR REPLACE loses the old definition, and everything that calls it runs the new one.
      const name = qualifiedName({ List: { items: node['funcname'] } }, database);
      const what = node['is_procedure'] === true ? 'procedure' : 'function';
      const body = unknownEffect(`defines ${what} ${name}, code Airlock does not read`, undefined, 'sql.statement');
      return node['replace'] === true ? [effect('update', 'sql.function', name, false, false, `replaces ${what} ${name} if it exists (its old definition is lost, and everything that calls it runs the new one)`), body] : [body];
    }
    case 'CreateTableAsStmt': {
      const name = objectName(node, database);
      return [effect('create', 'sql.object', name, true, false, `creates ${node['objtype'] === 'OBJECT_MATVIEW' ? 'materialized view' : 'table'} ${name} from a query`)];
    }
    case 'CreateStmt':
    case 'IndexStmt':
    case 'CreateSchemaStmt':
    case 'CreateSeqStmt':
    case 'CreatedbStmt': {
      return [effect('create', 'sql.object', objectName(node, database), true, false, `creates ${type.replace(/Stmt$/, '').replace(/^Create/, '').toLowerCase() || 'an object'} ${objectName(node, database)}`)];
    }
    case 'TransactionStmt':
    case 'VariableSetStmt':
      return [];
    default:
      // DO blocks, functions, triggers, COPY, CALL, EXECUTE, RENAME … : Airlock does not see what they do.
      return [unknownEffect(`runs ${article(type.replace(/Stmt$/, '') || 'statement')} statement Airlock cannot see into`, undefined, 'sql.statement')];
  }
}

function article(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

/**
 * EXPLAIN with the ANALYZE option runs the statement. Off only when it says so: ANALYZE false/off/0
 * (PostgreSQL's own boolean spellings); anything else, including a value it would reject, is on.
 */
function explainAnalyzes(node: Node): boolean {
  return ((node['options'] as Node[] | undefined) ?? []).some((option) => {
    const def = (option['DefElem'] ?? {}) as Node;
    if (String(def['defname'] ?? '').toLowerCase() !== 'analyze') return false;
    const arg = def['arg'] as Node | undefined;
    if (!arg) return true;
    const integer = arg['Integer'] as Node | undefined;
    if (integer) return (integer['ival'] ?? 0) !== 0;
    const text = (arg['String'] as Node | undefined)?.['sval'];
    return typeof text !== 'string' || !['false', 'off'].includes(text.toLowerCase());
  });
}

/**
 * Everything nested in a statement that runs with it: data-changing WITH queries (at any depth),
 * functions it calls (in its target list, FROM, WHERE, subqueries, RETURNING …) and operators.
 */
function nestedEffects(root: Node, ctx: Context): Effect[] {
  const out: Effect[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value as Node)) {
      if (NESTED_WRITES.has(key)) out.push(...ownEffects(key, (child ?? {}) as Node, ctx));
      else if (key === 'FuncCall') out.push(...functionEffects(child as Node, ctx));
      else if (key === 'A_Expr') out.push(...operatorEffects(child as Node));
      else if (key === 'RangeTableSample') out.push(...sampleEffects(child as Node));
      visit(child);
    }
  };
  visit(root);
  return unique(out);
}

function functionEffects(call: Node, ctx: Context): Effect[] {
  const parts = ((call['funcname'] as Node[] | undefined) ?? []).map((part) => String((part['String'] as Node | undefined)?.['sval'] ?? ''));
  const fn = functionName(parts, false);
  const builtin = fn.schema === undefined || fn.schema === 'pg_catalog';
  if (builtin && POSTGRES_READ_FUNCTIONS.has(fn.name)) return [];
  const args = (call['args'] as Node[] | undefined) ?? [];
  // dblink's functions live where its extension was installed (public, unless told otherwise); the
  // same name in another schema is someone else's function.
  const dblink = fn.schema === undefined || fn.schema === 'public';
  if (dblink && (fn.name === 'dblink' || fn.name === 'dblink_exec' || fn.name === 'dblink_send_query')) {
    const remote = dblinkEffects(args, ctx);
    const known = knownFunction(POSTGRES_KNOWN_FUNCTIONS, fn.name);
    return known ? [knownFunctionEffect(fn.display, known, 'another database'), ...remote] : remote;
  }
  const known = knownFunction(POSTGRES_KNOWN_FUNCTIONS, fn.name);
  if (known) return [knownFunctionEffect(fn.display, known, constantText(args[0]) ?? fn.display)];
  return [unknownFunctionEffect(fn.display)];
}

/**
 * dblink runs its SQL string on another database. When that string is a constant, it is analysed like
 * any other SQL (its effects are on the remote database); otherwise Airlock cannot see what runs.
 * The SQL is the first argument when alone or followed by fail_on_error (a boolean), else the second
 * (after a connection name or string).
 */
function dblinkEffects(args: Node[], ctx: Context): Effect[] {
  const flag = (arg: Node | undefined) => (arg?.['A_Const'] as Node | undefined)?.['boolval'] !== undefined;
  const sql = constantText(args.length === 1 || (args.length === 2 && flag(args[1])) ? args[0] : args[1]);
  const opaque = unknownEffect('runs SQL through dblink on another database, and Airlock cannot read which', sql?.slice(0, 200), 'sql.remote_database');
  if (sql === undefined || ctx.depth >= 3) return [opaque];
  try {
    const statements = (ctx.parser.parseSync(sql).stmts ?? []).map((entry) => withoutPositions(entry.stmt ?? {}) as Node);
    const inner: Context = { ...ctx, database: undefined, depth: ctx.depth + 1 };
    return statements.flatMap((statement) => effectsOf(statement, inner)).map((e) => ({ ...e, summary: `through dblink, on the database it connects to: ${e.summary}` }));
  } catch {
    return [opaque];
  }
}

/** A string or number constant's text (an argument like 'DELETE FROM x', 'x'::text or 1234). */
function constantText(arg: Node | undefined): string | undefined {
  const cast = arg?.['TypeCast'] as Node | undefined;
  const constant = (cast ? (cast['arg'] as Node | undefined) : arg)?.['A_Const'] as Node | undefined;
  if (!constant) return undefined;
  const sval = (constant['sval'] as Node | undefined)?.['sval'];
  if (typeof sval === 'string') return sval;
  const ival = constant['ival'] as Node | undefined;
  return ival ? String(ival['ival'] ?? 0) : undefined;
}

/** User-defined operators run a function; only the built-in ones are known to be side-effect free. */
function operatorEffects(expr: Node): Effect[] {
  if (!['AEXPR_OP', 'AEXPR_OP_ANY', 'AEXPR_OP_ALL'].includes(String(expr['kind']))) return [];
  const parts = ((expr['name'] as Node[] | undefined) ?? []).map((part) => String((part['String'] as Node | undefined)?.['sval'] ?? ''));
  const op = parts[parts.length - 1] ?? '';
  const schema = parts.length > 1 ? parts.slice(0, -1).join('.').toLowerCase() : undefined;
  if ((schema === undefined || schema === 'pg_catalog') && POSTGRES_READ_OPERATORS.has(op)) return [];
  const name = parts.join('.');
  return [effect('execute', 'sql.function', `operator ${name}`, false, false, `uses operator ${name}, which is not a built-in one Airlock knows: it runs a function that may change data`)];
}

/** TABLESAMPLE methods are functions too; the built-in ones only sample. */
function sampleEffects(sample: Node): Effect[] {
  const parts = ((sample['method'] as Node[] | undefined) ?? []).map((part) => String((part['String'] as Node | undefined)?.['sval'] ?? ''));
  const fn = functionName(parts, false);
  if ((fn.schema === undefined || fn.schema === 'pg_catalog') && ['system', 'bernoulli', 'system_rows', 'system_time'].includes(fn.name)) return [];
  return [unknownFunctionEffect(fn.display)];
}

/** An own entry only: a function called `constructor` is not Object's. */
function knownFunction(table: Readonly<Record<string, KnownFunction>>, name: string): KnownFunction | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

function knownFunctionEffect(display: string, known: KnownFunction, target: string): Effect {
  return effect(known.operation, known.kind, target, false, known.destroysData, `calls ${display}(), which ${known.does}`);
}

function unknownFunctionEffect(display: string): Effect {
  return effect('execute', 'sql.function', display, false, false, `calls ${display}(), a function Airlock does not know to be free of side effects (it may change data)`);
}

function mergeEffects(node: Node, database: string | undefined): Effect[] {
  const name = relationName(node['relation'], database);
  const everything = alwaysTrue(node['joinCondition']);
  const effects: Effect[] = [];
  for (const entry of (node['mergeWhenClauses'] as Node[] | undefined) ?? []) {
    const clause = (entry['MergeWhenClause'] ?? {}) as Node;
    const all = everything && alwaysTrue(clause['condition']) && clause['matchKind'] === 'MERGE_WHEN_MATCHED';
    switch (clause['commandType']) {
      case 'CMD_DELETE':
        effects.push(effect('delete', 'sql.table.rows', name, false, true, all ? `deletes every row of ${name} (MERGE on a condition that limits nothing)` : `deletes the rows of ${name} that the MERGE matches`));
        break;
      case 'CMD_UPDATE':
        effects.push(effect('update', 'sql.table.rows', name, false, all, all ? `overwrites columns in every row of ${name} (MERGE on a condition that limits nothing)` : `updates the rows of ${name} that the MERGE matches`));
        break;
      case 'CMD_INSERT':
        effects.push(effect('create', 'sql.table.rows', name, true, false, `inserts rows into ${name}`));
        break;
      default:
        break;
    }
  }
  return effects.length ? unique(effects) : [read('sql.query', database ?? 'sql', 'runs a MERGE that changes nothing')];
}

/** The same effect once (a function called in three places is one effect). */
function unique(effects: Effect[]): Effect[] {
  const seen = new Set<string>();
  return effects.filter((e) => {
    const key = JSON.stringify(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function dropEffects(node: Node, database: string | undefined): Effect[] {
  const removeType = String(node['removeType'] ?? '');
  const cascade = node['behavior'] === 'DROP_CASCADE';
  const objects = (node['objects'] as unknown[] | undefined) ?? [];
  const dataKind = DATA_OBJECTS[removeType];
  const kind = dataKind ?? removeType.replace(/^OBJECT_/, '').toLowerCase();
  return objects.map((object) => {
    const name = qualifiedName(object, database);
    const what = cascade ? ` and everything that depends on it (CASCADE)` : '';
    return effect('delete', `sql.${kind.replace(/ /g, '_')}`, name, false, dataKind !== undefined || cascade, `drops ${kind} ${name}${what}${dataKind ? ' — its data is lost' : ''}`);
  });
}

function alterEffects(node: Node, database: string | undefined): Effect[] {
  const name = relationName(node['relation'], database);
  return ((node['cmds'] as Node[] | undefined) ?? []).map((entry) => {
    const cmd = (entry['AlterTableCmd'] ?? {}) as Node;
    const column = String(cmd['name'] ?? '');
    switch (cmd['subtype']) {
      case 'AT_DropColumn':
        return effect('delete', 'sql.column', `${name}.${column}`, false, true, `drops column ${column} of ${name} — its data is lost`);
      case 'AT_AlterColumnType':
        return effect('update', 'sql.column', `${name}.${column}`, false, true, `changes the type of ${name}.${column} (values may be converted or lost)`);
      case 'AT_DropConstraint':
        // CASCADE also drops what depends on the constraint: other tables' foreign keys to it, which
        // are gone silently, so those tables stop being checked.
        return cmd['behavior'] === 'DROP_CASCADE'
          ? effect('update', 'sql.table', name, false, false, `drops constraint ${column} of ${name} and, with CASCADE, the foreign keys of other tables that depend on it (they are no longer checked)`)
          : effect('update', 'sql.table', name, true, false, `drops constraint ${column || 'a constraint'} of ${name}`);
      case 'AT_AddColumn':
      case 'AT_AddConstraint':
      case 'AT_AddIndex':
        return effect('update', 'sql.table', name, true, false, `adds to ${name}`);
      default:
        return effect('update', 'sql.table', name, false, false, `alters ${name} (${String(cmd['subtype'] ?? 'unknown').replace(/^AT_/, '')})`);
    }
  });
}

/** A WHERE clause that limits nothing: none, TRUE, 1=1, 'a'='a', x OR TRUE, NOT FALSE. */
function alwaysTrue(where: unknown): boolean {
  if (where === undefined || where === null) return true;
  const node = where as Node;
  const constant = node['A_Const'] as Node | undefined;
  if (constant && (constant['boolval'] as Node | undefined)?.['boolval'] === true) return true;
  const cast = node['TypeCast'] as Node | undefined;
  if (cast) return alwaysTrue(cast['arg']);
  const expr = node['A_Expr'] as Node | undefined;
  if (expr && expr['kind'] === 'AEXPR_OP') {
    const op = ((expr['name'] as Node[] | undefined)?.[0]?.['String'] as Node | undefined)?.['sval'];
    const left = JSON.stringify(withoutPositions(expr['lexpr']));
    const right = JSON.stringify(withoutPositions(expr['rexpr']));
    if ((op === '=' || op === '>=' || op === '<=') && left === right && left !== undefined) return true;
  }
  const bool = node['BoolExpr'] as Node | undefined;
  if (bool) {
    const args = (bool['args'] as unknown[] | undefined) ?? [];
    if (bool['boolop'] === 'OR_EXPR') return args.some(alwaysTrue);
    if (bool['boolop'] === 'AND_EXPR') return args.length > 0 && args.every(alwaysTrue);
    if (bool['boolop'] === 'NOT_EXPR') return alwaysFalse(args[0]);
  }
  return false;
}

function alwaysFalse(where: unknown): boolean {
  const constant = (where as Node | undefined)?.['A_Const'] as Node | undefined;
  return constant !== undefined && (constant['boolval'] as Node | undefined)?.['boolval'] !== true && 'boolval' in constant;
}

function relationName(relation: unknown, database: string | undefined): string {
  const node = ((relation as Node | undefined)?.['RangeVar'] ?? relation ?? {}) as Node;
  const parts = [node['catalogname'] ?? database, node['schemaname'], node['relname']].filter((part): part is string => typeof part === 'string' && part.length > 0);
  return parts.join('.') || 'table';
}

/** `DROP TABLE a.b` objects are lists of String nodes; DROP SCHEMA gives bare String nodes. */
function qualifiedName(object: unknown, database: string | undefined): string {
  const items = ((object as Node)?.['List'] as Node | undefined)?.['items'] as Node[] | undefined;
  const parts = (items ?? [object as Node]).map((item) => ((item?.['String'] as Node | undefined)?.['sval'] as string | undefined) ?? '').filter(Boolean);
  return [database, ...parts].filter(Boolean).join('.') || 'object';
}

function objectName(node: Node, database: string | undefined): string {
  if (node['relation']) return relationName(node['relation'], database);
  if ((node['into'] as Node | undefined)?.['rel']) return relationName((node['into'] as Node)['rel'], database);
  if (node['view']) return relationName(node['view'], database);
  if (typeof node['schemaname'] === 'string') return [database, node['schemaname']].filter(Boolean).join('.');
  if (typeof node['dbname'] === 'string') return node['dbname'];
  if (typeof node['idxname'] === 'string') return node['idxname'];
  return database ?? 'object';
}

function effect(operation: Effect['operation'], kind: string, address: string, reversible: boolean, destroysData: boolean, summary: string): Effect {
  return { operation, resource: { kind, address, ...(destroysData ? { dataBearing: true } : {}) }, reversible, destroysData, summary };
}

function read(kind: string, address: string, summary: string): Effect {
  return { operation: 'read', resource: { kind, address }, reversible: true, destroysData: false, summary };
}

// ─── MySQL and SQLite (node-sql-parser's AST) ───────────────────────────────────────────────

/**
 * The statements as the default MySQL/SQLite reading sees them, plus whatever a server with other
 * settings would run instead (OtherReading): a reading that differs is effects too, and one that
 * Airlock cannot parse is unknown.
 */
function genericTreeEffects(statements: Node[], readings: readonly OtherReading[], database: string | undefined): Effect[] {
  const effects = statements.flatMap((statement) => genericEffectsOf(statement, database));
  const seen = new Set(effects.map((e) => JSON.stringify(e)));
  for (const reading of readings) {
    for (const e of reading.statements.flatMap((statement) => genericEffectsOf(statement, database))) {
      if (seen.has(JSON.stringify(e))) continue;
      seen.add(JSON.stringify(e));
      effects.push({ ...e, summary: `${reading.mode}, which reads this SQL differently: ${e.summary}` });
    }
    if (reading.unparseable) {
      effects.push(unknownEffect(`${reading.mode} this SQL reads as other statements, which Airlock cannot parse (${reading.unparseable})`, undefined, 'sql.statement'));
    }
  }
  return effects;
}

/** Statement types whose expressions are evaluated when they run (their function calls run now). */
const GENERIC_EVALUATES_NOW = new Set(['select', 'insert', 'replace', 'update', 'delete', 'alter']);

function genericEffectsOf(statement: Node, database: string | undefined): Effect[] {
  const type = String(statement['type'] ?? '');
  const own = genericOwnEffects(statement, database);
  const evaluates = GENERIC_EVALUATES_NOW.has(type) || (type === 'create' && statement['keyword'] === 'table');
  return evaluates ? [...own, ...unique(genericFunctionEffects(statement))] : own;
}

function genericOwnEffects(statement: Node, database: string | undefined): Effect[] {
  const where = database ? ` in database ${database}` : '';
  const tables = (list: unknown): string[] =>
    ((Array.isArray(list) ? list : [list]) as Node[]).filter(Boolean).map((t) => [t['db'] ?? database, t['table']].filter((p): p is string => typeof p === 'string' && p.length > 0).join('.') || 'table');
  switch (statement['type']) {
    case 'select': {
      // SELECT … INTO OUTFILE/DUMPFILE writes a file on the database server (a DUMPFILE into the
      // plugin directory is native code the server will load).
      const into = statement['into'] as Node | undefined;
      const keyword = String(into?.['keyword'] ?? '').toUpperCase();
      if (keyword === 'OUTFILE' || keyword === 'DUMPFILE') {
        const path = String((into?.['expr'] as Node | undefined)?.['value'] ?? 'a file');
        return [effect('create', 'sql.server_file', path, false, false, `writes query results to ${path} on the database server (SELECT … INTO ${keyword})`)];
      }
      return [read('sql.query', database ?? 'sql', `reads data${where}`)];
    }
    case 'show':
    case 'desc':
      return [read('sql.query', database ?? 'sql', `reads data${where}`)];
    case 'insert':
    case 'replace': {
      // REPLACE, and SQLite's INSERT OR REPLACE, delete the rows a new one collides with; MySQL's ON
      // DUPLICATE KEY UPDATE overwrites them. Either way existing data is lost.
      const or = ((statement['or'] as Node[] | undefined) ?? []).map((part) => String(part['value'] ?? '').toUpperCase());
      const replaces = statement['type'] === 'replace' || or.includes('REPLACE');
      const upserts = Boolean(statement['on_duplicate_update']);
      return tables(statement['table']).flatMap((name) => {
        if (replaces) return [effect('create', 'sql.table.rows', name, false, true, `replaces rows of ${name} (existing rows with the same key are deleted first)`)];
        const inserts = effect('create', 'sql.table.rows', name, true, false, `inserts rows into ${name}`);
        return upserts ? [inserts, effect('update', 'sql.table.rows', name, false, true, `overwrites the existing rows of ${name} that conflict with the new ones (ON DUPLICATE KEY UPDATE)`)] : [inserts];
      });
    }
    case 'create':
      return genericCreateEffects(statement, database);
    case 'drop': {
      const keyword = String(statement['keyword'] ?? 'object');
      if (keyword === 'database' || keyword === 'schema') {
        const name = String(statement['name'] ?? 'database');
        return [{ ...effect('delete', `sql.${keyword}`, name, false, true, `drops ${keyword} ${name} and all its data`), environmentWide: keyword === 'database' }];
      }
      const holdsData = keyword === 'table';
      return tables(statement['name']).map((name) => effect('delete', `sql.${keyword}`, name, false, holdsData, `drops ${keyword} ${name}${holdsData ? ' — its data is lost' : ''}`));
    }
    case 'truncate':
      return tables(statement['name']).map((name) => effect('delete', 'sql.table.rows', name, false, true, `deletes every row of ${name}`));
    case 'delete':
      return tables(statement['from'] ?? statement['table']).map((name) =>
        genericAlwaysTrue(statement['where'])
          ? effect('delete', 'sql.table.rows', name, false, true, `deletes every row of ${name} (no WHERE clause that limits it)`)
          : effect('delete', 'sql.table.rows', name, false, true, `deletes the rows of ${name} that match its WHERE clause`),
      );
    case 'update':
      return tables(statement['table']).map((name) =>
        genericAlwaysTrue(statement['where'])
          ? effect('update', 'sql.table.rows', name, false, true, `overwrites columns in every row of ${name} (no WHERE clause that limits it)`)
          : effect('update', 'sql.table.rows', name, false, false, `updates the rows of ${name} that match its WHERE clause`),
      );
    case 'alter': {
      const name = tables(statement['table'])[0] ?? 'table';
      return ((statement['expr'] as Node[] | undefined) ?? []).map((expr) => {
        const column = String(((expr['column'] as Node | undefined)?.['column'] as string | undefined) ?? '');
        if (expr['action'] === 'drop' && expr['resource'] === 'column') return effect('delete', 'sql.column', `${name}.${column}`, false, true, `drops column ${column} of ${name} — its data is lost`);
        if (expr['action'] === 'modify' || expr['action'] === 'change') return effect('update', 'sql.column', `${name}.${column}`, false, true, `changes column ${column} of ${name} (values may be converted or lost)`);
        return effect('update', 'sql.table', name, false, false, `alters ${name} (${String(expr['action'] ?? 'change')})`);
      });
    }
    case 'grant':
    case 'revoke':
      return [effect('update', 'sql.privileges', database ?? 'privileges', false, false, `${statement['type'] === 'grant' ? 'grants' : 'revokes'} privileges${where}`)];
    default:
      return [unknownEffect(`runs ${article(String(statement['type'] ?? 'SQL'))} statement Airlock cannot see into`, undefined, 'sql.statement')];
  }
}

/**
 * CREATE in MySQL/SQLite. Triggers, functions, procedures and events are code that runs later, on
 * every matching write or on a schedule: unknown (as in PostgreSQL), with what a trigger's body
 * would do when the parser gives it. CREATE OR REPLACE VIEW loses the old definition.
 */
function genericCreateEffects(statement: Node, database: string | undefined): Effect[] {
  const where = database ? ` in database ${database}` : '';
  const keyword = String(statement['keyword'] ?? 'object').toLowerCase();
  const named = (value: unknown, key: string): string => {
    const node = (Array.isArray(value) ? value[0] : value) as Node | undefined;
    return [node?.['db'] ?? database, node?.[key]].filter((p): p is string => typeof p === 'string' && p.length > 0).join('.');
  };
  if (keyword === 'trigger') {
    const trigger = named(statement['trigger'], 'table') || 'trigger';
    const table = named(statement['table'], 'table') || 'a table';
    const events = ((statement['events'] as Node[] | undefined) ?? []).map((event) => String(event['keyword'] ?? '').toUpperCase()).filter(Boolean).join('/') || 'write';
    const opaque = unknownEffect(`creates trigger ${trigger}: from now on every ${events} on ${table} also runs its body`, undefined, 'sql.trigger');
    const body = ((statement['execute'] as Node | undefined)?.['expr'] as Node | undefined)?.['ast'];
    const statements = (Array.isArray(body) ? body : body ? [body] : []) as Node[];
    return [opaque, ...statements.flatMap((inner) => genericEffectsOf(inner, database)).map((e) => ({ ...e, summary: `each time trigger ${trigger} fires: ${e.summary}` }))];
  }
  if (keyword === 'function' || keyword === 'procedure' || keyword === 'event') {
    return [unknownEffect(`creates ${keyword} ${named(statement[keyword], 'name') || ''}`.trim() + ', code Airlock does not read', undefined, 'sql.statement')];
  }
  if (keyword === 'view') {
    const name = named(statement['view'], 'view') || 'view';
    if (statement['replace']) return [effect('update', 'sql.view', name, false, false, `replaces view ${name} if it exists (its old definition is lost; whatever reads it now gets the new query)`)];
    return [effect('create', 'sql.object', name, true, false, `creates view ${name}`)];
  }
  const tables = (Array.isArray(statement['table']) ? statement['table'] : [statement['table']]) as Node[];
  const name = named(tables, 'table') || database || 'object';
  return [effect('create', 'sql.object', name, true, false, `creates ${keyword}${where}`)];
}

/** Function calls anywhere in a MySQL/SQLite statement (columns, FROM, WHERE, subqueries …). */
function genericFunctionEffects(root: unknown): Effect[] {
  const out: Effect[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const node = value as Node;
    if (node['type'] === 'function' || node['type'] === 'aggr_func') {
      const name = node['name'] as Node | string | undefined;
      const parts = typeof name === 'string' ? [name] : ((name?.['name'] as Node[] | undefined) ?? []).map((part) => String(part['value'] ?? ''));
      const schema = typeof name === 'object' ? ((name['schema'] as Node | undefined)?.['value'] as string | undefined) : undefined;
      // A qualified name (db.fn) is a stored function: built-ins are never qualified.
      const fn = functionName(schema ? [schema, ...parts] : parts, true);
      const known = knownFunction(GENERIC_KNOWN_FUNCTIONS, fn.name);
      if (known) out.push(knownFunctionEffect(fn.display, known, genericConstantText(((node['args'] as Node | undefined)?.['value'] as Node[] | undefined)?.[0]) ?? fn.display));
      else if (fn.schema !== undefined || !GENERIC_READ_FUNCTIONS.has(fn.name)) out.push(unknownFunctionEffect(fn.display));
    }
    for (const child of Object.values(node)) visit(child);
  };
  visit(root);
  return out;
}

function genericConstantText(arg: Node | undefined): string | undefined {
  const value = arg?.['value'];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** node-sql-parser's WHERE: none, TRUE, or two equal constants (1=1, 'a'='a'), or OR with one of those. */
function genericAlwaysTrue(where: unknown): boolean {
  if (where === null || where === undefined) return true;
  const node = where as Node;
  if (node['type'] === 'bool') return node['value'] === true;
  if (node['type'] === 'binary_expr') {
    if (node['operator'] === 'OR') return genericAlwaysTrue(node['left']) || genericAlwaysTrue(node['right']);
    if (node['operator'] === 'AND') return genericAlwaysTrue(node['left']) && genericAlwaysTrue(node['right']);
    // Two equal constants, or a column compared with itself (true on every row where it is not NULL).
    const same = (side: unknown) => ['number', 'string', 'single_quote_string', 'double_quote_string', 'bool', 'column_ref'].includes(String((side as Node | undefined)?.['type']));
    if (['=', '>=', '<='].includes(String(node['operator'])) && same(node['left']) && JSON.stringify(node['left']) === JSON.stringify(node['right'])) return true;
  }
  return false;
}
