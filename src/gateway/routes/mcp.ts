import { randomUUID } from 'node:crypto';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono } from 'hono';
import { createAnalyzerRegistry } from '../../analyze/registry.js';
import { AirlockError } from '../../errors/index.js';
import { mcpChangeRequest, observeFilter } from '../../mcp-proxy/mcp-change.js';
import { createMcpRelay, type McpRelay } from '../../mcp-proxy/mcp-relay.js';
import { decideForAgent } from '../decide-for-agent.js';
import type { GatewayDeps } from '../gateway-deps.js';
import { limitBody, requireRole, type GatewayEnv } from '../http-kit.js';

interface McpSession {
  readonly transport: StreamableHTTPServerTransport;
  readonly relay: McpRelay;
  /** Only the token that opened a session may use it. */
  readonly owner: string;
  lastUsed: number;
}

/** Most MCP sessions open at once (each may hold a server process), and per token. */
const MAX_SESSIONS = 200;
const MAX_SESSIONS_PER_TOKEN = 20;
/** A session nobody has used for this long is closed (clients rarely send DELETE). */
const IDLE_MS = 30 * 60 * 1000;

/**
 * `/mcp/<name>`: a Streamable HTTP MCP endpoint in front of a server named in airlock.yaml
 * (mcp.servers). Each MCP session gets its own connection to the server (a process for a command)
 * and the same relay as `airlock mcp`; its tool calls are decided like POST /v1/changes, so an
 * `ask` becomes an approval request the call waits for (or is denied with, to retry).
 */
export function mcpRoutes(deps: GatewayDeps): { routes: Hono<GatewayEnv>; close(): Promise<void> } {
  const routes = new Hono<GatewayEnv>();
  const sessions = new Map<string, McpSession>();
  const analyzers = createAnalyzerRegistry();

  routes.all('/:name', requireRole('agent', 'admin'), limitBody(4 * 1024 * 1024), async (c) => {
    const name = c.req.param('name');
    const spec = deps.config.mcp.servers[name];
    if (!spec) {
      throw new AirlockError('not_found', `no MCP server named "${name}" is configured`, { hint: 'add it under mcp.servers in airlock.yaml' });
    }
    const principal = c.get('principal');
    let body: unknown;
    if (c.req.method === 'POST') {
      try {
        body = await c.req.json();
      } catch {
        throw new AirlockError('invalid_input', 'the request body is not valid JSON-RPC', { hint: 'send MCP JSON-RPC messages' });
      }
    }
    const sessionId = c.req.header('mcp-session-id');
    let session = sessionId ? sessions.get(sessionId) : undefined;
    if (sessionId && !session) throw new AirlockError('not_found', `MCP session ${sessionId} is not open (it ended, or the gateway restarted)`, { hint: 'initialize a new session' });
    if (session && session.owner !== principal.name) throw new AirlockError('forbidden', 'this MCP session belongs to another token');
    if (!session) {
      if (c.req.method !== 'POST' || !isInitializeRequest(body)) {
        throw new AirlockError('invalid_input', 'no MCP session: the first request must be initialize', { hint: 'send initialize without an Mcp-Session-Id header' });
      }
      const mine = [...sessions.values()].filter((open) => open.owner === principal.name).length;
      if (sessions.size >= MAX_SESSIONS || mine >= MAX_SESSIONS_PER_TOKEN) {
        throw new AirlockError('store_unavailable', `too many MCP sessions are open (${mine} for ${principal.name}, ${sessions.size} in all)`, {
          hint: `close sessions you no longer use; idle ones close after ${IDLE_MS / 60_000} minutes`,
        });
      }
      session = await openSession(name, spec, principal.name, principal.actsFor);
    }
    session.lastUsed = Date.now();
    const { incoming, outgoing } = c.env;
    await session.transport.handleRequest(incoming, outgoing, body);
    // An initialize the transport refused (bad headers, bad version) leaves no session: stop its server.
    if (session.transport.sessionId === undefined) await session.relay.close();
    return RESPONSE_ALREADY_SENT;
  });

  async function openSession(
    name: string,
    spec: { command: string[] } | { url: string },
    agent: string,
    actsFor: string | null,
  ): Promise<McpSession> {
    let id = '';
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sessionId) => {
        id = sessionId;
        sessions.set(sessionId, session);
      },
    });
    const upstream: Transport =
      'url' in spec
        ? new StreamableHTTPClientTransport(new URL(spec.url))
        : new StdioClientTransport({ command: spec.command[0]!, args: spec.command.slice(1), stderr: 'ignore' });
    const relay = createMcpRelay({
      downstream: transport,
      upstream,
      decide: async (call) => {
        const request = mcpChangeRequest(name, call, { agent, session: id }, {});
        const answer = await decideForAgent(deps, request, { actsFor }, {});
        return { outcome: answer.decision, reason: answer.reason, record: answer.check.record.seq };
      },
      filterTools: observeFilter(deps.config, analyzers, { agent, server: name }),
      onResult(call, verdict, status) {
        return deps.runtime.audit
          .record({ type: 'result', at: new Date().toISOString(), agent, source: 'mcp', kind: 'mcp', body: { session: id, server: name, tool: call.tool, status, decisionRecord: verdict.record ?? null } })
          .then(() => undefined, () => undefined);
      },
    });
    const session: McpSession = { transport, relay, owner: agent, lastUsed: Date.now() };
    try {
      await relay.start();
    } catch (error) {
      throw new AirlockError('gateway_unreachable', `cannot reach the MCP server "${name}": ${(error as Error).message}`, { hint: 'check mcp.servers in airlock.yaml' });
    }
    void relay.closed.then(() => {
      if (id) sessions.delete(id);
    });
    return session;
  }

  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const session of sessions.values()) if (now - session.lastUsed > IDLE_MS) void session.relay.close();
  }, 60_000);
  sweeper.unref();

  return {
    routes,
    async close() {
      clearInterval(sweeper);
      await Promise.allSettled([...sessions.values()].map((session) => session.relay.close()));
      sessions.clear();
    },
  };
}
