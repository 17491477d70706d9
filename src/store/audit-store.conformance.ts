import { expect, it } from 'vitest';
import { GENESIS_HASH } from '../audit/index.js';
import type { AuditRow, AuditStore, ChainHead } from './audit-store.js';

function row(seq: number, prevHash: string, extra: Partial<AuditRow> = {}): AuditRow {
  return {
    seq,
    id: `id-${seq}`,
    at: new Date(Date.UTC(2026, 10, 24, 12, 0, seq)).toISOString(),
    type: 'decision',
    agent: seq % 2 ? 'claude-code' : 'codex',
    source: 'cli',
    kind: 'shell',
    environment: seq % 3 ? 'dev' : 'production',
    digest: `digest-${seq}`,
    decision: seq % 2 ? 'allow' : 'deny',
    enforced: seq % 2 ? 'allow' : 'deny',
    mode: 'enforce',
    wouldBlock: 0,
    severity: 'low',
    body: '{}',
    prevHash,
    hash: `hash-${seq}`,
    ...extra,
  };
}

/** A row that extends whatever head it is given, tagged so its caller can recognise it. */
function next(head: ChainHead | null, tag: string): AuditRow {
  const seq = (head?.seq ?? 0) + 1;
  return row(seq, head?.hash ?? GENESIS_HASH, { id: tag, hash: `hash-of-${tag}`, body: JSON.stringify({ tag }) });
}

/** Checks that the stored rows form one chain 1..n, each linking to the one before it. */
async function expectOneChain(store: AuditStore, n: number): Promise<AuditRow[]> {
  const rows: AuditRow[] = [];
  for await (const r of store.scan(7)) rows.push(r);
  expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  rows.forEach((r, i) => expect(r.prevHash).toBe(i === 0 ? GENESIS_HASH : rows[i - 1]!.hash));
  expect(await store.head()).toEqual(n === 0 ? null : { seq: n, hash: rows[n - 1]!.hash });
  return rows;
}

/**
 * The contract every AuditStore implementation passes (SQLite today, PostgreSQL later). `open`
 * gives a fresh, empty store.
 */
export function auditStoreConformance(open: () => Promise<AuditStore>): void {
  it('starts empty, with no chain head', async () => {
    const store = await open();
    expect(await store.head()).toBeNull();
    expect(await store.list({})).toEqual([]);
    await store.close();
  });

  it('appends rows built from the current head and moves the head', async () => {
    const store = await open();
    const first = await store.append((head) => {
      expect(head).toBeNull();
      return row(1, GENESIS_HASH);
    });
    const second = await store.append((head) => {
      expect(head).toEqual({ seq: 1, hash: 'hash-1' });
      return row(2, head!.hash);
    });
    expect(first.seq).toBe(1);
    expect(second.prevHash).toBe('hash-1');
    expect(await store.head()).toEqual({ seq: 2, hash: 'hash-2' });
    await store.close();
  });

  it('rolls back when building the row throws, leaving the head where it was', async () => {
    const store = await open();
    await store.append(() => row(1, GENESIS_HASH));
    await expect(
      store.append(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.head()).toEqual({ seq: 1, hash: 'hash-1' });
    expect((await store.list({})).length).toBe(1);
    await store.close();
  });

  it('refuses a second row with the same seq', async () => {
    const store = await open();
    await store.append(() => row(1, GENESIS_HASH));
    await expect(store.append(() => row(1, GENESIS_HASH, { id: 'other' }))).rejects.toThrow();
    expect(await store.head()).toEqual({ seq: 1, hash: 'hash-1' });
    await store.close();
  });

  it('lists newest first with filters, and scans in chain order', async () => {
    const store = await open();
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 7; seq += 1) {
      const written = await store.append(() => row(seq, prev, seq === 4 ? { wouldBlock: 1 } : {}));
      prev = written.hash;
    }
    expect((await store.list({ limit: 3 })).map((r) => r.seq)).toEqual([7, 6, 5]);
    expect((await store.list({ agent: 'codex' })).map((r) => r.seq)).toEqual([6, 4, 2]);
    expect((await store.list({ environment: 'production' })).map((r) => r.seq)).toEqual([6, 3]);
    expect((await store.list({ decision: 'deny' })).map((r) => r.seq)).toEqual([6, 4, 2]);
    expect((await store.list({ wouldBlock: true })).map((r) => r.seq)).toEqual([4]);
    expect((await store.list({ beforeSeq: 3 })).map((r) => r.seq)).toEqual([2, 1]);
    const scanned: number[] = [];
    for await (const r of store.scan(2)) scanned.push(r.seq);
    expect(scanned).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const pages: number[][] = [];
    for await (const page of store.scanPages(3)) pages.push(page.map((r) => r.seq));
    expect(pages).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    const after: number[] = [];
    for await (const r of store.scan(2, 4)) after.push(r.seq);
    expect(after).toEqual([5, 6, 7]);
    await store.close();
  });

  it('chains 200 concurrent appends: distinct consecutive seqs, each caller gets its own row', async () => {
    const store = await open();
    const rows = await Promise.all(Array.from({ length: 200 }, (_, i) => store.append((head) => next(head, `w${i}`))));
    rows.forEach((r, i) => expect(r.id).toBe(`w${i}`));
    expect(new Set(rows.map((r) => r.seq)).size).toBe(200);
    const stored = await expectOneChain(store, 200);
    for (const r of rows) expect(stored[r.seq - 1]).toEqual(r);
    await store.close();
  });

  it('fails only the append whose build throws, and builds the next row on the same head', async () => {
    const store = await open();
    const results = await Promise.allSettled(
      Array.from({ length: 9 }, (_, i) =>
        store.append((head) => {
          if (i === 4) throw new Error('boom');
          return next(head, `w${i}`);
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((results[4] as PromiseRejectedResult).reason).toBeInstanceOf(Error);
    expect(((results[4] as PromiseRejectedResult).reason as Error).message).toBe('boom');
    const written = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(written.map((r) => r.id)).toEqual(['w0', 'w1', 'w2', 'w3', 'w5', 'w6', 'w7', 'w8']);
    await expectOneChain(store, 8);
    await store.close();
  });

  it('fails only the append whose row cannot be written, and keeps the others and the chain', async () => {
    const store = await open();
    await store.append((head) => next(head, 'taken'));
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => store.append((head) => next(head, i === 2 ? 'taken' : `w${i}`))),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    const rows = await expectOneChain(store, 6);
    expect(rows.map((r) => r.id)).toEqual(['taken', 'w0', 'w1', 'w3', 'w4', 'w5']);
    await store.close();
  });

  it('writes appends made before close', async () => {
    const store = await open();
    const pending = Array.from({ length: 5 }, (_, i) => store.append((head) => next(head, `w${i}`)));
    await store.close();
    expect((await Promise.all(pending)).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
  });
}
