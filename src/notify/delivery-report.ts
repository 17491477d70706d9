import type { NotificationEventType } from './notification-event.js';

/** Where a message goes: a Slack(-compatible) incoming webhook, or a signed generic JSON webhook. */
export const TARGET_KINDS = ['slack', 'webhook'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** The outcome of one message to one target, once it is delivered or given up. */
export interface DeliveryReport {
  /** The target's URL with anything secret taken out (see {@link redactTarget}). */
  readonly target: string;
  readonly kind: TargetKind;
  readonly event: NotificationEventType;
  readonly approvalId: string;
  /** HTTP attempts made; 0 when the message was never sent (no secret, dropped, closed). */
  readonly attempts: number;
  readonly ok: boolean;
  /** HTTP status of the last attempt, when one answered. */
  readonly status?: number;
  /** Why it failed, in words; never holds a secret or the full target URL. */
  readonly error?: string;
}

/**
 * A target URL safe for logs and the audit log. A Slack webhook's path *is* its credential
 * (`/services/T…/B…/secret`), so only the host is kept; a generic webhook keeps its path (its
 * secret is the HMAC key) but loses credentials, query and fragment, where tokens tend to hide.
 */
export function redactTarget(url: string, kind: TargetKind): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(invalid URL)';
  }
  const origin = `${parsed.protocol}//${parsed.host}`;
  switch (kind) {
    case 'slack':
      return `${origin}/…`;
    case 'webhook':
      return `${origin}${parsed.pathname}${parsed.search ? '?…' : ''}`;
  }
}
