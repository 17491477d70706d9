import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { FILESYSTEM_SERVER, mcpSandbox, toolText, type McpSandbox } from '../support/mcp.js';

/** The same filesystem checks, with the client speaking Streamable HTTP to the gateway's /mcp/fs. */
let box: McpSandbox;
let t: TestGateway;
let client: Client;


async function connect(token: string): Promise<Client> {
  const connected = new Client({ name: 'airlock-http-test', version: '1.0.0' });
  await connected.connect(new StreamableHTTPClientTransport(new URL(`${t.gateway.url}/mcp/fs`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return connected;
}

beforeAll(async () => {
  box = mcpSandbox();
  t = await startTestGateway(`
environments:
  production:
    production: true
    autonomy: supervised
    match: { paths: ["${box.data}/prod/**"] }
  dev:
    match: { paths: ["${box.data}/dev/**"] }
approvals: { agentWaits: deny }
mcp:
  servers:
    fs: { command: ["${process.execPath}", "${FILESYSTEM_SERVER}", "${box.data}"] }
`);
  client = await connect(t.tokens.agent);
}, 60_000);
afterAll(async () => {
  await client?.close();
  await t?.close();
  box?.close();
});

describe('the gateway’s Streamable HTTP MCP route in front of server-filesystem', () => {
  it('reads pass, and the decisions are in the gateway’s audit log under the token’s agent', async () => {
    const read = await client.callTool({ name: 'read_file', arguments: { path: join(box.data, 'prod', 'orders.csv') } });
    expect(toolText(read)).toContain('1,10');
    const listing = await client.callTool({ name: 'list_directory', arguments: { path: join(box.data, 'dev') } });
    expect(toolText(listing)).toContain('notes.txt');
    const records = (await t.api(t.tokens.admin, 'GET', '/v1/audit?type=decision&limit=2')).body.records;
    expect(records.map((r: { agent: string; decision: string }) => [r.agent, r.decision])).toEqual([
      ['deploy-bot', 'allow'],
      ['deploy-bot', 'allow'],
    ]);
    const results = (await t.api(t.tokens.admin, 'GET', '/v1/audit?type=result&limit=2')).body.records;
    expect(results.map((r: { body: { status: string } }) => r.body.status)).toEqual(['ok', 'ok']);
  });

  it('write_file into production becomes an approval request; once approved, the retry writes', async () => {
    const target = join(box.data, 'prod', 'settings.conf');
    const first = await client.callTool({ name: 'write_file', arguments: { path: target, content: 'retries=3\n' } });
    expect(first.isError).toBe(true);
    const id = /Approval request ([0-9a-f-]{36})/.exec(toolText(first))?.[1];
    expect(id, toolText(first)).toBeDefined();
    expect(existsSync(target)).toBe(false);
    expect((await t.api(t.tokens.alice, 'POST', `/v1/approvals/${id}/approve`, { reason: 'config change reviewed' })).body.state).toBe('approved');
    const retry = await client.callTool({ name: 'write_file', arguments: { path: target, content: 'retries=3\n' } });
    expect(retry.isError).toBeFalsy();
    expect(readFileSync(target, 'utf8')).toBe('retries=3\n');
  });

  it('move_file over an existing production file is denied; nothing moves', async () => {
    const before = box.snapshot();
    const moved = await client.callTool({ name: 'move_file', arguments: { source: join(box.data, 'prod', 'orders.csv'), destination: join(box.data, 'prod', 'customers.csv') } });
    expect(moved.isError).toBe(true);
    expect(toolText(moved)).toMatch(/Airlock/);
    expect(box.snapshot()).toEqual(before);
  });

  it('needs an agent token; a session belongs to the token that opened it; unknown servers are 404', async () => {
    const anonymous = await fetch(`${t.gateway.url}/mcp/fs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(anonymous.status).toBe(401);
    const approver = await fetch(`${t.gateway.url}/mcp/fs`, { method: 'POST', headers: { authorization: `Bearer ${t.tokens.alice}`, 'content-type': 'application/json' }, body: '{}' });
    expect(approver.status).toBe(403);
    const unknown = await fetch(`${t.gateway.url}/mcp/nope`, { method: 'POST', headers: { authorization: `Bearer ${t.tokens.agent}`, 'content-type': 'application/json' }, body: '{}' });
    expect(unknown.status).toBe(404);
    const other = await t.gateway.createToken({ name: 'other-bot', role: 'agent' });
    const sessionId = (client.transport as StreamableHTTPClientTransport).sessionId!;
    const hijack = await fetch(`${t.gateway.url}/mcp/fs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${other}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': sessionId },
      body: JSON.stringify({ jsonrpc: '2.0', id: 99, method: 'tools/list' }),
    });
    expect(hijack.status).toBe(403);
  });

  it('an initialize the transport refuses leaves no server process behind', async () => {
    const { execFileSync } = await import('node:child_process');
    const servers = () => execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((line) => line.includes(FILESYSTEM_SERVER) && line.includes(box.data)).length;
    const before = servers();
    for (let i = 0; i < 3; i += 1) {
      const refused = await fetch(`${t.gateway.url}/mcp/fs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.tokens.agent}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }),
      });
      expect(refused.status).toBe(406);
    }
    // Stopping a server takes a moment (SIGTERM, then exit): wait for it, up to 15 s on a busy machine.
    for (let waited = 0; waited < 15_000 && servers() > before; waited += 250) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(servers()).toBe(before);
  });
});
