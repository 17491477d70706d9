import picomatch from 'picomatch';
import type { Effect } from '../model/index.js';

/**
 * Paths that make up the guardrails, besides the ones a deployment adds (its AIRLOCK_HOME, config
 * file, installation): Airlock's config and policy files wherever they are, and every agent's hook
 * settings — rewrite `.claude/settings.json` and the hook is gone.
 */
export const GUARDRAIL_PATTERNS: readonly string[] = [
  '**/airlock.yaml',
  '**/airlock.yml',
  '**/*.cedar',
  '**/*.cedarschema',
  '**/.claude/settings.json',
  '**/.claude/settings.local.json',
  '**/.codex/hooks.json',
  '**/.codex/config.toml',
  '**/.codex/requirements.toml',
  '**/.gemini/settings.json',
  '**/.cursor/hooks.json',
  '**/.kiro/agents/*.json',
  '**/.kiro/hooks/*.json',
  '/etc/claude-code/**',
  '/etc/codex/**',
  '/etc/gemini-cli/**',
  '/etc/cursor/**',
  '/Library/Application Support/ClaudeCode/**',
  '/Library/Application Support/Cursor/**',
];

export interface GuardrailOptions {
  /** Extra absolute paths (directories protect everything below them). */
  readonly paths: readonly string[];
  /** The user's home, to read `~/…` and `$HOME/…` in addresses. */
  readonly home: string;
  /** AIRLOCK_HOME, to read `$AIRLOCK_HOME/…` in addresses. */
  readonly airlockHome?: string | undefined;
}

/**
 * Marks effects that change the guardrails. Pure: the deployment's own paths are passed in.
 * Only writes count; reading the config is fine.
 */
export function createGuardrailClassifier(options: GuardrailOptions) {
  const patterns = [...GUARDRAIL_PATTERNS, ...options.paths.flatMap((path) => [path, `${path.replace(/\/+$/, '')}/**`])];
  const test = picomatch(patterns, { dot: true });
  const home = options.home.replace(/\/+$/, '');

  const concrete = options.paths.map((path) => path.replace(/\/+$/, '')).filter(Boolean);
  const airlockHome = options.airlockHome?.replace(/\/+$/, '');
  const expand = (address: string) => {
    let expanded = address.replace(/^(~|\$HOME|\$\{HOME\})(?=\/|$)/, home);
    if (airlockHome) expanded = expanded.replace(/^(\$AIRLOCK_HOME|\$\{AIRLOCK_HOME\})(?=\/|$)/, airlockHome);
    return expanded.replace(/\/+$/, '') || '/';
  };

  function isGuardrail(address: string): boolean {
    const expanded = expand(address);
    return expanded.startsWith('/') && test(expanded);
  }

  /** Deleting a directory deletes what is inside: `rm -rf ~` takes ~/.airlock with it. */
  function containsGuardrail(address: string): boolean {
    const expanded = expand(address);
    if (!expanded.startsWith('/')) return false;
    const prefix = expanded === '/' ? '/' : `${expanded}/`;
    return concrete.some((path) => path.startsWith(prefix));
  }

  return {
    isGuardrail,
    classifyEffect(effect: Effect): Effect {
      if (effect.operation === 'read' || effect.resource.kind !== 'file') return effect;
      const destructive = effect.operation === 'delete' || effect.operation === 'replace';
      if (!isGuardrail(effect.resource.address) && !(destructive && containsGuardrail(effect.resource.address))) return effect;
      return { ...effect, resource: { ...effect.resource, guardrail: true } };
    },
  };
}
