import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { AnalyzerRegistry } from '../analyze/registry.js';
import type { Config } from '../config/index.js';
import type { ChangeRequest } from '../model/index.js';
import { resolveAutonomy } from '../policy/index.js';
import type { McpToolCall } from './mcp-relay.js';

/** One tools/call as a Change of kind `mcp`: the server's identity, the tool, its arguments and the server's hints. */
export function mcpChangeRequest(
  server: string,
  call: McpToolCall,
  who: { readonly agent: string; readonly session: string },
  target: { readonly cwd?: string | undefined; readonly environment?: string | undefined },
): ChangeRequest {
  return {
    kind: 'mcp',
    source: 'mcp',
    agent: who.agent,
    session: who.session,
    payload: { server, tool: call.tool, arguments: call.arguments, ...(call.annotations ? { annotations: pickHints(call.annotations) } : {}) },
    target: { ...(target.cwd ? { cwd: target.cwd } : {}), ...(target.environment ? { environment: target.environment } : {}) },
  };
}

/** Only the four hints the spec defines go into the Change (and its digest). */
export function pickHints(annotations: NonNullable<Tool['annotations']>): Record<string, boolean> {
  const hints: Record<string, boolean> = {};
  for (const key of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
    if (typeof annotations[key] === 'boolean') hints[key] = annotations[key];
  }
  return hints;
}

/**
 * Under autonomy `observe`, a tools/list that leaves out every tool that would write (as the MCP
 * analyzer reads it with no arguments). Any other autonomy level lists everything.
 */
export function observeFilter(
  config: Config,
  analyzers: AnalyzerRegistry,
  who: { readonly agent: string; readonly environment?: string | undefined; readonly server: string; readonly cwd?: string | undefined },
): (tools: Tool[]) => Promise<Tool[]> {
  return async (tools) => {
    const environment = who.environment ?? config.defaults.environment ?? 'unknown';
    if (!config.mcp.hideWritesWhenObserve || resolveAutonomy(config, who.agent, environment) !== 'observe') return tools;
    const mcp = await analyzers.get('mcp');
    return tools.filter((tool) => {
      try {
        const input = mcp.prepare({ server: who.server, tool: tool.name, arguments: {}, ...(tool.annotations ? { annotations: pickHints(tool.annotations) } : {}) });
        return mcp.analyze(input, { cwd: who.cwd, mcpTools: config.mcp.tools }).effects.every((effect) => effect.operation === 'read');
      } catch {
        return false;
      }
    });
  };
}
