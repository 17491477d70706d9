import { expect, it } from 'vitest';
import { GENESIS_HASH } from '../audit/index.js';
import type { AuditRow, AuditStore } from './audit-store.js';

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
    await store.close();
  });
}
