#!/usr/bin/env node
// Checks a gateway run of test/agent-e2e/run.sh against the audit logs: what the real agent CLI did
// (the harness's --json report) must be what the gateway decided and recorded.
//
//   --phase up    every case has a `decision` record on the gateway (GET /v1/audit, approver token),
//                 matched by command and working directory: `run` cases allow, `blocked` cases deny
//                 or ask (an ask with its approval request, whose id the agent was told); the
//                 gateway's hash chain verifies; the hook's own AIRLOCK_HOME recorded nothing (it
//                 did not decide locally).
//   --phase down  the gateway was stopped: it has no new records (read from its database), and the
//                 hook's own AIRLOCK_HOME has one `error` record per case, saying the gateway was
//                 unreachable.
//
// Prints one line per case and "N passed, N failed"; exits 1 on any failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: o } = parseArgs({
  options: {
    phase: { type: 'string' }, report: { type: 'string' }, url: { type: 'string' }, 'token-file': { type: 'string' },
    'gateway-home': { type: 'string' }, 'hook-home': { type: 'string' }, agent: { type: 'string' }, repo: { type: 'string' },
    'gateway-records-before': { type: 'string' },
  },
});
const report = JSON.parse(fs.readFileSync(o.report, 'utf8'));
const results = report.results ?? [];
const version = report.claudeVersion ?? report.codexVersion ?? report.geminiVersion ?? results[0]?.claudeVersion ?? results[0]?.codexVersion ?? results[0]?.geminiVersion ?? '?';

/** `airlock audit list --json` on a local AIRLOCK_HOME (no gateway needed); [] when there is no log yet. */
function localAudit(home) {
  const env = { ...process.env, AIRLOCK_HOME: home };
  delete env.AIRLOCK_URL;
  delete env.AIRLOCK_TOKEN;
  const run = spawnSync(process.execPath, [path.join(o.repo, 'bin/airlock.js'), 'audit', 'list', '--json', '-n', '1000'], { env, encoding: 'utf8' });
  if (run.status !== 0) {
    if (/there is no audit log/.test(run.stderr)) return [];
    throw new Error(`airlock audit list (AIRLOCK_HOME=${home}) failed: ${run.stderr.trim()}`);
  }
  return JSON.parse(run.stdout);
}

async function api(route) {
  const token = fs.readFileSync(o['token-file'], 'utf8').trim();
  const res = await fetch(`${o.url}${route}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${route}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function gatewayAudit() {
  const all = [];
  let before;
  for (;;) {
    const { records } = await api(`/v1/audit?limit=1000${before ? `&before=${before}` : ''}`);
    all.push(...records);
    if (records.length < 1000) return all;
    before = records[records.length - 1].seq;
  }
}

/** Whether the agent's hook input (JSON text as recorded) holds this exact string anywhere. */
function holds(input, command) {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return input === command;
    }
  }
  const has = (v) => v === command || (v !== null && typeof v === 'object' && Object.values(v).some(has));
  return has(value);
}

const short = (s, n = 44) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const rows = [];
let passed = 0;
let failed = 0;
function row(ok, cells, problem) {
  if (ok) passed++;
  else failed++;
  rows.push([ok ? 'PASS' : 'FAIL', ...cells, problem ?? '']);
}
function print(title, header) {
  const table = [header, ...rows];
  const widths = header.map((_, j) => Math.max(...table.map((r) => String(r[j]).length)));
  console.log(title);
  for (const r of table) console.log(r.map((c, j) => (j === r.length - 1 ? c : String(c).padEnd(widths[j]))).join('  ').trimEnd());
}

if (o.phase === 'up') {
  const records = await gatewayAudit();
  const decisions = records.filter((r) => r.type === 'decision' && r.agent === o.agent);
  const approvalsCreated = new Set(records.filter((r) => r.type === 'approval' && r.body?.action === 'created').map((r) => r.body.requestId));
  const used = new Set();
  for (const [i, result] of results.entries()) {
    const cwd = result.hookStdin?.cwd;
    const candidates = decisions.filter((r) => !used.has(r.seq) && r.body?.change?.payload?.command === result.command);
    const record = candidates.find((r) => cwd !== undefined && r.body.change.target?.cwd === cwd) ?? (cwd === undefined ? candidates.at(-1) : undefined);
    const cli = `${result.observed}${result.status === 'PASS' ? '' : ` (${result.status})`}`;
    if (!record) {
      row(false, [i + 1, result.expected, cli, '-', '-', '-', short(result.command)], `no gateway decision record for this command${cwd ? ` in ${cwd}` : ''}`);
      continue;
    }
    used.add(record.seq);
    const decision = record.enforced;
    const requestId = record.body?.decision?.approval?.requestId;
    const problems = [];
    if (result.status !== 'PASS') problems.push(`the CLI: ${result.status} (${result.observed})`);
    if (result.expected === 'run' && decision !== 'allow') problems.push(`gateway said ${decision} for a case that must run`);
    if (result.expected !== 'run' && decision !== 'deny' && decision !== 'ask') problems.push(`gateway said ${decision} for a case that must be blocked`);
    if (record.environment !== 'production') problems.push(`environment ${record.environment}`);
    if (decision === 'ask') {
      if (!requestId) problems.push('ask without an approval request');
      else if (!approvalsCreated.has(requestId)) problems.push(`no "approval created" record for ${requestId}`);
      else if (result.hookReason !== undefined && !String(result.hookReason).includes(requestId)) problems.push('the agent was not told the request id');
    }
    row(problems.length === 0, [i + 1, result.expected, cli, decision, `#${record.seq}`, requestId ? requestId.slice(0, 8) : '-', short(result.command)], problems.join('; '));
  }
  const verify = await api('/v1/audit/verify');
  const local = localAudit(o['hook-home']);
  print(`gateway audit (${o.url}/v1/audit) against ${o.agent} ${version}:`, ['result', '#', 'expect', 'CLI', 'gateway', 'record', 'request', 'command', 'problem']);
  console.log(`gateway audit: ${records.length} records (${decisions.length} decisions for ${o.agent}, ${approvalsCreated.size} approval requests); hash chain ${verify.ok ? 'intact' : `BROKEN: ${JSON.stringify(verify.problem)}`}`);
  if (!verify.ok) failed++;
  console.log(`hook's own AIRLOCK_HOME: ${local.length} records${local.length ? ' (expected none: the gateway decides)' : ' (the gateway decided every call)'}`);
  if (local.length) failed++;
} else if (o.phase === 'down') {
  const gatewayNow = localAudit(o['gateway-home']).length;
  const before = Number(o['gateway-records-before']);
  const errors = localAudit(o['hook-home']).filter((r) => r.type === 'error');
  const used = new Set();
  for (const [i, result] of results.entries()) {
    const record = errors.find((r) => !used.has(r.seq) && holds(r.body?.input, result.command));
    if (record) used.add(record.seq);
    const problems = [];
    if (result.status !== 'PASS') problems.push(`the CLI: ${result.status} (${result.observed})`);
    const reason = String(result.hookReason ?? '');
    if (result.hookReason !== undefined && !/gateway|reach|connect/i.test(reason)) problems.push(`reason does not name the gateway: ${short(reason, 80)}`);
    if (!record) problems.push("no error record in the hook's AIRLOCK_HOME");
    const code = record?.body?.error?.code ?? '-';
    row(problems.length === 0, [i + 1, result.expected, `${result.observed}${result.status === 'PASS' ? '' : ` (${result.status})`}`, code, record ? `#${record.seq}` : '-', short(result.command), short(reason, 60)], problems.join('; '));
  }
  print(`gateway stopped, ${o.agent} ${version}: every call must be blocked`, ['result', '#', 'expect', 'CLI', 'hook error', 'record', 'command', 'reason', 'problem']);
  console.log(`gateway database: ${gatewayNow} records, ${before} before it was stopped${gatewayNow === before ? ' (nothing reached it)' : ' — CHANGED'}`);
  if (gatewayNow !== before) failed++;
} else {
  console.error('--phase up|down');
  process.exit(2);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
