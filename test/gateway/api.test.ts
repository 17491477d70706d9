import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellChange, startTestGateway, type TestGateway } from '../support/gateway.js';

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  await t?.close();
});

const approvedCount = async () => (await t.api(t.tokens.admin, 'GET', '/v1/approvals?state=approved')).body.approvals.length;

describe('authentication and roles', () => {
  it('every /v1 route but health needs a valid token', async () => {
    expect((await t.api(undefined, 'GET', '/v1/health')).body).toMatchObject({ ok: true, policyVersion: expect.any(String) });
    for (const [method, path] of [
      ['GET', '/v1/approvals'],
      ['POST', '/v1/changes'],
      ['GET', '/v1/audit'],
      ['GET', '/v1/events'],
      ['POST', '/v1/freezes'],
    ] as const) {
      const missing = await t.api(undefined, method, path);
      expect(missing.status, `${method} ${path}`).toBe(401);
      expect(missing.body.error).toMatchObject({ code: 'unauthorized', hint: expect.stringContaining('airlock token create') });
    }
    const forged = `alk_${'0'.repeat(16)}_${'A'.repeat(43)}`;
    expect((await t.api(forged, 'GET', '/v1/approvals')).status).toBe(401);
    // The right id with the wrong secret.
    const realId = t.tokens.alice.split('_')[1];
    expect((await t.api(`alk_${realId}_${'B'.repeat(43)}`, 'GET', '/v1/approvals')).status).toBe(401);
  });

  it('whoami reports the token’s identity; roles gate what each token can do', async () => {
    expect((await t.api(t.tokens.dana, 'GET', '/v1/whoami')).body).toEqual({ name: 'dana', role: 'approver', approverRoles: ['dba'], actsFor: null });
    expect((await t.api(t.tokens.agent, 'GET', '/v1/audit')).status).toBe(403);
    expect((await t.api(t.tokens.alice, 'POST', '/v1/changes', shellChange('ls'))).status).toBe(403);
    expect((await t.api(t.tokens.alice, 'POST', '/v1/freezes', { reason: 'x' })).status).toBe(403);
    expect((await t.api(t.tokens.alice, 'POST', '/v1/tokens', { name: 'eve', role: 'admin' })).status).toBe(403);
  });

  it('an agent is who its token says, whatever the body claims, and cannot pick its autonomy', async () => {
    const claimed = await t.api(t.tokens.agent, 'POST', '/v1/changes', { change: { kind: 'shell', agent: 'trusted-bot', payload: { command: 'ls' } } });
    expect(claimed.body.check.change.agent).toBe('deploy-bot');
    const autonomy = await t.api(t.tokens.agent, 'POST', '/v1/changes', { change: { kind: 'shell', autonomy: 'autonomous', payload: { command: 'ls' } } });
    expect(autonomy.status).toBe(403);
  });

  it('admins create tokens through the API; the secret is shown once and stored hashed', async () => {
    const created = await t.api(t.tokens.admin, 'POST', '/v1/tokens', { name: 'erin', role: 'approver', approverRoles: ['sre'] });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^alk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect((await t.api(created.body.token, 'GET', '/v1/whoami')).body.name).toBe('erin');
    const stored = await t.gateway.store.listTokens();
    const secret = created.body.token.split('_').slice(2).join('_');
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect((await t.api(t.tokens.admin, 'POST', '/v1/tokens', { name: 'bad name!', role: 'agent' })).status).toBe(400);
  });
});

describe('errors are JSON with a stable code, and bad bodies approve nothing', () => {
  it('malformed, wrong-shaped and oversized bodies are 4xx', async () => {
    const pending = await t.api(t.tokens.agent, 'POST', '/v1/changes', shellChange('kubectl delete deployment web -n shop'));
    const id = pending.body.requestId;
    const before = await approvedCount();

    const garbage = await t.api(t.tokens.alice, 'POST', `/v1/approvals/${id}/approve`, undefined, '{"reason": "ok"');
    expect(garbage.status).toBe(400);
    expect(garbage.body.error).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('not valid JSON') });

    const wrongType = await t.api(t.tokens.alice, 'POST', `/v1/approvals/${id}/approve`, { reason: 42 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.message).toMatch(/^reason:/);

    const array = await t.api(t.tokens.alice, 'POST', `/v1/approvals/${id}/approve`, ['ok']);
    expect(array.status).toBe(400);

    const huge = await t.api(t.tokens.alice, 'POST', `/v1/approvals/${id}/approve`, { reason: 'x'.repeat(100_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('input_too_large');

    const bigChange = await t.api(t.tokens.agent, 'POST', '/v1/changes', shellChange('echo ' + 'y'.repeat(33 * 1024 * 1024)));
    expect(bigChange.status).toBe(413);

    expect(await approvedCount()).toBe(before);
    expect((await t.api(t.tokens.alice, 'GET', `/v1/approvals/${id}`)).body.state).toBe('pending');
  });

  it('an invalid change is a 400 and is on the record as a deny', async () => {
    const bad = await t.api(t.tokens.agent, 'POST', '/v1/changes', { change: { kind: 'nuclear', payload: {} } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_input');
    const errors = await t.api(t.tokens.admin, 'GET', '/v1/audit?type=error&limit=5');
    expect(errors.body.records[0]).toMatchObject({ type: 'error', decision: 'deny', agent: 'deploy-bot' });
  });

  it('unknown routes and requests are 404 JSON', async () => {
    expect((await t.api(t.tokens.alice, 'GET', '/v1/nothing')).body.error.code).toBe('not_found');
    expect((await t.api(t.tokens.alice, 'GET', '/v1/approvals/no-such-id')).status).toBe(404);
    expect((await t.api(t.tokens.alice, 'POST', '/v1/approvals/no-such-id/approve', { reason: 'x' })).status).toBe(404);
  });
});

describe('kill switch', () => {
  it('a freeze denies every non-read change of the affected agents at once, with the reason; reads still run', async () => {
    const other = await t.gateway.createToken({ name: 'other-agent', role: 'agent' });
    const frozen = await t.api(t.tokens.admin, 'POST', '/v1/freezes', { agent: 'deploy-bot', reason: 'incident 4711: agent misbehaving' });
    expect(frozen.status).toBe(201);

    const write = await t.api(t.tokens.agent, 'POST', '/v1/changes', shellChange('touch /srv/app/x', 'staging'));
    expect(write.body.decision).toBe('deny');
    expect(write.body.reason).toContain('incident 4711');
    expect(write.body.check.decision).toMatchObject({ enforced: 'deny', freeze: { reason: 'incident 4711: agent misbehaving', by: 'root' } });
    // No approval request is opened for a frozen change.
    expect(write.body.requestId).toBeUndefined();

    expect((await t.api(t.tokens.agent, 'POST', '/v1/changes', shellChange('ls -la', 'prod'))).body.decision).toBe('allow');
    expect((await t.api(other, 'POST', '/v1/changes', shellChange('touch /srv/app/x', 'staging'))).body.decision).toBe('allow');

    // An approval granted before the freeze does not get through it either.
    await t.api(t.tokens.admin, 'POST', '/v1/freezes/lift', { agent: 'deploy-bot' });
    const request = await t.api(t.tokens.agent, 'POST', '/v1/changes', shellChange('kubectl delete deployment frozen -n shop'));
    await t.api(t.tokens.alice, 'POST', `/v1/approvals/${request.body.requestId}/approve`, { reason: 'ok' });
    await t.api(t.tokens.admin, 'POST', '/v1/freezes', { environment: 'prod', reason: 'change freeze for the sale' });
    const blocked = await t.api(t.tokens.agent, 'POST', '/v1/changes', shellChange('kubectl delete deployment frozen -n shop'));
    expect(blocked.body.decision).toBe('deny');
    expect((await t.api(other, 'POST', '/v1/changes', shellChange('touch /srv/app/x', 'staging'))).body.decision).toBe('allow');
    expect((await t.api(t.tokens.alice, 'GET', '/v1/freezes')).body.freezes).toHaveLength(1);

    const lifted = await t.api(t.tokens.admin, 'POST', '/v1/freezes/lift', { reason: 'sale over' });
    expect(lifted.body.lifted).toHaveLength(1);
    expect((await t.api(t.tokens.agent, 'POST', '/v1/changes', shellChange('kubectl delete deployment frozen -n shop'))).body.decision).toBe('allow');

    const records = (await t.api(t.tokens.admin, 'GET', '/v1/audit?type=freeze')).body.records;
    expect(records.map((r: any) => r.body.action)).toEqual(['unfreeze', 'freeze', 'unfreeze', 'freeze']);
  });

  it('a freeze overrides shadow mode and a decision policy would allow', async () => {
    const shadow = await startTestGateway('mode: shadow\nenvironments: { prod: { production: true } }\n');
    try {
      await shadow.api(shadow.tokens.admin, 'POST', '/v1/freezes', { reason: 'stop everything' });
      const answer = await shadow.api(shadow.tokens.agent, 'POST', '/v1/changes', shellChange('touch /tmp/x', 'dev'));
      expect(answer.body.decision).toBe('deny');
      expect(answer.body.check.decision.mode).toBe('shadow');
    } finally {
      await shadow.close();
    }
  });
});

describe('audit and agents', () => {
  it('the audit API filters and verifies the chain; agents show their autonomy', async () => {
    const denies = await t.api(t.tokens.alice, 'GET', '/v1/audit?decision=deny&agent=deploy-bot&limit=3');
    expect(denies.body.records.length).toBeGreaterThan(0);
    expect(denies.body.records.every((r: any) => r.decision === 'deny' && r.agent === 'deploy-bot')).toBe(true);
    expect((await t.api(t.tokens.alice, 'GET', '/v1/audit/verify')).body).toMatchObject({ ok: true });
    expect((await t.api(t.tokens.alice, 'GET', '/v1/audit?decision=maybe')).status).toBe(400);
    const agents = await t.api(t.tokens.alice, 'GET', '/v1/agents');
    expect(agents.body.agents.find((a: any) => a.name === 'deploy-bot')).toMatchObject({ autonomy: { default: 'guarded', prod: 'guarded' }, lastSeen: expect.any(String) });
  });

  it('the live feed streams approval events as they happen', async () => {
    const controller = new AbortController();
    const response = await fetch(`${t.gateway.url}/v1/events`, { headers: { authorization: `Bearer ${t.tokens.alice}` }, signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const read = (async () => {
      while (!text.includes('event: approval')) {
        const chunk = await reader.read();
        if (chunk.done) break;
        text += decoder.decode(chunk.value);
      }
    })();
    await t.api(t.tokens.agent, 'POST', '/v1/changes', shellChange('kubectl delete deployment live -n shop'));
    await read;
    controller.abort();
    const data = text.split('event: approval\n')[1]!.split('\n')[0]!.replace(/^data: /, '');
    expect(JSON.parse(data)).toMatchObject({ state: 'pending', agent: 'deploy-bot' });
  });
});

describe('OpenAPI document', () => {
  it('is served without a token and lists every route the server has, with its request schema', async () => {
    const doc = (await t.api(undefined, 'GET', '/v1/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    const { createGatewayApp } = await import('../../src/gateway/gateway-app.js');
    const app = createGatewayApp({ runtime: t.gateway.runtime, config: t.gateway.runtime.config, store: t.gateway.store, approvals: t.gateway.approvals } as never);
    const served = new Set(
      app.routes
        .filter((r) => r.path.startsWith('/v1/') && r.path !== '/v1/*' && !r.path.endsWith('/*') && r.method !== 'ALL')
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}').replace(/\/$/, '')}`),
    );
    const documented = new Set(Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)));
    expect([...served].sort()).toEqual([...documented].sort());
    expect(doc.paths['/v1/approvals/{id}/approve'].post.requestBody.content['application/json'].schema.required).toEqual(['reason']);
  });
});
