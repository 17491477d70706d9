import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox } from '../support/run-airlock.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const claude = (command: string, permissionMode = 'default') =>
  JSON.stringify({
    session_id: 's1',
    transcript_path: '/tmp/t.jsonl',
    cwd: '/srv/app',
    permission_mode: permissionMode,
    hook_event_name: 'PreToolUse',
    tool_name: 'Bash',
    tool_input: { command },
    tool_use_id: 'toolu_1',
  });
const gemini = (command: string) =>
  JSON.stringify({ session_id: 's', transcript_path: '/t', cwd: '/srv/app', hook_event_name: 'BeforeTool', timestamp: '2026-11-24T10:00:00Z', tool_name: 'run_shell_command', tool_input: { command } });

type ClaudeAnswer = { hookSpecificOutput?: { permissionDecision: string; permissionDecisionReason: string } };

let t: TestGateway;
const box = sandbox();
let env: Record<string, string>;

beforeAll(async () => {
  t = await startTestGateway(`
environments:
  prod:
    production: true
    match: { kubeContexts: [prod-*] }
`);
  const kubeconfig = join(box.cwd, 'kubeconfig');
  writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\ncurrent-context: prod-eu-1\ncontexts:\n- name: prod-eu-1\n  context: { cluster: prod, user: sre }\n');
  env = { AIRLOCK_URL: t.gateway.url, AIRLOCK_TOKEN: t.tokens.agent, KUBECONFIG: kubeconfig };
});
afterAll(async () => {
  await t?.close();
});

describe('hooks with a gateway configured (AIRLOCK_URL)', () => {
  it('a read passes; the decision is in the gateway’s audit log under the token’s agent', async () => {
    const result = await box.run(['hook', 'claude-code'], { stdin: claude('ls -la'), env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    const records = (await t.api(t.tokens.admin, 'GET', '/v1/audit?type=decision&limit=1')).body.records;
    expect(records[0]).toMatchObject({ agent: 'deploy-bot', source: 'claude-code', decision: 'allow' });
  });

  it('ask becomes an approval request, not the agent’s prompt; the retry passes once a person approves', async () => {
    // The kube context comes from the agent's machine (KUBECONFIG), not the gateway's.
    const first = await box.run(['hook', 'claude-code', '--deadline-ms', '3000'], { stdin: claude('kubectl delete deployment web -n shop'), env });
    const answer = JSON.parse(first.stdout) as ClaudeAnswer;
    expect(answer.hookSpecificOutput?.permissionDecision).toBe('deny');
    expect(answer.hookSpecificOutput?.permissionDecisionReason).toMatch(/Approval request [0-9a-f-]{36} is waiting/);
    expect(answer.hookSpecificOutput?.permissionDecisionReason).toMatch(/high severity in prod;/);
    const id = /Approval request ([0-9a-f-]{36})/.exec(answer.hookSpecificOutput!.permissionDecisionReason)![1]!;

    await t.api(t.tokens.alice, 'POST', `/v1/approvals/${id}/approve`, { reason: 'web is replaced by web-v2' });
    const retry = await box.run(['hook', 'claude-code', '--deadline-ms', '3000'], { stdin: claude('kubectl delete deployment web -n shop'), env });
    expect(retry.code).toBe(0);
    expect(retry.stdout).toBe('');
    const again = await box.run(['hook', 'claude-code', '--deadline-ms', '3000'], { stdin: claude('kubectl delete deployment web -n shop'), env });
    expect((JSON.parse(again.stdout) as ClaudeAnswer).hookSpecificOutput?.permissionDecision).toBe('deny');
  });

  it('a hook with time to wait returns allow when a person approves while it waits (Gemini)', async () => {
    const running = box.run(['hook', 'gemini', '--deadline-ms', '30000'], { stdin: gemini('kubectl delete deployment api -n shop'), env });
    let id: string | undefined;
    for (let i = 0; i < 200 && !id; i += 1) {
      const list = await t.api(t.tokens.alice, 'GET', '/v1/approvals?state=pending');
      id = list.body.approvals.find((a: any) => a.change.payload.command === 'kubectl delete deployment api -n shop')?.id;
      if (!id) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(id).toBeDefined();
    await t.api(t.tokens.alice, 'POST', `/v1/approvals/${id}/approve`, { reason: 'ok' });
    const result = await running;
    expect(JSON.parse(result.stdout)).toEqual({ decision: 'allow' });
  });

  it('a configured gateway that cannot be reached fails closed, even for a read', async () => {
    const result = await box.run(['hook', 'claude-code'], { stdin: claude('ls'), env: { ...env, AIRLOCK_URL: 'http://127.0.0.1:9' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot reach the Airlock gateway/);
  });

  it('a gateway URL without a token, or with a revoked token, blocks', async () => {
    const noToken = await box.run(['hook', 'claude-code'], { stdin: claude('ls'), env: { ...env, AIRLOCK_TOKEN: '' } });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/AIRLOCK_TOKEN is not set/);
    const bad = await box.run(['hook', 'gemini'], { stdin: gemini('ls'), env: { ...env, AIRLOCK_TOKEN: `alk_${'1'.repeat(16)}_${'x'.repeat(43)}` } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/token is not valid/);
  });

  it('a frozen agent is denied at once with the freeze reason', async () => {
    await t.api(t.tokens.admin, 'POST', '/v1/freezes', { agent: 'deploy-bot', reason: 'incident 12: stop the bot' });
    try {
      const result = await box.run(['hook', 'claude-code'], { stdin: claude('touch /srv/app/notes.txt'), env });
      expect((JSON.parse(result.stdout) as ClaudeAnswer).hookSpecificOutput?.permissionDecisionReason).toMatch(/incident 12: stop the bot/);
    } finally {
      await t.api(t.tokens.admin, 'POST', '/v1/freezes/lift', {});
    }
  });
});
