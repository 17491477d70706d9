import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect, sql } from 'kysely';
import { AirlockError } from '../../errors/index.js';
import type { AuditQuery, AuditRow, AuditStore, ChainHead } from '../audit-store.js';
import type { SqliteDatabase } from './sqlite-schema.js';

export interface SqliteAuditStoreOptions {
  /** Path of the database file (created with its directory if missing), or ':memory:'. */
  readonly path: string;
  /** How long a writer waits for another process's lock, ms. */
  readonly busyTimeoutMs?: number;
  /** Fail instead of creating an empty log (for reading and verifying). */
  readonly mustExist?: boolean;
}

/**
 * The audit log in SQLite. WAL with `synchronous=FULL`: a commit is on disk before `append`
 * resolves, so a decision is durable before the agent hears it. Appends take SQLite's write lock up
 * front (`BEGIN IMMEDIATE`) so two hook processes can never both extend the chain from one head.
 */
export async function openSqliteAuditStore(options: SqliteAuditStoreOptions): Promise<AuditStore> {
  let database: Database.Database;
  try {
    if (options.mustExist && options.path !== ':memory:' && !existsSync(options.path)) {
      throw new AirlockError('store_unavailable', `there is no audit log at ${options.path}`, {
        hint: 'nothing has been recorded there yet, or the log was removed; check AIRLOCK_HOME',
      });
    }
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    database = new Database(options.path, { fileMustExist: options.mustExist === true });
    database.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
  } catch (cause) {
    if (cause instanceof AirlockError) throw cause;
    throw new AirlockError('store_unavailable', `cannot open the audit database ${options.path}: ${(cause as Error).message}`, {
      cause,
      hint: 'check that AIRLOCK_HOME (default ~/.airlock) is writable',
    });
  }
  const db = new Kysely<SqliteDatabase>({ dialect: new SqliteDialect({ database }), plugins: [new CamelCasePlugin()] });
  try {
    await migrate(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw storeError(error, options.path);
  }

  return {
    async append(build) {
      return db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          const head = await conn.selectFrom('chainHead').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
          const row = build(head ?? null);
          await conn.insertInto('auditRecords').values(row).execute();
          await conn
            .insertInto('chainHead')
            .values({ id: 1, seq: row.seq, hash: row.hash })
            .onConflict((oc) => oc.column('id').doUpdateSet({ seq: row.seq, hash: row.hash }))
            .execute();
          await sql`commit`.execute(conn);
          return row;
        } catch (error) {
          await sql`rollback`.execute(conn).catch(() => undefined);
          throw storeError(error, options.path);
        }
      }).catch((error: unknown) => {
        throw storeError(error, options.path);
      });
    },

    async list(query: AuditQuery) {
      let q = db.selectFrom('auditRecords').selectAll().orderBy('seq', 'desc').limit(query.limit ?? 50);
      if (query.agent) q = q.where('agent', '=', query.agent);
      if (query.environment) q = q.where('environment', '=', query.environment);
      if (query.decision) q = q.where('decision', '=', query.decision);
      if (query.type) q = q.where('type', '=', query.type);
      if (query.wouldBlock !== undefined) q = q.where('wouldBlock', '=', query.wouldBlock ? 1 : 0);
      if (query.beforeSeq !== undefined) q = q.where('seq', '<', query.beforeSeq);
      return q.execute();
    },

    async *scan(batchSize = 1000) {
      let after = 0;
      for (;;) {
        const rows = await db.selectFrom('auditRecords').selectAll().where('seq', '>', after).orderBy('seq', 'asc').limit(batchSize).execute();
        yield* rows;
        if (rows.length < batchSize) return;
        after = rows[rows.length - 1]!.seq;
      }
    },

    async head(): Promise<ChainHead | null> {
      return (await db.selectFrom('chainHead').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst()) ?? null;
    },

    async close() {
      await db.destroy();
    },
  };
}

async function migrate(db: Kysely<SqliteDatabase>): Promise<void> {
  await db.schema
    .createTable('auditRecords')
    .ifNotExists()
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('agent', 'text')
    .addColumn('source', 'text')
    .addColumn('kind', 'text')
    .addColumn('environment', 'text')
    .addColumn('digest', 'text')
    .addColumn('decision', 'text')
    .addColumn('enforced', 'text')
    .addColumn('mode', 'text')
    .addColumn('wouldBlock', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('severity', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('prevHash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('auditRecordsAgent').ifNotExists().on('auditRecords').columns(['agent', 'seq']).execute();
  await db.schema.createIndex('auditRecordsDigest').ifNotExists().on('auditRecords').column('digest').execute();
  await db.schema
    .createTable('chainHead')
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
}

/** SQLite's own failures (locked, read-only, disk full, corrupt) as `store_unavailable`; others unchanged. */
function storeError(error: unknown, path: string): unknown {
  if (error instanceof AirlockError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
  const locked = code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
  return new AirlockError(
    'store_unavailable',
    locked ? `the audit log ${path} is locked by another process` : `the audit log ${path} cannot be written (${code}): ${(error as Error).message}`,
    { cause: error, hint: locked ? 'another Airlock or a database tool holds a write lock on audit.db; close it and try again' : 'check the disk and the permissions of AIRLOCK_HOME' },
  );
}
