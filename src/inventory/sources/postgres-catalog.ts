import { createEdgeCollector, type GraphEdge, type GraphNode } from '../../model/index.js';
import type { SourceGraph } from '../inventory-model.js';

/**
 * A live PostgreSQL catalog as a dependency graph: tables, views, materialized views, sequences and
 * functions, and what depends on what (foreign keys, the relations a view reads, the tables a
 * SQL-standard function body uses, sequences owned by a column). Read over a real connection by
 * `readPostgresCatalog`; turned into a graph by the pure `catalogGraph`.
 */

/** What the catalog queries return (one row shape per query). */
export interface CatalogRows {
  readonly database: string;
  readonly searchPath: readonly string[];
  readonly relations: readonly { schema: string; name: string; relkind: string }[];
  readonly foreignKeys: readonly { constraint: string; schema: string; name: string; refSchema: string; refName: string; onDelete: string }[];
  /** A view or materialized view and a relation its query reads. */
  readonly viewReads: readonly { schema: string; name: string; refSchema: string; refName: string }[];
  /** A function and a relation its body (BEGIN ATOMIC / SQL-standard) or signature uses. */
  readonly functionUses: readonly { schema: string; name: string; signature: string; refSchema: string; refName: string }[];
  /** A sequence owned by a table's column (serial, identity): it goes when the table goes. */
  readonly ownedSequences: readonly { schema: string; name: string; refSchema: string; refName: string }[];
}

/** Anything with pg's `query(text, values)`: a Client, a Pool, a PoolClient. */
export interface Queryable {
  query<Row>(text: string, values?: unknown[]): Promise<{ rows: Row[] }>;
}

const RELATION_KINDS: Record<string, { kind: string; dataBearing: boolean }> = {
  r: { kind: 'sql.table', dataBearing: true },
  p: { kind: 'sql.table', dataBearing: true },
  f: { kind: 'sql.foreign_table', dataBearing: false },
  v: { kind: 'sql.view', dataBearing: false },
  m: { kind: 'sql.materialized_view', dataBearing: true },
  S: { kind: 'sql.sequence', dataBearing: false },
};

/** PostgreSQL's own schemas, never part of an application's inventory. */
const SYSTEM_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;

/** Limits the rows to the configured schemas ($1, a text[]), or to every application schema when null. */
const IN_SCHEMAS = (alias: string) => `(${SYSTEM_SCHEMAS.replaceAll('n.nspname', `${alias}.nspname`)}) AND ($1::text[] IS NULL OR ${alias}.nspname = ANY($1::text[]))`;

/**
 * Reads the catalog in one read-only transaction (a consistent snapshot), so a table created halfway
 * through cannot appear with half its dependencies.
 */
export async function readPostgresCatalog(client: Queryable, options: { schemas?: readonly string[] | undefined } = {}): Promise<CatalogRows> {
  const schemas = options.schemas && options.schemas.length > 0 ? [...options.schemas] : null;
  await client.query('BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const [{ database, search_path: searchPath }] = (
      await client.query<{ database: string; search_path: string[] }>('SELECT current_database() AS database, current_schemas(false)::text[] AS search_path')
    ).rows as [{ database: string; search_path: string[] }];
    const relations = await client.query<CatalogRows['relations'][number]>(
      `SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S') AND ${IN_SCHEMAS('n')}
        ORDER BY 1, 2`,
      [schemas],
    );
    const foreignKeys = await client.query<CatalogRows['foreignKeys'][number]>(
      `SELECT co.conname AS constraint, n.nspname AS schema, c.relname AS name, rn.nspname AS "refSchema", rc.relname AS "refName",
              co.confdeltype::text AS "onDelete"
         FROM pg_constraint co
         JOIN pg_class c ON c.oid = co.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_class rc ON rc.oid = co.confrelid JOIN pg_namespace rn ON rn.oid = rc.relnamespace
        WHERE co.contype = 'f' AND (${IN_SCHEMAS('n')} OR ${IN_SCHEMAS('rn')})
        ORDER BY 2, 3, 1`,
      [schemas],
    );
    // A view's dependencies live on its rewrite rule, not on the view itself.
    const viewReads = await client.query<CatalogRows['viewReads'][number]>(
      `SELECT DISTINCT n.nspname AS schema, v.relname AS name, rn.nspname AS "refSchema", t.relname AS "refName"
         FROM pg_depend d
         JOIN pg_rewrite r ON r.oid = d.objid
         JOIN pg_class v ON v.oid = r.ev_class JOIN pg_namespace n ON n.oid = v.relnamespace
         JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace rn ON rn.oid = t.relnamespace
        WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND v.oid <> t.oid
          AND (${IN_SCHEMAS('n')} OR ${IN_SCHEMAS('rn')})
        ORDER BY 1, 2, 3, 4`,
      [schemas],
    );
    // PostgreSQL records dependencies of SQL-standard bodies (BEGIN ATOMIC) and of signatures that
    // use a table's row type; a PL/pgSQL body is opaque text to the catalog.
    const functionUses = await client.query<CatalogRows['functionUses'][number]>(
      `SELECT DISTINCT n.nspname AS schema, p.proname AS name, p.oid::regprocedure::text AS signature, rn.nspname AS "refSchema", t.relname AS "refName"
         FROM pg_depend d
         JOIN pg_proc p ON p.oid = d.objid JOIN pg_namespace n ON n.oid = p.pronamespace
         LEFT JOIN pg_type ty ON d.refclassid = 'pg_type'::regclass AND ty.oid = d.refobjid
         JOIN pg_class t ON t.oid = CASE WHEN d.refclassid = 'pg_class'::regclass THEN d.refobjid ELSE ty.typrelid END
         JOIN pg_namespace rn ON rn.oid = t.relnamespace
        WHERE d.classid = 'pg_proc'::regclass AND d.refclassid IN ('pg_class'::regclass, 'pg_type'::regclass)
          AND t.relkind IN ('r', 'p', 'f', 'v', 'm', 'S')
          AND (${IN_SCHEMAS('n')} OR ${IN_SCHEMAS('rn')})
        ORDER BY 1, 2, 3, 4, 5`,
      [schemas],
    );
    const ownedSequences = await client.query<CatalogRows['ownedSequences'][number]>(
      `SELECT DISTINCT n.nspname AS schema, s.relname AS name, rn.nspname AS "refSchema", t.relname AS "refName"
         FROM pg_depend d
         JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' JOIN pg_namespace n ON n.oid = s.relnamespace
         JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace rn ON rn.oid = t.relnamespace
        WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
          AND (${IN_SCHEMAS('n')} OR ${IN_SCHEMAS('rn')})
        ORDER BY 1, 2`,
      [schemas],
    );
    return {
      database,
      searchPath,
      relations: relations.rows,
      foreignKeys: foreignKeys.rows,
      viewReads: viewReads.rows,
      functionUses: functionUses.rows,
      ownedSequences: ownedSequences.rows,
    };
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
}

const ON_DELETE: Record<string, string> = { c: 'ON DELETE CASCADE', n: 'ON DELETE SET NULL', d: 'ON DELETE SET DEFAULT', r: 'ON DELETE RESTRICT', a: 'ON DELETE NO ACTION' };

/** The catalog as nodes and edges, with `<database>.<schema>.<name>` addresses. Pure. */
export function catalogGraph(rows: CatalogRows): SourceGraph {
  const db = rows.database;
  const at = (schema: string, name: string) => `${db}.${schema}.${name}`;
  const nodes = new Map<string, GraphNode>();
  const { edges, add: edge } = createEdgeCollector();
  const schemaNode = (schema: string) => {
    const address = `${db}.${schema}`;
    if (!nodes.has(address)) {
      nodes.set(address, { address, kind: 'sql.schema' });
      edge(address, db, 'is in database');
    }
    return address;
  };

  nodes.set(db, { address: db, kind: 'sql.database', dataBearing: true });
  for (const relation of rows.relations) {
    const shape = RELATION_KINDS[relation.relkind] ?? { kind: 'sql.relation', dataBearing: false };
    const address = at(relation.schema, relation.name);
    nodes.set(address, { address, kind: shape.kind, ...(shape.dataBearing ? { dataBearing: true } : {}) });
    edge(address, schemaNode(relation.schema), 'is in schema');
  }
  // A relation outside the configured schemas that something inside depends on still appears, so
  // the path is complete.
  const ensure = (schema: string, name: string, kind = 'sql.table') => {
    const address = at(schema, name);
    if (!nodes.has(address)) nodes.set(address, { address, kind });
    return address;
  };
  for (const fk of rows.foreignKeys) {
    edge(ensure(fk.schema, fk.name), ensure(fk.refSchema, fk.refName), `references (foreign key ${fk.constraint}, ${ON_DELETE[fk.onDelete] ?? 'ON DELETE NO ACTION'})`);
  }
  for (const view of rows.viewReads) {
    edge(ensure(view.schema, view.name, 'sql.view'), ensure(view.refSchema, view.refName), 'reads (view)');
  }
  for (const fn of rows.functionUses) {
    // Overloads differ only in their arguments: keep them in the address (`count_orders(integer)`).
    const args = fn.signature.includes('(') ? fn.signature.slice(fn.signature.indexOf('(')) : '()';
    const address = `${db}.${fn.schema}.${fn.name}${args}`;
    if (!nodes.has(address)) {
      nodes.set(address, { address, kind: 'sql.function' });
      edge(address, schemaNode(fn.schema), 'is in schema');
    }
    edge(address, ensure(fn.refSchema, fn.refName), 'uses (function)');
  }
  for (const sequence of rows.ownedSequences) {
    edge(ensure(sequence.schema, sequence.name, 'sql.sequence'), ensure(sequence.refSchema, sequence.refName), 'is owned by a column of');
  }
  return { nodes: [...nodes.values()], edges, database: db, searchPath: [...rows.searchPath] };
}
