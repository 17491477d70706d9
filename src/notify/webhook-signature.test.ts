import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhookBody, verifyWebhookSignature, webhookHeaders } from './webhook-signature.js';

const secret = 'whsec_0123456789abcdef0123';
const body = '{"type":"approval.created","approval":{"id":"apr_1"}}';
const now = new Date('2026-11-24T12:00:00Z');
const timestamp = String(Math.floor(now.getTime() / 1000));

/** What a receiver without Airlock's code computes: the scheme written out with node:crypto alone. */
function independentSignature(key: string, ts: string, raw: string): string {
  return `v1=${createHmac('sha256', key).update(`${ts}.${raw}`).digest('hex')}`;
}

describe('webhook signature', () => {
  it('signs HMAC-SHA256 over "<timestamp>.<raw body>", as an independent implementation computes it', () => {
    expect(signWebhookBody({ secret, timestamp, body })).toBe(independentSignature(secret, timestamp, body));
    expect(signWebhookBody({ secret, timestamp, body: Buffer.from(body) })).toBe(independentSignature(secret, timestamp, body));
  });

  it('builds the four headers for one attempt', () => {
    const headers = webhookHeaders({ secret, body, event: 'approval.created', deliveryId: 'd-1', now });
    expect(headers).toEqual({
      'Airlock-Timestamp': timestamp,
      'Airlock-Signature': independentSignature(secret, timestamp, body),
      'Airlock-Event': 'approval.created',
      'Airlock-Delivery': 'd-1',
    });
  });

  it('accepts a valid signature, over a string or the raw bytes', () => {
    const signature = independentSignature(secret, timestamp, body);
    expect(verifyWebhookSignature({ secret, timestamp, signature, body, now })).toBe(true);
    expect(verifyWebhookSignature({ secret, timestamp, signature, body: Buffer.from(body), now })).toBe(true);
  });

  it.each([
    ['a tampered body', { body: body.replace('apr_1', 'apr_2') }],
    ['another secret', { secret: 'whsec_another-secret-entirely' }],
    ['a tampered timestamp', { timestamp: String(Number(timestamp) - 1) }],
    ['a stale timestamp', { now: new Date(now.getTime() + 301_000) }],
    ['a timestamp from the future', { now: new Date(now.getTime() - 301_000) }],
    ['no signature', { signature: undefined }],
    ['no timestamp', { timestamp: null }],
    ['a timestamp that is not a number', { timestamp: '1e9' }],
    ['an unknown scheme', { signature: `v0=${independentSignature(secret, timestamp, body).slice(3)}` }],
    ['a truncated signature', { signature: independentSignature(secret, timestamp, body).slice(0, 40) }],
    ['a signature that is not hex', { signature: `v1=${'z'.repeat(64)}` }],
    ['an empty secret', { secret: '' }],
  ])('rejects %s', (_label, change) => {
    const signature = independentSignature(secret, timestamp, body);
    expect(verifyWebhookSignature({ secret, timestamp, signature, body, now, ...change })).toBe(false);
  });

  it('accepts a timestamp exactly at the tolerance, and honours a custom tolerance', () => {
    const signature = independentSignature(secret, timestamp, body);
    expect(verifyWebhookSignature({ secret, timestamp, signature, body, now: new Date(now.getTime() + 300_000) })).toBe(true);
    expect(verifyWebhookSignature({ secret, timestamp, signature, body, now: new Date(now.getTime() + 60_000), toleranceSeconds: 30 })).toBe(false);
  });

  it('accepts any one of several v1 signatures (secret rotation)', () => {
    const signature = `${independentSignature('whsec_the-old-secret-value', timestamp, body)}, ${independentSignature(secret, timestamp, body)}`;
    expect(verifyWebhookSignature({ secret, timestamp, signature, body, now })).toBe(true);
  });
});
