import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from '../../src/gateway/start-gateway.js';
import { createGatewayClient } from '../../src/gateway-client/gateway-client.js';
import { shellChange, startTestGateway, type TestGateway } from '../support/gateway.js';

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  await t?.close();
});

const submitAs = (token: string, command: string, environment = 'prod') => t.api(token, 'POST', '/v1/changes', shellChange(command, environment)).then((r) => r.body);

describe('an approval is bound to the caller and the rules it was given under', () => {
  it('another token with the same agent name but acting for someone else gets no grant', async () => {
    const forCarol = await t.gateway.createToken({ name: 'claude-code', role: 'agent', actsFor: 'carol' });
    const forBob = await t.gateway.createToken({ name: 'claude-code', role: 'agent', actsFor: 'bob' });
    const carols = await submitAs(forCarol, 'kubectl delete deployment shared -n shop');
    // bob approves carol's agent's request: allowed (he is not who it acts for) …
    expect((await t.api(t.tokens.bob, 'POST', `/v1/approvals/${carols.requestId}/approve`, { reason: 'ok' })).body.state).toBe('approved');
    // … but bob's own agent cannot use that approval.
    const bobs = await submitAs(forBob, 'kubectl delete deployment shared -n shop');
    expect(bobs.decision).toBe('deny');
    expect(bobs.requestId).not.toBe(carols.requestId);
    expect((await submitAs(forCarol, 'kubectl delete deployment shared -n shop')).decision).toBe('allow');
  });

  it('an admin submitting under an agent’s name does not open a request that agent can use', async () => {
    const admin = await t.api(t.tokens.admin, 'POST', '/v1/changes', { change: { kind: 'shell', agent: 'deploy-bot', payload: { command: 'kubectl delete deployment adm -n shop' }, target: { environment: 'prod' } }, wait: 0 });
    await t.api(t.tokens.bob, 'POST', `/v1/approvals/${admin.body.requestId}/approve`, { reason: 'ok' });
    const agent = await submitAs(t.tokens.agent, 'kubectl delete deployment adm -n shop');
    expect(agent.decision).toBe('deny');
  });

  it('names are identities without case: Alice and alice are one approver, actsFor Bob is bob', async () => {
    const upper = await t.gateway.createToken({ name: 'Alice', role: 'approver' });
    expect((await t.api(upper, 'GET', '/v1/whoami')).body.name).toBe('alice');
    const request = await submitAs(t.tokens.agent, 'rm -rf /srv/app/uploads');
    expect(request.approval.required.count).toBe(2);
    await t.api(t.tokens.alice, 'POST', `/v1/approvals/${request.requestId}/approve`, { reason: 'one' });
    const twice = await t.api(upper, 'POST', `/v1/approvals/${request.requestId}/approve`, { reason: 'two?' });
    expect(twice.status).toBe(409);

    const shouting = await t.gateway.createToken({ name: 'helper-bot', role: 'agent', actsFor: ' Bob ' });
    const own = await submitAs(shouting, 'kubectl delete deployment mine -n shop');
    expect(own.approval.actsFor).toBe('bob');
    expect((await t.api(t.tokens.bob, 'POST', `/v1/approvals/${own.requestId}/approve`, { reason: 'mine' })).status).toBe(409);
    expect((await t.api(t.tokens.admin, 'POST', '/v1/tokens', { name: 'x-bot', role: 'agent', actsFor: 'bob; drop table' })).status).toBe(400);
  });

  it('an approval can be revoked before it is used up; a pending one is rejected instead', async () => {
    const request = await submitAs(t.tokens.agent, 'kubectl delete deployment revoke-me -n shop');
    expect((await t.api(t.tokens.dana, 'POST', `/v1/approvals/${request.requestId}/revoke`, { reason: 'x' })).status).toBe(409);
    await t.api(t.tokens.alice, 'POST', `/v1/approvals/${request.requestId}/approve`, { reason: 'ok', windowMinutes: 60 });
    expect((await t.api(t.tokens.agent, 'POST', `/v1/approvals/${request.requestId}/revoke`, { reason: 'x' })).status).toBe(403);
    const revoked = await t.api(t.tokens.dana, 'POST', `/v1/approvals/${request.requestId}/revoke`, { reason: 'changed my mind: the sale started' });
    expect(revoked.body).toMatchObject({ state: 'rejected', ending: { by: 'dana' } });
    expect((await submitAs(t.tokens.agent, 'kubectl delete deployment revoke-me -n shop')).decision).toBe('deny');
  });

  it('a grant does not survive a stricter airlock.yaml', async () => {
    const root = mkdtempSync(join(tmpdir(), 'airlock-strict-'));
    const env = { AIRLOCK_HOME: join(root, 'home'), HOME: root };
    const lax = join(root, 'lax.yaml');
    const strict = join(root, 'strict.yaml');
    writeFileSync(lax, 'environments: { prod: { production: true } }\n');
    writeFileSync(strict, 'environments: { prod: { production: true } }\nresources: [{ match: "**", dataBearing: true }]\n');
    try {
      const first = await startGateway({ env, cwd: root, configPath: lax, port: 0 });
      const agent = await first.createToken({ name: 'bot', role: 'agent' });
      const alice = await first.createToken({ name: 'alice', role: 'approver' });
      const client = (gateway: typeof first, token: string) => createGatewayClient({ url: gateway.url, token });
      const change = { kind: 'shell', payload: { command: 'kubectl delete deployment web -n shop' }, target: { environment: 'prod' } };
      const asked = await client(first, agent).submit({ change, wait: 0 });
      await client(first, alice).approve(asked.requestId!, { reason: 'ok', windowMinutes: 60 });
      expect((await client(first, agent).submit({ change, wait: 0 })).decision).toBe('allow');
      await first.close();

      const second = await startGateway({ env, cwd: root, configPath: strict, port: 0 });
      try {
        const after = await client(second, agent).submit({ change, wait: 0 });
        expect(after.decision).toBe('deny');
        expect(after.requestId).not.toBe(asked.requestId);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('no transition without its record', () => {
  it('an approval whose audit record cannot be written does not happen', async () => {
    const request = await submitAs(t.tokens.agent, 'kubectl delete deployment locked -n shop');
    const lock = new Database(join(t.home, 'audit.db'));
    lock.exec('BEGIN IMMEDIATE');
    try {
      const approve = await t.api(t.tokens.alice, 'POST', `/v1/approvals/${request.requestId}/approve`, { reason: 'ok' });
      expect(approve.status).toBe(503);
      expect(approve.body.error.code).toBe('store_unavailable');
    } finally {
      lock.exec('ROLLBACK');
      lock.close();
    }
    expect((await t.api(t.tokens.alice, 'GET', `/v1/approvals/${request.requestId}`)).body.state).toBe('pending');
    expect((await submitAs(t.tokens.agent, 'kubectl delete deployment locked -n shop')).decision).toBe('deny');
  }, 30_000);

  it('a change blocked because the gateway database is locked is on the audit record as a deny', async () => {
    const lock = new Database(join(t.home, 'gateway.db'));
    lock.exec('BEGIN IMMEDIATE');
    try {
      const answer = await t.api(t.tokens.agent, 'POST', '/v1/changes', shellChange('kubectl delete deployment gwlock -n shop'));
      expect(answer.status).toBe(503);
    } finally {
      lock.exec('ROLLBACK');
      lock.close();
    }
    const errors = (await t.api(t.tokens.admin, 'GET', '/v1/audit?type=error&limit=1')).body.records;
    expect(errors[0]).toMatchObject({ decision: 'deny', agent: 'deploy-bot', body: { error: { code: 'store_unavailable' } } });
  }, 30_000);
});

describe('input limits and freeze scopes', () => {
  it('a non-plan change over 1 MiB is refused before analysis, and nothing is opened', async () => {
    const before = (await t.api(t.tokens.admin, 'GET', '/v1/approvals?state=pending&limit=1000')).body.approvals.length;
    const big = await t.api(t.tokens.agent, 'POST', '/v1/changes', { change: { kind: 'shell', payload: { command: 'rm -rf /srv/x', padding: 'x'.repeat(2 * 1024 * 1024) }, target: { environment: 'prod' } }, wait: 0 });
    expect(big.status).toBe(413);
    const extra = await t.api(t.tokens.agent, 'POST', '/v1/changes', { change: { kind: 'shell', payload: { command: 'ls' }, smuggled: true } });
    expect(extra.status).toBe(400);
    expect((await t.api(t.tokens.admin, 'GET', '/v1/approvals?state=pending&limit=1000')).body.approvals.length).toBe(before);
  });

  it('freeze scopes match without case, and a scope nobody has is created with a warning', async () => {
    const typo = await t.api(t.tokens.admin, 'POST', '/v1/freezes', { environment: 'production-eu', reason: 'typo test' });
    expect(typo.status, JSON.stringify(typo.body)).toBe(201);
    expect(typo.body.warnings[0]).toMatch(/no environment named "production-eu"/);
    const cased = await t.api(t.tokens.admin, 'POST', '/v1/freezes', { agent: ' Deploy-Bot ', reason: 'case test' });
    expect(cased.body).toMatchObject({ agent: 'deploy-bot', warnings: [] });
    expect((await submitAs(t.tokens.agent, 'touch /srv/app/x', 'staging')).decision).toBe('deny');
    await t.api(t.tokens.admin, 'POST', '/v1/freezes/lift', {});
  });
});

describe('a hook believes only a recorded decision', () => {
  it('an answer that merely says allow, or a redirect, is refused by the client', async () => {
    const answers: Record<string, (res: import('node:http').ServerResponse) => void> = {
      '/bare/v1/changes': (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"decision":"allow","reason":""}'),
      '/redirect/v1/changes': (res) => res.writeHead(307, { location: '/bare/v1/changes' }).end(),
      '/mismatch/v1/changes': (res) =>
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ decision: 'allow', reason: '', check: { decision: { enforced: 'deny' }, record: { seq: 1, hash: 'a'.repeat(64) } } })),
    };
    const fake = createServer((req, res) => (answers[req.url ?? ''] ?? ((r) => r.writeHead(404).end()))(res));
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(fake.address() as { port: number }).port}`;
    try {
      for (const path of ['/bare', '/redirect', '/mismatch']) {
        const client = createGatewayClient({ url: `${base}${path}`, token: 't' });
        await expect(client.submit({ change: { kind: 'shell', payload: { command: 'ls' } } }), path).rejects.toMatchObject({ code: 'gateway_unreachable' });
      }
    } finally {
      fake.close();
    }
  });
});
