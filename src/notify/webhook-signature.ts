import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How Airlock signs its generic JSON webhooks, and how a receiver checks them.
 *
 * Every POST carries four headers:
 *
 * - `Airlock-Timestamp: <unix seconds>` — when this attempt was signed (a retry is signed afresh);
 * - `Airlock-Signature: v1=<hex>` — HMAC-SHA256 with the shared secret over the bytes
 *   `${timestamp}.${rawBody}`; the header may list several comma-separated `v1=` values during a
 *   secret rotation, and any one matching is enough;
 * - `Airlock-Event: approval.created | approval.ended`;
 * - `Airlock-Delivery: <uuid>` — the same on every retry of one message, so a receiver can drop
 *   duplicates (a retry after a timeout may arrive after the first attempt did).
 *
 * A receiver must compute the HMAC over the raw body exactly as received — before any JSON parsing
 * — compare in constant time, and refuse timestamps more than a few minutes from its own clock so
 * a captured request cannot be replayed later. {@link verifyWebhookSignature} does all three.
 */
export const WEBHOOK_HEADERS = {
  timestamp: 'Airlock-Timestamp',
  signature: 'Airlock-Signature',
  event: 'Airlock-Event',
  delivery: 'Airlock-Delivery',
} as const;

/** Version tag of the signature scheme; a new scheme gets a new tag so both can be sent side by side. */
export const SIGNATURE_VERSION = 'v1';

/** How far (seconds) a timestamp may be from the receiver's clock by default. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

function hmacHex(secret: string, timestamp: string, body: string | Uint8Array): string {
  // Fed in two parts so a Buffer body is signed byte for byte, with no re-encoding.
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The `Airlock-Signature` value for a body signed at `timestamp` (unix seconds). */
export function signWebhookBody(options: { secret: string; timestamp: number | string; body: string | Uint8Array }): string {
  return `${SIGNATURE_VERSION}=${hmacHex(options.secret, String(options.timestamp), options.body)}`;
}

/** The four Airlock headers for one attempt, signed now. */
export function webhookHeaders(options: {
  secret: string;
  body: string;
  event: string;
  deliveryId: string;
  now: Date;
}): Record<string, string> {
  const timestamp = Math.floor(options.now.getTime() / 1000);
  return {
    [WEBHOOK_HEADERS.timestamp]: String(timestamp),
    [WEBHOOK_HEADERS.signature]: signWebhookBody({ secret: options.secret, timestamp, body: options.body }),
    [WEBHOOK_HEADERS.event]: options.event,
    [WEBHOOK_HEADERS.delivery]: options.deliveryId,
  };
}

export interface VerifyWebhookSignatureOptions {
  readonly secret: string;
  /** The `Airlock-Timestamp` header as received. */
  readonly timestamp: string | null | undefined;
  /** The `Airlock-Signature` header as received. */
  readonly signature: string | null | undefined;
  /** The raw request body, exactly as received (not re-serialised JSON). */
  readonly body: string | Uint8Array;
  /** Largest accepted distance between the timestamp and `now`, either way (default 300). */
  readonly toleranceSeconds?: number;
  readonly now?: Date;
}

/**
 * Whether a request really comes from an Airlock holding `secret`, signed recently: the HMAC is
 * compared in constant time, and a timestamp further than `toleranceSeconds` from `now` (past or
 * future) is refused, so a captured request cannot be replayed later. Never throws.
 */
export function verifyWebhookSignature(options: VerifyWebhookSignatureOptions): boolean {
  const { secret, timestamp, signature, body } = options;
  if (!secret || !timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const nowSeconds = (options.now ?? new Date()).getTime() / 1000;
  if (!(Math.abs(nowSeconds - Number(timestamp)) <= tolerance)) return false;

  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'hex');
  let matched = false;
  for (const part of signature.split(',')) {
    const [version, value] = part.trim().split('=', 2);
    if (version !== SIGNATURE_VERSION || value === undefined || !/^[0-9a-f]{64}$/i.test(value)) continue;
    // Every candidate is compared (no early return) so timing says nothing about which one matched.
    if (timingSafeEqual(Buffer.from(value, 'hex'), expected)) matched = true;
  }
  return matched;
}
