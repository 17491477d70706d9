import { randomUUID } from 'node:crypto';
import {
  ApprovalRefused,
  checkVote,
  grantOf,
  grantUsable,
  quorumReached,
  requirementOf,
  summarize,
  votesSatisfy,
  type ApprovalRequest,
  type ApprovalRequirementView,
  type ApprovalState,
} from '../approvals/index.js';
import type { AuditLog } from '../audit/index.js';
import type { ApprovalsConfig } from '../config/index.js';
import { AirlockError } from '../errors/index.js';
import type { Decision } from '../model/index.js';
import type { Notifier } from '../notify/notifier.js';
import type { DecisionGate } from '../pipeline/index.js';
import type { ApprovalKey, Freeze, GatewayStore } from '../store/index.js';
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
  /**
   * A hash of the effective airlock.yaml. An approval holds under the policy version *and* this:
   * a config change (a resource now data-bearing, an environment now production) voids it.
   */
  readonly configVersion?: string | undefined;
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
  /** Takes back an approval before its grant is used up: the request ends as rejected. */
  revoke(id: string, by: Principal, reason: string): Promise<ApprovalRequest>;
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

  /** The audit record of one state change; runs inside the store's transaction (see BeforeCommit). */
  function recorder(action: string, by: string, reason: string): (request: ApprovalRequest) => Promise<void> {
    return async (request) => {
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
    };
  }

  /** After the commit: the live feed, and notifications when a request opens or ends. */
  function publish(request: ApprovalRequest, action: string): void {
    events.emit('approval', request);
    if (action === 'created') notifier?.notify({ type: 'approval.created', approval: request, dashboardUrl: options.dashboardUrl });
    else if (request.state !== 'pending' && action !== 'used') notifier?.notify({ type: 'approval.ended', approval: request, dashboardUrl: options.dashboardUrl });
  }

  /**
   * A change that an approved request lets run: take one use of its grant — if its votes still
   * satisfy what the change needs now, for this caller — or say there is none.
   */
  async function useGrant(key: ApprovalKey, required: ApprovalRequirementView): Promise<ApprovalRequest | undefined> {
    const approved = await store.findApproval(key, ['approved']);
    if (!approved) return undefined;
    if (!votesSatisfy(approved.approvals, required, { agent: key.agent, actsFor: key.actsFor })) return undefined;
    let action: 'used' | 'ran-out' | undefined;
    const at = now();
    const next = await store.updateApproval(
      approved.id,
      (current) => {
        if (current.state !== 'approved') return current;
        const grant = current.grant;
        const stamp = at.toISOString();
        if (!grant || !grantUsable(grant, at)) {
          action = 'ran-out';
          return { ...current, state: 'consumed', updatedAt: stamp, ending: { state: 'consumed', by: 'airlock', at: stamp, reason: 'the approval ran out before it was used again' } };
        }
        action = 'used';
        const after = { ...grant, used: grant.used + 1 };
        const spent = after.uses !== null && after.used >= after.uses;
        return {
          ...current,
          grant: after,
          updatedAt: stamp,
          ...(spent ? { state: 'consumed' as const, ending: { state: 'consumed' as const, by: current.agent, at: stamp, reason: 'the approved change ran' } } : {}),
        };
      },
      (request) => recorder(action ?? 'used', action === 'used' ? request.agent : 'airlock', action === 'used' ? 'the approved change ran' : 'grant expired')(request),
    );
    if (action) publish(next, action);
    return action === 'used' ? next : undefined;
  }

  const gate: DecisionGate = async ({ change, assessment, autonomy, decision, policyVersion, context }) => {
    const writes = assessment.effects.some((effect) => effect.operation !== 'read');
    if (writes) {
      const freeze = (await store.activeFreezes()).find(
        (f) => (f.agent === null || sameName(f.agent, change.agent)) && (f.environment === null || sameName(f.environment, assessment.environment.name)),
      );
      if (freeze) return frozen(decision, freeze);
    }
    if (decision.enforced !== 'ask') return decision;

    const version = options.configVersion ? `${policyVersion}+${options.configVersion}` : policyVersion;
    const actsFor = context.actsFor ?? null;
    const key: ApprovalKey = { agent: change.agent, actsFor, digest: change.digest, policyVersion: version };
    const required = requirementOf(decision.approvals, config.separateDuties);
    const granted = await useGrant(key, required);
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
      actsFor,
      environment: assessment.environment.name,
      kind: change.kind,
      digest: change.digest,
      policyVersion: version,
      summary: summarize(change, assessment),
      change,
      assessment,
      decision,
      autonomy,
      required,
      approvals: [],
      grant: null,
      ending: null,
    };
    const { request, created } = await store.openApproval(proposal, recorder('created', change.agent, decision.reasons.join('; ')));
    if (created) publish(request, 'created');
    return { ...decision, approval: { requestId: request.id, state: request.state } };
  };

  /** Applies one transition; refusals become 409s that say why. */
  async function transition(
    id: string,
    apply: (current: ApprovalRequest, at: Date) => ApprovalRequest,
    record: (next: ApprovalRequest) => Promise<void>,
  ): Promise<ApprovalRequest> {
    const at = now();
    try {
      return await store.updateApproval(id, (current) => apply(current, at), record);
    } catch (error) {
      if (error instanceof ApprovalRefused) throw new AirlockError('conflict', error.message, { details: { reason: error.code } });
      throw error;
    }
  }

  function end(current: ApprovalRequest, state: ApprovalState, by: string, reason: string, at: Date, from: readonly ApprovalState[] = ['pending']): ApprovalRequest {
    if (!from.includes(current.state)) {
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
      const next = await transition(
        id,
        (current, at) => {
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
      },
        (request) => recorder(complete ? 'approved' : 'vote', by.name, reason)(request),
      );
      publish(next, complete ? 'approved' : 'vote');
      return next;
    },

    async reject(id, by, reason) {
      const why = requireReason(reason, 'reject');
      const next = await transition(id, (current, at) => end(current, 'rejected', by.name, why, at), recorder('rejected', by.name, why));
      publish(next, 'rejected');
      return next;
    },

    async revoke(id, by, reason) {
      const why = requireReason(reason, 'revoke');
      const next = await transition(
        id,
        (current, at) => {
          if (current.state !== 'approved') {
            throw new ApprovalRefused('not_pending', `request ${current.id} is ${current.state}; only an approved request can be revoked${current.state === 'pending' ? ' (reject it instead)' : ''}`);
          }
          const stamp = at.toISOString();
          return { ...current, state: 'rejected', updatedAt: stamp, ending: { state: 'rejected', by: by.name, at: stamp, reason: why } };
        },
        recorder('revoked', by.name, why),
      );
      publish(next, 'revoked');
      return next;
    },

    async withdraw(id, by, reason) {
      const why = reason?.trim() || 'withdrawn by the agent';
      const next = await transition(
        id,
        (current, at) => {
          if (by.role !== 'admin' && current.agent !== by.name) {
            throw new AirlockError('forbidden', `${by.name} cannot withdraw a request made by ${current.agent}`, { hint: 'only the requesting agent or an admin can withdraw it; approvers reject instead' });
          }
          return end(current, 'withdrawn', by.name, why, at);
        },
        recorder('withdrawn', by.name, why),
      );
      publish(next, 'withdrawn');
      return next;
    },

    async expireDue() {
      let count = 0;
      for (const id of await store.dueForExpiry(now())) {
        let expired = false;
        const next = await store.updateApproval(
          id,
          (current) => {
            const at = now();
            if (current.state !== 'pending' || Date.parse(current.expiresAt) > at.getTime()) return current;
            expired = true;
            return end(current, 'expired', 'airlock', `no decision before ${current.expiresAt}`, at);
          },
          (request) => recorder('expired', 'airlock', request.ending?.reason ?? 'expired')(request),
        );
        if (expired) {
          count += 1;
          publish(next, 'expired');
        }
      }
      return count;
    },

    waitForEnd(id, timeoutMs, signal) {
      if (signal?.aborted) return Promise.resolve(undefined);
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
      const freeze: Freeze = {
        id: randomUUID(),
        agent: input.agent?.trim().toLowerCase() || null,
        environment: input.environment?.trim() || null,
        reason,
        by: by.name,
        at: now().toISOString(),
      };
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

/** Agent and environment names in a freeze match whatever their case and surrounding spaces. */
function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
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
