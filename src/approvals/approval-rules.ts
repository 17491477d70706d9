import { describeEnvironment, type Assessment, type Change } from '../model/index.js';
import type { ApprovalGrant, ApprovalRequest, ApprovalRequirementView } from './approval-request.js';

/** Someone who acts on a request, as their token identifies them. */
export interface Actor {
  readonly name: string;
  /** Approver roles the token holds (`dba`, `sre` …), matched against a policy's @roles. */
  readonly approverRoles: readonly string[];
}

/** Why an approver's yes does not count; each names what to do instead. */
export class ApprovalRefused extends Error {
  constructor(
    readonly code: 'not_pending' | 'expired' | 'self_approval' | 'already_approved' | 'missing_role',
    message: string,
  ) {
    super(message);
    this.name = 'ApprovalRefused';
  }
}

/**
 * Checks one approver's yes against a pending request. Pure: the store applies the result inside
 * the same transaction that re-reads the request, so two approvers racing cannot both complete it.
 */
export function checkVote(request: ApprovalRequest, actor: Actor, now: Date): void {
  if (request.state !== 'pending') {
    throw new ApprovalRefused('not_pending', `request ${request.id} is already ${request.state}; nothing can be approved any more`);
  }
  if (Date.parse(request.expiresAt) <= now.getTime()) {
    throw new ApprovalRefused('expired', `request ${request.id} expired at ${request.expiresAt}; the agent must submit the change again`);
  }
  if (request.required.separateDuties && (same(actor.name, request.agent) || (request.actsFor !== null && same(actor.name, request.actsFor)))) {
    throw new ApprovalRefused(
      'self_approval',
      `${actor.name} cannot approve this request: it was made by ${request.agent}${request.actsFor ? ` acting for ${request.actsFor}` : ''}, and this change needs someone else's approval (separation of duties)`,
    );
  }
  if (request.approvals.some((vote) => same(vote.by, actor.name))) {
    throw new ApprovalRefused('already_approved', `${actor.name} has already approved request ${request.id}; it needs a different person`);
  }
  const roles = request.required.roles;
  if (roles.length > 0 && !roles.some((role) => actor.approverRoles.includes(role))) {
    throw new ApprovalRefused('missing_role', `approving this needs the role ${roles.join(' or ')}; ${actor.name} has ${actor.approverRoles.join(', ') || 'no approver role'}`);
  }
}

/** Names are identities: `Alice` and `alice` are one person. */
function same(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Whether the votes so far meet the requirement: enough distinct approvers (each was checked for the role). */
export function quorumReached(required: ApprovalRequirementView, votes: readonly { by: string }[]): boolean {
  return new Set(votes.map((vote) => vote.by.trim().toLowerCase())).size >= required.count;
}

/**
 * Whether the votes an approved request collected also satisfy what the change needs *now*, for
 * *this* caller: enough distinct approvers, each with a required role, and none of them the agent
 * or the human it acts for when duties are separated. A grant given under laxer rules (a config
 * that has since become stricter, another token sharing the agent's name) does not carry over.
 */
export function votesSatisfy(
  votes: readonly { by: string; roles: readonly string[] }[],
  required: ApprovalRequirementView,
  caller: { agent: string; actsFor: string | null },
): boolean {
  if (!quorumReached(required, votes)) return false;
  if (required.roles.length > 0 && !votes.every((vote) => vote.roles.some((role) => required.roles.includes(role)))) return false;
  if (required.separateDuties && votes.some((vote) => same(vote.by, caller.agent) || (caller.actsFor !== null && same(vote.by, caller.actsFor)))) return false;
  return true;
}

/** The grant an approval gives: once by default, or a count, or a time window. */
export function grantOf(options: { uses?: number | undefined; windowSeconds?: number | undefined }, now: Date): ApprovalGrant {
  if (options.windowSeconds !== undefined) {
    return { uses: options.uses ?? null, used: 0, until: new Date(now.getTime() + options.windowSeconds * 1000).toISOString() };
  }
  return { uses: options.uses ?? 1, used: 0, until: null };
}

/** Whether an approved request's grant still lets the change run now. */
export function grantUsable(grant: ApprovalGrant | null, now: Date): boolean {
  if (!grant) return false;
  if (grant.until !== null && Date.parse(grant.until) <= now.getTime()) return false;
  return grant.uses === null || grant.used < grant.uses;
}

/** The requirement for a new request: the policies' count and roles, separation of duties from policy or config. */
export function requirementOf(
  approvals: { count: number; roles: readonly string[]; separateDuties?: boolean | undefined } | undefined,
  separateDutiesByDefault: boolean,
): ApprovalRequirementView {
  return {
    count: approvals?.count ?? 1,
    roles: [...(approvals?.roles ?? [])],
    separateDuties: separateDutiesByDefault || approvals?.separateDuties === true,
  };
}

/** One line an on-call engineer reads first: who wants to do what, where, and how bad it is. */
export function summarize(change: Change, assessment: Assessment): string {
  const writes = assessment.effects.filter((effect) => effect.operation !== 'read');
  const what = writes.length === 0 ? describePayload(change) : writes.slice(0, 2).map((effect) => effect.summary).join('; ') + (writes.length > 2 ? `; and ${writes.length - 2} more` : '');
  return `In ${describeEnvironment(assessment.environment)}, ${change.agent} wants to make a change that ${what} (${assessment.severity} severity, blast radius ${assessment.blastRadius.total})`;
}

function describePayload(change: Change): string {
  const payload = change.payload as { command?: unknown; tool?: unknown } | undefined;
  if (typeof payload?.command === 'string') return `runs \`${payload.command.slice(0, 200)}\``;
  if (typeof payload?.tool === 'string') return `calls the tool ${payload.tool}`;
  return `Airlock cannot describe (${change.kind})`;
}
