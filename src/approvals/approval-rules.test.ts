import { describe, expect, it } from 'vitest';
import type { ApprovalRequest } from './approval-request.js';
import { ApprovalRefused, checkVote, grantOf, grantUsable, quorumReached, requirementOf, votesSatisfy } from './approval-rules.js';

const now = new Date('2026-11-24T12:00:00Z');
const request = (overrides: Partial<ApprovalRequest> = {}): ApprovalRequest =>
  ({
    id: 'r1',
    state: 'pending',
    createdAt: '2026-11-24T11:50:00Z',
    expiresAt: '2026-11-24T12:20:00Z',
    updatedAt: '2026-11-24T11:50:00Z',
    agent: 'ci-bot',
    actsFor: 'bob',
    required: { count: 2, roles: [], separateDuties: true },
    approvals: [],
    grant: null,
    ending: null,
    ...overrides,
  }) as ApprovalRequest;
const refusal = (fn: () => void) => {
  try {
    fn();
  } catch (error) {
    return error instanceof ApprovalRefused ? error.code : 'other';
  }
  return 'none';
};

describe('checkVote', () => {
  it('refuses the agent, the human it acts for, a second vote, a missing role, an ended or expired request', () => {
    const alice = { name: 'alice', approverRoles: [] };
    expect(refusal(() => checkVote(request(), alice, now))).toBe('none');
    expect(refusal(() => checkVote(request(), { name: 'ci-bot', approverRoles: [] }, now))).toBe('self_approval');
    expect(refusal(() => checkVote(request(), { name: 'bob', approverRoles: [] }, now))).toBe('self_approval');
    expect(refusal(() => checkVote(request({ approvals: [{ by: 'alice', roles: [], at: '', reason: 'x' }] }), alice, now))).toBe('already_approved');
    expect(refusal(() => checkVote(request({ required: { count: 1, roles: ['dba'], separateDuties: true } }), alice, now))).toBe('missing_role');
    expect(refusal(() => checkVote(request({ required: { count: 1, roles: ['dba'], separateDuties: true } }), { name: 'dana', approverRoles: ['dba'] }, now))).toBe('none');
    expect(refusal(() => checkVote(request({ state: 'rejected' }), alice, now))).toBe('not_pending');
    expect(refusal(() => checkVote(request({ expiresAt: '2026-11-24T12:00:00Z' }), alice, now))).toBe('expired');
  });

  it('lets the human the agent acts for approve when duties are not separated', () => {
    expect(refusal(() => checkVote(request({ required: { count: 1, roles: [], separateDuties: false } }), { name: 'bob', approverRoles: [] }, now))).toBe('none');
  });
});

describe('quorum and grants', () => {
  it('counts distinct approvers', () => {
    const required = { count: 2, roles: [], separateDuties: true };
    expect(quorumReached(required, [{ by: 'a' }])).toBe(false);
    expect(quorumReached(required, [{ by: 'a' }, { by: 'a' }])).toBe(false);
    expect(quorumReached(required, [{ by: 'a' }, { by: 'b' }])).toBe(true);
  });

  it('a grant is single use by default, a count, or a window that runs out', () => {
    const once = grantOf({}, now);
    expect(once).toEqual({ uses: 1, used: 0, until: null });
    expect(grantUsable(once, now)).toBe(true);
    expect(grantUsable({ ...once, used: 1 }, now)).toBe(false);
    const window = grantOf({ windowSeconds: 600 }, now);
    expect(grantUsable({ ...window, used: 50 }, new Date(now.getTime() + 599_000))).toBe(true);
    expect(grantUsable(window, new Date(now.getTime() + 600_000))).toBe(false);
    expect(grantUsable(null, now)).toBe(false);
  });

  it('separation of duties comes from config or from any policy that asks for it', () => {
    expect(requirementOf({ count: 2, roles: ['dba'] }, false)).toEqual({ count: 2, roles: ['dba'], separateDuties: false });
    expect(requirementOf({ count: 1, roles: [], separateDuties: true }, false).separateDuties).toBe(true);
    expect(requirementOf(undefined, true)).toEqual({ count: 1, roles: [], separateDuties: true });
  });
});

describe('votesSatisfy', () => {
  const vote = (by: string, roles: string[] = []) => ({ by, roles });
  const caller = { agent: 'ci-bot', actsFor: 'carol' };
  it('holds only if the votes meet what the change needs now, for this caller', () => {
    const one = { count: 1, roles: [], separateDuties: true };
    expect(votesSatisfy([vote('alice')], one, caller)).toBe(true);
    expect(votesSatisfy([vote('alice')], { ...one, count: 2 }, caller)).toBe(false);
    expect(votesSatisfy([vote('alice')], { ...one, roles: ['dba'] }, caller)).toBe(false);
    expect(votesSatisfy([vote('alice', ['dba'])], { ...one, roles: ['dba'] }, caller)).toBe(true);
    expect(votesSatisfy([vote('Carol')], one, caller)).toBe(false);
    expect(votesSatisfy([vote('carol')], { ...one, separateDuties: false }, caller)).toBe(true);
  });
});
