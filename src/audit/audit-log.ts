import { hash as oneShotHash, randomUUID } from 'node:crypto';
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
        // Made whole (hash last, as rows are read back) and then hashed, so the hashing code sees one
        // object shape whether it records or verifies: V8 keeps its property loads monomorphic.
        const row: { -readonly [K in keyof AuditRow]: AuditRow[K] } = {
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
          hash: '',
        };
        row.hash = rowHash(row);
        return row;
      });
    },
    list: (query) => store.list(query),
    verify: () => verifyChain(store),
    close: () => store.close(),
  };
}

/**
 * Rows read per batch while verifying. Small on purpose: a batch is garbage before the next minor
 * GC, so nothing is copied or promoted (2,000-row batches spent a third of the walk in the GC), and
 * memory stays flat whatever the log's length.
 */
const VERIFY_PAGE = 250;

/**
 * Walks the chain from the first record and names the first record that was altered, removed or
 * inserted. Three checks per record: its hash matches its content, it links to the record before
 * it, and its sequence number follows on. The separately kept chain head catches records removed
 * from the end. Rows are read a batch at a time, so memory stays flat however long the log is.
 */
export async function verifyChain(store: AuditStore): Promise<VerifyResult> {
  let expectedSeq = 1;
  let expectedPrev = GENESIS_HASH;
  let count = 0;
  let head: Awaited<ReturnType<AuditStore['head']>>;
  for (;;) {
    for await (const page of store.scanPages(VERIFY_PAGE, expectedSeq - 1)) {
      for (const row of page) {
        count += 1;
        if (row.seq !== expectedSeq) {
          const missing = row.seq - expectedSeq === 1 ? `#${expectedSeq} is` : `#${expectedSeq}–#${row.seq - 1} are`;
          return fail(count, 'removed', row, `record ${missing} missing before record #${row.seq} (${row.id}): records were removed`);
        }
        if (rowHash(row) !== row.hash) {
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
      // A long log takes seconds to walk: let the gateway answer (and record) in between pages.
      await new Promise((resolve) => setImmediate(resolve));
    }
    head = await store.head();
    // Records appended while this walk ran (the gateway keeps writing) are checked too, rather than
    // taken for records removed from the end: walk on from where the walk stopped.
    if (!head || head.seq <= expectedSeq - 1 || (await isEmptyAfter(store, expectedSeq - 1))) break;
  }
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

async function isEmptyAfter(store: AuditStore, seq: number): Promise<boolean> {
  for await (const _page of store.scanPages(1, seq)) return false;
  return true;
}

/**
 * `hashRow`, without the generic canonicaliser when it would not change a byte: for a row whose
 * values are all strings, nulls and finite numbers, RFC 8785 text of the flat object is exactly
 * JSON.stringify of it with its keys in sorted order. Anything else (a blob or a float where SQLite
 * let someone store one) goes through `hashRow` itself, so tamper detection is the same.
 */
function rowHash(row: AuditRow): string {
  const { seq, id, at, type, agent, source, kind, environment, digest, decision, enforced, mode, wouldBlock, severity, body, prevHash } = row;
  if (
    plainNumber(seq) &&
    typeof id === 'string' &&
    typeof at === 'string' &&
    typeof type === 'string' &&
    stringOrNull(agent) &&
    stringOrNull(source) &&
    stringOrNull(kind) &&
    stringOrNull(environment) &&
    stringOrNull(digest) &&
    stringOrNull(decision) &&
    stringOrNull(enforced) &&
    stringOrNull(mode) &&
    plainNumber(wouldBlock) &&
    stringOrNull(severity) &&
    typeof body === 'string' &&
    typeof prevHash === 'string'
  ) {
    // Keys in RFC 8785 order (UTF-16 code units): the same order hashRow's object sorts to.
    const text = JSON.stringify({ agent, at, body, decision, digest, enforced, environment, id, kind, mode, prevHash, seq, severity, source, type, wouldBlock });
    return oneShotHash('sha256', text, 'hex');
  }
  const { hash: _hash, ...rest } = row;
  return hashRow(rest);
}

const stringOrNull = (value: unknown): boolean => value === null || typeof value === 'string';
const plainNumber = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value);

function fail(records: number, kind: TamperKind, row: AuditRow, message: string): VerifyResult {
  return { ok: false, records, problem: { kind, seq: row.seq, id: row.id, message } };
}
