import type { ApprovalEnding, ApprovalRequirementView, ApprovalState, ApprovalVote } from '../approvals/approval-request.js';
import type { Severity } from '../model/index.js';
import { approvalUrl, type NotificationEvent, type NotificationEventType } from './notification-event.js';

/** What a generic webhook receives about a request: enough to route and display it, never the change itself. */
export interface WebhookApprovalView {
  readonly id: string;
  readonly state: ApprovalState;
  readonly summary: string;
  readonly agent: string;
  readonly actsFor: string | null;
  readonly environment: string;
  readonly kind: string;
  readonly digest: string;
  readonly severity: Severity;
  /** Number of resources the change reaches (direct and through dependencies). */
  readonly blastRadius: number;
  readonly required: ApprovalRequirementView;
  readonly approvals: readonly ApprovalVote[];
  readonly ending: ApprovalEnding | null;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** The request's page in the dashboard. */
  readonly url: string;
}

/** The JSON body of a generic webhook message. */
export interface WebhookPayload {
  readonly type: NotificationEventType;
  /** Also sent as `Airlock-Delivery`; the same on every retry. */
  readonly deliveryId: string;
  /** When Airlock created this message (the same on every retry; `Airlock-Timestamp` dates the attempt). */
  readonly sentAt: string;
  readonly dashboardUrl: string;
  readonly approval: WebhookApprovalView;
}

/**
 * Builds the webhook body. The change's payload is left out on purpose: it can be a plan of many
 * megabytes or carry secrets (a command line, file contents), and the receiver may be a chat tool
 * or a third-party service. The digest identifies the change; the dashboard shows it to people
 * allowed to see it.
 */
export function buildWebhookPayload(event: NotificationEvent, delivery: { deliveryId: string; sentAt: Date }): WebhookPayload {
  const approval = event.approval;
  return {
    type: event.type,
    deliveryId: delivery.deliveryId,
    sentAt: delivery.sentAt.toISOString(),
    dashboardUrl: event.dashboardUrl,
    approval: {
      id: approval.id,
      state: approval.state,
      summary: approval.summary,
      agent: approval.agent,
      actsFor: approval.actsFor,
      environment: approval.environment,
      kind: approval.kind,
      digest: approval.digest,
      severity: approval.assessment.severity,
      blastRadius: approval.assessment.blastRadius.total,
      required: { count: approval.required.count, roles: [...approval.required.roles], separateDuties: approval.required.separateDuties },
      approvals: approval.approvals.map((vote) => ({ by: vote.by, roles: [...vote.roles], at: vote.at, reason: vote.reason })),
      ending: approval.ending ? { state: approval.ending.state, by: approval.ending.by, at: approval.ending.at, reason: approval.ending.reason } : null,
      createdAt: approval.createdAt,
      expiresAt: approval.expiresAt,
      url: approvalUrl(event.dashboardUrl, approval.id),
    },
  };
}
