import type { ChangeRequest, Source } from '../../model/index.js';

/** The agents `airlock hook <agent>` speaks to. */
export const HOOK_AGENTS = ['claude-code', 'codex', 'gemini', 'kiro', 'cursor'] as const;
export type HookAgent = (typeof HOOK_AGENTS)[number];

/** A tool call read from an agent's hook input, ready for the pipeline (agent and source added later). */
export interface HookCall {
  readonly request: Omit<ChangeRequest, 'agent' | 'source'>;
  /** The agent would run the tool without asking anyone (bypassPermissions, yolo …): `ask` must block. */
  readonly autoApproves: boolean;
  /** The agent can put an `ask` to its user for this event. */
  readonly canAsk: boolean;
  /** Tool name as the agent spelled it, for messages. */
  readonly toolName: string;
}

/** What the hook tells the agent. */
export interface HookVerdict {
  readonly decision: 'allow' | 'ask' | 'deny';
  /** Plain words for the agent (and the human). Never empty for ask/deny. */
  readonly reason: string;
}

/** Bytes and exit code to hand back to the agent. */
export interface HookAnswer {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/**
 * One agent's pre-tool hook protocol. `parse` validates the agent's stdin JSON (throwing an
 * AirlockError on anything malformed); `render` writes a verdict in exactly the form that agent
 * obeys; `block` is the answer for any failure — it must block in that agent, whatever went wrong.
 */
export interface HookAdapter {
  readonly agent: HookAgent;
  readonly source: Source;
  parse(input: unknown): HookCall;
  render(verdict: HookVerdict, call: HookCall): HookAnswer;
  /** Blocking answer when no decision could be made (bad input, config, store, deadline). */
  block(reason: string): HookAnswer;
}

/**
 * Exit 2 with the reason on stderr: the one blocking answer all five agents obey (Codex only when
 * stderr is non-empty, hence the fallback text). See ../shared/AGENT-HOOKS.md.
 */
export function exitTwo(reason: string): HookAnswer {
  const text = reason.trim() || 'Airlock blocked this tool call';
  return { stdout: '', stderr: `${text}\n`, exitCode: 2 };
}
