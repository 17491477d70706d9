import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../audit/index.js';
import type { AuditRow, ChainHead } from '../audit-store.js';
import { auditStoreConformance } from '../audit-store.conformance.js';
import { openSqliteAuditStore } from './sqlite-audit-store.js';

const dir = mkdtempSync(join(tmpdir(), 'airlock-sqlite-'));
let counter = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SqliteAuditStore (file)', () => {
  auditStoreConformance(() => openSqliteAuditStore({ path: join(dir, `audit-${++counter}.db`) }));
});

describe('SqliteAuditStore (:memory:)', () => {
  auditStoreConformance(() => openSqliteAuditStore({ path: ':memory:' }));
});

function next(head: ChainHead | null, tag: string): AuditRow {
  return {
    seq: (head?.seq ?? 0) + 1,
    id: tag,
    at: '2026-11-24T12:00:00.000Z',
    type: 'decision',
    agent: null,
    source: null,
    kind: null,
    environment: null,
    digest: null,
    decision: null,
    enforced: null,
    mode: null,
    wouldBlock: 0,
    severity: null,
    body: '{}',
    prevHash: head?.hash ?? GENESIS_HASH,
    hash: `hash-of-${tag}`,
  };
}

describe('SqliteAuditStore group commit', () => {
  it('interleaves appends from two stores on the same file into one chain', async () => {
    const path = join(dir, `two-${++counter}.db`);
    const a = await openSqliteAuditStore({ path });
    const b = await openSqliteAuditStore({ path });
    const rows = await Promise.all(Array.from({ length: 120 }, (_, i) => (i % 3 === 0 ? b : a).append((head) => next(head, `w${i}`))));
    rows.forEach((r, i) => expect(r.id).toBe(`w${i}`));
    await a.close();
    await b.close();

    const db = new Database(path, { readonly: true });
    const stored = db.prepare('SELECT seq, id, prev_hash AS prevHash, hash FROM audit_records ORDER BY seq').all() as AuditRow[];
    const head = db.prepare('SELECT seq, hash FROM chain_head').get();
    db.close();
    expect(stored.map((r) => r.seq)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    stored.forEach((r, i) => expect(r.prevHash).toBe(i === 0 ? GENESIS_HASH : stored[i - 1]!.hash));
    expect(new Set(stored.map((r) => r.id)).size).toBe(120);
    expect(head).toEqual({ seq: 120, hash: stored[119]!.hash });
  });

  it('writes appends made in one turn of the event loop in one transaction, answering after the commit', async () => {
    const path = join(dir, `batch-${++counter}.db`);
    const store = await openSqliteAuditStore({ path });
    await store.append((head) => next(head, 'first'));
    // Another connection sees only committed rows: every build of the batch runs before its commit.
    const reader = new Database(path, { readonly: true });
    const committed = (): number => (reader.prepare('SELECT count(*) AS n FROM audit_records').get() as { n: number }).n;
    const seen: number[] = [];
    const answered: number[] = [];
    const rows = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store
          .append((head) => {
            seen.push(committed());
            return next(head, `w${i}`);
          })
          .then((row) => {
            answered.push(committed());
            return row;
          }),
      ),
    );
    expect(seen).toEqual(Array.from({ length: 50 }, () => 1));
    expect(answered).toEqual(Array.from({ length: 50 }, () => 51));
    expect(committed()).toBe(51);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    reader.close();
    await store.close();
  });

  it('groups appends from separate callbacks of a busy turn into one transaction', async () => {
    const path = join(dir, `busy-${++counter}.db`);
    const store = await openSqliteAuditStore({ path });
    const reader = new Database(path, { readonly: true });
    const committed = (): number => (reader.prepare('SELECT count(*) AS n FROM audit_records').get() as { n: number }).n;
    const seen: number[] = [];
    // Four callbacks of one check phase, like four requests read in one poll: the first commits at
    // once, the other three wait for the next check phase and share one commit.
    const rows = await Promise.all(
      [0, 1, 2, 3].map(
        (i) =>
          new Promise<AuditRow>((resolve, reject) => {
            setImmediate(() => {
              store
                .append((head) => {
                  seen.push(committed());
                  return next(head, `w${i}`);
                })
                .then(resolve, reject);
            });
          }),
      ),
    );
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(seen).toEqual([0, 1, 1, 1]);
    reader.close();
    await store.close();
  });

  it('refuses appends after close', async () => {
    const store = await openSqliteAuditStore({ path: ':memory:' });
    await store.close();
    await expect(store.append((head) => next(head, 'late'))).rejects.toThrow(/closed/);
  });
});
