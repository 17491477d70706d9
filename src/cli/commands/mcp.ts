import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { write } from '../cli-io.js';

interface McpOptions {
  upstream?: string;
  server?: string;
  agent?: string;
  env?: string;
  config?: string;
}

/**
 * `airlock mcp -- <server command…>` / `airlock mcp --upstream <url>`: put Airlock in front of an
 * MCP server. The MCP client launches this instead of the server; stdout carries only MCP.
 */
export function registerMcp(program: Command, io: CliIo): void {
  program
    .command('mcp')
    .description('put Airlock in front of an MCP server: `airlock mcp -- <server command…>` or `airlock mcp --upstream <url>`; every tools/call is decided first')
    .argument('[command...]', 'the MCP server to start (after `--`)')
    .option('--upstream <url>', 'a remote MCP server (Streamable HTTP) instead of a command')
    .option('--server <name>', "the server's name in Changes and policy (default: from the command or URL)")
    .option('--agent <name>', 'the agent behind the client, for policy and the audit log (also AIRLOCK_AGENT; default mcp)')
    .option('--env <name>', 'the environment these tool calls target (also AIRLOCK_ENV)')
    .option('--config <path>', "airlock.yaml to use (also AIRLOCK_CONFIG; default AIRLOCK_HOME/airlock.yaml — never one from the client's working tree)")
    .addHelpText('after', '\nWith AIRLOCK_URL and AIRLOCK_TOKEN set, the gateway decides (approvals included). See README "MCP".')
    .action(async (command: string[], options: McpOptions) => {
      const { AirlockError } = await import('../../errors/index.js');
      if ((command.length > 0) === (options.upstream !== undefined)) {
        throw new AirlockError('usage', 'give either a server command after `--` or --upstream <url>, not both and not neither', {
          hint: 'airlock mcp -- npx -y @modelcontextprotocol/server-filesystem /srv/data   or   airlock mcp --upstream https://mcp.example.com/mcp',
        });
      }
      const { startMcpProxy } = await import('../../mcp-proxy/start-mcp-proxy.js');
      const proxy = await startMcpProxy({
        env: io.env,
        cwd: io.cwd,
        configPath: options.config,
        agent: options.agent ?? (io.env['AIRLOCK_AGENT'] || undefined),
        environment: options.env ?? (io.env['AIRLOCK_ENV'] || undefined),
        server: options.server,
        upstream: options.upstream !== undefined ? { url: options.upstream } : { command: command[0]!, args: command.slice(1) },
        log: (line) => write(io.stderr, line),
      });
      const stop = () => void proxy.close();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      // The client closing its end of stdin is the end of the session (the SDK's stdio transport
      // does not notice by itself): stop the server too, rather than leave it running.
      io.stdin.once('end', stop);
      io.stdin.once('close', stop);
      await proxy.relay.closed;
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.stdin.off('end', stop);
      io.stdin.off('close', stop);
    });
}
