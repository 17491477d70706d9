import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect, sql, type Transaction } from 'kysely';
import type { ApprovalRequest } from '../../approvals/approval-request.js';
import { AirlockError } from '../../errors/index.js';
import type { Freeze, GatewayStore, StoredToken, TokenRole } from '../gateway-store.js';

interface ApprovalsTable {
  id: string;
  state: string;
  agent: string;
  /** '' when the agent acts for nobody (SQLite unique indexes treat NULLs as distinct). */
  actsFor: string;
  digest: string;
  policyVersion: string;
  createdAt: string;
  expiresAt: string;
  updatedAt: string;
  /** The whole ApprovalRequest as JSON; the columns above are copies for finding it. */
  document: string;
}

interface TokensTable {
  id: string;
  name: string;
  role: string;
  approverRoles: string;
  actsFor: string | null;
  secretHash: string;
  createdAt: string;
  revokedAt: string | null;
}

interface FreezesTable {
  id: string;
  agent: string | null;
  environment: string | null;
  reason: string;
  by: string;
  at: string;
  liftedAt: string | null;
  liftedBy: string | null;
}

interface GatewayDatabase {
  approvals: ApprovalsTable;
  tokens: TokensTable;
  freezes: FreezesTable;
}

export interface SqliteGatewayStoreOptions {
  /** Database file (created with its directory), or ':memory:'. */
  readonly path: string;
  readonly busyTimeoutMs?: number;
}

/**
 * Approval requests, tokens and freezes in SQLite (WAL, synchronous=FULL). Writes that read first
 * run under `BEGIN IMMEDIATE`, so the read and the write see the same version even when the CLI
 * (`airlock token create`) writes to the same file as the gateway.
 */
export async function openSqliteGatewayStore(options: SqliteGatewayStoreOptions): Promise<GatewayStore> {
  let database: Database.Database;
  try {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    database = new Database(options.path);
    database.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    // better-sqlite3's build gives every connection a 16 MB page cache; the gateway's hot pages
    // (tokens, freezes, index leaves) fit in far less, and listing thousands of requests would fill it.
    database.pragma('cache_size = -4000');
  } catch (cause) {
    throw new AirlockError('store_unavailable', `cannot open the gateway database ${options.path}: ${(cause as Error).message}`, {
      cause,
      hint: 'check that AIRLOCK_HOME (default ~/.airlock) is writable',
    });
  }
  const db = new Kysely<GatewayDatabase>({ dialect: new SqliteDialect({ database }), plugins: [new CamelCasePlugin()] });
  try {
    await migrate(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw storeError(error, options.path);
  }

  /** Runs `work` in one write transaction taken up front. */
  async function immediate<T>(work: (trx: Transaction<GatewayDatabase>) => Promise<T>): Promise<T> {
    return db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await work(conn as unknown as Transaction<GatewayDatabase>);
        await sql`commit`.execute(conn);
        return result;
      } catch (error) {
        await sql`rollback`.execute(conn).catch(() => undefined);
        throw error;
      }
    });
  }

  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw storeError(error, options.path);
    }
  };

  const parseApproval = (row: { document: string }): ApprovalRequest => JSON.parse(row.document) as ApprovalRequest;
  const approvalRow = (request: ApprovalRequest): ApprovalsTable => ({
    id: request.id,
    state: request.state,
    agent: request.agent,
    actsFor: request.actsFor ?? '',
    digest: request.digest,
    policyVersion: request.policyVersion,
    createdAt: request.createdAt,
    expiresAt: request.expiresAt,
    updatedAt: request.updatedAt,
    document: JSON.stringify(request),
  });
  const tokenOf = (row: TokensTable): StoredToken => ({
    id: row.id,
    name: row.name,
    role: row.role as TokenRole,
    approverRoles: JSON.parse(row.approverRoles) as string[],
    actsFor: row.actsFor,
    secretHash: row.secretHash,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  });
  const freezeOf = (row: FreezesTable): Freeze => ({ id: row.id, agent: row.agent, environment: row.environment, reason: row.reason, by: row.by, at: row.at });

  return {
    openApproval: (request, beforeCommit) =>
      guard(() =>
        immediate(async (trx) => {
          const existing = await trx
            .selectFrom('approvals')
            .select('document')
            .where('agent', '=', request.agent)
            .where('actsFor', '=', request.actsFor ?? '')
            .where('digest', '=', request.digest)
            .where('policyVersion', '=', request.policyVersion)
            .where('state', '=', 'pending')
            .executeTakeFirst();
          if (existing) return { request: parseApproval(existing), created: false };
          await trx.insertInto('approvals').values(approvalRow(request)).execute();
          await beforeCommit?.(request);
          return { request, created: true };
        }),
      ),

    getApproval: (id) =>
      guard(async () => {
        const row = await db.selectFrom('approvals').select('document').where('id', '=', id).executeTakeFirst();
        return row ? parseApproval(row) : undefined;
      }),

    listApprovals: (query) =>
      guard(async () => {
        let q = db.selectFrom('approvals').select('document').orderBy('createdAt', 'desc').limit(Math.min(query.limit ?? 100, 1000));
        if (query.state) q = q.where('state', '=', query.state);
        if (query.agent) q = q.where('agent', '=', query.agent);
        return (await q.execute()).map(parseApproval);
      }),

    findApproval: (key, states) =>
      guard(async () => {
        if (states.length === 0) return undefined;
        const row = await db
          .selectFrom('approvals')
          .select('document')
          .where('agent', '=', key.agent)
          .where('actsFor', '=', key.actsFor ?? '')
          .where('digest', '=', key.digest)
          .where('policyVersion', '=', key.policyVersion)
          .where('state', 'in', [...states])
          .orderBy('createdAt', 'desc')
          .executeTakeFirst();
        return row ? parseApproval(row) : undefined;
      }),

    updateApproval: (id, update, beforeCommit) =>
      immediate(async (trx) => {
        const row = await guard(() => trx.selectFrom('approvals').select('document').where('id', '=', id).executeTakeFirst());
        if (!row) throw new AirlockError('not_found', `there is no approval request ${id}`, { hint: 'list them with `airlock approvals list`' });
        const current = parseApproval(row);
        const next = update(current);
        if (next === current) return current;
        const { id: _id, ...columns } = approvalRow(next);
        await guard(() => trx.updateTable('approvals').set(columns).where('id', '=', id).execute());
        await beforeCommit?.(next);
        return next;
      }).catch((error: unknown) => {
        throw storeError(error, options.path);
      }),

    dueForExpiry: (now) =>
      guard(async () => {
        const rows = await db.selectFrom('approvals').select('id').where('state', '=', 'pending').where('expiresAt', '<=', now.toISOString()).execute();
        return rows.map((row) => row.id);
      }),

    addToken: (token) =>
      guard(async () => {
        await db
          .insertInto('tokens')
          .values({ ...token, approverRoles: JSON.stringify(token.approverRoles) })
          .execute();
      }),

    findToken: (id) =>
      guard(async () => {
        const row = await db.selectFrom('tokens').selectAll().where('id', '=', id).executeTakeFirst();
        return row ? tokenOf(row) : undefined;
      }),

    listTokens: () => guard(async () => (await db.selectFrom('tokens').selectAll().orderBy('createdAt', 'asc').execute()).map(tokenOf)),

    revokeToken: (name, at) =>
      guard(async () => {
        const result = await db.updateTable('tokens').set({ revokedAt: at.toISOString() }).where('name', '=', name).where('revokedAt', 'is', null).executeTakeFirst();
        return Number(result.numUpdatedRows);
      }),

    addFreeze: (freeze) =>
      guard(async () => {
        await db.insertInto('freezes').values({ ...freeze, liftedAt: null, liftedBy: null }).execute();
      }),

    liftFreezes: (filter, by, at) =>
      guard(() =>
        immediate(async (trx) => {
          let q = trx.selectFrom('freezes').selectAll().where('liftedAt', 'is', null);
          if (filter && filter.agent !== undefined) q = filter.agent === null ? q.where('agent', 'is', null) : q.where('agent', '=', filter.agent);
          if (filter && filter.environment !== undefined) {
            q = filter.environment === null ? q.where('environment', 'is', null) : q.where('environment', '=', filter.environment);
          }
          const rows = await q.execute();
          if (rows.length > 0) {
            await trx
              .updateTable('freezes')
              .set({ liftedAt: at.toISOString(), liftedBy: by })
              .where('id', 'in', rows.map((row) => row.id))
              .execute();
          }
          return rows.map(freezeOf);
        }),
      ),

    activeFreezes: () => guard(async () => (await db.selectFrom('freezes').selectAll().where('liftedAt', 'is', null).orderBy('at', 'asc').execute()).map(freezeOf)),

    close: () => db.destroy(),
  };
}

async function migrate(db: Kysely<GatewayDatabase>): Promise<void> {
  await db.schema
    .createTable('approvals')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('agent', 'text', (c) => c.notNull())
    .addColumn('actsFor', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('policyVersion', 'text', (c) => c.notNull())
    .addColumn('createdAt', 'text', (c) => c.notNull())
    .addColumn('expiresAt', 'text', (c) => c.notNull())
    .addColumn('updatedAt', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('approvalsKey').ifNotExists().on('approvals').columns(['agent', 'actsFor', 'digest', 'policyVersion', 'state']).execute();
  await db.schema.createIndex('approvalsState').ifNotExists().on('approvals').columns(['state', 'expiresAt']).execute();
  // Listing newest first walks these instead of sorting every request ever made: without them SQLite
  // copied each matching document (all 10,000 pending ones, or the whole history) into a temporary
  // sort tree to return the first 100 — tens of MB of native memory the gateway then kept.
  await db.schema.createIndex('approvalsStateCreated').ifNotExists().on('approvals').columns(['state', 'createdAt']).execute();
  await db.schema.createIndex('approvalsAgentCreated').ifNotExists().on('approvals').columns(['agent', 'createdAt']).execute();
  await db.schema.createIndex('approvalsCreated').ifNotExists().on('approvals').column('createdAt').execute();
  // At most one pending request per agent and change: a second submission joins the first.
  await db.schema
    .createIndex('approvalsOnePending')
    .ifNotExists()
    .unique()
    .on('approvals')
    .columns(['agent', 'actsFor', 'digest', 'policyVersion'])
    .where(sql.ref('state'), '=', 'pending')
    .execute();
  await db.schema
    .createTable('tokens')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('approverRoles', 'text', (c) => c.notNull())
    .addColumn('actsFor', 'text')
    .addColumn('secretHash', 'text', (c) => c.notNull())
    .addColumn('createdAt', 'text', (c) => c.notNull())
    .addColumn('revokedAt', 'text')
    .execute();
  await db.schema
    .createTable('freezes')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agent', 'text')
    .addColumn('environment', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('by', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('liftedAt', 'text')
    .addColumn('liftedBy', 'text')
    .execute();
}

function storeError(error: unknown, path: string): unknown {
  if (error instanceof AirlockError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
  return new AirlockError('store_unavailable', `the gateway database ${path} cannot be used (${code}): ${(error as Error).message}`, {
    cause: error,
    details: { store: 'gateway' },
    hint: 'check the disk and the permissions of AIRLOCK_HOME; another process may hold a write lock on gateway.db',
  });
}
