import type { ApprovalRequest } from '../approvals/approval-request.js';

/** The moments the gateway announces: a request is waiting for a human, or it has left `pending`. */
export const NOTIFICATION_EVENT_TYPES = ['approval.created', 'approval.ended'] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];

/** One thing to announce, with the request as it stands at that moment. */
export interface NotificationEvent {
  readonly type: NotificationEventType;
  readonly approval: ApprovalRequest;
  /** Where people reach the dashboard (gateway.publicUrl); request links are `${dashboardUrl}#/approvals/${id}`. */
  readonly dashboardUrl: string;
}

/** The dashboard page of one request. Any fragment already on `dashboardUrl` is replaced. */
export function approvalUrl(dashboardUrl: string, approvalId: string): string {
  const base = dashboardUrl.replace(/#.*$/s, '');
  return `${base}#/approvals/${encodeURIComponent(approvalId)}`;
}
