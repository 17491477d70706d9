#!/usr/bin/env node
// The approval loop inside a real agent CLI, through a running gateway. Started by
// `test/agent-e2e/run.sh <agent> --approval`, which starts the gateway, makes the tokens and the
// hook scripts, and passes them in E2E_* variables. Each step is one real agent session (the
// harness's runCase, dry-run: the command is recorded, never executed):
//
//   1. `kubectl delete deployment web -n shop` (--env production: ask, 1 approver) is blocked, and
//      the agent is told the approval request id.
//   2. A person approves it with `airlock approvals approve <id> --reason …` (approver token).
//   3. The identical command, in a second session in the same project directory (what a retry
//      is: same command, same working directory, same agent), runs; the request is then consumed.
//   4. A third identical session is blocked again: an approval is good for one run.
//   5. Waiting mode: a hook with --deadline-ms 45000 under a 60 s hook timeout asks for
//      `kubectl delete deployment api -n shop`; a person approves it while the hook waits (3 s after
//      it appears), and the same session's tool call goes through.
//
// The harness gives every session a fresh temp dir, and the working directory is part of the
// change's digest, so for steps 1, 3 and 4 this script pins that dir to one path (fs.mkdtempSync
// is patched for the harness's prefix only). Prints one line per step and "N passed, N failed".
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run this through test/agent-e2e/run.sh <agent> --approval)`);
  return value;
};
const agent = env('E2E_AGENT');
const harness = env('E2E_HARNESS');
const hook = env('E2E_HOOK');
const hookWait = env('E2E_HOOK_WAIT');
const url = env('E2E_URL');
const approverToken = fs.readFileSync(env('E2E_APPROVER_TOKEN_FILE'), 'utf8').trim();
const repo = env('E2E_REPO');
const work = env('E2E_WORK');
const hookAgent = env('E2E_HOOK_AGENT');

const FIRST = 'kubectl delete deployment web -n shop';
const WAITED = 'kubectl delete deployment api -n shop';
const PREFIX = `${agent}-e2e-`;

// Pin the harness's per-session temp dir when `pinned` is set, so that sessions share a project dir.
let pinned = null;
const realMkdtemp = fs.mkdtempSync;
fs.mkdtempSync = function mkdtempSync(prefix, ...rest) {
  if (pinned && path.basename(String(prefix)) === PREFIX) {
    fs.rmSync(pinned, { recursive: true, force: true });
    fs.mkdirSync(pinned, { recursive: true });
    return pinned;
  }
  return realMkdtemp.call(fs, prefix, ...rest);
};
const { runCase } = await import(pathToFileURL(path.join(harness, 'run.mjs')).href);

const session = (command, expected, extra = {}) =>
  runCase({ hook, command, expected, claudeTimeoutMs: 90000, codexTimeoutMs: 90000, geminiTimeoutMs: 90000, ...extra });

async function api(route) {
  const res = await fetch(`${url}${route}`, { headers: { authorization: `Bearer ${approverToken}` } });
  if (!res.ok) throw new Error(`GET ${route}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** What a person on call types: `airlock approvals approve <id> --reason …`, with an approver token. */
async function approve(id, reason) {
  const childEnv = { ...process.env, AIRLOCK_URL: url, AIRLOCK_TOKEN: approverToken };
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(repo, 'bin/airlock.js'), 'approvals', 'approve', id, '--reason', reason, '--json'], { env: childEnv });
  return JSON.parse(stdout);
}

const requestIdIn = (text) => /Approval request ([0-9a-f-]{36})/.exec(String(text ?? ''))?.[1];
const secs = (ms) => (typeof ms === 'number' ? `${(ms / 1000).toFixed(1)}s` : '?');
const short = (s, n = 110) => {
  const t = String(s ?? '').replace(/\s+/g, ' ');
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};
let passed = 0;
let failed = 0;
function step(n, ok, what, details) {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${n}. ${what}`);
  for (const line of details) console.log(`         ${line}`);
}
const cliLine = (r) =>
  `${agent} ${r.claudeVersion ?? r.codexVersion ?? r.geminiVersion ?? ''}: observed ${r.observed} (${r.status}), hook said ${r.hookDecision}, blocked by ${r.blockedBy ?? '-'}, hook ${secs(r.hookMs)}, session ${secs(r.wallMs)}`;
const problemsOf = (r) => [...(r.problems ?? []), ...(r.notes ?? [])].map((p) => `harness: ${p}`);

console.log(`approval loop inside ${agent} through the gateway at ${url} (agent token: ${hookAgent})`);

// 1. blocked, with a request id
pinned = path.join(work, `pinned-${agent}`);
const projectDir = path.join(pinned, 'project');
const r1 = await session(FIRST, 'blocked');
const id = requestIdIn(r1.hookReason ?? r1.toolResult ?? r1.toolOutput);
let request = id ? await api(`/v1/approvals/${id}`) : undefined;
step(1, r1.status === 'PASS' && r1.observed === 'blocked' && !!id && request?.state === 'pending' && request?.change?.payload?.command === FIRST && request?.change?.target?.cwd === projectDir,
  `\`${FIRST}\` is blocked, and the agent is told the approval request id`, [
    cliLine(r1),
    `agent was told: ${short(r1.hookReason)}`,
    `gateway: request ${id ?? '(none)'} ${request?.state ?? ''}, needs ${request?.required?.count ?? '?'} approver(s), cwd ${request?.change?.target?.cwd ?? '?'}`,
    ...problemsOf(r1),
  ]);

// 2. a person approves it from a terminal
let approved;
let approveError;
if (id) {
  try {
    approved = await approve(id.slice(0, 8), 'e2e: web is drained, the delete is planned');
  } catch (error) {
    approveError = error;
  }
}
step(2, approved?.state === 'approved', `\`airlock approvals approve ${id?.slice(0, 8) ?? '?'} --reason …\` (approver e2e-approver)`, [
  approved ? `gateway: request ${approved.id} ${approved.state}, approvals ${approved.approvals.map((a) => `${a.by} (${a.reason})`).join(', ')}, grant ${JSON.stringify(approved.grant)}` : `failed: ${approveError?.stderr ?? approveError?.message ?? 'no request id'}`,
]);

// 3. the identical command, second session in the same project dir, runs
const r2 = await session(FIRST, 'run');
request = id ? await api(`/v1/approvals/${id}`) : undefined;
step(3, r2.status === 'PASS' && r2.observed === 'run' && r2.hookStdin?.cwd === projectDir && request?.state === 'consumed',
  `the identical command in a second ${agent} session (same project dir) runs`, [
    cliLine(r2),
    `hook stdin cwd ${r2.hookStdin?.cwd ?? '?'}; gateway: request ${id ?? '?'} now ${request?.state ?? '?'}, grant ${JSON.stringify(request?.grant)}`,
    ...problemsOf(r2),
  ]);

// 4. and only once
const r3 = await session(FIRST, 'blocked');
const id3 = requestIdIn(r3.hookReason ?? r3.toolResult ?? r3.toolOutput);
step(4, r3.status === 'PASS' && r3.observed === 'blocked' && !!id3 && id3 !== id, 'a third identical session is blocked again (the approval was for one run)', [
  cliLine(r3),
  `new request ${id3 ?? '(none)'}${id3 === id ? ' — the SAME request' : ''}`,
  ...problemsOf(r3),
]);

// 5. waiting mode: approve while the hook waits
pinned = null;
const started = Date.now();
let seenAt;
let approvedAt;
let waitedRequest;
let watchError;
let stop = false;
const watcher = (async () => {
  while (!stop && Date.now() - started < 60000) {
    const { approvals } = await api('/v1/approvals?state=pending');
    const found = approvals.find((a) => a.change?.payload?.command === WAITED);
    if (found) {
      seenAt = Date.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 3000)); // a person reads it first
      waitedRequest = await approve(found.id, 'e2e: approved while the agent waits');
      approvedAt = Date.now() - started;
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
})().catch((error) => {
  watchError = error;
});
const r5 = await session(WAITED, 'run', { hook: hookWait, hookTimeout: 60 });
stop = true;
await watcher;
const after = waitedRequest ? await api(`/v1/approvals/${waitedRequest.id}`) : undefined;
step(5, r5.status === 'PASS' && r5.observed === 'run' && after?.state === 'consumed',
  `waiting mode: \`${WAITED}\` (hook --deadline-ms 45000, hook timeout 60 s) is approved while the hook waits and runs`, [
    cliLine(r5),
    `request ${waitedRequest?.id ?? '(never seen)'} appeared at ${secs(seenAt)}, approved at ${secs(approvedAt)}, session ended at ${secs(r5.wallMs)}; now ${after?.state ?? '?'}`,
    ...(watchError ? [`approver failed: ${watchError.stderr ?? watchError.message}`] : []),
    ...problemsOf(r5),
  ]);

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
