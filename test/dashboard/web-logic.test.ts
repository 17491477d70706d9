import { describe, expect, it } from 'vitest';
import { auditSummary, changeExcerpt, expiry, groupEffects } from '../../web/src/format.js';
import { SseParser, type SseMessage } from '../../web/src/sse.js';
import type { AuditRecord, Effect } from '../../web/src/types.js';

/** The dashboard's pure parts, without a browser: the event-stream parser and the formatting. */

function parse(chunks: readonly string[]): SseMessage[] {
  const messages: SseMessage[] = [];
  const parser = new SseParser((message) => messages.push(message));
  for (const chunk of chunks) parser.push(chunk);
  return messages;
}

describe('SSE parser', () => {
  it('reads events split anywhere across chunks, with any line ending', () => {
    const stream = 'event: approval\ndata: {"id":"a"}\n\n: ping\n\nevent: freeze\r\ndata: {"freezes":[]}\r\n\r\nevent: audit\rdata: {"seq":1}\r\r';
    const expected = [
      { event: 'approval', data: '{"id":"a"}' },
      { event: 'freeze', data: '{"freezes":[]}' },
      { event: 'audit', data: '{"seq":1}' },
    ];
    expect(parse([stream])).toEqual(expected);
    // One character at a time: a \r\n split between chunks is still one line ending.
    expect(parse([...stream])).toEqual(expected);
  });

  it('joins multi-line data, defaults the event name, and ignores comments and unknown fields', () => {
    expect(parse(['data: one\ndata:two\nid: 7\nretry: 100\n: comment\n\n', 'event: x\n\n'])).toEqual([{ event: 'message', data: 'one\ntwo' }]);
  });

  it('holds an unfinished event until its blank line arrives', () => {
    const messages: SseMessage[] = [];
    const parser = new SseParser((message) => messages.push(message));
    parser.push('event: approval\ndata: {"id"');
    expect(messages).toEqual([]);
    parser.push(':"b"}\n\n');
    expect(messages).toEqual([{ event: 'approval', data: '{"id":"b"}' }]);
  });
});

describe('formatting', () => {
  const effect = (operation: Effect['operation'], address: string): Effect => ({
    operation,
    resource: { kind: 'file', address },
    reversible: operation === 'create',
    destroysData: operation === 'delete',
    summary: `${operation} ${address}`,
  });

  it('groups effects by operation, deletes and replaces first, reads last', () => {
    const groups = groupEffects([effect('read', 'a'), effect('create', 'b'), effect('replace', 'c'), effect('update', 'd'), effect('delete', 'e'), effect('delete', 'f')]);
    expect(groups.map((group) => [group.operation, group.effects.length])).toEqual([
      ['delete', 2],
      ['replace', 1],
      ['update', 1],
      ['create', 1],
      ['read', 1],
    ]);
  });

  it('shows a plan as its resource changes, destructive first, truncated', () => {
    const resourceChanges = [
      { address: 'aws_s3_bucket.logs', change: { actions: ['no-op'] } },
      { address: 'aws_instance.web', change: { actions: ['update'] } },
      { address: 'aws_db_instance.main', change: { actions: ['delete', 'create'] } },
      ...Array.from({ length: 50 }, (_, index) => ({ address: `aws_route53_record.r${index}`, change: { actions: ['create'] } })),
    ];
    const excerpt = changeExcerpt({ kind: 'terraform', source: 'http', agent: 'a', payload: { plan: { resource_changes: resourceChanges } } });
    expect(excerpt.type).toBe('plan');
    if (excerpt.type !== 'plan') return;
    expect(excerpt.rows[0]).toEqual({ address: 'aws_db_instance.main', actions: 'replace [delete, create]', destructive: true });
    expect(excerpt.rows).toHaveLength(40);
    expect(excerpt.more).toBe(12);
    expect(excerpt.unchanged).toBe(1);
    expect(changeExcerpt({ kind: 'shell', source: 'http', agent: 'a', payload: { command: 'rm -rf /' } })).toEqual({ type: 'command', text: 'rm -rf /' });
  });

  it('counts down to expiry', () => {
    const now = Date.parse('2026-01-01T10:00:00Z');
    expect(expiry('2026-01-01T10:29:41Z', now)).toEqual({ text: 'expires in 29:41', soon: false });
    expect(expiry('2026-01-01T10:04:00Z', now)).toEqual({ text: 'expires in 4:00', soon: true });
    expect(expiry('2026-01-01T09:59:00Z', now).text).toBe('expired');
    expect(expiry('2026-01-01T12:05:00Z', now).text).toBe('expires in 2 h 05 min');
  });

  it('sums up audit records of every type in one line', () => {
    const base: AuditRecord = {
      seq: 1, id: 'r', at: '2026-01-01T10:00:00Z', type: 'decision', agent: 'deploy-bot', source: 'http', kind: 'shell',
      environment: 'prod', digest: null, decision: 'ask', enforced: 'ask', mode: 'enforce', wouldBlock: false, severity: 'high', body: {},
    };
    expect(auditSummary({ ...base, body: { change: { payload: { command: 'kubectl delete ns shop' } }, assessment: { reasons: ['deletes namespace shop'] } } })).toBe(
      'kubectl delete ns shop — deletes namespace shop',
    );
    expect(auditSummary({ ...base, type: 'approval', body: { action: 'approved', requestId: '0123456789', by: 'alice', reason: 'ok' } })).toBe('request 01234567 approved by alice: “ok”');
    expect(auditSummary({ ...base, type: 'freeze', body: { action: 'freeze', freeze: { agent: null, environment: 'prod', by: 'root', reason: 'incident' } } })).toBe(
      'kill switch on for every agent in prod by root: “incident”',
    );
    expect(auditSummary({ ...base, type: 'error', body: { error: { message: 'bad input' } } })).toBe('error: bad input');
  });
});
