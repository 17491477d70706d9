import { randomUUID } from 'node:crypto';
import {
  ApprovalRefused,
  checkVote,
  grantOf,
  grantUsable,
  quorumReached,
  requirementOf,
  summarize,
  type ApprovalRequest,
  type ApprovalState,
} from '../approvals/index.js';
import type { AuditLog } from '../audit/index.js';
import type { ApprovalsConfig } from '../config/index.js';
import { AirlockError } from '../errors/index.js';
import type { Decision } from '../model/index.js';
import type { Notifier } from '../notify/notifier.js';
import type { DecisionGate } from '../pipeline/index.js';
import type { Freeze, GatewayStore } from '../store/index.js';
import type { GatewayEvents } from './gateway-events.js';
import type { Principal } from './tokens.js';

export interface ApprovalServiceOptions {
  readonly store: GatewayStore;
  readonly audit: AuditLog;
  readonly events: GatewayEvents;
  readonly config: ApprovalsConfig;
  readonly notifier?: Notifier | undefined;
  /** Base URL of the dashboard, for links in notifications. */
  readonly dashboardUrl: string;
  readonly now?: (() => Date) | undefined;
}

export interface ApproveInput {
  readonly reason: string;
  /** How many times the approved change may run (default once). */
  readonly uses?: number | undefined;
  /** Instead of a count (or with one): the approval holds for this many minutes. */
  readonly windowMinutes?: number | undefined;
}

export interface FreezeInput {
  readonly agent?: string | undefined;
  readonly environment?: string | undefined;
  readonly reason: string;
}

/**
 * Approval requests and the kill switch: the gate the gateway's pipeline runs between policy and
 * the audit log, and every human action on a request. Each state change is written to the store
 * first (where exactly one of two racing actions wins), then to the audit log, then announced
 * (live feed, notifications) — announcements never hold up a decision.
 */
export interface ApprovalService {
  readonly gate: DecisionGate;
  approve(id: string, by: Principal, input: ApproveInput): Promise<ApprovalRequest>;
  reject(id: string, by: Principal, reason: string): Promise<ApprovalRequest>;
  withdraw(id: string, by: Principal, reason: string): Promise<ApprovalRequest>;
  /** Ends every pending request whose time is up; returns how many. */
  expireDue(): Promise<number>;
  /** Resolves with the request once it is no longer pending, or as it is when `timeoutMs` passes. */
  waitForEnd(id: string, timeoutMs: number, signal?: AbortSignal): Promise<ApprovalRequest | undefined>;
  freeze(by: Principal, input: FreezeInput): Promise<Freeze>;
  unfreeze(by: Principal, filter: { agent?: string | undefined; environment?: string | undefined }, reason: string | undefined): Promise<Freeze[]>;
  activeFreezes(): Promise<Freeze[]>;
}

export function createApprovalService(options: ApprovalServiceOptions): ApprovalService {
  const { store, audit, events, config, notifier } = options;
  const now = options.now ?? (() => new Date());

  /** Records one state change and tells everyone who listens. */
  async function announce(request: ApprovalRequest, action: string, by: string, reason: string): Promise<void> {
    await audit.record({
      type: 'approval',
      at: request.updatedAt,
      agent: request.agent,
      source: request.change.source,
      kind: request.kind,
      environment: request.environment,
      digest: request.digest,
      decision: request.state === 'approved' ? 'allow' : request.state === 'pending' ? 'ask' : request.state === 'consumed' ? undefined : 'deny',
      severity: request.assessment.severity,
      body: {
        action,
        requestId: request.id,
        state: request.state,
        by,
        reason,
        policyVersion: request.policyVersion,
        required: request.required,
        approvedBy: request.approvals.map((vote) => vote.by),
        grant: request.grant,
      },
    });
    events.emit('approval', request);
    if (action === 'created') notifier?.notify({ type: 'approval.created', approval: request, dashboardUrl: options.dashboardUrl });
    else if (request.state !== 'pending' && action !== 'used') notifier?.notify({ type: 'approval.ended', approval: request, dashboardUrl: options.dashboardUrl });
  }

  /** A change that an approved request lets run: take one use of its grant, or say there is none. */
  async function useGrant(key: { agent: string; digest: string; policyVersion: string }): Promise<ApprovalRequest | undefined> {
    const approved = await store.findApproval(key, ['approved']);
    if (!approved) return undefined;
    let used = false;
    const at = now();
    const next = await store.updateApproval(approved.id, (current) => {
      if (current.state !== 'approved') return current;
      const grant = current.grant;
      if (!grantUsable(grant, at) || !grant) {
        return { ...current, state: 'consumed', updatedAt: at.toISOString(), ending: { state: 'consumed', by: 'airlock', at: at.toISOString(), reason: 'the approval ran out before it was used again' } };
      }
      used = true;
      const after = { ...grant, used: grant.used + 1 };
      const spent = after.uses !== null && after.used >= after.uses;
      return {
        ...current,
        grant: after,
        updatedAt: at.toISOString(),
        ...(spent ? { state: 'consumed' as const, ending: { state: 'consumed' as const, by: current.agent, at: at.toISOString(), reason: 'the approved change ran' } } : {}),
      };
    });
    if (next.state !== approved.state || used) await announce(next, used ? 'used' : 'ran-out', used ? next.agent : 'airlock', used ? 'the approved change ran' : 'grant expired');
    return used ? next : undefined;
  }

  const gate: DecisionGate = async ({ change, assessment, autonomy, decision, policyVersion, context }) => {
    const writes = assessment.effects.some((effect) => effect.operation !== 'read');
    if (writes) {
      const freeze = (await store.activeFreezes()).find(
        (f) => (f.agent === null || f.agent === change.agent) && (f.environment === null || f.environment === assessment.environment.name),
      );
      if (freeze) return frozen(decision, freeze);
    }
    if (decision.enforced !== 'ask') return decision;

    const key = { agent: change.agent, digest: change.digest, policyVersion };
    const granted = await useGrant(key);
    if (granted) {
      const approvedBy = granted.approvals.map((vote) => vote.by);
      return {
        ...decision,
        decision: 'allow',
        enforced: 'allow',
        reasons: [...decision.reasons, `approved by ${approvedBy.join(' and ')} (approval request ${granted.id})`],
        approval: { requestId: granted.id, state: granted.state, approvedBy },
      };
    }

    const at = now();
    const proposal: ApprovalRequest = {
      id: randomUUID(),
      state: 'pending',
      createdAt: at.toISOString(),
      expiresAt: new Date(at.getTime() + config.expiry * 1000).toISOString(),
      updatedAt: at.toISOString(),
      agent: change.agent,
      actsFor: context.actsFor ?? null,
      environment: assessment.environment.name,
      kind: change.kind,
      digest: change.digest,
      policyVersion,
      summary: summarize(change, assessment),
      change,
      assessment,
      decision,
      autonomy,
      required: requirementOf(decision.approvals, config.separateDuties),
      approvals: [],
      grant: null,
      ending: null,
    };
    const { request, created } = await store.openApproval(proposal);
    if (created) await announce(request, 'created', change.agent, decision.reasons.join('; '));
    return { ...decision, approval: { requestId: request.id, state: request.state } };
  };

  /** Applies one transition; refusals become 409s that say why. */
  async function transition(id: string, apply: (current: ApprovalRequest, at: Date) => ApprovalRequest): Promise<ApprovalRequest> {
    const at = now();
    try {
      return await store.updateApproval(id, (current) => apply(current, at));
    } catch (error) {
      if (error instanceof ApprovalRefused) throw new AirlockError('conflict', error.message, { details: { reason: error.code } });
      throw error;
    }
  }

  function end(current: ApprovalRequest, state: ApprovalState, by: string, reason: string, at: Date): ApprovalRequest {
    if (current.state !== 'pending') {
      throw new ApprovalRefused('not_pending', `request ${current.id} is already ${current.state}${current.ending ? ` (by ${current.ending.by}: ${current.ending.reason})` : ''}`);
    }
    const stamp = at.toISOString();
    return { ...current, state, updatedAt: stamp, ending: { state, by, at: stamp, reason } };
  }

  const requireReason = (reason: string | undefined, what: string): string => {
    const trimmed = reason?.trim() ?? '';
    if (!trimmed) throw new AirlockError('invalid_input', `a reason is required to ${what}`, { hint: 'say why, in a few words: it goes into the audit log' });
    return trimmed.slice(0, 2000);
  };

  return {
    gate,

    async approve(id, by, input) {
      const reason = requireReason(input.reason, 'approve');
      let complete = false;
      const next = await transition(id, (current, at) => {
        checkVote(current, { name: by.name, approverRoles: by.approverRoles }, at);
        const approvals = [...current.approvals, { by: by.name, roles: [...by.approverRoles], at: at.toISOString(), reason }];
        complete = quorumReached(current.required, approvals);
        const stamp = at.toISOString();
        if (!complete) return { ...current, approvals, updatedAt: stamp };
        return {
          ...current,
          approvals,
          state: 'approved',
          updatedAt: stamp,
          grant: grantOf({ uses: input.uses, windowSeconds: input.windowMinutes === undefined ? undefined : input.windowMinutes * 60 }, at),
        };
      });
      await announce(next, complete ? 'approved' : 'vote', by.name, reason);
      return next;
    },

    async reject(id, by, reason) {
      const why = requireReason(reason, 'reject');
      const next = await transition(id, (current, at) => end(current, 'rejected', by.name, why, at));
      await announce(next, 'rejected', by.name, why);
      return next;
    },

    async withdraw(id, by, reason) {
      const why = reason?.trim() || 'withdrawn by the agent';
      const next = await transition(id, (current, at) => {
        if (by.role !== 'admin' && current.agent !== by.name) {
          throw new AirlockError('forbidden', `${by.name} cannot withdraw a request made by ${current.agent}`, { hint: 'only the requesting agent or an admin can withdraw it; approvers reject instead' });
        }
        return end(current, 'withdrawn', by.name, why, at);
      });
      await announce(next, 'withdrawn', by.name, why);
      return next;
    },

    async expireDue() {
      let count = 0;
      for (const id of await store.dueForExpiry(now())) {
        let expired = false;
        const next = await store.updateApproval(id, (current) => {
          const at = now();
          if (current.state !== 'pending' || Date.parse(current.expiresAt) > at.getTime()) return current;
          expired = true;
          return end(current, 'expired', 'airlock', `no decision before ${current.expiresAt}`, at);
        });
        if (expired) {
          count += 1;
          await announce(next, 'expired', 'airlock', next.ending?.reason ?? 'expired');
        }
      }
      return count;
    },

    waitForEnd(id, timeoutMs, signal) {
      return new Promise((resolve, reject) => {
        let settled = false;
        const finish = (value: ApprovalRequest | undefined, error?: unknown) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          unsubscribe();
          signal?.removeEventListener('abort', onAbort);
          if (error) reject(error);
          else resolve(value);
        };
        const unsubscribe = events.on('approval', (request) => {
          if (request.id === id && request.state !== 'pending') finish(request);
        });
        const timer = setTimeout(() => {
          store.getApproval(id).then((request) => finish(request), (error: unknown) => finish(undefined, error));
        }, Math.max(0, timeoutMs));
        const onAbort = () => finish(undefined);
        signal?.addEventListener('abort', onAbort, { once: true });
        // It may have ended before we subscribed.
        store.getApproval(id).then(
          (request) => {
            if (!request) finish(undefined, new AirlockError('not_found', `there is no approval request ${id}`));
            else if (request.state !== 'pending') finish(request);
          },
          (error: unknown) => finish(undefined, error),
        );
      });
    },

    async freeze(by, input) {
      const reason = requireReason(input.reason, 'freeze');
      const freeze: Freeze = { id: randomUUID(), agent: input.agent ?? null, environment: input.environment ?? null, reason, by: by.name, at: now().toISOString() };
      await store.addFreeze(freeze);
      await audit.record({
        type: 'freeze',
        at: freeze.at,
        agent: freeze.agent ?? undefined,
        environment: freeze.environment ?? undefined,
        body: { action: 'freeze', freeze },
      });
      events.emit('freeze', { freezes: await store.activeFreezes() });
      return freeze;
    },

    async unfreeze(by, filter, reason) {
      const scoped = filter.agent !== undefined || filter.environment !== undefined;
      const lifted = await store.liftFreezes(scoped ? { agent: filter.agent ?? null, environment: filter.environment ?? null } : undefined, by.name, now());
      if (lifted.length > 0) {
        await audit.record({
          type: 'freeze',
          at: now().toISOString(),
          agent: filter.agent,
          environment: filter.environment,
          body: { action: 'unfreeze', by: by.name, reason: reason ?? null, lifted },
        });
        events.emit('freeze', { freezes: await store.activeFreezes() });
      }
      return lifted;
    },

    activeFreezes: () => store.activeFreezes(),
  };
}

/** The kill switch's answer: deny, whatever policy said (and whatever the mode: shadow does not soften it). */
function frozen(decision: Decision, freeze: Freeze): Decision {
  const scope = [freeze.agent ? `for ${freeze.agent}` : 'for every agent', freeze.environment ? `in ${freeze.environment}` : 'everywhere'].join(' ');
  const { approval: _approval, ...rest } = decision;
  return {
    ...rest,
    decision: 'deny',
    enforced: 'deny',
    policies: [{ id: 'kill-switch', effect: 'forbid', action: 'run', reason: freeze.reason }],
    reasons: [`changes are frozen ${scope} by ${freeze.by}: ${freeze.reason}`],
    freeze: { id: freeze.id, reason: freeze.reason, by: freeze.by },
  };
}
