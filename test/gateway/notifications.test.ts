import { afterAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../src/notify/index.js';
import { startReceiver, type TestReceiver } from '../../src/notify/receiver-test-kit.js';
import { shellChange, startTestGateway, type TestGateway } from '../support/gateway.js';

const SECRET = 'test-secret-0123456789abcdef';
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of cleanup) await close();
});

async function gatewayWith(webhook: TestReceiver, slack: TestReceiver, dead: string): Promise<TestGateway> {
  const t = await startTestGateway(`
environments: { prod: { production: true } }
notifications:
  attempts: 3
  timeoutMs: 300
  slack: [{ url: "${slack.url}/services/T0/B0/XYZ" }]
  webhooks:
    - { url: "${webhook.url}/airlock", secretEnv: HOOK_SECRET }
    - { url: "${dead}", secret: "${SECRET}" }
`, { env: { HOOK_SECRET: SECRET } });
  cleanup.push(() => t.close());
  return t;
}

describe('the gateway announces approval requests', () => {
  it('signed webhook and Slack message on creation and on the end; a dead webhook blocks nothing and is on the record', async () => {
    const webhook = await startReceiver((_request, index) => (index === 0 ? { status: 503 } : { status: 204 }));
    const slack = await startReceiver();
    const dead = await startReceiver(() => 'hang');
    cleanup.push(() => webhook.close(), () => slack.close(), () => dead.close());
    const t = await gatewayWith(webhook, slack, dead.url);

    const submitted = await t.api(t.tokens.agent, 'POST', '/v1/changes', shellChange('kubectl delete deployment web -n shop'));
    expect(submitted.body.decision).toBe('deny');
    await t.api(t.tokens.alice, 'POST', `/v1/approvals/${submitted.body.requestId}/reject`, { reason: 'not during the sale' });
    await t.gateway.drainNotifications();

    // First attempt got a 503 and was retried with the same delivery id.
    const received = webhook.requests.filter((r) => r.path.endsWith('/airlock'));
    expect(received.length).toBe(3);
    expect(received[0]!.headers['airlock-delivery']).toBe(received[1]!.headers['airlock-delivery']);
    const events = received.slice(1).map((r) => {
      expect(
        verifyWebhookSignature({
          secret: SECRET,
          timestamp: String(r.headers['airlock-timestamp']),
          signature: String(r.headers['airlock-signature']),
          body: r.rawBody,
        }),
      ).toBe(true);
      return JSON.parse(r.rawBody.toString('utf8'));
    });
    expect(events.map((e) => e.type).sort()).toEqual(['approval.created', 'approval.ended']);
    const ended = events.find((e) => e.type === 'approval.ended');
    expect(ended.approval).toMatchObject({ id: submitted.body.requestId, state: 'rejected', ending: { by: 'alice', reason: 'not during the sale' } });
    expect(ended.approval.url).toContain(`#/approvals/${submitted.body.requestId}`);

    const slackMessages = slack.requests.map((r) => JSON.parse(r.rawBody.toString('utf8')));
    expect(slackMessages).toHaveLength(2);
    expect(JSON.stringify(slackMessages[0].blocks)).toContain('deploy-bot wants to make a change that deletes');
    expect(JSON.stringify(slackMessages[0].blocks)).toContain(t.gateway.dashboardUrl.replace(/\/$/, ''));

    const failures = (await t.api(t.tokens.admin, 'GET', '/v1/audit?type=notification')).body.records;
    expect(failures.length).toBe(2);
    expect(failures[0].body).toMatchObject({ ok: false, kind: 'webhook', attempts: 3 });
    expect((await t.api(t.tokens.admin, 'GET', '/v1/audit/verify')).body.ok).toBe(true);
  });
});

