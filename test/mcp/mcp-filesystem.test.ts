import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { clientThroughAirlock, FILESYSTEM_SERVER, mcpSandbox, toolText, type McpSandbox } from '../support/mcp.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function setUp(elicitation?: NonNullable<Parameters<typeof clientThroughAirlock>[2]>['elicitation']) {
  const box = mcpSandbox();
  cleanup.push(() => box.close());
  const connection = await clientThroughAirlock(box, [FILESYSTEM_SERVER, box.data], { elicitation });
  cleanup.push(() => connection.client.close());
  return { box, ...connection };
}


function audit(box: McpSandbox, type: string): { agent: string; decision: string | null; body: Record<string, unknown> }[] {
  const db = new Database(join(box.home, 'audit.db'), { readonly: true });
  try {
    return (db.prepare('select agent, decision, body from audit_records where type = ? order by seq').all(type) as { agent: string; decision: string | null; body: string }[]).map((row) => ({
      ...row,
      body: JSON.parse(row.body) as Record<string, unknown>,
    }));
  } finally {
    db.close();
  }
}

describe('airlock mcp -- @modelcontextprotocol/server-filesystem (stdio, real SDK client)', () => {
  it('reads pass: read_file and list_directory answer as the server does', async () => {
    const { box, client } = await setUp();
    const read = await client.callTool({ name: 'read_file', arguments: { path: join(box.data, 'prod', 'orders.csv') } });
    expect(read.isError).toBeFalsy();
    expect(toolText(read)).toContain('1,10');
    const listing = await client.callTool({ name: 'list_directory', arguments: { path: join(box.data, 'prod') } });
    expect(toolText(listing)).toMatch(/\[FILE\] customers\.csv/);
    const decisions = audit(box, 'decision');
    expect(decisions.map((d) => d.decision)).toEqual(['allow', 'allow']);
    expect(decisions[0]!.body['change']).toMatchObject({ kind: 'mcp', source: 'mcp', payload: { tool: 'read_file' } });
    // Each allowed call's outcome is recorded too, tied to the session.
    const results = audit(box, 'result');
    expect(results.map((r) => r.body['status'])).toEqual(['ok', 'ok']);
    expect(results[0]!.body['session']).toBe((decisions[0]!.body['change'] as { session: string }).session);
  });

  it('write_file into production asks the person at the client; a decline leaves the file system unchanged', async () => {
    const { box, client, elicited } = await setUp(() => ({ action: 'decline' }));
    const before = box.snapshot();
    const target = join(box.data, 'prod', 'new.conf');
    const result = await client.callTool({ name: 'write_file', arguments: { path: target, content: 'x=1\n' } });
    expect(elicited).toHaveLength(1);
    expect(elicited[0]).toMatch(/write_file/);
    expect(result.isError).toBe(true);
    expect(toolText(result)).toMatch(/did not approve/);
    expect(existsSync(target)).toBe(false);
    expect(box.snapshot()).toEqual(before);
    expect(audit(box, 'decision').at(-1)).toMatchObject({ decision: 'ask' });
    expect(audit(box, 'approval').at(-1)!.body['action']).toBe('elicited-decline');
  });

  it('write_file into production runs once the person at the client accepts', async () => {
    const { box, client } = await setUp(() => ({ action: 'accept', content: { approve: true } }));
    const target = join(box.data, 'prod', 'new.conf');
    const result = await client.callTool({ name: 'write_file', arguments: { path: target, content: 'x=1\n' } });
    expect(result.isError).toBeFalsy();
    expect(readFileSync(target, 'utf8')).toBe('x=1\n');
  });

  it('without elicitation, an ask is a tool error that says approval is needed; nothing is written', async () => {
    const { box, client } = await setUp();
    const before = box.snapshot();
    const result = await client.callTool({ name: 'write_file', arguments: { path: join(box.data, 'prod', 'new.conf'), content: 'x' } });
    expect(result.isError).toBe(true);
    expect(toolText(result)).toMatch(/needs approval/);
    expect(box.snapshot()).toEqual(before);
  });

  it('move_file over an existing production file is denied, even with elicitation; nothing moves', async () => {
    const { box, client, elicited } = await setUp(() => ({ action: 'accept', content: { approve: true } }));
    const before = box.snapshot();
    const result = await client.callTool({
      name: 'move_file',
      arguments: { source: join(box.data, 'prod', 'orders.csv'), destination: join(box.data, 'prod', 'customers.csv') },
    });
    expect(result.isError).toBe(true);
    expect(toolText(result)).toMatch(/Airlock/);
    // Two people must approve production data loss: the one person at the client is not asked.
    expect(elicited).toEqual([]);
    expect(box.snapshot()).toEqual(before);
  });

  it('with mcp.elicitation off, the client is never asked: an ask is a deny', async () => {
    const box = mcpSandbox('mcp:\n  elicitation: false\n');
    cleanup.push(() => box.close());
    const { client, elicited } = await clientThroughAirlock(box, [FILESYSTEM_SERVER, box.data], { elicitation: () => ({ action: 'accept', content: { approve: true } }) });
    cleanup.push(() => client.close());
    const result = await client.callTool({ name: 'write_file', arguments: { path: join(box.data, 'prod', 'new.conf'), content: 'x' } });
    expect(result.isError).toBe(true);
    expect(elicited).toEqual([]);
    expect(existsSync(join(box.data, 'prod', 'new.conf'))).toBe(false);
  });

  it('a path through a symbolic link from dev into production is production; a relative path is refused', async () => {
    const { box, client, elicited } = await setUp(() => ({ action: 'decline' }));
    symlinkSync(join(box.data, 'prod'), join(box.data, 'dev', 'p'));
    const before = box.snapshot();
    const linked = await client.callTool({ name: 'write_file', arguments: { path: join(box.data, 'dev', 'p', 'orders.csv'), content: '' } });
    expect(linked.isError).toBe(true);
    const relative = await client.callTool({ name: 'write_file', arguments: { path: 'prod/orders.csv', content: 'PWNED' } });
    expect(relative.isError).toBe(true);
    const home = await client.callTool({ name: 'write_file', arguments: { path: '~/data/prod/customers.csv', content: 'PWNED' } });
    expect(home.isError).toBe(true);
    // The linked write is production data loss (two approvers): refused without asking. The
    // relative ones are unknown: the person is asked, told Airlock cannot place the path, declines.
    expect(elicited).toHaveLength(2);
    for (const message of elicited) expect(message).toMatch(/cannot place/);
    expect(readFileSync(join(box.data, 'prod', 'orders.csv'), 'utf8')).toBe(before['/prod/orders.csv']);
    expect(readFileSync(join(box.data, 'prod', 'customers.csv'), 'utf8')).toBe(before['/prod/customers.csv']);
  });

  it('dev writes run without asking', async () => {
    const { box, client, elicited } = await setUp(() => ({ action: 'decline' }));
    const result = await client.callTool({ name: 'write_file', arguments: { path: join(box.data, 'dev', 'todo.txt'), content: 'ok' } });
    expect(result.isError).toBeFalsy();
    expect(elicited).toEqual([]);
    expect(readFileSync(join(box.data, 'dev', 'todo.txt'), 'utf8')).toBe('ok');
  });
});
