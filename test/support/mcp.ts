import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { BIN } from './run-airlock.js';

const require = createRequire(import.meta.url);
/** The official filesystem server from npm, run by path (no npx, no network). */
export const FILESYSTEM_SERVER = join(dirname(require.resolve('@modelcontextprotocol/server-filesystem/package.json')), 'dist', 'index.js');
/** The official "everything" test server (resources, prompts, progress, long-running tools). */
export const EVERYTHING_SERVER = join(dirname(require.resolve('@modelcontextprotocol/server-everything/package.json')), 'dist', 'index.js');

/** A temp tree with a production part (prod/) and a dev part (dev/), an AIRLOCK_HOME and a config that says so. */
export interface McpSandbox {
  readonly root: string;
  readonly data: string;
  readonly home: string;
  readonly configPath: string;
  /** path → content of every file under data/, to show nothing changed. */
  snapshot(): Record<string, string>;
  close(): void;
}

export function mcpSandbox(extraConfig = ''): McpSandbox {
  const root = mkdtempSync(join(tmpdir(), 'airlock-mcp-'));
  const data = join(root, 'data');
  mkdirSync(join(data, 'prod'), { recursive: true });
  mkdirSync(join(data, 'dev'), { recursive: true });
  writeFileSync(join(data, 'prod', 'orders.csv'), 'id,total\n1,10\n');
  writeFileSync(join(data, 'prod', 'customers.csv'), 'id,name\n1,Ada\n');
  writeFileSync(join(data, 'dev', 'notes.txt'), 'scratch\n');
  const configPath = join(root, 'airlock.yaml');
  writeFileSync(
    configPath,
    // Production is supervised: every write there waits for a person (policy marks those paths).
    `environments:\n  production:\n    production: true\n    autonomy: supervised\n    match: { paths: ["${data}/prod/**"] }\n  dev:\n    match: { paths: ["${data}/dev/**"] }\n${extraConfig}`,
  );
  const home = join(root, 'home');
  return {
    root,
    data,
    home,
    configPath,
    snapshot() {
      const files: Record<string, string> = {};
      const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
          const path = join(dir, name);
          if (statSync(path).isDirectory()) walk(path);
          else files[path.slice(data.length)] = readFileSync(path, 'utf8');
        }
      };
      walk(data);
      return files;
    },
    close: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** An SDK client that launches `airlock mcp -- <server…>` over stdio, as Claude Code or Cursor would. */
export async function clientThroughAirlock(
  box: McpSandbox,
  server: string[],
  options: { elicitation?: (message: string) => { action: 'accept' | 'decline' | 'cancel'; content?: Record<string, unknown> }; env?: Record<string, string>; airlockArgs?: string[] } = {},
): Promise<{ client: Client; elicited: string[]; stderr: () => string }> {
  const elicited: string[] = [];
  const client = new Client({ name: 'airlock-test-client', version: '1.0.0' }, { capabilities: options.elicitation ? { elicitation: {} } : {} });
  if (options.elicitation) {
    const { ElicitRequestSchema } = await import('@modelcontextprotocol/sdk/types.js');
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      elicited.push(request.params.message);
      return options.elicitation!(request.params.message);
    });
  }
  let stderr = '';
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp', '--config', box.configPath, '--agent', 'test-agent', ...(options.airlockArgs ?? []), '--', ...server],
    env: { PATH: process.env['PATH'] ?? '', HOME: box.root, AIRLOCK_HOME: box.home, ...options.env },
    cwd: box.root,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await client.connect(transport);
  return { client, elicited, stderr: () => stderr };
}

/** The same client talking to the server directly (the baseline for transparency). */
export async function clientDirect(server: string[], cwd: string): Promise<Client> {
  const client = new Client({ name: 'airlock-test-client', version: '1.0.0' }, { capabilities: {} });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: server, cwd, stderr: 'pipe', env: { PATH: process.env['PATH'] ?? '' } }));
  return client;
}

/** The text parts of a tool result, joined: what the model would read. */
export function toolText(result: Awaited<ReturnType<Client['callTool']>>): string {
  return (result.content as { type: string; text: string }[]).map((c) => c.text).join('\n');
}
