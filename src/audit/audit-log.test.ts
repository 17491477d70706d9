import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteAuditStore, type AuditStore } from '../store/index.js';
import { createAuditLog, hashRow, verifyChain, type AuditLog } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'airlock-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

async function logWith(records: number): Promise<{ log: AuditLog; path: string }> {
  const path = join(dir, `audit-${++counter}.db`);
  const log = createAuditLog(await openSqliteAuditStore({ path }));
  for (let i = 1; i <= records; i += 1) {
    await log.record({
      type: 'decision',
      at: new Date(Date.UTC(2026, 10, 24, 12, 0, i)).toISOString(),
      agent: 'claude-code',
      kind: 'shell',
      decision: i % 2 ? 'allow' : 'deny',
      enforced: i % 2 ? 'allow' : 'deny',
      body: { change: { payload: { command: `echo ${i}` } }, n: i },
    });
  }
  return { log, path };
}

/** Tamper with the database the way an attacker with file access would: plain SQL, no Airlock. */
function tamper(path: string, sql: string): void {
  const db = new Database(path);
  db.exec(sql);
  db.close();
}

describe('audit log hash chain', () => {
  it('verifies an untouched chain', async () => {
    const { log } = await logWith(5);
    expect(await log.verify()).toEqual({ ok: true, records: 5 });
    await log.close();
  });

  it('links each record to the one before it', async () => {
    const { log } = await logWith(3);
    const rows = (await log.list({})).reverse();
    expect(rows[0]!.prevHash).toBe('0'.repeat(64));
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(rows[2]!.prevHash).toBe(rows[1]!.hash);
    await log.close();
  });

  it('names the record whose decision was edited', async () => {
    const { log, path } = await logWith(5);
    tamper(path, "UPDATE audit_records SET decision = 'allow', enforced = 'allow' WHERE seq = 4");
    const result = await log.verify();
    expect(result.ok).toBe(false);
    expect(result.problem).toMatchObject({ kind: 'altered', seq: 4 });
    expect(result.problem!.message).toMatch(/record #4 .* was altered/);
    await log.close();
  });

  it('names the record whose body was edited, even by one character', async () => {
    const { log, path } = await logWith(5);
    tamper(path, "UPDATE audit_records SET body = replace(body, 'echo 2', 'echo 3') WHERE seq = 2");
    expect((await log.verify()).problem).toMatchObject({ kind: 'altered', seq: 2 });
    await log.close();
  });

  it('detects a removed record', async () => {
    const { log, path } = await logWith(5);
    tamper(path, 'DELETE FROM audit_records WHERE seq = 3');
    const result = await log.verify();
    expect(result.problem).toMatchObject({ kind: 'removed', seq: 4 });
    expect(result.problem!.message).toMatch(/#3 is missing/);
    await log.close();
  });

  it('detects a record removed and the rest renumbered to hide the gap', async () => {
    const { log, path } = await logWith(5);
    tamper(path, 'DELETE FROM audit_records WHERE seq = 3; UPDATE audit_records SET seq = seq - 1 WHERE seq > 3; UPDATE chain_head SET seq = 4');
    const result = await log.verify();
    expect(result.ok).toBe(false);
    expect(result.problem!.seq).toBe(3);
    await log.close();
  });

  it('detects a forged record inserted in the middle with a recomputed hash', async () => {
    const { log, path } = await logWith(4);
    // Shift records up and insert a forgery at #3 whose hash is self-consistent but whose link is not.
    tamper(
      path,
      `UPDATE audit_records SET seq = seq + 10 WHERE seq >= 3;
       UPDATE audit_records SET seq = seq - 9 WHERE seq >= 13;
       INSERT INTO audit_records (seq, id, at, type, would_block, body, prev_hash, hash)
         VALUES (3, 'forged', '2026-11-24T12:00:00.000Z', 'decision', 0, '{}', '${'f'.repeat(64)}', '${'e'.repeat(64)}');`,
    );
    const result = await log.verify();
    expect(result.ok).toBe(false);
    expect(result.problem!.seq).toBe(3);
    await log.close();
  });

  it('detects records removed from the end', async () => {
    const { log, path } = await logWith(5);
    tamper(path, 'DELETE FROM audit_records WHERE seq >= 4');
    const result = await log.verify();
    expect(result.problem).toMatchObject({ kind: 'truncated', seq: 4 });
    await log.close();
  });

  it('hashes every record exactly as hashRow does', async () => {
    const { log } = await logWith(3);
    const path = join(dir, `odd-${++counter}.db`);
    const odd = createAuditLog(await openSqliteAuditStore({ path }));
    // Escapes, non-ASCII, lone surrogates and empty strings in columns and body.
    await odd.record({ type: 'decision', at: '2026-11-24T12:00:00.000Z', agent: 'agent "quoted" \\ \u2028', environment: '', body: { text: 'é 😀 \ud800 \n\t\u0001', n: 1.5e-7 } });
    await odd.record({ type: 'error', at: '2026-11-24T12:00:01.000Z', wouldBlock: true, severity: 'critical', body: {} });
    for (const row of [...(await log.list({})), ...(await odd.list({}))]) {
      const { hash, ...rest } = row;
      expect(hashRow(rest)).toBe(hash);
    }
    expect(await odd.verify()).toEqual({ ok: true, records: 2 });
    await odd.close();
    await log.close();
  });

  it('detects a column stored with another type (a blob where text was)', async () => {
    const { log, path } = await logWith(3);
    tamper(path, "UPDATE audit_records SET agent = CAST(agent AS BLOB) WHERE seq = 2");
    expect((await log.verify()).problem).toMatchObject({ kind: 'altered', seq: 2 });
    await log.close();
  });

  it('gives 200 concurrent records distinct consecutive seqs, each caller its own record', async () => {
    const { log } = await logWith(0);
    const rows = await Promise.all(
      Array.from({ length: 200 }, (_, i) => log.record({ type: 'decision', at: new Date().toISOString(), agent: `a${i}`, body: { i } })),
    );
    rows.forEach((row, i) => {
      expect(row.agent).toBe(`a${i}`);
      expect(JSON.parse(row.body)).toEqual({ i });
    });
    expect(rows.map((r) => r.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(await log.verify()).toEqual({ ok: true, records: 200 });
    await log.close();
  });

  it('keeps one chain when two logs on the same file record at once', async () => {
    const path = join(dir, `shared-${++counter}.db`);
    const a = createAuditLog(await openSqliteAuditStore({ path }));
    const b = createAuditLog(await openSqliteAuditStore({ path }));
    await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).record({ type: 'decision', at: new Date().toISOString(), body: { i } })));
    expect(await a.verify()).toEqual({ ok: true, records: 100 });
    await b.close();
    await a.close();
  });

  it('checks records appended while it verifies instead of calling them removed from the end', async () => {
    const path = join(dir, `racing-${++counter}.db`);
    const store = await openSqliteAuditStore({ path });
    const log = createAuditLog(store);
    await Promise.all([1, 2, 3, 4, 5].map((i) => log.record({ type: 'decision', at: new Date().toISOString(), body: { i } })));
    // The gateway records a decision between the end of the walk and the read of the chain head.
    let raced = false;
    const racing: AuditStore = {
      ...store,
      async head() {
        if (!raced) {
          raced = true;
          await log.record({ type: 'decision', at: new Date().toISOString(), body: { late: true } });
        }
        return store.head();
      },
    };
    expect(await verifyChain(racing)).toEqual({ ok: true, records: 6 });
    await log.close();
  });

  it('lets other work run while it walks a long chain', async () => {
    const { log } = await logWith(0);
    await Promise.all(Array.from({ length: 4500 }, (_, i) => log.record({ type: 'decision', at: new Date().toISOString(), body: { i } })));
    const verifying = log.verify();
    const late = log.record({ type: 'decision', at: new Date().toISOString(), body: { late: true } });
    // Written while the walk ran (between two pages), so the walk saw it.
    expect(await verifying).toEqual({ ok: true, records: 4501 });
    expect((await late).seq).toBe(4501);
    expect(await log.verify()).toEqual({ ok: true, records: 4501 });
    await log.close();
  });

  it('keeps one unbroken chain when several processes append at once', async () => {
    const path = join(dir, 'concurrent.db');
    // Build a tiny writer against the compiled store (the CLI's own code path), 4 processes × 25 records.
    const writer = `
      const { openSqliteAuditStore } = await import(${JSON.stringify(new URL('../../dist/store/index.js', import.meta.url).href)});
      const { createAuditLog } = await import(${JSON.stringify(new URL('../../dist/audit/index.js', import.meta.url).href)});
      // A generous lock wait: on 2 shared cores the whole suite runs beside these writers.
      const log = createAuditLog(await openSqliteAuditStore({ path: process.argv[1], busyTimeoutMs: 30000 }));
      for (let i = 0; i < 25; i++) await log.record({ type: 'decision', at: new Date().toISOString(), agent: 'w' + process.argv[2], body: { i } });
      await log.close();`;
    await Promise.all(
      [1, 2, 3, 4].map(
        (n) =>
          new Promise<void>((resolve, reject) => {
            const child = spawn('node', ['--input-type=module', '-e', writer, path, String(n)], { stdio: ['ignore', 'ignore', 'pipe'] });
            let stderr = '';
            child.stderr.on('data', (chunk) => (stderr += chunk));
            child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${n} exited ${code}: ${stderr}`))));
          }),
      ),
    );
    const log = createAuditLog(await openSqliteAuditStore({ path }));
    expect(await log.verify()).toEqual({ ok: true, records: 100 });
    await log.close();
  });
});
