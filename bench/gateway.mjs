// The gateway: one decision over HTTP (POST /v1/changes, `git status`, allowed and recorded)
// against a constant JSON route on the same server (GET /v1/health), and a hook round trip through
// the gateway against spawning `node -e 0`. The gateway runs as its own process (`airlock serve`);
// this process is the client.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare, spawnOnce } from './stats.mjs';

const bin = fileURLToPath(new URL('../bin/airlock.js', import.meta.url));

async function startServer(env) {
  const server = spawn(process.execPath, [bin, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    server.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /API\s+(http:\/\/\S+)\/v1/.exec(output);
      if (match) resolve(match[1]);
    });
    server.once('exit', (code) => reject(new Error(`airlock serve exited ${code}: ${output}`)));
  });
  return { server, url };
}

export async function run({ quick = false } = {}) {
  const home = mkdtempSync(join(tmpdir(), 'airlock-bench-gw-'));
  const env = { PATH: process.env.PATH, HOME: home, AIRLOCK_HOME: join(home, 'airlock') };
  const { server, url } = await startServer(env);
  const results = [];
  try {
    const made = spawnSync(process.execPath, [bin, 'token', 'create', '--role', 'agent', '--name', 'bench-bot'], { env, encoding: 'utf8' });
    const token = made.stdout.trim();
    const body = JSON.stringify({ change: { kind: 'shell', payload: { command: 'git status' }, target: { cwd: '/srv/app' } } });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const target = async () => {
      const response = await fetch(`${url}/v1/changes`, { method: 'POST', headers, body });
      const answer = await response.json();
      if (answer.decision !== 'allow') throw new Error(`gateway answered ${JSON.stringify(answer).slice(0, 200)}`);
    };
    const baseline = async () => {
      await (await fetch(`${url}/v1/health`)).json();
    };
    const http = await compare({ target, baseline, iterations: quick ? 50 : 400, warmup: 20, rounds: 5 });
    results.push({ name: 'gateway: POST /v1/changes git status (allow, recorded)', baselineName: 'GET /v1/health on the same server', audit: 'SQLite file, synchronous=FULL', ...http });

    // Throughput: a load generator in a second process keeps 32 requests in flight, alternating
    // between the decision route and the constant route in rounds so both see the same machine.
    const load = (path, method, body, expect) =>
      new Promise((resolve, reject) => {
        const spec = { url: `${url}${path}`, method, headers: body ? headers : {}, body, concurrency: 32, ms: quick ? 1000 : 3000, expect };
        const child = spawn(process.execPath, [fileURLToPath(new URL('./load-client.mjs', import.meta.url)), JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (chunk) => (out += chunk));
        child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load client exited ${code}`))));
      });
    const decisions = [];
    const constant = [];
    for (let round = 0; round < (quick ? 2 : 3); round += 1) {
      constant.push(await load('/v1/health', 'GET', null, undefined));
      decisions.push(await load('/v1/changes', 'POST', body, 'allow'));
    }
    const median = (rows) => rows.map((row) => row.perSecond).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
    const best = (rows) => rows.reduce((a, b) => (a.perSecond >= b.perSecond ? a : b));
    const bestDecisions = best(decisions);
    const bestConstant = best(constant);
    results.push({
      name: 'gateway throughput: POST /v1/changes git status, 32 in flight from a second process (decisions/s)',
      baselineName: 'GET /v1/health, same load',
      audit: 'SQLite file, synchronous=FULL',
      target: { p50: bestDecisions.p50, p99: bestDecisions.p99, n: decisions.reduce((n, row) => n + row.completed, 0) },
      baseline: { p50: bestConstant.p50, p99: bestConstant.p99, n: constant.reduce((n, row) => n + row.completed, 0) },
      ratioP50: bestDecisions.p50 / bestConstant.p50,
      ratioP99: bestDecisions.p99 / bestConstant.p99,
      throughput: { target: median(decisions), baseline: median(constant), ratio: median(decisions) / median(constant), failed: decisions.reduce((n, row) => n + row.failed, 0) },
      goal: {
        text: `ratio ≥ 0.5 and ≥ 5,000/s (${Math.round(median(decisions))}/s vs ${Math.round(median(constant))}/s)`,
        met: median(decisions) / median(constant) >= 0.5 && median(decisions) >= 5000,
      },
    });

    const hookEnv = { ...env, AIRLOCK_URL: url, AIRLOCK_TOKEN: token };
    const input = JSON.stringify({ session_id: 's', cwd: '/srv/app', permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'git status' }, tool_use_id: 't' });
    const hook = await compare({
      target: async () => {
        const r = await spawnOnce([bin, 'hook', 'claude-code'], input, hookEnv);
        if (r.code !== 0 || r.out !== '') throw new Error(`hook answered ${r.code} ${r.out}`);
      },
      baseline: () => spawnOnce(['-e', '0'], '', env),
      iterations: quick ? 10 : 40,
      warmup: 2,
      rounds: 5,
    });
    results.push({ name: 'hook through the gateway: git status (allow)', baselineName: 'spawn node -e 0', audit: 'gateway, SQLite file', ...hook });
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(home, { recursive: true, force: true });
  }
  return results;
}
