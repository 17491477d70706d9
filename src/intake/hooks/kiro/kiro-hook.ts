import { z } from 'zod';
import type { FileOperation } from '../../../model/index.js';
import { exitTwo, type HookAdapter } from '../hook-adapter.js';
import { optionalString, parseInput, requireString, ToolInputSchema } from '../tool-input.js';
import { fileCall, mcpCall, readCall, shellCall, type MappedTool } from '../tool-call.js';

/**
 * Kiro CLI's preToolUse hook. Protocol: "Hooks", https://kiro.dev/docs/cli/hooks (source text:
 * aws/amazon-q-developer-cli docs/hooks.md). Stdin `{hook_event_name, cwd, tool_name, tool_input}`;
 * the answer is the exit code only: 0 runs the tool, 2 blocks and hands stderr to the model, any
 * other code runs it (fail open). No `ask`, so ask blocks with a message saying approval is needed.
 * Tool names: current (`shell`, `write`, `read`, `aws`) and legacy Amazon Q names (`execute_bash`,
 * `fs_write`, `fs_read`, `use_aws`) are both seen in the field; MCP tools are `@server/tool`.
 */
const KiroInputSchema = z.looseObject({
  hook_event_name: z.string().refine((name) => name.toLowerCase() === 'pretooluse', 'this hook handles preToolUse only'),
  tool_name: z.string().min(1),
  tool_input: ToolInputSchema.default({}),
  cwd: z.string().optional(),
  session_id: z.string().optional(),
});

const KIRO_READ_TOOLS = new Set(['fs_read', 'read', 'glob', 'grep', 'web_fetch', 'web_search', 'knowledge', 'todo_list', 'thinking', 'introspect', 'report_issue']);

export const kiroHook: HookAdapter = {
  agent: 'kiro',
  source: 'kiro',

  parse(input) {
    const parsed = parseInput(KiroInputSchema, input, 'Kiro CLI preToolUse');
    const mapped = mapKiroTool(parsed.tool_name, parsed.tool_input);
    return { request: { ...mapped, session: parsed.session_id, target: { cwd: parsed.cwd } }, autoApproves: true, canAsk: false, toolName: parsed.tool_name };
  },

  render(verdict) {
    if (verdict.decision === 'allow') return { stdout: '', stderr: '', exitCode: 0 };
    return exitTwo(verdict.reason);
  },

  block: exitTwo,
};

function mapKiroTool(tool: string, input: Record<string, unknown>): MappedTool {
  switch (tool) {
    case 'execute_bash':
    case 'execute_cmd':
    case 'shell':
      return shellCall(requireString(input, 'command', tool));
    case 'fs_write':
    case 'write':
    case 'str_replace': {
      const path = requireString(input, 'path', tool);
      const command = optionalString(input, 'command');
      const file: FileOperation =
        command === 'create'
          ? { operation: 'write', path, content: optionalString(input, 'file_text') ?? '' }
          : { operation: 'edit', path, edits: [{ oldText: optionalString(input, 'old_str') ?? '', newText: optionalString(input, 'new_str') ?? optionalString(input, 'file_text') ?? '' }] };
      return fileCall([file]);
    }
    case 'use_aws':
    case 'aws':
      return shellCall(awsCommandOf(input));
  }
  if (tool === 'fs_read' || tool === 'read') {
    const operations = Array.isArray(input['operations']) ? input['operations'] : [];
    const paths = operations.flatMap((op: unknown) => {
      const record = op && typeof op === 'object' ? (op as Record<string, unknown>) : {};
      const images = Array.isArray(record['image_paths']) ? record['image_paths'].filter((p): p is string => typeof p === 'string') : [];
      const path = optionalString(record, 'path');
      return path ? [path, ...images] : images;
    });
    return paths.length > 0 ? fileCall(paths.map((path) => ({ operation: 'read' as const, path }))) : readCall(tool, input);
  }
  if (KIRO_READ_TOOLS.has(tool)) return readCall(tool, input);
  if (tool.startsWith('@')) {
    const [server, ...rest] = tool.slice(1).split('/');
    return mcpCall(server ?? 'unknown', rest.join('/') || tool, input);
  }
  return mcpCall('kiro', tool, input);
}

/**
 * Kiro's `use_aws` tool as the equivalent AWS CLI command, so the one AWS analysis (delete-*,
 * terminate-*, s3 rb …) judges it: `{service_name, operation_name, parameters, profile_name}`.
 */
function awsCommandOf(input: Record<string, unknown>): string {
  const service = requireString(input, 'service_name', 'use_aws');
  const operation = requireString(input, 'operation_name', 'use_aws');
  const words = ['aws', service, operation];
  const profile = optionalString(input, 'profile_name');
  if (profile) words.push('--profile', profile);
  const region = optionalString(input, 'region');
  if (region) words.push('--region', region);
  const parameters = input['parameters'] && typeof input['parameters'] === 'object' ? (input['parameters'] as Record<string, unknown>) : {};
  for (const [key, value] of Object.entries(parameters)) {
    const flag = `--${key.replace(/_/g, '-').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;
    if (value === true) words.push(flag);
    else if (typeof value === 'string' || typeof value === 'number') words.push(flag, String(value));
    else if (value !== false && value !== null && value !== undefined) words.push(flag, JSON.stringify(value));
  }
  return words.map(shellQuote).join(' ');
}

function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
