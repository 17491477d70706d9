import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { clientThroughAirlock, FILESYSTEM_SERVER, mcpSandbox, toolText, type McpSandbox } from '../support/mcp.js';

/** `airlock mcp` with AIRLOCK_URL: the gateway decides, and an ask is its approval request — never the client's prompt. */
let box: McpSandbox;
let t: TestGateway;
let client: Client;
let elicited: string[];


beforeAll(async () => {
  box = mcpSandbox();
  t = await startTestGateway(`
environments:
  production:
    production: true
    autonomy: supervised
    match: { paths: ["${box.data}/prod/**"] }
approvals: { agentWaits: deny }
`);
  ({ client, elicited } = await clientThroughAirlock(box, [FILESYSTEM_SERVER, box.data], {
    env: { AIRLOCK_URL: t.gateway.url, AIRLOCK_TOKEN: t.tokens.agent },
    // The client could elicit, but with a gateway the approval is the gateway's.
    elicitation: () => ({ action: 'accept', content: { approve: true } }),
  }));
}, 60_000);
afterAll(async () => {
  await client?.close();
  await t?.close();
  box?.close();
});

describe('airlock mcp with a gateway configured', () => {
  it('a production write becomes an approval request; approved, the identical call runs once', async () => {
    const target = join(box.data, 'prod', 'limits.conf');
    const first = await client.callTool({ name: 'write_file', arguments: { path: target, content: 'max=5\n' } });
    expect(first.isError).toBe(true);
    const id = /Approval request ([0-9a-f-]{36})/.exec(toolText(first))?.[1];
    expect(id, toolText(first)).toBeDefined();
    expect(elicited).toEqual([]);
    expect(existsSync(target)).toBe(false);
    const request = (await t.api(t.tokens.alice, 'GET', `/v1/approvals/${id}`)).body;
    expect(request).toMatchObject({ agent: 'deploy-bot', kind: 'mcp', change: { source: 'mcp', payload: { tool: 'write_file' } } });

    await t.api(t.tokens.alice, 'POST', `/v1/approvals/${id}/approve`, { reason: 'limit raise agreed' });
    const retry = await client.callTool({ name: 'write_file', arguments: { path: target, content: 'max=5\n' } });
    expect(retry.isError).toBeFalsy();
    expect(readFileSync(target, 'utf8')).toBe('max=5\n');
    const again = await client.callTool({ name: 'write_file', arguments: { path: target, content: 'max=5\n' } });
    expect(again.isError).toBe(true);
  });

  it('a freeze at the gateway stops the proxy’s writes at once', async () => {
    await t.api(t.tokens.admin, 'POST', '/v1/freezes', { agent: 'deploy-bot', reason: 'stop: incident 9' });
    try {
      const write = await client.callTool({ name: 'write_file', arguments: { path: join(box.data, 'dev', 'x.txt'), content: 'x' } });
      expect(write.isError).toBe(true);
      expect(toolText(write)).toContain('incident 9');
      const read = await client.callTool({ name: 'read_file', arguments: { path: join(box.data, 'dev', 'notes.txt') } });
      expect(read.isError).toBeFalsy();
    } finally {
      await t.api(t.tokens.admin, 'POST', '/v1/freezes/lift', {});
    }
  });
});
