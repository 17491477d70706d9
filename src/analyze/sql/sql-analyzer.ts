import { z } from 'zod';
import { AirlockError } from '../../errors/index.js';
import { unknownEffect, type Effect } from '../../model/index.js';
import type { Analysis, Analyzer } from '../analyzer.js';

/** Payload of a `sql` Change: statements for one database. */
export const SqlPayloadSchema = z
  .object({
    sql: z.string().max(4 * 1024 * 1024),
    /** Only PostgreSQL is parsed today; others are analysed as unknown (fail closed). */
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

export interface PreparedSql {
  readonly payload: SqlPayload;
  /** The parse tree without source positions (what the digest is taken over), or why there is none. */
  readonly tree: { readonly statements: Node[] } | { readonly generic: Node[] } | { readonly error: string };
}

/** The PostgreSQL parser, loaded once (WebAssembly): parseSync after loadModule. */
export interface PostgresParser {
  parseSync(sql: string): Parsed;
}

/** A maintained parser for MySQL and SQLite (node-sql-parser's `astify`). */
export interface GenericSqlParser {
  astify(sql: string, options: { database: string }): unknown;
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
        try {
          const ast = generic.astify(parsed.data.sql, { database: parsed.data.dialect === 'mysql' ? 'MySQL' : 'Sqlite' });
          return { payload: parsed.data, tree: { generic: (Array.isArray(ast) ? ast : [ast]).filter(Boolean) as Node[] } };
        } catch (error) {
          return { payload: parsed.data, tree: { error: (error as Error).message.split('\n')[0] ?? 'unparseable' } };
        }
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
      return 'generic' in input.tree ? { ...base, statements: input.tree.generic } : { ...base, statements: input.tree.statements };
    },

    analyze(input): Analysis {
      const database = input.payload.database;
      if ('error' in input.tree) {
        return { effects: [unknownEffect(`SQL Airlock cannot parse (${input.tree.error})`, input.payload.sql.slice(0, 200), 'sql.statement')], hints: {} };
      }
      const effects = 'generic' in input.tree ? input.tree.generic.flatMap((statement) => genericEffectsOf(statement, database)) : input.tree.statements.flatMap((statement) => effectsOf(statement, database));
      return { effects: effects.length ? effects : [read('sql.statement', database ?? 'sql', 'runs an empty statement')], hints: {} };
    },
  };
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

function effectsOf(statement: Node, database: string | undefined): Effect[] {
  const [type, body] = Object.entries(statement)[0] ?? ['', {}];
  const node = (body ?? {}) as Node;
  const where = database ? ` in database ${database}` : '';
  switch (type) {
    case 'SelectStmt':
      return node['intoClause'] ? [effect('create', 'sql.table', relationName((node['intoClause'] as Node)['rel'], database), true, false, `creates a table from a query${where}`)] : [read('sql.query', database ?? 'sql', `reads data${where}`)];
    case 'ExplainStmt':
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
      return [effect('create', 'sql.table.rows', name, true, false, `inserts rows into ${name}`)];
    }
    case 'AlterTableStmt':
      return alterEffects(node, database);
    case 'GrantStmt': {
      const granting = node['is_grant'] !== false;
      const objects = ((node['objects'] as Node[] | undefined) ?? []).map((object) => relationName(object['RangeVar'] ?? object, database));
      const subject = objects.join(', ') || 'objects';
      // Revoking a grant later does not undo what was done with it meanwhile: not reversible.
      return [effect('update', 'sql.privileges', subject, false, false, `${granting ? 'grants' : 'revokes'} privileges on ${subject}`)];
    }
    case 'CreateStmt':
    case 'ViewStmt':
    case 'IndexStmt':
    case 'CreateSchemaStmt':
    case 'CreateSeqStmt':
    case 'CreateTableAsStmt':
    case 'CreatedbStmt': {
      return [effect('create', 'sql.object', objectName(node, database), true, false, `creates ${type.replace(/Stmt$/, '').replace(/^Create/, '').toLowerCase() || 'an object'} ${objectName(node, database)}`)];
    }
    case 'TransactionStmt':
    case 'VariableSetStmt':
      return [];
    default:
      // DO blocks, functions, COPY, CALL, RENAME … : Airlock does not see what they do.
      return [unknownEffect(`runs a ${type.replace(/Stmt$/, '') || 'statement'} statement Airlock cannot see into`, undefined, 'sql.statement')];
  }
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
        return effect('update', 'sql.table', name, true, false, `drops a constraint of ${name}`);
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

function genericEffectsOf(statement: Node, database: string | undefined): Effect[] {
  const where = database ? ` in database ${database}` : '';
  const tables = (list: unknown): string[] =>
    ((Array.isArray(list) ? list : [list]) as Node[]).filter(Boolean).map((t) => [t['db'] ?? database, t['table']].filter((p): p is string => typeof p === 'string' && p.length > 0).join('.') || 'table');
  switch (statement['type']) {
    case 'select':
    case 'show':
    case 'desc':
      return [read('sql.query', database ?? 'sql', `reads data${where}`)];
    case 'insert':
    case 'replace':
      return tables(statement['table']).map((name) => effect('create', 'sql.table.rows', name, statement['type'] === 'insert', statement['type'] === 'replace', `${statement['type'] === 'insert' ? 'inserts rows into' : 'replaces rows of'} ${name}`));
    case 'create':
      return [effect('create', 'sql.object', tables(statement['table'])[0] ?? database ?? 'object', true, false, `creates ${String(statement['keyword'] ?? 'an object')}${where}`)];
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
      return [unknownEffect(`runs a ${String(statement['type'] ?? 'SQL')} statement Airlock cannot see into`, undefined, 'sql.statement')];
  }
}

/** node-sql-parser's WHERE: none, TRUE, or two equal constants (1=1, 'a'='a'), or OR with one of those. */
function genericAlwaysTrue(where: unknown): boolean {
  if (where === null || where === undefined) return true;
  const node = where as Node;
  if (node['type'] === 'bool') return node['value'] === true;
  if (node['type'] === 'binary_expr') {
    if (node['operator'] === 'OR') return genericAlwaysTrue(node['left']) || genericAlwaysTrue(node['right']);
    if (node['operator'] === 'AND') return genericAlwaysTrue(node['left']) && genericAlwaysTrue(node['right']);
    const constant = (side: unknown) => ['number', 'string', 'single_quote_string', 'bool'].includes(String((side as Node | undefined)?.['type']));
    if (['=', '>=', '<='].includes(String(node['operator'])) && constant(node['left']) && JSON.stringify(node['left']) === JSON.stringify(node['right'])) return true;
  }
  return false;
}
