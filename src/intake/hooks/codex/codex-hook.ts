import { exitTwo, type HookAdapter } from '../hook-adapter.js';
import { preToolUseCall } from '../claude-code/claude-code-hook.js';

/**
 * Codex CLI's PreToolUse hook. Protocol: "Hooks", https://developers.openai.com/codex/hooks, and
 * ../shared/AGENT-HOOKS.md (Codex 0.169): same stdin as Claude Code; tools `Bash`, `apply_patch`
 * (patch text in tool_input.command) and `mcp__server__tool`.
 *
 * Codex rejects any answer it does not fully understand and then RUNS the tool: no `ask`, no
 * `continue`/`suppressOutput`, and a deny needs a non-empty reason. So:
 * - deny and ask → exactly `{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"…"}}`;
 * - allow → exit 0 with no output (a bare "allow" is unsupported);
 * - failure → exit 2 with a non-empty stderr.
 */
export const codexHook: HookAdapter = {
  agent: 'codex',
  source: 'codex',

  parse(input) {
    // Codex passes bypassPermissions in every mode and cannot ask: nobody would see an `ask`.
    return preToolUseCall('codex', input, 'Codex PreToolUse', () => false);
  },

  render(verdict) {
    if (verdict.decision === 'allow') return { stdout: '', stderr: '', exitCode: 0 };
    const reason = verdict.reason.trim() || 'Airlock blocked this tool call';
    const output = { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason } };
    return { stdout: `${JSON.stringify(output)}\n`, stderr: '', exitCode: 0 };
  },

  block: exitTwo,
};
