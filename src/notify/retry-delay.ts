/**
 * Exponential backoff with full jitter: a random wait in [0, min(max, base · 2^(attempt−1))].
 * Jitter spreads the retries of many messages that failed together (a receiver coming back up),
 * so they do not all hit it again at the same instant.
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/)
 */
export function backoffDelayMs(options: { attempt: number; baseDelayMs: number; maxDelayMs: number; random?: () => number }): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, options.attempt - 1));
  return Math.floor((options.random ?? Math.random)() * ceiling);
}

/**
 * A `Retry-After` header in milliseconds: delay-seconds or an HTTP date. Undefined when absent or
 * unreadable, so the caller falls back to its own backoff; the caller also caps it.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
