/**
 * The storage contract for the audit log. SQLite implements it today; PostgreSQL (several gateways
 * sharing one log) implements the same contract and passes the same conformance suite.
 */

/** One stored audit record, as columns. `body` is canonical JSON text, hashed as stored. */
export interface AuditRow {
  readonly seq: number;
  readonly id: string;
  readonly at: string;
  readonly type: string;
  readonly agent: string | null;
  readonly source: string | null;
  readonly kind: string | null;
  readonly environment: string | null;
  readonly digest: string | null;
  readonly decision: string | null;
  readonly enforced: string | null;
  readonly mode: string | null;
  /** 1 when enforcement (or a shadow policy set) would have blocked what the agent was let through. */
  readonly wouldBlock: number;
  readonly severity: string | null;
  readonly body: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** The last record of the chain, kept separately so removing records from the end is detected. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

export interface AuditQuery {
  readonly limit?: number | undefined;
  readonly agent?: string | undefined;
  readonly environment?: string | undefined;
  readonly decision?: string | undefined;
  readonly type?: string | undefined;
  readonly wouldBlock?: boolean | undefined;
  /** Only records with seq below this (paging backwards). */
  readonly beforeSeq?: number | undefined;
}

export interface AuditStore {
  /**
   * Appends one record atomically: reads the chain head, lets `build` make the row from it, writes
   * the row and the new head in one transaction, durable (fsync) before it resolves. Concurrent
   * appenders (several hook processes) are serialised. Appends made at the same time in one process
   * may share one transaction (group commit): `build` is then called with the head as it stands
   * after the row before it, and may be called again if the group has to be written row by row.
   * A `build` that throws, or a row that cannot be written, fails only its own append.
   */
  append(build: (head: ChainHead | null) => AuditRow): Promise<AuditRow>;
  /** Newest first. */
  list(query: AuditQuery): Promise<AuditRow[]>;
  /** Every row in chain order (seq above `afterSeq`, default all), read in batches (for verification). */
  scan(batchSize?: number, afterSeq?: number): AsyncIterable<AuditRow>;
  /** The same rows as `scan`, a batch at a time (cheaper for walking a long chain). */
  scanPages(batchSize?: number, afterSeq?: number): AsyncIterable<readonly AuditRow[]>;
  head(): Promise<ChainHead | null>;
  /** Waits for appends already made, then closes. */
  close(): Promise<void>;
}
