import { z } from 'zod';
import { AirlockError } from '../../../errors/index.js';
import type { HookAdapter, HookCall } from '../hook-adapter.js';
import { exitTwo } from '../hook-adapter.js';
import { optionalString, parseInput, requireString, ToolInputSchema } from '../tool-input.js';
import { fileCall, mcpCall, readCall, shellCall, type MappedTool } from '../tool-call.js';

/**
 * Cursor's agent hooks. Protocol: "Hooks", https://cursor.com/docs/agent/hooks. Events handled:
 * `preToolUse` (tools Shell, Read, Write, Delete, Grep, Task, StrReplace/Edit, `MCP:<tool>`),
 * `beforeShellExecution` ({command, cwd}), `beforeMCPExecution` ({tool_name, tool_input as a JSON
 * string, url | command}) and `beforeReadFile` ({file_path}). Answer on stdout:
 * `{"permission":"allow"|"deny"|"ask","user_message":…,"agent_message":…}` (snake_case). The docs
 * honour `ask` only for shell and MCP events, and a user report (Cursor forum 173694, Cursor
 * 3.21) says even there it is ignored in Auto-review mode and the command runs, so Airlock never
 * answers `ask` to Cursor: approval-needing calls are denied with a message saying so. Cursor fails
 * open unless the hook is registered with `"failClosed": true`.
 */
const CommonSchema = {
  cwd: z.string().optional(),
  conversation_id: z.string().optional(),
  session_id: z.string().optional(),
  workspace_roots: z.array(z.string()).optional(),
};

const CursorInputSchema = z.discriminatedUnion('hook_event_name', [
  z.looseObject({ hook_event_name: z.literal('preToolUse'), tool_name: z.string().min(1), tool_input: ToolInputSchema.default({}), ...CommonSchema }),
  z.looseObject({ hook_event_name: z.literal('beforeShellExecution'), command: z.string(), ...CommonSchema }),
  z.looseObject({
    hook_event_name: z.literal('beforeMCPExecution'),
    tool_name: z.string().min(1),
    tool_input: ToolInputSchema.default({}),
    url: z.string().optional(),
    command: z.string().optional(),
    ...CommonSchema,
  }),
  z.looseObject({ hook_event_name: z.literal('beforeReadFile'), file_path: z.string().min(1), ...CommonSchema }),
]);

export const cursorHook: HookAdapter = {
  agent: 'cursor',
  source: 'cursor',

  parse(input): HookCall {
    const parsed = parseInput(CursorInputSchema, input, 'Cursor');
    const session = parsed.conversation_id ?? parsed.session_id;
    let mapped: MappedTool;
    let toolName: string;
    let cwd = parsed.cwd ?? firstRoot(parsed.workspace_roots);
    switch (parsed.hook_event_name) {
      case 'beforeShellExecution':
        mapped = shellCall(parsed.command);
        toolName = 'Shell';
        break;
      case 'beforeMCPExecution':
        mapped = mcpCall(parsed.url ?? parsed.command ?? 'unknown', parsed.tool_name, parsed.tool_input);
        toolName = parsed.tool_name;
        break;
      case 'beforeReadFile':
        mapped = fileCall([{ operation: 'read', path: parsed.file_path }]);
        toolName = 'Read';
        break;
      case 'preToolUse':
        mapped = mapCursorTool(parsed.tool_name, parsed.tool_input);
        toolName = parsed.tool_name;
        cwd = optionalString(parsed.tool_input, 'working_directory') ?? cwd;
        break;
    }
    return { request: { ...mapped, session, target: { cwd } }, autoApproves: true, canAsk: false, toolName };
  },

  render(verdict) {
    const answer =
      verdict.decision === 'allow'
        ? { permission: 'allow' }
        : { permission: verdict.decision, user_message: verdict.reason, agent_message: verdict.reason };
    return { stdout: `${JSON.stringify(answer)}\n`, stderr: '', exitCode: 0 };
  },

  block: exitTwo,
};

function mapCursorTool(tool: string, input: Record<string, unknown>): MappedTool {
  switch (tool) {
    case 'Shell':
    case 'Terminal':
      return shellCall(requireString(input, 'command', tool));
    case 'Write':
      return fileCall([{ operation: 'write', path: requireString(input, 'file_path', tool), content: optionalString(input, 'content') ?? optionalString(input, 'contents') ?? '' }]);
    case 'StrReplace':
    case 'Edit':
    case 'MultiEdit': {
      // The edit's text is part of what is approved: two different edits must not share a digest.
      const oldText = optionalString(input, 'old_string');
      const newText = optionalString(input, 'new_string');
      return fileCall([
        oldText !== undefined || newText !== undefined
          ? { operation: 'edit', path: requireString(input, 'file_path', tool), edits: [{ oldText: oldText ?? '', newText: newText ?? '' }] }
          : { operation: 'edit', path: requireString(input, 'file_path', tool), content: JSON.stringify(input) },
      ]);
    }
    case 'Delete':
      return fileCall([{ operation: 'delete', path: requireString(input, 'file_path', tool) }]);
    case 'Read':
    case 'Grep':
    case 'Glob':
    case 'Task':
    case 'TabRead':
      return readCall(tool, input);
  }
  if (tool.startsWith('MCP:')) return mcpCall('unknown', tool.slice(4), input);
  return mcpCall('cursor', tool, input);
}

function firstRoot(roots: string[] | undefined): string | undefined {
  const root = roots?.[0];
  if (!root) return undefined;
  if (!root.startsWith('file://')) return root;
  try {
    return decodeURIComponent(new URL(root).pathname);
  } catch {
    throw new AirlockError('invalid_input', `workspace root ${root} is not a valid file URL`);
  }
}
