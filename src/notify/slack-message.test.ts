import { describe, expect, it } from 'vitest';
import { approvalFixture } from './approval-test-kit.js';
import { buildSlackMessage, type SlackBlock, type SlackText } from './slack-message.js';

const dashboardUrl = 'https://airlock.example.com/';
const requestUrl = 'https://airlock.example.com/#/approvals/apr_01JD7Y8Q3N';

function texts(blocks: readonly SlackBlock[]): string[] {
  return blocks.flatMap((block): string[] => {
    switch (block.type) {
      case 'header':
        return [block.text.text];
      case 'section':
        return [...(block.text ? [block.text.text] : []), ...(block.fields ?? []).map((field: SlackText) => field.text)];
      case 'context':
        return block.elements.map((element) => element.text);
      case 'actions':
        return block.elements.map((element) => element.text.text);
    }
  });
}

describe('Slack message', () => {
  it('announces a new request: header, summary, facts, riskiest effects first, reasons and a dashboard button', () => {
    const approval = approvalFixture();
    const message = buildSlackMessage({ type: 'approval.created', approval, dashboardUrl });
    const types = message.blocks.map((block) => block.type);
    expect(types[0]).toBe('header');
    expect(types).toContain('actions');

    const header = message.blocks[0];
    expect(header).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Approval needed: terraform change in prod' } });
    expect(message.blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: approval.summary } });

    const facts = message.blocks.find((block) => block.type === 'section' && block.fields);
    expect(facts?.type === 'section' ? facts.fields?.map((field) => field.text) : []).toEqual([
      '*Agent*\nclaude-code for alice',
      '*Environment*\nprod (production)',
      '*Severity*\ncritical',
      '*Blast radius*\n7 resources · 2 customer-facing at risk',
      '*Approvers*\n0 of 2 · role dba or sre · not the requester',
    ]);

    const all = texts(message.blocks).join('\n');
    const effects = texts(message.blocks).find((text) => text.startsWith('*What it changes*')) ?? '';
    const order = ['aws_db_instance.main', 'aws_lb.public', 'aws_ecs_service.orders', 'aws_s3_bucket.exports'].map((address) => effects.indexOf(address));
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(effects).toContain('• *delete* `aws_db_instance.main` (destroys data) — deletes the database');
    expect(effects).not.toContain('data.aws_vpc.main'); // reads are not changes
    expect(all).toContain('*Why it needs approval*\n• destroying data in production needs two approvers');

    const actions = message.blocks.find((block) => block.type === 'actions');
    expect(actions).toEqual({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Review in dashboard' }, url: requestUrl, action_id: 'airlock_open_request', style: 'primary' }],
    });
    expect(message.text).toBe(`Approval needed: ${approval.summary}\n${requestUrl}`);
  });

  it('never carries the change payload', () => {
    const json = JSON.stringify(buildSlackMessage({ type: 'approval.created', approval: approvalFixture(), dashboardUrl }));
    expect(json).not.toContain('SUPER-SECRET-PASSWORD');
  });

  it('escapes what the agent wrote, so it cannot ping a channel or forge a link', () => {
    const approval = approvalFixture({ summary: 'wants to <!channel> run <https://evil.example|the dashboard> & more' });
    const message = buildSlackMessage({ type: 'approval.created', approval, dashboardUrl });
    const json = JSON.stringify(message);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<https://evil.example');
    expect(message.blocks[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: 'wants to &lt;!channel&gt; run &lt;https://evil.example|the dashboard&gt; &amp; more' },
    });
  });

  it('keeps every block within Slack limits for a huge request', () => {
    const long = 'x'.repeat(10_000);
    const approval = approvalFixture({ summary: long, environment: long, kind: long });
    const message = buildSlackMessage({ type: 'approval.created', approval, dashboardUrl });
    const header = message.blocks[0];
    expect(header?.type === 'header' && header.text.text.length).toBeLessThanOrEqual(150);
    for (const block of message.blocks) {
      if (block.type !== 'section') continue;
      expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
      for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(2000);
    }
    expect(message.text.endsWith(`\n${requestUrl}`)).toBe(true);
  });

  it('says how a request ended, by whom and why, from its ending', () => {
    const approval = approvalFixture({
      state: 'rejected',
      updatedAt: '2026-11-24T12:05:00.000Z',
      ending: { state: 'rejected', by: 'bob', at: '2026-11-24T12:05:00.000Z', reason: 'take a snapshot first' },
    });
    const message = buildSlackMessage({ type: 'approval.ended', approval, dashboardUrl });
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Rejected: terraform change in prod' } });
    expect(message.blocks[2]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*Rejected* by bob: take a snapshot first' } });
    expect(message.text).toBe(`Rejected: ${approval.summary} — by bob: take a snapshot first\n${requestUrl}`);
    const actions = message.blocks.find((block) => block.type === 'actions');
    expect(actions?.type === 'actions' && actions.elements[0]).toMatchObject({ text: { text: 'Open in dashboard' }, url: requestUrl });
  });

  it('for an approval, names the approvers and the last one’s reason', () => {
    const approval = approvalFixture({
      state: 'approved',
      approvals: [
        { by: 'carol', roles: ['dba'], at: '2026-11-24T12:03:00.000Z', reason: 'snapshot taken' },
        { by: 'dave', roles: ['sre'], at: '2026-11-24T12:04:00.000Z', reason: 'LB swap in maintenance window' },
      ],
    });
    const message = buildSlackMessage({ type: 'approval.ended', approval, dashboardUrl });
    expect(message.blocks[2]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*Approved* by carol, dave: LB swap in maintenance window' } });
    expect(texts(message.blocks)).toContain('*Approvers*\n2 of 2 · role dba or sre · not the requester');
  });
});
