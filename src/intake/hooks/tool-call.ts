import type { ChangeKind, FileOperation } from '../../model/index.js';
import { filesOfPatch, optionalString, requireString } from './tool-input.js';

/** A tool call reduced to a Change kind and payload. */
export interface MappedTool {
  readonly kind: ChangeKind;
  readonly payload: unknown;
}

/** Shell command → a `shell` change. */
export function shellCall(command: string): MappedTool {
  return { kind: 'shell', payload: { command } };
}

/** File operations → a `file` change. */
export function fileCall(files: FileOperation[]): MappedTool {
  return { kind: 'file', payload: { files } };
}

/** A read-only tool (Read, Grep, WebFetch …): recorded as a read of whatever it names. */
export function readCall(tool: string, input: Record<string, unknown>): MappedTool {
  const target =
    optionalString(input, 'file_path') ??
    optionalString(input, 'notebook_path') ??
    optionalString(input, 'absolute_path') ??
    optionalString(input, 'path') ??
    optionalString(input, 'dir_path') ??
    optionalString(input, 'url') ??
    optionalString(input, 'pattern') ??
    optionalString(input, 'query') ??
    `(${tool})`;
  return fileCall([{ operation: 'read', path: target }]);
}

/** An MCP tool call, or any tool Airlock does not know (judged by name and fails closed). */
export function mcpCall(server: string, tool: string, args: Record<string, unknown>): MappedTool {
  return { kind: 'mcp', payload: { server, tool, arguments: args } };
}

/**
 * Tools of Claude Code and Codex (same hook protocol family). Names from the Claude Code hooks
 * reference (https://code.claude.com/docs/en/hooks, "Hooks reference") and the Codex hooks doc
 * (https://developers.openai.com/codex/hooks, "Hooks": Bash, apply_patch, mcp__server__tool).
 */
const CLAUDE_READ_TOOLS = new Set([
  'Read',
  'Glob',
  'Grep',
  'LS',
  'NotebookRead',
  'WebFetch',
  'WebSearch',
  'TodoWrite',
  'TodoRead',
  'Task',
  'Agent',
  'AskUserQuestion',
  'ExitPlanMode',
  'EnterPlanMode',
  'BashOutput',
  'KillShell',
  'KillBash',
  'ListMcpResourcesTool',
  'ReadMcpResourceTool',
  'update_plan',
]);

export function mapClaudeStyleTool(agent: string, tool: string, input: Record<string, unknown>): MappedTool {
  switch (tool) {
    case 'Bash':
      return shellCall(requireString(input, 'command', tool));
    case 'Write':
      return fileCall([{ operation: 'write', path: requireString(input, 'file_path', tool), content: optionalString(input, 'content') ?? '' }]);
    case 'Edit':
      return fileCall([
        {
          operation: 'edit',
          path: requireString(input, 'file_path', tool),
          edits: [{ oldText: optionalString(input, 'old_string') ?? '', newText: optionalString(input, 'new_string') ?? '' }],
        },
      ]);
    case 'MultiEdit': {
      const edits = Array.isArray(input['edits']) ? input['edits'] : [];
      return fileCall([
        {
          operation: 'edit',
          path: requireString(input, 'file_path', tool),
          edits: edits.map((e: unknown) => {
            const edit = e && typeof e === 'object' ? (e as Record<string, unknown>) : {};
            return { oldText: optionalString(edit, 'old_string') ?? '', newText: optionalString(edit, 'new_string') ?? '' };
          }),
        },
      ]);
    }
    case 'NotebookEdit':
      return fileCall([{ operation: 'edit', path: requireString(input, 'notebook_path', tool), content: optionalString(input, 'new_source') ?? '' }]);
    case 'apply_patch': {
      const files = filesOfPatch(requireString(input, 'command', tool));
      // A patch whose files we cannot read is opaque: judge it as an unknown tool, never as nothing.
      return files.length > 0 ? fileCall(files) : mcpCall(agent, 'apply_patch', input);
    }
  }
  if (tool.startsWith('mcp__')) {
    const rest = tool.slice('mcp__'.length);
    const split = rest.indexOf('__');
    return split > 0 ? mcpCall(rest.slice(0, split), rest.slice(split + 2), input) : mcpCall('unknown', rest, input);
  }
  if (CLAUDE_READ_TOOLS.has(tool)) return readCall(tool, input);
  return mcpCall(agent, tool, input);
}
