import { z } from 'zod';
import { exitTwo, type HookAdapter } from '../hook-adapter.js';
import { optionalString, parseInput, requireString, ToolInputSchema } from '../tool-input.js';
import { fileCall, mcpCall, readCall, shellCall, type MappedTool } from '../tool-call.js';

/**
 * Gemini CLI's BeforeTool hook. Protocol: "Hooks reference", https://geminicli.com/docs/hooks/reference,
 * and ../shared/AGENT-HOOKS.md (Gemini CLI 0.61): answer `{"decision":"deny","reason":…}` on stdout
 * (a Claude-style `permissionDecision` is not read and fails open). No `ask`: an ask answer makes
 * the CLI exit 0 with no result, so `ask` is rendered as a deny that says approval is needed.
 * MCP calls carry `mcp_context` ({server_name, tool_name}); tool names alone are ambiguous.
 */
const BeforeToolInputSchema = z.looseObject({
  hook_event_name: z.literal('BeforeTool'),
  tool_name: z.string().min(1),
  tool_input: ToolInputSchema,
  cwd: z.string().optional(),
  session_id: z.string().optional(),
  mcp_context: z.looseObject({ server_name: z.string().optional(), tool_name: z.string().optional() }).optional(),
});

const GEMINI_READ_TOOLS = new Set([
  'read_file',
  'read_many_files',
  'list_directory',
  'glob',
  'grep_search',
  'search_file_content',
  'web_fetch',
  'google_web_search',
  'save_memory',
  'write_todos',
  'ask_user',
  'activate_skill',
  'enter_plan_mode',
  'exit_plan_mode',
]);

export const geminiHook: HookAdapter = {
  agent: 'gemini',
  source: 'gemini',

  parse(input) {
    const parsed = parseInput(BeforeToolInputSchema, input, 'Gemini CLI BeforeTool');
    const tool = parsed.tool_name;
    const toolInput = parsed.tool_input;
    let mapped: MappedTool;
    if (parsed.mcp_context) {
      mapped = mcpCall(parsed.mcp_context.server_name ?? 'unknown', parsed.mcp_context.tool_name ?? tool, toolInput);
    } else if (tool === 'run_shell_command') {
      mapped = shellCall(requireString(toolInput, 'command', tool));
    } else if (tool === 'write_file') {
      mapped = fileCall([{ operation: 'write', path: requireString(toolInput, 'file_path', tool), content: optionalString(toolInput, 'content') ?? '' }]);
    } else if (tool === 'replace') {
      mapped = fileCall([
        {
          operation: 'edit',
          path: requireString(toolInput, 'file_path', tool),
          edits: [{ oldText: optionalString(toolInput, 'old_string') ?? '', newText: optionalString(toolInput, 'new_string') ?? '' }],
        },
      ]);
    } else if (GEMINI_READ_TOOLS.has(tool)) {
      mapped = readCall(tool, toolInput);
    } else {
      mapped = mcpCall(tool.startsWith('mcp_') ? 'unknown' : 'gemini', tool, toolInput);
    }
    const cwd = optionalString(toolInput, 'dir_path') ?? parsed.cwd;
    return { request: { ...mapped, session: parsed.session_id, target: { cwd } }, autoApproves: true, canAsk: false, toolName: tool };
  },

  render(verdict) {
    if (verdict.decision === 'allow') return { stdout: '{"decision":"allow"}\n', stderr: '', exitCode: 0 };
    return { stdout: `${JSON.stringify({ decision: 'deny', reason: verdict.reason })}\n`, stderr: '', exitCode: 0 };
  },

  block: exitTwo,
};
