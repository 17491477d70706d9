import { z } from 'zod';
import { exitTwo, type HookAdapter, type HookCall } from '../hook-adapter.js';
import { parseInput, ToolInputSchema } from '../tool-input.js';
import { mapClaudeStyleTool } from '../tool-call.js';

/**
 * Claude Code's PreToolUse hook. Protocol: "Hooks reference", https://code.claude.com/docs/en/hooks
 * and the behaviour measured in ../shared/AGENT-HOOKS.md (Claude Code 2.1.328).
 *
 * - deny: exit 0 with only `{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny",…}}`.
 * - ask: the same with "ask" — but only in a permission mode where a person is asked; in
 *   bypassPermissions / dontAsk / auto there may be no one, so `ask` becomes a deny saying why.
 * - allow: exit 0 and no output, so Claude Code's own permission rules still apply (Airlock only
 *   ever narrows what an agent may do).
 * - any failure: exit 2 with the reason on stderr (exit 1, a crash, a timeout or stray stdout would
 *   let the tool run).
 */
export const PreToolUseInputSchema = z.looseObject({
  hook_event_name: z.literal('PreToolUse'),
  tool_name: z.string().min(1),
  tool_input: ToolInputSchema,
  cwd: z.string().optional(),
  session_id: z.string().optional(),
  permission_mode: z.string().optional(),
});

/**
 * A PreToolUse input (Claude Code's shape, which Codex shares) as a HookCall. `askable` says, from
 * the input's permission_mode, whether the agent would put an `ask` to a person.
 */
export function preToolUseCall(agent: string, input: unknown, what: string, askable: (permissionMode: string | undefined) => boolean): HookCall {
  const parsed = parseInput(PreToolUseInputSchema, input, what);
  const mapped = mapClaudeStyleTool(agent, parsed.tool_name, parsed.tool_input);
  const canAsk = askable(parsed.permission_mode);
  return { request: { ...mapped, session: parsed.session_id, target: { cwd: parsed.cwd } }, autoApproves: !canAsk, canAsk, toolName: parsed.tool_name };
}

/** Modes in which Claude Code puts an `ask` to a person. Anything else (or none) cannot be trusted to. */
const ASKING_MODES = new Set(['default', 'acceptEdits', 'plan']);

export const claudeCodeHook: HookAdapter = {
  agent: 'claude-code',
  source: 'claude-code',

  parse(input) {
    return preToolUseCall('claude-code', input, 'Claude Code PreToolUse', (mode) => mode !== undefined && ASKING_MODES.has(mode));
  },

  render(verdict) {
    if (verdict.decision === 'allow') return { stdout: '', stderr: '', exitCode: 0 };
    const output = {
      hookSpecificOutput: {
        hookEventName: 'PreToolUse',
        permissionDecision: verdict.decision,
        permissionDecisionReason: verdict.reason,
      },
    };
    return { stdout: `${JSON.stringify(output)}\n`, stderr: '', exitCode: 0 };
  },

  block: exitTwo,
};
