import { randomUUID } from 'node:crypto';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { createAnalyzerRegistry } from '../analyze/registry.js';
import { AirlockError } from '../errors/index.js';
import { gatewayClientFromEnv, type GatewayClient } from '../gateway-client/gateway-client.js';
import { verdictOf } from '../hook-client/decide-hook.js';
import type { ChangeRequest } from '../model/index.js';
import { openRuntime, type Runtime } from '../pipeline/index.js';
import { mcpChangeRequest, observeFilter } from './mcp-change.js';
import { createMcpRelay, type DecideContext, type McpRelay, type McpToolCall, type ToolVerdict } from './mcp-relay.js';

export type McpUpstream = { readonly command: string; readonly args: readonly string[] } | { readonly url: string };

export interface McpProxyOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly configPath?: string | undefined;
  /** Agent name in policy and the audit log (default `mcp`). */
  readonly agent?: string | undefined;
  /** Environment pin, as `--env` (otherwise recognised from what each call names). */
  readonly environment?: string | undefined;
  /** The server's identity in Changes (`<server>/<tool>`); default: the command's or host's name. */
  readonly server?: string | undefined;
  readonly upstream: McpUpstream;
  /** Default: this process's stdin/stdout. */
  readonly downstream?: Transport | undefined;
  /** Where the upstream server's stderr and the proxy's own messages go (never stdout). */
  readonly log: (line: string) => void;
}

export interface RunningMcpProxy {
  readonly session: string;
  readonly relay: McpRelay;
  close(): Promise<void>;
}

/**
 * A server's name from its command or URL: the last path segment that names a server
 * (`…/@modelcontextprotocol/server-filesystem/dist/index.js` → server-filesystem), else the
 * command's own name; a URL's host. Rules in mcp.tools match on it, so `--server` overrides it.
 */
export function serverIdentity(upstream: McpUpstream): string {
  if ('url' in upstream) return new URL(upstream.url).host;
  const clean = (segment: string) => segment.replace(/\.(js|mjs|cjs|py|ts)$/, '').replace(/@[\d.]+$/, '');
  for (const word of [upstream.command, ...upstream.args].filter((w) => !w.startsWith('-'))) {
    const named = word
      .split('/')
      .filter(Boolean)
      .map(clean)
      .filter((segment) => /server|mcp/i.test(segment));
    if (named.length > 0) return named.at(-1)!;
  }
  return clean(upstream.command.split('/').filter(Boolean).at(-1) ?? upstream.command) || 'mcp-server';
}

/**
 * `airlock mcp`: a stdio MCP server for the client, a client of the real server (stdio command or
 * Streamable HTTP URL) on the other side, and Airlock's pipeline on every tool call. With
 * AIRLOCK_URL set the gateway decides (and an `ask` goes through its approval requests); without,
 * the local pipeline decides, and an `ask` that one person may answer goes to the person at the
 * client through MCP elicitation when the client supports it and airlock.yaml allows it.
 */
export async function startMcpProxy(options: McpProxyOptions): Promise<RunningMcpProxy> {
  const session = randomUUID();
  const server = options.server ?? serverIdentity(options.upstream);
  const agent = options.agent ?? 'mcp';
  const gateway: GatewayClient | undefined = options.env['AIRLOCK_URL'] ? gatewayClientFromEnv(options.env, '`airlock mcp`') : undefined;
  // The MCP client launches this in the agent's project: like a hook, never take airlock.yaml from there.
  const runtime: Runtime = await openRuntime({ cwd: options.cwd, env: options.env, configPath: options.configPath, discoverConfig: false });
  const { config } = runtime;
  const analyzers = createAnalyzerRegistry();

  const request = (call: McpToolCall): ChangeRequest => mcpChangeRequest(server, call, { agent, session }, { cwd: options.cwd, environment: options.environment });

  async function decide(call: McpToolCall, context: DecideContext): Promise<ToolVerdict> {
    if (gateway) {
      const answer = await gateway.submit({ change: request(call) as unknown as Record<string, unknown>, wait: config.approvals.waitTimeout }, (config.approvals.waitTimeout + 15) * 1000);
      return { outcome: answer.decision, reason: answer.reason, record: answer.check.record.seq };
    }
    const result = await runtime.pipeline.check(request(call));
    const record = result.record.seq;
    const approvals = result.decision.approvals ?? { count: 1, roles: [] };
    const onePerson = approvals.count === 1 && approvals.roles.length === 0;
    const canElicit = result.decision.enforced === 'ask' && onePerson && config.mcp.elicitation && context.elicit !== undefined;
    const spoken = verdictOf(result, { toolName: call.tool, canAsk: false, autoApproves: false, request: request(call) });
    if (result.decision.enforced === 'allow') return { outcome: 'allow', reason: spoken.reason, record };
    if (!canElicit || !context.elicit) return { outcome: 'deny', reason: spoken.reason, record };
    const effects = result.assessment.effects.filter((e) => e.operation !== 'read').map((e) => e.summary);
    const yes = await context.elicit(
      `Airlock: ${agent} wants to call ${server}/${call.tool}. ${result.decision.reasons.join('; ')}.` +
        `${effects.length ? ` It would: ${effects.slice(0, 3).join('; ')}.` : ''} Approve exactly this call, once?`,
    );
    await runtime.audit.record({
      type: 'approval',
      at: new Date().toISOString(),
      agent,
      source: 'mcp',
      kind: 'mcp',
      environment: result.assessment.environment.name,
      digest: result.change.digest,
      decision: yes ? 'allow' : 'deny',
      severity: result.assessment.severity,
      body: { action: yes ? 'elicited-approve' : 'elicited-decline', by: 'the person at the MCP client', session, decisionRecord: record },
    });
    return yes
      ? { outcome: 'allow', reason: 'approved by the person at the MCP client', record }
      : { outcome: 'deny', reason: `Airlock: the person at the client did not approve this call. ${spoken.reason}`, record };
  }

  const filterTools = observeFilter(config, analyzers, { agent, environment: options.environment, server, cwd: options.cwd });

  const upstream: Transport =
    'url' in options.upstream
      ? new StreamableHTTPClientTransport(new URL(options.upstream.url))
      : new StdioClientTransport({
          command: options.upstream.command,
          args: [...options.upstream.args],
          // The server gets the environment it would have had without Airlock — minus Airlock's own
          // settings: an agent token in an untrusted server's hands could call the gateway itself.
          env: Object.fromEntries(
            Object.entries(options.env).filter((entry): entry is [string, string] => entry[1] !== undefined && !entry[0].startsWith('AIRLOCK_')),
          ),
          cwd: options.cwd,
          stderr: 'inherit',
        });
  const downstream = options.downstream ?? new StdioServerTransport();
  const relay = createMcpRelay({
    downstream,
    upstream,
    decide,
    filterTools,
    onResult(call, verdict, status) {
      return runtime.audit
        .record({
          type: 'result',
          at: new Date().toISOString(),
          agent,
          source: 'mcp',
          kind: 'mcp',
          body: { session, server, tool: call.tool, status, decisionRecord: verdict.record ?? null },
        })
        .then(() => undefined)
        .catch((error: unknown) => options.log(`airlock mcp: could not record the result of ${call.tool}: ${(error as Error).message}`));
    },
    onError: (error) => options.log(`airlock mcp: ${error.message}`),
  });
  try {
    await relay.start();
  } catch (error) {
    await runtime.close().catch(() => undefined);
    throw new AirlockError('usage', `cannot start the MCP server ${describe(options.upstream)}: ${(error as Error).message}`, {
      hint: 'check the command after `--` (or the --upstream URL): it must start an MCP server',
    });
  }
  void relay.closed.then(() => runtime.close().catch(() => undefined));
  return { session, relay, close: () => relay.close() };
}

function describe(upstream: McpUpstream): string {
  return 'url' in upstream ? upstream.url : [upstream.command, ...upstream.args].join(' ');
}
