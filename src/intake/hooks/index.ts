import type { HookAdapter, HookAgent } from './hook-adapter.js';
import { claudeCodeHook } from './claude-code/claude-code-hook.js';
import { codexHook } from './codex/codex-hook.js';
import { cursorHook } from './cursor/cursor-hook.js';
import { geminiHook } from './gemini/gemini-hook.js';
import { kiroHook } from './kiro/kiro-hook.js';

export { HOOK_AGENTS, exitTwo } from './hook-adapter.js';
export type { HookAdapter, HookAgent, HookAnswer, HookCall, HookVerdict } from './hook-adapter.js';

/** Every agent's adapter, by the name used in `airlock hook <agent>`. */
export const HOOK_ADAPTERS: Record<HookAgent, HookAdapter> = {
  'claude-code': claudeCodeHook,
  codex: codexHook,
  gemini: geminiHook,
  kiro: kiroHook,
  cursor: cursorHook,
};
