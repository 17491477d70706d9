import { randomUUID } from 'node:crypto';
import { canonicalJson } from '../model/index.js';
import type { AuditQuery, AuditRow, AuditStore } from '../store/index.js';
import { GENESIS_HASH, hashRow, type AuditEntry } from './audit-record.js';

/** The append-only, hash-chained audit log over a store. */
export interface AuditLog {
  /** Appends one entry; resolves once it is durable. */
  record(entry: AuditEntry): Promise<AuditRow>;
  list(query: AuditQuery): Promise<AuditRow[]>;
  verify(): Promise<VerifyResult>;
  close(): Promise<void>;
}

export type TamperKind = 'altered' | 'removed' | 'inserted' | 'truncated';

export interface VerifyResult {
  readonly ok: boolean;
  /** Records checked. */
  readonly records: number;
  /** The first problem found, naming the record. */
  readonly problem?: { readonly kind: TamperKind; readonly seq: number; readonly id?: string | undefined; readonly message: string } | undefined;
}

export function createAuditLog(store: AuditStore): AuditLog {
  return {
    record(entry) {
      const body = canonicalJson(entry.body);
      return store.append((head) => {
        const partial = {
          seq: (head?.seq ?? 0) + 1,
          id: randomUUID(),
          at: entry.at,
          type: entry.type,
          agent: entry.agent ?? null,
          source: entry.source ?? null,
          kind: entry.kind ?? null,
          environment: entry.environment ?? null,
          digest: entry.digest ?? null,
          decision: entry.decision ?? null,
          enforced: entry.enforced ?? null,
          mode: entry.mode ?? null,
          wouldBlock: entry.wouldBlock ? 1 : 0,
          severity: entry.severity ?? null,
          body,
          prevHash: head?.hash ?? GENESIS_HASH,
        };
        return { ...partial, hash: hashRow(partial) };
      });
    },
    list: (query) => store.list(query),
    verify: () => verifyChain(store),
    close: () => store.close(),
  };
}

/**
 * Walks the chain from the first record and names the first record that was altered, removed or
 * inserted. Three checks per record: its hash matches its content, it links to the record before
 * it, and its sequence number follows on. The separately kept chain head catches records removed
 * from the end.
 */
export async function verifyChain(store: AuditStore): Promise<VerifyResult> {
  let expectedSeq = 1;
  let expectedPrev = GENESIS_HASH;
  let count = 0;
  for await (const row of store.scan()) {
    count += 1;
    if (row.seq !== expectedSeq) {
      const missing = row.seq - expectedSeq === 1 ? `#${expectedSeq} is` : `#${expectedSeq}–#${row.seq - 1} are`;
      return fail(count, 'removed', row, `record ${missing} missing before record #${row.seq} (${row.id}): records were removed`);
    }
    const { hash, ...rest } = row;
    if (hashRow(rest) !== hash) {
      return fail(count, 'altered', row, `record #${row.seq} (${row.id}) was altered: its content no longer matches its hash`);
    }
    if (row.prevHash !== expectedPrev) {
      return fail(
        count,
        'inserted',
        row,
        `record #${row.seq} (${row.id}) does not follow record #${row.seq - 1}: a record was inserted, replaced or removed before it`,
      );
    }
    expectedPrev = row.hash;
    expectedSeq += 1;
  }
  const head = await store.head();
  const last = expectedSeq - 1;
  if (head && (head.seq !== last || head.hash !== expectedPrev)) {
    if (head.seq > last) {
      return { ok: false, records: count, problem: { kind: 'truncated', seq: last + 1, message: `records #${last + 1}–#${head.seq} were removed from the end of the log` } };
    }
    return { ok: false, records: count, problem: { kind: 'inserted', seq: last, message: `record #${last} is not the record the chain head points to: records were added outside Airlock` } };
  }
  if (!head && count > 0) {
    return { ok: false, records: count, problem: { kind: 'altered', seq: last, message: 'the chain head is missing: the log was modified outside Airlock' } };
  }
  return { ok: true, records: count };
}

function fail(records: number, kind: TamperKind, row: AuditRow, message: string): VerifyResult {
  return { ok: false, records, problem: { kind, seq: row.seq, id: row.id, message } };
}
