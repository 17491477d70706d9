// The audit log at scale: durable appends from 32 concurrent writers (group commit) against raw
// SQLite inserts with the same durability, and `audit verify` over a 1,000,000-record chain against
// SHA-256 over the same bytes. The million-record log is built once per process (real decision
// bodies from the pipeline, the real chain) and shared with bench/memory.mjs; it lives in a temp
// dir removed when the process exits.
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { compare, summarize } from './stats.mjs';

const dist = new URL('../dist/', import.meta.url);
const { createPipeline } = await import(new URL('pipeline/index.js', dist));
const { createAnalyzerRegistry } = await import(new URL('analyze/registry.js', dist));
const { createAuditLog, hashRow } = await import(new URL('audit/index.js', dist));
const { defaultConfig, loadPolicySources, readSchema } = await import(new URL('config/index.js', dist));
const { NO_AMBIENT } = await import(new URL('intake/ambient-probe.js', dist));
const { createPolicyEngine } = await import(new URL('policy/index.js', dist));
const { canonicalJson, sha256Hex } = await import(new URL('model/index.js', dist));
const { openSqliteAuditStore } = await import(new URL('store/index.js', dist));

const bin = fileURLToPath(new URL('../bin/airlock.js', import.meta.url));
const WRITERS = 32;
const INSERT_POSITIONAL = `INSERT INTO audit_records (seq, id, at, type, agent, source, kind, environment, digest, decision, enforced, mode, would_block, severity, body, prev_hash, hash)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT = `INSERT INTO audit_records (seq, id, at, type, agent, source, kind, environment, digest, decision, enforced, mode, would_block, severity, body, prev_hash, hash)
  VALUES (@seq, @id, @at, @type, @agent, @source, @kind, @environment, @digest, @decision, @enforced, @mode, @wouldBlock, @severity, @body, @prevHash, @hash)`;

const scratch = mkdtempSync(join(tmpdir(), 'airlock-bench-audit-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
// The million-record log is 2 GB: an interrupted run must not leave it behind.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) process.once(signal, () => process.exit(code));

/** Real audit records of a mix of shell decisions (allow, ask, deny), from the pipeline itself. */
let templates;
export async function decisionTemplates() {
  if (templates) return templates;
  const config = defaultConfig(process.cwd());
  const policy = createPolicyEngine({ schema: readSchema(), sources: loadPolicySources(config) });
  const audit = createAuditLog(await openSqliteAuditStore({ path: ':memory:' }));
  const pipeline = createPipeline({ config, policy, audit, analyzers: createAnalyzerRegistry(), ambient: NO_AMBIENT, pathExists: () => true, guardrails: { paths: ['/var/lib/airlock'], home: '/home/bench' } });
  const commands = [
    ['git status', 'production'],
    ['ls -la src', 'dev'],
    ['npm test', 'dev'],
    ['git diff HEAD~1', 'staging'],
    ['kubectl get pods -n web', 'production'],
    ['git status', 'dev'],
    ['rm -rf build', 'production'],
    ['terraform destroy -auto-approve', 'production'],
  ];
  for (const [command, environment] of commands) {
    await pipeline.check({ kind: 'shell', source: 'cli', agent: 'bench', payload: { command }, target: { cwd: '/srv/app', environment } });
  }
  templates = (await audit.list({ limit: commands.length })).reverse().map((row) => {
    const change = JSON.parse(row.body).change;
    return { row, changeId: change.id, receivedAt: change.receivedAt };
  });
  await audit.close();
  return templates;
}

/** The i-th record of the synthetic log: a template with its own ids and time (still canonical JSON). */
function recordOf(tpl, i, start) {
  const at = new Date(start + i * 37).toISOString();
  const id = randomUUID();
  const body = tpl.row.body.replace(tpl.changeId, randomUUID()).replace(tpl.receivedAt, at);
  return { ...tpl.row, id, at, body };
}

/** Appends UTF-8 text to a list of large buffers (the bytes the baseline hashes). */
class Bytes {
  chunks = [];
  size = 0;
  #current = null;
  #used = 0;
  push(text) {
    const length = Buffer.byteLength(text);
    if (!this.#current || this.#used + length > this.#current.length) {
      if (this.#current) this.chunks.push(this.#current.subarray(0, this.#used));
      this.#current = Buffer.allocUnsafe(Math.max(32 << 20, length));
      this.#used = 0;
    }
    this.#used += this.#current.write(text, this.#used);
    this.size += length;
  }
  finish() {
    if (this.#current) this.chunks.push(this.#current.subarray(0, this.#used));
    this.#current = null;
    return this;
  }
}

const logs = new Map();

/** The canonical text of a flat row of strings and integers: JSON.stringify with the keys sorted. */
const canonicalText = (f) =>
  JSON.stringify({ agent: f.agent, at: f.at, body: f.body, decision: f.decision, digest: f.digest, enforced: f.enforced, environment: f.environment, id: f.id, kind: f.kind, mode: f.mode, prevHash: f.prevHash, seq: f.seq, severity: f.severity, source: f.source, type: f.type, wouldBlock: f.wouldBlock });

/**
 * An AIRLOCK_HOME holding audit.db with `records` records of real decisions, chained with the real
 * hashRow, built once per process and shared with bench/memory.mjs. With `bytes`, the build also
 * keeps the canonical text of every record — exactly what verification hashes — for the baseline.
 */
export function millionRecordHome({ records = 1_000_000, bytes = false } = {}) {
  if (!logs.has(records)) logs.set(records, buildLog(records, bytes));
  return logs.get(records);
}

async function buildLog(records, collect) {
  const started = Date.now();
  const home = join(scratch, `home-${records}`);
  const path = join(home, 'audit.db');
  await (await openSqliteAuditStore({ path })).close(); // the schema, as the store makes it
  const tpls = await decisionTemplates();
  const db = new Database(path);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144'); // the random-UUID index stays in memory while it is built
  const insert = db.prepare(INSERT_POSITIONAL);
  const bytes = collect ? new Bytes() : undefined;
  const start = Date.UTC(2026, 0, 1);
  let prevHash = '0'.repeat(64);
  const chunk = db.transaction((from, to) => {
    for (let seq = from; seq < to; seq += 1) {
      const r = recordOf(tpls[seq % tpls.length], seq, start);
      const fields = { seq, id: r.id, at: r.at, type: r.type, agent: r.agent, source: r.source, kind: r.kind, environment: r.environment, digest: r.digest, decision: r.decision, enforced: r.enforced, mode: r.mode, wouldBlock: r.wouldBlock, severity: r.severity, body: r.body, prevHash };
      // RFC 8785 text of this flat object of strings and integers is JSON.stringify with sorted keys;
      // every 1,009th row is checked against the real canonicaliser and hashRow (and verify checks all).
      const text = canonicalText(fields);
      const hash = sha256Hex(text);
      if (seq % 1009 === 1 && (canonicalJson(fields) !== text || hashRow(fields) !== hash)) throw new Error('the canonical text is not what hashRow hashes');
      bytes?.push(text);
      const { id, at, type, agent, source, kind, environment, digest, decision, enforced, mode, wouldBlock, severity, body } = fields;
      insert.run(seq, id, at, type, agent, source, kind, environment, digest, decision, enforced, mode, wouldBlock, severity, body, prevHash, hash);
      prevHash = hash;
    }
  });
  for (let from = 1; from <= records; from += 20_000) chunk(from, Math.min(records + 1, from + 20_000));
  db.prepare('INSERT INTO chain_head (id, seq, hash) VALUES (1, ?, ?)').run(records, prevHash);
  db.pragma('journal_mode = WAL');
  db.close();
  return { home, path, records, bytes: bytes?.finish(), buildSeconds: (Date.now() - started) / 1000 };
}

/** The canonical text of every record now in the log, read back (when the build did not keep it). */
function bytesOf(path) {
  const db = new Database(path, { readonly: true });
  const bytes = new Bytes();
  const rows = db.prepare('SELECT seq, id, at, type, agent, source, kind, environment, digest, decision, enforced, mode, would_block AS wouldBlock, severity, body, prev_hash AS prevHash FROM audit_records ORDER BY seq');
  for (const row of rows.iterate()) {
    const text = canonicalText(row);
    if (row.seq % 1009 === 1 && canonicalJson(row) !== text) throw new Error('the canonical text is not what hashRow hashes');
    bytes.push(text);
  }
  db.close();
  return bytes.finish();
}

/** Per-append latency and throughput of `rounds` interleaved rounds of 32 writers × `perWriter`. */
async function groupCommit({ quick }) {
  const tpls = await decisionTemplates();
  const entries = tpls.map(({ row }) => ({
    type: row.type, at: row.at, agent: row.agent, source: row.source, kind: row.kind, environment: row.environment, digest: row.digest,
    decision: row.decision, enforced: row.enforced, mode: row.mode, wouldBlock: row.wouldBlock === 1, severity: row.severity, body: JSON.parse(row.body),
  }));
  const log = createAuditLog(await openSqliteAuditStore({ path: join(scratch, 'group.db') }));
  const rawPath = join(scratch, 'raw.db');
  await (await openSqliteAuditStore({ path: rawPath })).close();
  const raw = new Database(rawPath);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  const insert = raw.prepare(INSERT);
  let rawSeq = 0;

  const rounds = 5;
  const perWriter = quick ? 8 : 40;
  const t = [];
  const b = [];
  const seconds = { target: 0, baseline: 0 };
  const round = async (op, into) => {
    const began = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let i = 0; i < perWriter; i += 1) {
          const start = process.hrtime.bigint();
          await op(w, i);
          into.push(Number(process.hrtime.bigint() - start) / 1000);
        }
      }),
    );
    return Number(process.hrtime.bigint() - began) / 1e9;
  };
  // Raw: one INSERT, its own transaction (one fsync); `await null` lets the other writers take turns.
  const baseline = async (w, i) => {
    await null;
    const r = tpls[(w + i) % tpls.length].row;
    rawSeq += 1;
    insert.run({ ...r, seq: rawSeq, id: randomUUID(), at: new Date().toISOString(), prevHash: r.hash });
  };
  const target = (w, i) => log.record({ ...entries[(w + i) % entries.length], at: new Date().toISOString() });
  await round(baseline, []); // warm-up
  await round(target, []);
  for (let r = 0; r < rounds; r += 1) {
    seconds.baseline += await round(baseline, b);
    seconds.target += await round(target, t);
  }
  t.sort((x, y) => x - y);
  b.sort((x, y) => x - y);
  const verified = await log.verify();
  if (!verified.ok) throw new Error(`the group-committed log does not verify: ${JSON.stringify(verified)}`);
  await log.close();
  raw.close();
  const target_ = summarize(t);
  const baseline_ = summarize(b);
  const throughput = { target: t.length / seconds.target, baseline: b.length / seconds.baseline };
  return {
    name: `audit: durable appends, ${WRITERS} concurrent writers (group commit)`,
    baselineLabel: 'raw better-sqlite3 INSERT, one transaction each, WAL + synchronous=FULL, same writers',
    audit: 'SQLite file, synchronous=FULL',
    target: target_,
    baseline: baseline_,
    ratioP50: target_.p50 / baseline_.p50,
    ratioP99: target_.p99 / baseline_.p99,
    throughput: { ...throughput, ratio: throughput.target / throughput.baseline, unit: 'appends/s' },
  };
}

/** `audit verify` over the million-record log against one SHA-256 over the same bytes. */
async function verifyMillion({ quick }) {
  const log = await millionRecordHome({ records: quick ? 100_000 : 1_000_000, bytes: true });
  const probe = new Database(log.path, { readonly: true });
  const records = probe.prepare('SELECT count(*) AS n FROM audit_records').get().n;
  probe.close();
  // The build's bytes, unless bench/memory.mjs built the log first or has appended to it since.
  let bytes = log.bytes && records === log.records ? log.bytes : bytesOf(log.path);
  log.bytes = undefined; // 2 GB the memory benchmark has no use for
  let peakGrowth = 0;
  const target = async () => {
    const before = process.memoryUsage.rss();
    const sampler = setInterval(() => (peakGrowth = Math.max(peakGrowth, process.memoryUsage.rss() - before)), 10);
    const audit = createAuditLog(await openSqliteAuditStore({ path: log.path, mustExist: true }));
    const result = await audit.verify();
    await audit.close();
    clearInterval(sampler);
    if (!result.ok || result.records !== records) throw new Error(`audit verify answered ${JSON.stringify(result)}`);
  };
  const baseline = () => {
    const hash = createHash('sha256');
    for (const chunk of bytes.chunks) hash.update(chunk);
    hash.digest('hex');
  };
  const rounds = quick ? 2 : 3;
  const r = await compare({ target, baseline, iterations: rounds, warmup: 0, rounds });
  const bytesHashed = bytes.size;
  bytes = undefined;

  // The CLI is the same walk plus a process start-up: once, for the record.
  const env = { PATH: process.env.PATH, HOME: log.home, AIRLOCK_HOME: log.home };
  const started = process.hrtime.bigint();
  const cli = spawnSync(process.execPath, [bin, 'audit', 'verify'], { env, encoding: 'utf8' });
  const cliMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (cli.status !== 0) throw new Error(`airlock audit verify exited ${cli.status}: ${cli.stdout}${cli.stderr}`);
  return {
    name: `audit verify: ${records.toLocaleString('en-US')} records (in process)`,
    baselineLabel: 'SHA-256 (node:crypto) over the same canonical bytes, in one pass',
    audit: 'SQLite file',
    records,
    bytesHashed,
    buildSeconds: log.buildSeconds,
    verifyRssGrowthMB: Math.round(peakGrowth / 2 ** 20),
    cliMs: Math.round(cliMs),
    ...r,
  };
}

export async function run({ quick = false } = {}) {
  return [await groupCommit({ quick }), await verifyMillion({ quick })];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await run({ quick: process.argv.includes('--quick') });
  console.log(JSON.stringify(rows, null, 2));
}
