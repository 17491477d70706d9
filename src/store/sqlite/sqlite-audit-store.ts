import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect } from 'kysely';
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

/** Most records one group commit writes; the rest wait for the next one. */
const MAX_BATCH = 256;

/** Columns in AuditRow order, read as arrays (better-sqlite3 makes plain objects far more slowly than JS does). */
const ROW_COLUMNS = 'seq, id, at, type, agent, source, kind, environment, digest, decision, enforced, mode, would_block, severity, body, prev_hash, hash';
type RawRow = [number, string, string, string, string | null, string | null, string | null, string | null, string | null, string | null, string | null, string | null, number, string | null, string, string, string];

function rowOf(r: RawRow): AuditRow {
  return {
    seq: r[0],
    id: r[1],
    at: r[2],
    type: r[3],
    agent: r[4],
    source: r[5],
    kind: r[6],
    environment: r[7],
    digest: r[8],
    decision: r[9],
    enforced: r[10],
    mode: r[11],
    wouldBlock: r[12],
    severity: r[13],
    body: r[14],
    prevHash: r[15],
    hash: r[16],
  };
}

interface Waiting {
  readonly build: (head: ChainHead | null) => AuditRow;
  readonly resolve: (row: AuditRow) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The audit log in SQLite. WAL with `synchronous=FULL`: a commit is on disk before `append`
 * resolves, so a decision is durable before the agent hears it. Appends take SQLite's write lock up
 * front (`BEGIN IMMEDIATE`) so two processes can never both extend the chain from one head.
 *
 * Group commit: appends waiting for the same commit (made together, or arriving while the event
 * loop was busy with the previous commit's fsync) are written in one transaction — the head read
 * once, each row built from the row before it, one COMMIT, one fsync — and each caller is answered
 * with its own row only after that COMMIT returned. A `build` that throws fails only its own
 * append; a row that cannot be written makes the batch roll back and be written one row at a time.
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
    // better-sqlite3 builds SQLite with a 16 MB page cache per connection. An append touches a few
    // pages and a verification reads every page once, so a big cache buys nothing here — but one
    // walk of a long log fills it, and the gateway then holds those 16 MB for good.
    database.pragma('cache_size = -2000');
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

  // The write path and the chain scan use better-sqlite3 directly: prepared once, run synchronously,
  // so no other statement on this connection can come between BEGIN and COMMIT, and no cursor stays
  // open between two batches of a scan (an append may run in between).
  const begin = database.prepare('BEGIN IMMEDIATE');
  const commit = database.prepare('COMMIT');
  const rollback = database.prepare('ROLLBACK');
  const readHead = database.prepare<[], ChainHead>('SELECT seq, hash FROM chain_head WHERE id = 1');
  const insertRow = database.prepare<[AuditRow]>(
    `INSERT INTO audit_records (seq, id, at, type, agent, source, kind, environment, digest, decision, enforced, mode, would_block, severity, body, prev_hash, hash)
     VALUES (@seq, @id, @at, @type, @agent, @source, @kind, @environment, @digest, @decision, @enforced, @mode, @wouldBlock, @severity, @body, @prevHash, @hash)`,
  );
  const writeHead = database.prepare<[number, string]>('INSERT INTO chain_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash');
  const readPage = database.prepare<[number, number], RawRow>(`SELECT ${ROW_COLUMNS} FROM audit_records WHERE seq > ? ORDER BY seq LIMIT ?`).raw(true);

  const queue: Waiting[] = [];
  let scheduled = false;
  let closed = false;
  /** A commit ran in this turn of the event loop (cleared in its check phase). */
  let busy = false;

  /**
   * When the log is idle, an append commits as soon as the code that made it yields (a microtask):
   * no added latency, and appends made together (Promise.all, the continuations of one commit)
   * still share it. When a commit already ran in this turn of the event loop — several requests
   * arriving at once — it waits for the check phase (setImmediate), so every append made by this
   * turn's I/O callbacks goes into one transaction.
   */
  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    if (busy) setImmediate(flush);
    else queueMicrotask(flush);
  }

  function flush(): void {
    scheduled = false;
    const batch = queue.splice(0, MAX_BATCH);
    if (queue.length > 0) schedule();
    if (batch.length > 0) writeBatch(batch);
  }

  function markBusy(): void {
    if (busy) return;
    busy = true;
    setImmediate(() => {
      busy = false;
    });
  }

  /**
   * Before a read: commit what is waiting, so a reader in this process sees every append made before
   * it (as it did when each append committed at once), whether or not the appender awaited it.
   */
  function settle(): void {
    while (queue.length > 0) writeBatch(queue.splice(0, MAX_BATCH));
  }

  /** Thrown by `writeBatch` when one row could not be written (not the transaction as a whole). */
  class RowFailed {
    constructor(readonly error: unknown) {}
  }

  function abandon(): void {
    if (database.inTransaction) {
      try {
        rollback.run();
      } catch {
        // The transaction is gone either way.
      }
    }
  }

  /** One transaction for the whole batch; answers every caller once it has committed (or failed). */
  function writeBatch(batch: readonly Waiting[]): void {
    markBusy();
    const outcomes: ({ row: AuditRow } | { error: unknown })[] = [];
    try {
      begin.run();
      try {
        const start = readHead.get() ?? null;
        let head = start;
        for (const waiting of batch) {
          let row: AuditRow;
          try {
            row = waiting.build(head);
          } catch (error) {
            // Nothing of this row was written: it fails alone, and the next row builds on the same head.
            outcomes.push({ error });
            continue;
          }
          try {
            insertRow.run(row);
          } catch (error) {
            throw new RowFailed(error);
          }
          head = { seq: row.seq, hash: row.hash };
          outcomes.push({ row });
        }
        if (head !== start && head) writeHead.run(head.seq, head.hash);
        commit.run();
      } catch (error) {
        abandon();
        throw error;
      }
    } catch (error) {
      if (error instanceof RowFailed && batch.length > 1) {
        // One row cannot be written: the others must not fail with it. Write them one at a time.
        for (const waiting of batch) writeBatch([waiting]);
        return;
      }
      const cause = error instanceof RowFailed ? error.error : error;
      for (const waiting of batch) waiting.reject(storeError(cause, options.path));
      return;
    }
    // Committed: every row in the batch is on disk.
    batch.forEach((waiting, i) => {
      const outcome = outcomes[i]!;
      if ('row' in outcome) waiting.resolve(outcome.row);
      else waiting.reject(storeError(outcome.error, options.path));
    });
  }

  return {
    append(build) {
      if (closed) return Promise.reject(new AirlockError('store_unavailable', `the audit log ${options.path} is closed`));
      return new Promise<AuditRow>((resolve, reject) => {
        queue.push({ build, resolve, reject });
        schedule();
      });
    },

    async list(query: AuditQuery) {
      settle();
      let q = db.selectFrom('auditRecords').selectAll().orderBy('seq', 'desc').limit(query.limit ?? 50);
      if (query.agent) q = q.where('agent', '=', query.agent);
      if (query.environment) q = q.where('environment', '=', query.environment);
      if (query.decision) q = q.where('decision', '=', query.decision);
      if (query.type) q = q.where('type', '=', query.type);
      if (query.wouldBlock !== undefined) q = q.where('wouldBlock', '=', query.wouldBlock ? 1 : 0);
      if (query.beforeSeq !== undefined) q = q.where('seq', '<', query.beforeSeq);
      return q.execute();
    },

    async *scan(batchSize = 1000, afterSeq = 0) {
      for (const page of pages(batchSize, afterSeq)) yield* page;
    },

    async *scanPages(batchSize = 1000, afterSeq = 0) {
      yield* pages(batchSize, afterSeq);
    },

    async head(): Promise<ChainHead | null> {
      settle();
      try {
        return readHead.get() ?? null;
      } catch (error) {
        throw storeError(error, options.path);
      }
    },

    async close() {
      closed = true;
      // Answer everyone who is waiting before the connection goes.
      while (scheduled || queue.length > 0) await new Promise((resolve) => setImmediate(resolve));
      await db.destroy();
    },
  };

  /** Keyset pages in chain order, each read whole (no cursor left open between two of them). */
  function* pages(batchSize: number, afterSeq: number): Generator<AuditRow[]> {
    const size = Math.max(1, Math.floor(batchSize));
    let after = afterSeq;
    for (;;) {
      settle();
      let rows: AuditRow[];
      try {
        rows = (readPage.all(after, size) as unknown as RawRow[]).map(rowOf);
      } catch (error) {
        throw storeError(error, options.path);
      }
      if (rows.length > 0) yield rows;
      if (rows.length < size) return;
      after = rows[rows.length - 1]!.seq;
    }
  }
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
