import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { clientDirect, clientThroughAirlock, EVERYTHING_SERVER, FILESYSTEM_SERVER, mcpSandbox, type McpSandbox } from '../support/mcp.js';

/**
 * Airlock in between must change nothing but tool calls it refuses: the same server, once direct
 * and once through `airlock mcp`, answers the same. The agent is autonomous here so every call of
 * the test server is allowed and only the relay is under test.
 */
let box: McpSandbox;
let direct: Client;
let proxied: Client;
beforeAll(async () => {
  box = mcpSandbox('agents:\n  test-agent:\n    autonomy: autonomous\n');
  direct = await clientDirect([EVERYTHING_SERVER], box.root);
  proxied = (await clientThroughAirlock(box, [EVERYTHING_SERVER])).client;
}, 60_000);
afterAll(async () => {
  await direct?.close();
  await proxied?.close();
  box?.close();
});

describe('airlock mcp is transparent for everything but refused tool calls (server-everything)', () => {
  it('initialize: the same server identity, capabilities and instructions', () => {
    expect(proxied.getServerVersion()).toEqual(direct.getServerVersion());
    expect(proxied.getServerCapabilities()).toEqual(direct.getServerCapabilities());
    expect(proxied.getInstructions()).toEqual(direct.getInstructions());
  });

  it('tools/list, prompts/list and resources/list are identical', async () => {
    expect(await proxied.listTools()).toEqual(await direct.listTools());
    expect(await proxied.listPrompts()).toEqual(await direct.listPrompts());
    const resources = await direct.listResources();
    expect(await proxied.listResources()).toEqual(resources);
    const uri = resources.resources[0]!.uri;
    expect(await proxied.readResource({ uri })).toEqual(await direct.readResource({ uri }));
  });

  it('a long-running call reports the same progress and result', async () => {
    const run = async (client: Client) => {
      const progress: number[] = [];
      const result = await client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 0.3, steps: 3 } }, undefined, {
        onprogress: (p) => progress.push(p.progress),
      });
      return { progress, result };
    };
    const viaAirlock = await run(proxied);
    const withoutAirlock = await run(direct);
    expect(viaAirlock.result).toEqual(withoutAirlock.result);
    // Every step's progress arrives through Airlock, in order. (Directly, the SDK client sometimes
    // drops the last one, which the server sends just before the result.)
    expect(viaAirlock.progress).toEqual([1, 2, 3]);
    expect([1, 2, 3].slice(0, withoutAirlock.progress.length)).toEqual(withoutAirlock.progress);
  });

  it('a cancelled call is cancelled, and the connection stays usable', async () => {
    const controller = new AbortController();
    const call = proxied.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 5, steps: 5 } }, undefined, { signal: controller.signal });
    setTimeout(() => controller.abort('changed my mind'), 200);
    await expect(call).rejects.toThrow();
    expect(await proxied.ping()).toEqual({});
    const echoed = await proxied.callTool({ name: 'echo', arguments: { message: 'still here' } });
    expect(JSON.stringify(echoed.content)).toContain('still here');
  });

  it('a server error reaches the client unchanged', async () => {
    const a = await direct.callTool({ name: 'no-such-tool', arguments: {} }).catch((error: Error) => error.message);
    const b = await proxied.callTool({ name: 'no-such-tool', arguments: {} }).catch((error: Error) => error.message);
    expect(b).toEqual(a);
  });

  it("the server's own requests (elicitation) reach the client and its answer goes back", async () => {
    const elicitBox = mcpSandbox('agents:\n  test-agent:\n    autonomy: autonomous\n');
    const { client, elicited } = await clientThroughAirlock(elicitBox, [EVERYTHING_SERVER], {
      elicitation: () => ({ action: 'accept', content: { color: 'red' } }),
    });
    try {
      client.setRequestHandler(ElicitRequestSchema, async (request) => {
        elicited.push(request.params.message);
        return { action: 'decline' };
      });
      const result = await client.callTool({ name: 'trigger-elicitation-request', arguments: {} });
      expect(elicited.length).toBe(1);
      expect(JSON.stringify(result.content)).toMatch(/decline/i);
    } finally {
      await client.close();
      elicitBox.close();
    }
  });
});

describe('observe autonomy', () => {
  it('hides tools that write from tools/list, and still refuses them if called', async () => {
    const observeBox = mcpSandbox('agents:\n  test-agent:\n    autonomy: observe\n');
    const { client } = await clientThroughAirlock(observeBox, [FILESYSTEM_SERVER, observeBox.data]);
    try {
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names).toContain('read_file');
      expect(names).toContain('list_directory');
      expect(names).not.toContain('write_file');
      expect(names).not.toContain('move_file');
      const write = await client.callTool({ name: 'write_file', arguments: { path: `${observeBox.data}/dev/x.txt`, content: 'x' } });
      expect(write.isError).toBe(true);
    } finally {
      await client.close();
      observeBox.close();
    }
  });
});

describe('airlock mcp --upstream (a remote server over Streamable HTTP)', () => {
  it('lists the same tools and passes an allowed call through', async () => {
    const { spawn } = await import('node:child_process');
    const { createServer } = await import('node:net');
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const remote = spawn(process.execPath, [EVERYTHING_SERVER, 'streamableHttp'], { env: { PATH: process.env['PATH'] ?? '', PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
    const upBox = mcpSandbox('agents:\n  test-agent:\n    autonomy: autonomous\n');
    try {
      await new Promise<void>((resolve, reject) => {
        remote.stderr!.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('listening')) resolve();
        });
        remote.once('exit', (code) => reject(new Error(`server-everything exited ${code}`)));
      });
      const { client } = await clientThroughAirlock(upBox, [], { airlockArgs: ['--upstream', `http://127.0.0.1:${port}/mcp`] });
      try {
        expect((await client.listTools()).tools.map((t) => t.name)).toEqual((await direct.listTools()).tools.map((t) => t.name));
        const echoed = await client.callTool({ name: 'echo', arguments: { message: 'over http' } });
        expect(JSON.stringify(echoed.content)).toContain('over http');
      } finally {
        await client.close();
      }
    } finally {
      remote.kill();
      upBox.close();
    }
  });
});
