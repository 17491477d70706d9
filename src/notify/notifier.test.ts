import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { NotificationsConfigSchema } from '../config/config-schema.js';
import { approvalFixture } from './approval-test-kit.js';
import type { DeliveryReport } from './delivery-report.js';
import { createNotifier, type Notifier, type NotifierOptions } from './notifier.js';
import { deadUrl, startReceiver, type ReceivedRequest, type ReceiverReply, type TestReceiver } from './receiver-test-kit.js';
import { verifyWebhookSignature } from './webhook-signature.js';

const secret = 'whsec_test_0123456789abcdef';
const dashboardUrl = 'http://airlock.test:4477/';
const created = { type: 'approval.created', approval: approvalFixture(), dashboardUrl } as const;

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function receiver(reply?: (request: ReceivedRequest, index: number) => ReceiverReply): Promise<TestReceiver> {
  const started = await startReceiver(reply);
  cleanup.push(() => started.close());
  return started;
}

/** A notifier with fast backoff that records its reports; closed after the test. */
function notifierFor(config: unknown, extra: Partial<NotifierOptions> = {}): { notifier: Notifier; reports: DeliveryReport[] } {
  const reports: DeliveryReport[] = [];
  const notifier = createNotifier({
    config: NotificationsConfigSchema.parse(config),
    env: {},
    baseDelayMs: 5,
    maxDelayMs: 20,
    onReport: (report) => reports.push(report),
    ...extra,
  });
  cleanup.push(() => notifier.close());
  return { notifier, reports };
}

/** Checks a request's signature twice: with Airlock's verifier, and with node:crypto alone as a receiver in any language would. */
function signatureValid(request: ReceivedRequest, key: string): boolean {
  const timestamp = request.header('airlock-timestamp') ?? '';
  const signature = request.header('airlock-signature') ?? '';
  const ours = verifyWebhookSignature({ secret: key, timestamp, signature, body: request.rawBody });
  const expected = createHmac('sha256', key).update(`${timestamp}.`).update(request.rawBody).digest();
  const given = Buffer.from(signature.replace(/^v1=/, ''), 'hex');
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) <= 300;
  const independent = fresh && given.length === expected.length && timingSafeEqual(given, expected);
  expect(ours).toBe(independent);
  return ours;
}

describe('generic webhook', () => {
  it('delivers a signed summary that the receiver verifies, without the change payload', async () => {
    const hook = await receiver();
    const { notifier, reports } = notifierFor({ webhooks: [{ url: hook.url, secret }] });

    notifier.notify(created);
    await notifier.drain();

    expect(hook.requests).toHaveLength(1);
    const request = hook.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.header('content-type')).toBe('application/json');
    expect(request.header('airlock-event')).toBe('approval.created');
    expect(signatureValid(request, secret)).toBe(true);
    expect(signatureValid(request, 'whsec_some-other-secret-value')).toBe(false);
    const tampered = { ...request, rawBody: Buffer.from(request.rawBody.toString().replace('"prod"', '"dev"')) };
    expect(signatureValid(tampered, secret)).toBe(false);
    const headers = { secret, timestamp: request.header('airlock-timestamp'), signature: request.header('airlock-signature'), body: request.rawBody };
    expect(verifyWebhookSignature({ ...headers, now: new Date(Date.now() + 600_000) })).toBe(false); // replayed ten minutes later

    const body = JSON.parse(request.rawBody.toString()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['approval', 'dashboardUrl', 'deliveryId', 'sentAt', 'type']);
    expect(body).toMatchObject({ type: 'approval.created', deliveryId: request.header('airlock-delivery'), dashboardUrl });
    expect(body.approval).toEqual({
      id: 'apr_01JD7Y8Q3N',
      state: 'pending',
      summary: created.approval.summary,
      agent: 'claude-code',
      actsFor: 'alice',
      environment: 'prod',
      kind: 'terraform',
      digest: created.approval.digest,
      severity: 'critical',
      blastRadius: 7,
      required: { count: 2, roles: ['dba', 'sre'], separateDuties: true },
      approvals: [],
      ending: null,
      createdAt: '2026-11-24T12:00:00.000Z',
      expiresAt: '2026-11-24T12:30:00.000Z',
      url: 'http://airlock.test:4477/#/approvals/apr_01JD7Y8Q3N',
    });
    expect(request.rawBody.toString()).not.toContain('SUPER-SECRET-PASSWORD');

    expect(reports).toEqual([{ target: hook.url, kind: 'webhook', event: 'approval.created', approvalId: 'apr_01JD7Y8Q3N', attempts: 1, ok: true, status: 200 }]);
  });

  it('takes the secret from secretEnv', async () => {
    const hook = await receiver();
    const { notifier, reports } = notifierFor({ webhooks: [{ url: hook.url, secretEnv: 'AIRLOCK_HOOK_SECRET' }] }, { env: { AIRLOCK_HOOK_SECRET: secret } });
    notifier.notify(created);
    await notifier.drain();
    expect(signatureValid(hook.requests[0]!, secret)).toBe(true);
    expect(reports[0]).toMatchObject({ ok: true });
  });

  it('retries 500s with backoff, then succeeds: one delivery id, every attempt signed', async () => {
    const hook = await receiver((_request, index) => (index < 2 ? { status: 500, body: 'database is down' } : { status: 204 }));
    const { notifier, reports } = notifierFor({ webhooks: [{ url: hook.url, secret }], attempts: 5 });

    notifier.notify(created);
    await notifier.drain();

    expect(hook.requests).toHaveLength(3);
    const ids = new Set(hook.requests.map((request) => request.header('airlock-delivery')));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(hook.requests.map((request) => request.rawBody.toString())).size).toBe(1);
    for (const request of hook.requests) expect(signatureValid(request, secret)).toBe(true);
    expect(reports).toEqual([{ target: hook.url, kind: 'webhook', event: 'approval.created', approvalId: 'apr_01JD7Y8Q3N', attempts: 3, ok: true, status: 204 }]);
  });

  it('honours Retry-After on 429, capped at maxDelayMs', async () => {
    const hook = await receiver((_request, index) => (index === 0 ? { status: 429, headers: { 'retry-after': '3600' } } : { status: 200 }));
    const { notifier, reports } = notifierFor({ webhooks: [{ url: hook.url, secret }] }, { maxDelayMs: 10 });
    notifier.notify(created);
    await notifier.drain();
    expect(hook.requests).toHaveLength(2);
    expect(reports[0]).toMatchObject({ ok: true, attempts: 2, status: 200 });
  });

  it('gives up after the configured attempts and says why', async () => {
    const hook = await receiver(() => ({ status: 503 }));
    const { notifier, reports } = notifierFor({ webhooks: [{ url: hook.url, secret }], attempts: 3 });
    notifier.notify(created);
    await notifier.drain();
    expect(hook.requests).toHaveLength(3);
    expect(reports).toEqual([
      { target: hook.url, kind: 'webhook', event: 'approval.created', approvalId: 'apr_01JD7Y8Q3N', attempts: 3, ok: false, status: 503, error: 'HTTP 503 (gave up after 3 attempts)' },
    ]);
  });

  it('does not retry a 400', async () => {
    const hook = await receiver(() => ({ status: 400, body: 'bad signature' }));
    const { notifier, reports } = notifierFor({ webhooks: [{ url: hook.url, secret }] });
    notifier.notify(created);
    await notifier.drain();
    expect(hook.requests).toHaveLength(1);
    expect(reports).toEqual([
      { target: hook.url, kind: 'webhook', event: 'approval.created', approvalId: 'apr_01JD7Y8Q3N', attempts: 1, ok: false, status: 400, error: 'HTTP 400: bad signature' },
    ]);
  });

  it('does not follow redirects with a signed message', async () => {
    const elsewhere = await receiver();
    const hook = await receiver(() => ({ status: 307, headers: { location: elsewhere.url } }));
    const { notifier, reports } = notifierFor({ webhooks: [{ url: hook.url, secret }] });
    notifier.notify(created);
    await notifier.drain();
    expect(elsewhere.requests).toHaveLength(0);
    expect(reports[0]).toMatchObject({ ok: false, attempts: 1, status: 307 });
    expect(reports[0]!.error).toMatch(/redirects are not followed/);
  });

  it('never sends unsigned when secretEnv is not set: reports which variable to set', async () => {
    const hook = await receiver();
    const chat = await receiver();
    const { notifier, reports } = notifierFor({ webhooks: [{ url: hook.url, secretEnv: 'AIRLOCK_HOOK_SECRET' }], slack: [{ url: chat.url }] });

    notifier.notify(created);
    await notifier.drain();

    expect(hook.requests).toHaveLength(0);
    const failure = reports.find((report) => report.kind === 'webhook');
    expect(failure).toMatchObject({ target: hook.url, ok: false, attempts: 0, approvalId: 'apr_01JD7Y8Q3N' });
    expect(failure!.error).toMatch(/set the environment variable AIRLOCK_HOOK_SECRET/);
    // The other target is not held up by the broken one.
    expect(chat.requests).toHaveLength(1);
    expect(reports.find((report) => report.kind === 'slack')).toMatchObject({ ok: true });
  });

  it('refuses a secret from the environment that is too short to be safe', async () => {
    const hook = await receiver();
    const { notifier, reports } = notifierFor({ webhooks: [{ url: hook.url, secretEnv: 'HOOK_SECRET' }] }, { env: { HOOK_SECRET: 'tiny-s3cr3t' } });
    notifier.notify(created);
    await notifier.drain();
    expect(hook.requests).toHaveLength(0);
    expect(reports[0]!.error).toMatch(/HOOK_SECRET is shorter than 16 characters/);
    expect(JSON.stringify(reports)).not.toContain('tiny-s3cr3t');
  });
});

describe('Slack webhook', () => {
  it('posts blocks with the summary and the dashboard link, and reports the host only', async () => {
    const chat = await receiver(() => ({ status: 200, body: 'ok' }));
    const { notifier, reports } = notifierFor({ slack: [{ url: chat.url }] });

    notifier.notify(created);
    await notifier.drain();

    expect(chat.requests).toHaveLength(1);
    const request = chat.requests[0]!;
    expect(request.header('content-type')).toBe('application/json');
    expect(request.header('airlock-signature')).toBeUndefined();
    const message = JSON.parse(request.rawBody.toString()) as { text: string; blocks: Array<{ type: string; text?: { text: string }; elements?: Array<{ url?: string }> }> };
    expect(message.blocks[0]!.type).toBe('header');
    expect(message.blocks.some((block) => block.text?.text === created.approval.summary)).toBe(true);
    const button = message.blocks.find((block) => block.type === 'actions')?.elements?.[0];
    expect(button?.url).toBe('http://airlock.test:4477/#/approvals/apr_01JD7Y8Q3N');

    const host = new URL(chat.url).host;
    expect(reports).toEqual([{ target: `http://${host}/…`, kind: 'slack', event: 'approval.created', approvalId: 'apr_01JD7Y8Q3N', attempts: 1, ok: true, status: 200 }]);
  });

  it('keeps the secret path out of error reports', async () => {
    const chat = await receiver(() => ({ status: 404, body: 'no_service' }));
    const url = chat.url.replace('/hook', '/services/T000/B000/XXXXSECRETXXXX');
    const { notifier, reports } = notifierFor({ slack: [{ url }] });
    notifier.notify(created);
    await notifier.drain();
    expect(chat.requests[0]!.path).toBe('/services/T000/B000/XXXXSECRETXXXX');
    expect(reports[0]).toMatchObject({ ok: false, attempts: 1, status: 404, error: 'HTTP 404: no_service' });
    expect(JSON.stringify(reports)).not.toContain('XXXXSECRETXXXX');
  });
});

describe('a slow or dead target', () => {
  it('returns from notify() at once, and drain resolves after the failure report', async () => {
    const hanging = await receiver(() => 'hang');
    const { notifier, reports } = notifierFor({ webhooks: [{ url: hanging.url, secret }], attempts: 1, timeoutMs: 100 });

    const result = notifier.notify(created);
    expect(result).toBeUndefined();
    expect(reports).toEqual([]); // reports never arrive inside notify()

    await notifier.drain();
    expect(hanging.requests).toHaveLength(1);
    expect(reports).toEqual([
      {
        target: hanging.url,
        kind: 'webhook',
        event: 'approval.created',
        approvalId: 'apr_01JD7Y8Q3N',
        attempts: 1,
        ok: false,
        error: 'no response within 100 ms (gave up after 1 attempt)',
      },
    ]);
  });

  it('gives up on dead targets after N attempts while a healthy target gets its message first', async () => {
    const refused = await deadUrl();
    const hanging = await receiver(() => 'hang');
    const healthy = await receiver();
    const { notifier, reports } = notifierFor({
      webhooks: [
        { url: refused, secret },
        { url: hanging.url, secret },
        { url: healthy.url, secret },
      ],
      attempts: 3,
      timeoutMs: 200,
    });

    notifier.notify(created);
    await notifier.drain();

    expect(healthy.requests).toHaveLength(1);
    expect(hanging.requests).toHaveLength(3);
    const byTarget = new Map(reports.map((report) => [report.target, report]));
    expect(byTarget.get(healthy.url)).toMatchObject({ ok: true, attempts: 1 });
    expect(byTarget.get(refused)).toMatchObject({ ok: false, attempts: 3 });
    expect(byTarget.get(refused)!.error).toMatch(/^network error: .*ECONNREFUSED.*\(gave up after 3 attempts\)$/);
    expect(byTarget.get(hanging.url)).toMatchObject({ ok: false, attempts: 3, error: 'no response within 200 ms (gave up after 3 attempts)' });
    // The healthy target did not wait behind the hanging one (which needs three full timeouts).
    expect(reports.findIndex((report) => report.target === healthy.url)).toBeLessThan(reports.findIndex((report) => report.target === hanging.url));
  });

  it('close() gives up pending retries and reports them', async () => {
    const hook = await receiver(() => ({ status: 503, headers: { 'retry-after': '60' } }));
    const { notifier, reports } = notifierFor({ webhooks: [{ url: hook.url, secret }] }, { maxDelayMs: 60_000 });

    notifier.notify(created);
    await hook.waitFor(1);
    await notifier.close();

    expect(hook.requests).toHaveLength(1);
    expect(reports).toEqual([
      { target: hook.url, kind: 'webhook', event: 'approval.created', approvalId: 'apr_01JD7Y8Q3N', attempts: 1, ok: false, status: 503, error: 'HTTP 503; not retried: notifier closed' },
    ]);

    notifier.notify(created);
    await notifier.drain();
    expect(reports[1]).toMatchObject({ ok: false, attempts: 0, error: 'not sent: notifier closed' });
  });

  it('bounds each target: 4 in flight, 1000 waiting, the oldest dropped with a report', async () => {
    let started = 0;
    // A receiver that never answers, without sockets: 1005 real connections would test the OS, not the queue.
    const hangingFetch: typeof fetch = (_input, init) => {
      started += 1;
      return new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    };
    const { notifier, reports } = notifierFor({ slack: [{ url: 'https://hooks.slack.com/services/T0/B0/secret' }], attempts: 1, timeoutMs: 100 }, { fetch: hangingFetch });

    for (let i = 0; i < 1005; i += 1) notifier.notify({ ...created, approval: approvalFixture({ id: `apr_${i}` }) });
    expect(started).toBe(4);
    await notifier.close();

    expect(started).toBe(4);
    expect(reports).toHaveLength(1005);
    const dropped = reports.filter((report) => report.error?.startsWith('dropped'));
    expect(dropped).toEqual([
      {
        target: 'https://hooks.slack.com/…',
        kind: 'slack',
        event: 'approval.created',
        approvalId: 'apr_4',
        attempts: 0,
        ok: false,
        error: 'dropped: more than 1000 messages waiting for https://hooks.slack.com/…',
      },
    ]);
    expect(reports.filter((report) => report.error === 'not sent: notifier closed before delivery')).toHaveLength(1000);
    const timedOut = reports.filter((report) => report.attempts === 1);
    expect(timedOut.map((report) => report.approvalId).sort()).toEqual(['apr_0', 'apr_1', 'apr_2', 'apr_3']);
  });

  it('survives an onReport that throws', async () => {
    const hook = await receiver();
    const { notifier } = notifierFor({ webhooks: [{ url: hook.url, secret }] }, {
      onReport: () => {
        throw new Error('audit log is down');
      },
    });
    notifier.notify(created);
    notifier.notify({ ...created, type: 'approval.ended' });
    await notifier.drain();
    expect(hook.requests.map((request) => request.header('airlock-event'))).toEqual(expect.arrayContaining(['approval.created', 'approval.ended']));
  });

  it('does not throw from notify() on a malformed event', () => {
    const { notifier } = notifierFor({ webhooks: [{ url: 'http://127.0.0.1:9/hook', secret }] });
    expect(() => notifier.notify({ type: 'approval.created', dashboardUrl } as never)).not.toThrow();
  });
});
