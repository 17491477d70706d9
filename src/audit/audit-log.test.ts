import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteAuditStore } from '../store/index.js';
import { createAuditLog, type AuditLog } from './index.js';

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
