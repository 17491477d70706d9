import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellChange, startTestGateway, type TestGateway } from '../support/gateway.js';

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  await t?.close();
});

/** Submits as the agent and returns the answer. */
async function submit(command: string, environment = 'prod', extra: Record<string, unknown> = {}) {
  const response = await t.api(t.tokens.agent, 'POST', '/v1/changes', shellChange(command, environment, extra));
  expect(response.status).toBe(200);
  return response.body;
}

async function auditOf(requestId: string) {
  const { body } = await t.api(t.tokens.admin, 'GET', '/v1/audit?type=approval&limit=1000');
  return (body.records as any[]).filter((r) => r.body.requestId === requestId).reverse();
}

describe('approval binding', () => {
  it('an ask opens a request bound to the digest; approved, the identical change runs once, then asks again', async () => {
    const first = await submit('kubectl delete deployment web -n shop');
    expect(first.decision).toBe('deny');
    expect(first.requestId).toEqual(expect.any(String));
    expect(first.reason).toContain('Wait, then retry exactly the same command');
    expect(first.approval).toMatchObject({ state: 'pending', agent: 'deploy-bot', actsFor: 'bob', environment: 'prod', required: { count: 1 } });
    expect(first.approval.digest).toBe(first.check.change.digest);

    // Submitting it again while pending joins the same request instead of opening a second one.
    const again = await submit('kubectl delete deployment web -n shop');
    expect(again.requestId).toBe(first.requestId);

    const approved = await t.api(t.tokens.alice, 'POST', `/v1/approvals/${first.requestId}/approve`, { reason: 'rollout replaced it' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'approved', approvals: [{ by: 'alice', reason: 'rollout replaced it' }], grant: { uses: 1, used: 0 } });

    // A different change (other deployment) is not covered by that approval.
    const other = await submit('kubectl delete deployment api -n shop');
    expect(other.decision).toBe('deny');
    expect(other.requestId).not.toBe(first.requestId);

    // The same command in another environment has another digest: not covered either.
    const elsewhere = await submit('kubectl delete deployment web -n shop', 'staging');
    expect(elsewhere.check.change.digest).not.toBe(first.check.change.digest);
    expect(elsewhere.decision === 'allow' ? elsewhere.check.decision.approval : undefined).toBeUndefined();

    const run = await submit('kubectl delete deployment web -n shop');
    expect(run.decision).toBe('allow');
    expect(run.check.decision.approval).toMatchObject({ requestId: first.requestId, approvedBy: ['alice'] });
    expect(run.reason).toContain('approved by alice');

    // Single use: the replay asks again, under a new request.
    const replay = await submit('kubectl delete deployment web -n shop');
    expect(replay.decision).toBe('deny');
    expect(replay.requestId).not.toBe(first.requestId);
    const used = await t.api(t.tokens.alice, 'GET', `/v1/approvals/${first.requestId}`);
    expect(used.body).toMatchObject({ state: 'consumed', grant: { uses: 1, used: 1 } });

    const actions = (await auditOf(first.requestId)).map((r) => r.body.action);
    expect(actions).toEqual(['created', 'approved', 'used']);
  });

  it('another agent submitting the same change does not get the first agent’s approval', async () => {
    const mine = await submit('kubectl delete deployment cart -n shop');
    await t.api(t.tokens.alice, 'POST', `/v1/approvals/${mine.requestId}/approve`, { reason: 'ok' });
    const otherAgent = await t.gateway.createToken({ name: 'other-bot', role: 'agent' });
    const theirs = await t.api(otherAgent, 'POST', '/v1/changes', shellChange('kubectl delete deployment cart -n shop'));
    expect(theirs.body.decision).toBe('deny');
    expect(theirs.body.requestId).not.toBe(mine.requestId);
    expect((await submit('kubectl delete deployment cart -n shop')).decision).toBe('allow');
  });

  it('an approver can grant several uses or a time window', async () => {
    const request = await submit('kubectl delete deployment batch -n shop');
    await t.api(t.tokens.alice, 'POST', `/v1/approvals/${request.requestId}/approve`, { reason: 'three reruns', uses: 3 });
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push((await submit('kubectl delete deployment batch -n shop')).decision);
    expect(answers).toEqual(['allow', 'allow', 'allow', 'deny']);

    const windowed = await submit('kubectl delete deployment cron -n shop');
    await t.api(t.tokens.alice, 'POST', `/v1/approvals/${windowed.requestId}/approve`, { reason: 'for the migration', windowMinutes: 10 });
    for (let i = 0; i < 3; i += 1) expect((await submit('kubectl delete deployment cron -n shop')).decision).toBe('allow');
  });
});

describe('quorum and separation of duties', () => {
  it('production data loss needs two distinct approvers, and neither the agent nor the human it acts for', async () => {
    const request = await submit('rm -rf /srv/app/data');
    expect(request.approval.required).toMatchObject({ count: 2, separateDuties: true });

    // bob is the human deploy-bot acts for: he cannot approve his own agent's request.
    const self = await t.api(t.tokens.bob, 'POST', `/v1/approvals/${request.requestId}/approve`, { reason: 'mine' });
    expect(self.status).toBe(409);
    expect(self.body.error.message).toContain('separation of duties');

    const one = await t.api(t.tokens.alice, 'POST', `/v1/approvals/${request.requestId}/approve`, { reason: 'looked at it' });
    expect(one.body).toMatchObject({ state: 'pending', approvals: [{ by: 'alice' }] });
    expect((await submit('rm -rf /srv/app/data')).decision).toBe('deny');

    // The same person twice is still one approver.
    const twice = await t.api(t.tokens.alice, 'POST', `/v1/approvals/${request.requestId}/approve`, { reason: 'again' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toContain('already approved');

    const two = await t.api(t.tokens.dana, 'POST', `/v1/approvals/${request.requestId}/approve`, { reason: 'backup verified' });
    expect(two.body).toMatchObject({ state: 'approved' });
    expect(two.body.approvals.map((v: { by: string }) => v.by)).toEqual(['alice', 'dana']);
    const run = await submit('rm -rf /srv/app/data');
    expect(run.decision).toBe('allow');
    expect(run.check.decision.approval.approvedBy).toEqual(['alice', 'dana']);
  });

  it('an agent token cannot approve, even its own request; the approver is who the token says', async () => {
    const request = await submit('kubectl delete deployment search -n shop');
    const byAgent = await t.api(t.tokens.agent, 'POST', `/v1/approvals/${request.requestId}/approve`, { reason: 'trust me' });
    expect(byAgent.status).toBe(403);
    expect(byAgent.body.error.code).toBe('forbidden');
    // Naming someone else in the body is refused, not believed.
    const spoof = await t.api(t.tokens.alice, 'POST', `/v1/approvals/${request.requestId}/approve`, { reason: 'ok', by: 'ceo' });
    expect(spoof.status).toBe(400);
    const ok = await t.api(t.tokens.alice, 'POST', `/v1/approvals/${request.requestId}/approve`, { reason: 'ok' });
    expect(ok.body.approvals[0].by).toBe('alice');
    const records = await auditOf(request.requestId);
    expect(records.find((r) => r.body.action === 'approved').body.by).toBe('alice');
  });

  it('a policy role requirement is checked against the token’s approver roles', async () => {
    const roles = await startTestGateway(
      'environments: { prod: { production: true } }\npolicies: { files: [roles.cedar] }\n',
      {},
      {
        'roles.cedar':
          '@id("dba-approves-deletes")\n@reason("deleting in production needs a DBA")\n@roles("dba")\n' +
          'permit (principal, action == Airlock::Action::"ask", resource) when { context.production && context.destructiveCount > 0 };\n',
      },
    );
    try {
      const request = await roles.api(roles.tokens.agent, 'POST', '/v1/changes', shellChange('kubectl delete deployment web -n shop'));
      expect(request.body.approval.required.roles).toEqual(['dba']);
      const alice = await roles.api(roles.tokens.alice, 'POST', `/v1/approvals/${request.body.requestId}/approve`, { reason: 'ok' });
      expect(alice.status).toBe(409);
      expect(alice.body.error.message).toContain('needs the role dba');
      const dana = await roles.api(roles.tokens.dana, 'POST', `/v1/approvals/${request.body.requestId}/approve`, { reason: 'ok' });
      expect(dana.body.state).toBe('approved');
    } finally {
      await roles.close();
    }
  });
});

describe('the end of a request', () => {
  it('rejection is final and recorded with who and why; the agent is told', async () => {
    const request = await submit('kubectl delete deployment legacy -n shop');
    const noReason = await t.api(t.tokens.alice, 'POST', `/v1/approvals/${request.requestId}/reject`, { reason: '  ' });
    expect(noReason.status).toBe(400);
    const rejected = await t.api(t.tokens.alice, 'POST', `/v1/approvals/${request.requestId}/reject`, { reason: 'still serving traffic' });
    expect(rejected.body).toMatchObject({ state: 'rejected', ending: { state: 'rejected', by: 'alice', reason: 'still serving traffic' } });
    const late = await t.api(t.tokens.bob, 'POST', `/v1/approvals/${request.requestId}/approve`, { reason: 'too late' });
    expect(late.status).toBe(409);
    const waited = await t.api(t.tokens.agent, 'GET', `/v1/approvals/${request.requestId}/wait?timeout=1`);
    expect(waited.body.state).toBe('rejected');
  });

  it('the agent can withdraw its own request; another agent cannot see it', async () => {
    const request = await submit('kubectl delete deployment tmp -n shop');
    const stranger = await t.gateway.createToken({ name: 'stranger-bot', role: 'agent' });
    expect((await t.api(stranger, 'GET', `/v1/approvals/${request.requestId}`)).status).toBe(404);
    expect((await t.api(stranger, 'POST', `/v1/approvals/${request.requestId}/withdraw`, { reason: 'mine now' })).status).toBe(404);
    const withdrawn = await t.api(t.tokens.agent, 'POST', `/v1/approvals/${request.requestId}/withdraw`, { reason: 'not needed' });
    expect(withdrawn.body).toMatchObject({ state: 'withdrawn', ending: { by: 'deploy-bot', reason: 'not needed' } });
    const mine = await t.api(t.tokens.agent, 'GET', '/v1/approvals');
    expect(mine.body.approvals.every((a: { agent: string }) => a.agent === 'deploy-bot')).toBe(true);
  });

  it('a request nobody answers expires, and then cannot be approved', async () => {
    const short = await startTestGateway(`
environments: { prod: { production: true } }
approvals: { expiry: 1s }
`, { sweepIntervalMs: 100 });
    try {
      const request = await short.api(short.tokens.agent, 'POST', '/v1/changes', shellChange('kubectl delete deployment web -n shop'));
      const id = request.body.requestId;
      const ended = await short.api(short.tokens.agent, 'GET', `/v1/approvals/${id}/wait?timeout=10`);
      expect(ended.body).toMatchObject({ state: 'expired', ending: { by: 'airlock' } });
      const late = await short.api(short.tokens.alice, 'POST', `/v1/approvals/${id}/approve`, { reason: 'sorry, was at lunch' });
      expect(late.status).toBe(409);
      expect((await short.api(short.tokens.agent, 'POST', '/v1/changes', shellChange('kubectl delete deployment web -n shop'))).body.decision).toBe('deny');
    } finally {
      await short.close();
    }
  });

  it('approve and reject racing: exactly one wins, the other gets 409, one ending is recorded', async () => {
    for (let round = 0; round < 5; round += 1) {
      const request = await submit(`kubectl delete deployment race-${round} -n shop`);
      const results = await Promise.all([
        t.api(t.tokens.alice, 'POST', `/v1/approvals/${request.requestId}/approve`, { reason: 'go' }),
        t.api(t.tokens.dana, 'POST', `/v1/approvals/${request.requestId}/reject`, { reason: 'stop' }),
        t.api(t.tokens.admin, 'POST', `/v1/approvals/${request.requestId}/reject`, { reason: 'stop too' }),
      ]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409, 409]);
      const final = (await t.api(t.tokens.admin, 'GET', `/v1/approvals/${request.requestId}`)).body;
      const winner = results.find((r) => r.status === 200)!.body;
      expect(final.state).toBe(winner.state);
      const endings = (await auditOf(request.requestId)).filter((r) => ['approved', 'rejected'].includes(r.body.action));
      expect(endings).toHaveLength(1);
    }
  });
});

describe('agents waiting', () => {
  it('a waiting call returns allow once a human approves while it waits', async () => {
    const pending = t.api(t.tokens.agent, 'POST', '/v1/changes', shellChange('kubectl delete deployment wait-me -n shop', 'prod', { wait: 15 }));
    let id: string | undefined;
    for (let i = 0; i < 100 && !id; i += 1) {
      const list = await t.api(t.tokens.alice, 'GET', '/v1/approvals?state=pending');
      id = list.body.approvals.find((a: any) => a.change.payload.command === 'kubectl delete deployment wait-me -n shop')?.id;
      if (!id) await new Promise((r) => setTimeout(r, 50));
    }
    expect(id).toBeDefined();
    await t.api(t.tokens.alice, 'POST', `/v1/approvals/${id}/approve`, { reason: 'fine' });
    const answer = (await pending).body;
    expect(answer.decision).toBe('allow');
    expect(answer.requestId).toBe(id);
    // The waiting call used the single-use grant.
    expect((await t.api(t.tokens.alice, 'GET', `/v1/approvals/${id}`)).body.state).toBe('consumed');
  });

  it('a waiting call that runs out of time is a deny naming the request', async () => {
    const answer = await submit('kubectl delete deployment slow -n shop', 'prod', { wait: 0.3 });
    expect(answer.decision).toBe('deny');
    expect(answer.approval.state).toBe('pending');
  });

  it('in deny mode the call is answered at once; the retry passes once approved', async () => {
    const denyMode = await startTestGateway(`
environments: { prod: { production: true } }
approvals: { agentWaits: deny }
`);
    try {
      const first = await denyMode.api(denyMode.tokens.agent, 'POST', '/v1/changes', shellChange('kubectl delete deployment web -n shop', 'prod', { wait: 30 }));
      expect(first.body).toMatchObject({ decision: 'deny', approval: { state: 'pending' } });
      await denyMode.api(denyMode.tokens.alice, 'POST', `/v1/approvals/${first.body.requestId}/approve`, { reason: 'ok' });
      const retry = await denyMode.api(denyMode.tokens.agent, 'POST', '/v1/changes', shellChange('kubectl delete deployment web -n shop'));
      expect(retry.body.decision).toBe('allow');
    } finally {
      await denyMode.close();
    }
  });
});
