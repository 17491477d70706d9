// Gateway memory: `airlock serve` over an AIRLOCK_HOME holding 10,000 pending approval requests
// and a 1,000,000-record audit log, after a few typical requests, against the same server over an
// empty AIRLOCK_HOME given the same requests. Resident set size (VmRSS) and its peak (VmHWM) come
// from /proc/<pid>/status of the server process. Target: RSS at most 250 MB.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { decisionTemplates, millionRecordHome } from './audit.mjs';

const dist = new URL('../dist/', import.meta.url);
const { requirementOf, summarize } = await import(new URL('approvals/index.js', dist));
const { openSqliteGatewayStore } = await import(new URL('store/index.js', dist));

const bin = fileURLToPath(new URL('../bin/airlock.js', import.meta.url));
const LIMIT_MB = 250;

async function startServer(env) {
  const started = Date.now();
  const server = spawn(process.execPath, [bin, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const match = /API\s+(http:\/\/\S+)\/v1/.exec(output);
      if (match) resolve(match[1]);
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', (chunk) => (output += chunk));
    server.once('exit', (code) => reject(new Error(`airlock serve exited ${code}: ${output}`)));
  });
  // `serve` prints its banner after verifying the whole audit log.
  return { server, url, startupMs: Date.now() - started };
}

async function stopServer(server) {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
}

/** VmRSS and VmHWM of a process, MB. */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

function token(env, role, name) {
  const made = spawnSync(process.execPath, [bin, 'token', 'create', '--role', role, '--name', name], { env, encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`token create exited ${made.status}: ${made.stderr}`);
  return made.stdout.trim();
}

/** gateway.db with `count` pending approval requests: real `ask` decisions, each its own change. */
export async function pendingApprovals(home, count) {
  const path = join(home, 'gateway.db');
  await (await openSqliteGatewayStore({ path })).close(); // the schema, as the store makes it
  const ask = (await decisionTemplates()).map((t) => JSON.parse(t.row.body)).find((body) => body.decision.enforced === 'ask');
  if (!ask) throw new Error('no ask decision among the templates');
  const db = new Database(path);
  const insert = db.prepare(
    `INSERT INTO approvals (id, state, agent, acts_for, digest, policy_version, created_at, expires_at, updated_at, document)
     VALUES (@id, @state, @agent, @actsFor, @digest, @policyVersion, @createdAt, @expiresAt, @updatedAt, @document)`,
  );
  const now = Date.now();
  db.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const createdAt = new Date(now - (count - i) * 1000).toISOString();
      const command = `rm -rf build-${i}`;
      const change = { ...ask.change, id: randomUUID(), agent: `agent-${i % 20}`, digest: randomBytes(32).toString('hex'), receivedAt: createdAt, payload: { command } };
      const request = {
        id: randomUUID(),
        state: 'pending',
        createdAt,
        // Far out, so the gateway's expiry sweep leaves them pending during the measurement.
        expiresAt: new Date(now + 86_400_000).toISOString(),
        updatedAt: createdAt,
        agent: change.agent,
        actsFor: null,
        environment: ask.assessment.environment.name,
        kind: change.kind,
        digest: change.digest,
        policyVersion: ask.policyVersion,
        summary: summarize(change, ask.assessment),
        change,
        assessment: ask.assessment,
        decision: ask.decision,
        autonomy: ask.autonomy,
        required: requirementOf(ask.decision.approvals, true),
        approvals: [],
        grant: null,
        ending: null,
      };
      insert.run({ ...request, actsFor: '', document: JSON.stringify(request) });
    }
  })();
  db.close();
}

/** Starts the gateway over `home`, makes the same requests as every measurement, reads its memory. */
async function measure(home) {
  const env = { PATH: process.env.PATH, HOME: home, AIRLOCK_HOME: home };
  const admin = token(env, 'admin', `bench-admin-${randomUUID().slice(0, 8)}`);
  const agent = token(env, 'agent', `bench-agent-${randomUUID().slice(0, 8)}`);
  const { server, url, startupMs } = await startServer(env);
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const idle = memoryOf(server.pid);
    const get = async (path, bearer = admin) => {
      const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
      if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
      return response.headers.get('content-type')?.includes('json') ? response.json() : response.text();
    };
    const submit = async (command, environment) => {
      const response = await fetch(`${url}/v1/changes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${agent}`, 'content-type': 'application/json' },
        body: JSON.stringify({ change: { kind: 'shell', payload: { command }, target: { cwd: '/srv/app', environment } }, wait: 0 }),
      });
      if (!response.ok) throw new Error(`POST /v1/changes answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
      return response.json();
    };
    const pending = await get('/v1/approvals?state=pending');
    await get('/v1/approvals?state=pending&limit=1000');
    for (const command of ['git status', 'ls -la', 'npm test', 'git diff HEAD~1', 'kubectl get pods -n web']) await submit(command, 'production');
    await submit(`rm -rf build-${randomUUID().slice(0, 8)}`, 'production'); // ask: one more pending request
    await get('/v1/audit');
    await get('/v1/audit?limit=1000');
    await get('/v1/audit?agent=bench&decision=deny');
    if (pending.approvals[0]) await get(`/v1/approvals/${pending.approvals[0].id}`);
    await get('/');
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { idle, loaded: memoryOf(server.pid), startupMs, pendingListed: pending.approvals.length };
  } finally {
    await stopServer(server);
  }
}

export async function run({ quick = false } = {}) {
  const records = quick ? 100_000 : 1_000_000;
  const approvals = 10_000;
  const log = await millionRecordHome({ records }); // built by bench/audit.mjs when it ran first
  await pendingApprovals(log.home, approvals);
  const scratch = mkdtempSync(join(tmpdir(), 'airlock-bench-mem-'));
  try {
    const rounds = quick ? 1 : 2;
    const target = [];
    const baseline = [];
    for (let round = 0; round < rounds; round += 1) {
      baseline.push(await measure(join(scratch, `empty-${round}`)));
      target.push(await measure(log.home));
    }
    // The larger of the rounds: memory is a ceiling, not an average.
    const worst = (samples, phase, field) => Math.max(...samples.map((s) => s[phase][field]));
    const t = { p50: worst(target, 'loaded', 'rss'), p99: worst(target, 'loaded', 'hwm'), n: rounds };
    const b = { p50: worst(baseline, 'loaded', 'rss'), p99: worst(baseline, 'loaded', 'hwm'), n: rounds };
    return [
      {
        name: `gateway memory: ${approvals.toLocaleString('en-US')} pending approvals, ${records.toLocaleString('en-US')} audit records`,
        baselineLabel: 'the same airlock serve and requests over an empty AIRLOCK_HOME',
        unit: 'MB',
        note: 'p50 = VmRSS after the requests, p99 = VmHWM (peak RSS)',
        limitMB: LIMIT_MB,
        withinLimit: t.p50 <= LIMIT_MB && t.p99 <= LIMIT_MB,
        idle: { target: worst(target, 'idle', 'rss'), baseline: worst(baseline, 'idle', 'rss') },
        startupMs: { target: Math.max(...target.map((s) => s.startupMs)), baseline: Math.max(...baseline.map((s) => s.startupMs)) },
        pendingListed: target[0].pendingListed,
        target: t,
        baseline: b,
        ratioP50: t.p50 / b.p50,
        ratioP99: t.p99 / b.p99,
      },
    ];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await run({ quick: process.argv.includes('--quick') }), null, 2));
}
