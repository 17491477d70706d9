import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, sandbox } from '../support/run-airlock.js';

const box = sandbox();
let server: ChildProcess;
let url = '';
let adminToken = '';
let serverOutput = '';

beforeAll(async () => {
  server = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
    cwd: box.cwd,
    env: { PATH: process.env['PATH'], HOME: box.cwd, AIRLOCK_HOME: box.home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    server.stdout!.on('data', (chunk: Buffer) => {
      serverOutput += chunk.toString();
      const match = /export AIRLOCK_URL=(\S+) AIRLOCK_TOKEN=(\S+)/.exec(serverOutput);
      if (match) {
        url = match[1]!;
        adminToken = match[2]!;
        resolve();
      }
    });
    server.once('exit', (code) => reject(new Error(`airlock serve exited ${code}: ${serverOutput}`)));
  });
}, 60_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
});

describe('airlock serve, token, approvals, freeze from the command line', () => {
  it('the first start prints a dashboard link that signs the admin in, and the dashboard answers there', async () => {
    expect(serverOutput).toMatch(/dashboard\s+http:\/\/127\.0\.0\.1:\d+\/#token=alk_/);
    const page = await fetch(`${url}/`);
    expect(page.status).toBeLessThan(500);
    expect(((await (await fetch(`${url}/v1/health`)).json()) as { ok: boolean }).ok).toBe(true);
  });

  it('an on-call engineer reviews and approves from a terminal; the agent’s retry then runs', async () => {
    const approver = await box.run(['token', 'create', '--role', 'approver', '--name', 'oncall']);
    expect(approver.code).toBe(0);
    const approverToken = approver.stdout.trim();
    expect(approverToken).toMatch(/^alk_/);
    const agent = await box.run(['token', 'create', '--role', 'agent', '--name', 'ci-bot', '--json']);
    const agentToken = (JSON.parse(agent.stdout) as { token: string }).token;

    const submit = () =>
      fetch(`${url}/v1/changes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${agentToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ change: { kind: 'shell', payload: { command: 'kubectl delete deployment web -n shop' }, target: { environment: 'prod' } }, wait: 0 }),
      }).then((r) => r.json() as Promise<{ decision: string; requestId: string }>);
    const first = await submit();
    expect(first.decision).toBe('deny');

    const env = { AIRLOCK_URL: url, AIRLOCK_TOKEN: approverToken };
    const list = await box.run(['approvals', 'list'], { env });
    expect(list.stdout).toContain(first.requestId);
    expect(list.stdout).toContain('ci-bot@prod');
    const listed = JSON.parse((await box.run(['approvals', 'list', '--json'], { env })).stdout) as { id: string }[];
    expect(listed.map((r) => r.id)).toContain(first.requestId);

    const show = await box.run(['approvals', 'show', first.requestId.slice(0, 8)], { env });
    expect(show.stdout).toMatch(/DELETE\s+deletes deployment/);
    expect(show.stdout).toContain('Why it needs approval');

    const noReason = await box.run(['approvals', 'approve', first.requestId], { env });
    expect(noReason.code).toBe(1);
    const asAgent = await box.run(['approvals', 'approve', first.requestId, '--reason', 'me'], { env: { ...env, AIRLOCK_TOKEN: agentToken } });
    expect(asAgent.code).toBe(1);
    expect(asAgent.stderr).toMatch(/role agent cannot do this/);

    const approved = await box.run(['approvals', 'approve', first.requestId, '--reason', 'web-v2 serves now', '--json'], { env });
    expect(approved.code).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({ state: 'approved', approvals: [{ by: 'oncall', reason: 'web-v2 serves now' }] });
    expect((await submit()).decision).toBe('allow');

    const rejectLate = await box.run(['approvals', 'reject', first.requestId, '--reason', 'no'], { env });
    expect(rejectLate.code).toBe(1);
    expect(rejectLate.stderr).toMatch(/already consumed/);
  });

  it('freeze and unfreeze need an admin token and act at once', async () => {
    const env = { AIRLOCK_URL: url, AIRLOCK_TOKEN: adminToken };
    const frozen = await box.run(['freeze', '--agent', 'ci-bot', '--reason', 'runaway loop', '--json'], { env });
    expect(frozen.code).toBe(0);
    expect(JSON.parse(frozen.stdout)).toMatchObject({ agent: 'ci-bot', environment: null, reason: 'runaway loop', by: 'admin' });
    const unfrozen = await box.run(['unfreeze', '--agent', 'ci-bot'], { env });
    expect(unfrozen.stdout).toContain('lifted 1 freeze');
    expect((await box.run(['unfreeze'], { env })).code).toBe(1);
    const noUrl = await box.run(['freeze', '--reason', 'x'], { env: { AIRLOCK_TOKEN: adminToken } });
    expect(noUrl.code).toBe(1);
    expect(noUrl.stderr).toMatch(/AIRLOCK_URL is not set/);
  });

  it('token list never shows secrets; revoked tokens stop working', async () => {
    const made = (await box.run(['token', 'create', '--role', 'approver', '--name', 'temp'])).stdout.trim();
    const list = await box.run(['token', 'list', '--json']);
    expect(list.stdout).not.toContain(made.split('_')[2]);
    expect((await box.run(['token', 'revoke', '--name', 'temp'])).code).toBe(0);
    const refused = await box.run(['approvals', 'list'], { env: { AIRLOCK_URL: url, AIRLOCK_TOKEN: made } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not valid/);
  });
});
