import { deliverOnce, type AttemptOutcome } from './delivery-attempt.js';
import type { DeliveryReport, TargetKind } from './delivery-report.js';
import type { NotificationEventType } from './notification-event.js';
import { backoffDelayMs } from './retry-delay.js';

/** One message for one target. */
export interface OutgoingMessage {
  readonly event: NotificationEventType;
  readonly approvalId: string;
  /** The request for one attempt; called afresh each time, since a webhook is signed when it is sent. */
  readonly request: () => { readonly headers: Readonly<Record<string, string>>; readonly body: string };
}

/** Somewhere messages go. `enqueue` settles once the message's report has been handed over; it never rejects. */
export interface DeliveryTarget {
  enqueue(message: OutgoingMessage): Promise<void>;
  /** Gives up everything not in flight (waiting or between retries); in-flight attempts finish without retry. */
  close(): void;
}

export interface TargetQueueOptions {
  readonly url: string;
  /** The redacted URL, for reports. */
  readonly target: string;
  readonly kind: TargetKind;
  readonly attempts: number;
  readonly timeoutMs: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Messages in progress at once (in flight or waiting to retry). */
  readonly maxInFlight: number;
  /** Messages waiting to start; past this the oldest is dropped. */
  readonly maxQueued: number;
  readonly fetch: typeof fetch;
  readonly now: () => Date;
  /** Receives each report; must not throw. */
  readonly report: (report: DeliveryReport) => void;
}

interface Entry {
  readonly message: OutgoingMessage;
  attempts: number;
  last: AttemptOutcome | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  readonly settle: (ok: boolean, error?: string) => void;
}

/**
 * Hands a report over on a later microtask, never inside the caller's own call: `notify()` must
 * return before any report callback runs (the gateway may be inside a transaction when it calls it).
 */
function handOver(report: (report: DeliveryReport) => void, value: DeliveryReport, resolve: () => void): void {
  queueMicrotask(() => {
    try {
      report(value);
    } finally {
      resolve();
    }
  });
}

/**
 * A target that refuses every message with the same error, without sending anything: a webhook
 * whose secret is missing must never be sent unsigned.
 */
export function createRefusingTarget(options: Pick<TargetQueueOptions, 'target' | 'kind' | 'report'> & { readonly error: string }): DeliveryTarget {
  return {
    enqueue: (message) =>
      new Promise((resolve) => {
        const report: DeliveryReport = { target: options.target, kind: options.kind, event: message.event, approvalId: message.approvalId, attempts: 0, ok: false, error: options.error };
        handOver(options.report, report, resolve);
      }),
    close: () => undefined,
  };
}

/**
 * One target's queue: bounded concurrency, bounded backlog, retries with backoff. Each target has
 * its own, so a dead receiver only ever holds up its own messages.
 */
export function createTargetQueue(options: TargetQueueOptions): DeliveryTarget {
  const waiting: Entry[] = [];
  const active = new Set<Entry>();
  let closed = false;

  function finish(entry: Entry, ok: boolean, error?: string): void {
    active.delete(entry);
    entry.settle(ok, error);
    pump();
  }

  function pump(): void {
    while (!closed && active.size < options.maxInFlight) {
      const entry = waiting.shift();
      if (!entry) return;
      active.add(entry);
      void attempt(entry);
    }
  }

  async function attempt(entry: Entry): Promise<void> {
    entry.attempts += 1;
    let outcome: AttemptOutcome;
    try {
      const { headers, body } = entry.message.request();
      outcome = await deliverOnce({ fetch: options.fetch, url: options.url, target: options.target, headers, body, timeoutMs: options.timeoutMs, now: options.now });
    } catch (error) {
      // deliverOnce never throws; this is the request builder (signing) failing, which a retry will not fix.
      outcome = { ok: false, retryable: false, error: `could not build the request: ${error instanceof Error ? error.message : String(error)}` };
    }
    entry.last = outcome;
    if (outcome.ok) return finish(entry, true);
    if (!outcome.retryable) return finish(entry, false, outcome.error);
    if (entry.attempts >= options.attempts) return finish(entry, false, `${outcome.error} (gave up after ${entry.attempts} attempt${entry.attempts === 1 ? '' : 's'})`);
    if (closed) return finish(entry, false, `${outcome.error}; not retried: notifier closed`);
    const delay =
      outcome.retryAfterMs !== undefined
        ? Math.min(outcome.retryAfterMs, options.maxDelayMs)
        : backoffDelayMs({ attempt: entry.attempts, baseDelayMs: options.baseDelayMs, maxDelayMs: options.maxDelayMs });
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      void attempt(entry);
    }, delay);
  }

  return {
    enqueue(message) {
      return new Promise<void>((resolve) => {
        const entry: Entry = {
          message,
          attempts: 0,
          last: undefined,
          timer: undefined,
          settle: (ok, error) => {
            const status = entry.last?.status;
            const report: DeliveryReport = {
              target: options.target,
              kind: options.kind,
              event: message.event,
              approvalId: message.approvalId,
              attempts: entry.attempts,
              ok,
              ...(status === undefined ? {} : { status }),
              ...(error === undefined ? {} : { error }),
            };
            handOver(options.report, report, resolve);
          },
        };
        if (closed) return entry.settle(false, 'not sent: notifier closed');
        waiting.push(entry);
        if (waiting.length > options.maxQueued) {
          const oldest = waiting.shift();
          if (oldest) oldest.settle(false, `dropped: more than ${options.maxQueued} messages waiting for ${options.target}`);
        }
        pump();
      });
    },

    close() {
      if (closed) return;
      closed = true;
      for (const entry of waiting.splice(0)) entry.settle(false, 'not sent: notifier closed before delivery');
      for (const entry of [...active]) {
        if (entry.timer === undefined) continue; // in flight: it finishes, and is not retried
        clearTimeout(entry.timer);
        entry.timer = undefined;
        finish(entry, false, `${entry.last?.error ?? 'failed'}; not retried: notifier closed`);
      }
    },
  };
}
