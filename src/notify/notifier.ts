import { randomUUID } from 'node:crypto';
import type { NotificationsConfig } from '../config/index.js';
import { AirlockError } from '../errors/index.js';
import { redactTarget, type DeliveryReport } from './delivery-report.js';
import type { NotificationEvent } from './notification-event.js';
import { buildSlackMessage } from './slack-message.js';
import { createRefusingTarget, createTargetQueue, type DeliveryTarget, type OutgoingMessage, type TargetQueueOptions } from './target-queue.js';
import { buildWebhookPayload } from './webhook-payload.js';
import { webhookHeaders } from './webhook-signature.js';

export type { DeliveryReport } from './delivery-report.js';
export type { NotificationEvent, NotificationEventType } from './notification-event.js';

export interface NotifierOptions {
  readonly config: NotificationsConfig;
  /** Where `secretEnv` names are looked up (usually `process.env`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Called once per message per target when delivery finally succeeds or gives up (the gateway
   * records failures in the audit log). Always called after `notify()` has returned. What it
   * throws is swallowed: recording a report must not break delivery.
   */
  readonly onReport?: (report: DeliveryReport) => void;
  /** Backoff base in ms (default 500). Delay = base · 2^(attempt−1) with full jitter, capped at maxDelayMs. */
  readonly baseDelayMs?: number;
  /** Longest wait between attempts, `Retry-After` included (default 30000). */
  readonly maxDelayMs?: number;
  readonly now?: () => Date;
  readonly fetch?: typeof fetch;
}

/** Announces approval requests to Slack and signed webhooks, without ever holding up a decision. */
export interface Notifier {
  /** Queues delivery to every configured target and returns at once; never throws, never awaits the network. */
  notify(event: NotificationEvent): void;
  /** Resolves when everything queued so far has been delivered or given up (for tests and shutdown). */
  drain(): Promise<void>;
  /**
   * Stops retrying (pending retries are given up and reported), then resolves. Messages still
   * waiting are given up too; an attempt already in flight finishes (within `timeoutMs`) and is
   * not retried. `notify()` after `close()` reports each message as not sent.
   */
  close(): Promise<void>;
}

/** Messages in progress per target at once: enough to keep up, few enough not to flood a slow receiver. */
export const MAX_IN_FLIGHT_PER_TARGET = 4;
/** Messages waiting per target; past this the oldest is dropped (and reported), so a dead target cannot grow memory without bound. */
export const MAX_QUEUED_PER_TARGET = 1000;
export const DEFAULT_BASE_DELAY_MS = 500;
export const DEFAULT_MAX_DELAY_MS = 30_000;

interface SlackTarget {
  readonly kind: 'slack';
  readonly target: string;
  readonly queue: DeliveryTarget;
}

interface WebhookTarget {
  readonly kind: 'webhook';
  readonly target: string;
  /** Undefined when the secret could not be resolved; `queue` then refuses every message. */
  readonly secret: string | undefined;
  readonly queue: DeliveryTarget;
}

/** The request of a message that is refused before sending; never called. */
function unsendable(): never {
  throw new Error('this message is not sent');
}

const JSON_HEADERS = { 'content-type': 'application/json', 'user-agent': 'Airlock-Notifier/1' } as const;

/** Resolves a webhook's signing secret, or says which setting to fix. Never returns the secret in an error. */
function resolveSecret(hook: NotificationsConfig['webhooks'][number], env: NotifierOptions['env']): { secret: string } | { error: string } {
  if (hook.secret !== undefined) return { secret: hook.secret };
  if (hook.secretEnv === undefined) return { error: 'not sent: the webhook has neither `secret` nor `secretEnv` to sign with' };
  const value = env[hook.secretEnv];
  if (value === undefined || value === '') {
    return { error: `not sent: the signing secret is missing — set the environment variable ${hook.secretEnv} (notifications.webhooks[].secretEnv) where the gateway runs` };
  }
  if (value.length < 16) {
    return { error: `not sent: the signing secret in ${hook.secretEnv} is shorter than 16 characters; use a long random value (openssl rand -hex 32)` };
  }
  return { secret: value };
}

function checkDelay(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new AirlockError('internal', `createNotifier: ${name} must be a finite number of milliseconds ≥ 0, got ${value}`);
  }
  return value;
}

/**
 * The notifier. Each target gets its own queue (see target-queue.ts), so a slow or dead receiver
 * delays nothing but its own messages, and `notify()` only builds the bodies and queues them.
 * A webhook whose secret is missing refuses every message with a report: never sent unsigned.
 */
export function createNotifier(options: NotifierOptions): Notifier {
  const baseDelayMs = checkDelay('baseDelayMs', options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS);
  const maxDelayMs = checkDelay('maxDelayMs', options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS);
  const { config, env, onReport } = options;
  const now = options.now ?? (() => new Date());
  const report = (value: DeliveryReport): void => {
    try {
      onReport?.(value);
    } catch {
      // The recorder's problem; delivery carries on.
    }
  };
  const shared = {
    attempts: config.attempts,
    timeoutMs: config.timeoutMs,
    baseDelayMs,
    maxDelayMs,
    maxInFlight: MAX_IN_FLIGHT_PER_TARGET,
    maxQueued: MAX_QUEUED_PER_TARGET,
    fetch: options.fetch ?? globalThis.fetch,
    now,
    report,
  } satisfies Omit<TargetQueueOptions, 'url' | 'target' | 'kind'>;

  const slackTargets: SlackTarget[] = config.slack.map((hook) => {
    const target = redactTarget(hook.url, 'slack');
    return { kind: 'slack', target, queue: createTargetQueue({ ...shared, url: hook.url, target, kind: 'slack' }) };
  });
  const webhookTargets: WebhookTarget[] = config.webhooks.map((hook) => {
    const target = redactTarget(hook.url, 'webhook');
    const resolved = resolveSecret(hook, env);
    if ('error' in resolved) {
      return { kind: 'webhook', target, secret: undefined, queue: createRefusingTarget({ target, kind: 'webhook', report, error: resolved.error }) };
    }
    return { kind: 'webhook', target, secret: resolved.secret, queue: createTargetQueue({ ...shared, url: hook.url, target, kind: 'webhook' }) };
  });

  const outstanding = new Set<Promise<void>>();
  let closing: Promise<void> | undefined;

  function track(settled: Promise<void>): void {
    outstanding.add(settled);
    void settled.then(() => outstanding.delete(settled));
  }

  /** Queues one message, or reports at once when its body cannot even be built (a malformed request). */
  function queue(target: SlackTarget | WebhookTarget, event: NotificationEvent, build: () => OutgoingMessage['request']): void {
    const approvalId = event.approval.id;
    let request: OutgoingMessage['request'];
    try {
      request = build();
    } catch (error) {
      const reason = `not sent: could not build the message: ${error instanceof Error ? error.message : String(error)}`;
      const refusing = createRefusingTarget({ target: target.target, kind: target.kind, report, error: reason });
      track(refusing.enqueue({ event: event.type, approvalId, request: unsendable }));
      return;
    }
    track(target.queue.enqueue({ event: event.type, approvalId, request }));
  }

  return Object.freeze({
    notify(event: NotificationEvent): void {
      try {
        const createdAt = now();
        let slackBody: string | undefined;
        for (const target of slackTargets) {
          queue(target, event, () => {
            slackBody ??= JSON.stringify(buildSlackMessage(event));
            const body = slackBody;
            return () => ({ headers: JSON_HEADERS, body });
          });
        }
        for (const target of webhookTargets) {
          queue(target, event, () => {
            const secret = target.secret;
            // One id and one body per message per target, kept across retries; each attempt is signed afresh.
            const deliveryId = randomUUID();
            const body = JSON.stringify(buildWebhookPayload(event, { deliveryId, sentAt: createdAt }));
            return () => {
              // Unreachable without a secret: such a target refuses before it ever asks for a request.
              if (secret === undefined) throw new Error('no signing secret');
              return { headers: { ...JSON_HEADERS, ...webhookHeaders({ secret, body, event: event.type, deliveryId, now: now() }) }, body };
            };
          });
        }
      } catch {
        // Only a malformed event gets here (no approval to name in a report). Notifications are
        // best effort by contract: the decision that triggered this must go on regardless.
      }
    },

    async drain(): Promise<void> {
      await Promise.all([...outstanding]);
    },

    close(): Promise<void> {
      closing ??= (async () => {
        for (const target of [...slackTargets, ...webhookTargets]) target.queue.close();
        await Promise.all([...outstanding]);
      })();
      return closing;
    },
  });
}
