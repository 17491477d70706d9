import { parseRetryAfter } from './retry-delay.js';

/** What one POST came to, and whether another attempt could do better. */
export interface AttemptOutcome {
  readonly ok: boolean;
  readonly status?: number;
  readonly error?: string;
  /** 5xx, 429, a network error or no answer in time: worth another attempt. */
  readonly retryable: boolean;
  /** What the receiver asked for with `Retry-After` (429 or 503), in ms, before any cap. */
  readonly retryAfterMs?: number;
}

export interface DeliveryAttemptOptions {
  readonly fetch: typeof fetch;
  readonly url: string;
  /** Stands in for `url` in any error text (error messages may quote the URL, whose path can be a secret). */
  readonly target: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
  readonly now: () => Date;
}

/** How much of an error response is quoted in a report: enough for Slack's `no_service`, not a whole HTML page. */
const SNIPPET_BYTES = 512;
const SNIPPET_CHARS = 200;

/**
 * POSTs one message once and classifies the result; never throws. The timeout covers the whole
 * exchange, body included, so a receiver that accepts the connection and never answers costs at
 * most `timeoutMs`. Redirects are not followed: a signed message must not be re-sent to wherever
 * a compromised or misconfigured receiver points.
 */
export async function deliverOnce(options: DeliveryAttemptOptions): Promise<AttemptOutcome> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  try {
    response = await options.fetch(options.url, { method: 'POST', headers: options.headers, body: options.body, signal, redirect: 'manual' });
  } catch (error) {
    return { ok: false, retryable: true, error: scrub(describeFetchError(error, options.timeoutMs), options) };
  }
  const status = response.status;
  if (status >= 200 && status < 300) {
    await discard(response);
    return { ok: true, status, retryable: false };
  }
  const snippet = await readSnippet(response);
  const detail = scrub(`HTTP ${status}${snippet ? `: ${snippet}` : ''}`, options);
  if (status >= 300 && status < 400) {
    return { ok: false, status, retryable: false, error: `${detail} (redirects are not followed; configure the final URL)` };
  }
  if (status === 429 || status >= 500) {
    const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(response.headers.get('retry-after'), options.now()) : undefined;
    return { ok: false, status, retryable: true, error: detail, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }
  // Any other 4xx: the receiver refuses this message (bad URL, revoked hook, bad signature); asking again changes nothing.
  return { ok: false, status, retryable: false, error: detail };
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no response within ${timeoutMs} ms`;
  }
  // undici says only "fetch failed"; the cause names the real problem (ECONNREFUSED, ENOTFOUND, a TLS error).
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return `network error: ${cause.message || (typeof code === 'string' ? code : cause.name)}`;
  }
  return `network error: ${error instanceof Error ? error.message : String(error)}`;
}

function scrub(text: string, options: { url: string; target: string }): string {
  return text.split(options.url).join(options.target);
}

async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // The answer was already a success; a body that cannot be cancelled changes nothing.
  }
}

async function readSnippet(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < SNIPPET_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body that stalls or breaks off still leaves the status to report.
  } finally {
    reader.cancel().catch(() => undefined);
  }
  const text = Buffer.concat(chunks).subarray(0, SNIPPET_BYTES).toString('utf8');
  return text.replace(/\s+/g, ' ').trim().slice(0, SNIPPET_CHARS);
}
