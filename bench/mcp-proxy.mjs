// The MCP proxy's added latency: one trivial tool call (server-everything's `echo`) through
// `airlock mcp` against the same call to the same server directly, interleaved in the same run.
// Both are real stdio connections made by the official SDK client.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { compare } from './stats.mjs';

const require = createRequire(import.meta.url);
const bin = fileURLToPath(new URL('../bin/airlock.js', import.meta.url));
const everything = join(dirname(require.resolve('@modelcontextprotocol/server-everything/package.json')), 'dist', 'index.js');

async function connect(args, env, cwd) {
  const client = new Client({ name: 'airlock-bench', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args, env, cwd, stderr: 'ignore' }));
  return client;
}

export async function run({ quick = false } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'airlock-bench-mcp-'));
  const configPath = join(root, 'airlock.yaml');
  // The agent is autonomous so the call is allowed: what is measured is the proxy plus one decision.
  writeFileSync(configPath, 'agents:\n  bench-agent:\n    autonomy: autonomous\n');
  const env = { PATH: process.env.PATH, HOME: root, AIRLOCK_HOME: join(root, 'home') };
  const direct = await connect([everything], env, root);
  const proxied = await connect([bin, 'mcp', '--config', configPath, '--agent', 'bench-agent', '--', everything], env, root);
  const call = (client) => async (i) => {
    const result = await client.callTool({ name: 'echo', arguments: { message: `m${i}` } });
    if (result.isError) throw new Error(`echo failed: ${JSON.stringify(result.content)}`);
  };
  try {
    const r = await compare({ target: call(proxied), baseline: call(direct), iterations: quick ? 50 : 500, warmup: 20, rounds: 5 });
    const added = r.target.p50 - r.baseline.p50;
    return [
      {
        name: 'MCP tool call through airlock mcp (echo, allowed and recorded)',
        baselineName: 'the same call to the same server directly',
        audit: 'SQLite file, synchronous=FULL',
        ...r,
        addedP50: added,
        goal: { text: `added p50 ≤ 1 ms (${(added / 1000).toFixed(2)} ms), ratio ≤ 1.3`, met: added <= 1000 && r.ratioP50 <= 1.3 },
      },
    ];
  } finally {
    await direct.close();
    await proxied.close();
    rmSync(root, { recursive: true, force: true });
  }
}
