import type { McpToolRule } from '../config/config-schema.js';
import type { ChangeKind, Effect, EnvironmentHints, ResourceGraph } from '../model/index.js';

/**
 * What an analyzer may know besides the payload. Everything here is passed in, so analysis stays a
 * pure function that can be replayed from the audit log.
 */
export interface AnalysisContext {
  /** Working directory; relative paths in a command resolve against it. */
  readonly cwd?: string | undefined;
  /**
   * Whether a path exists (for `mv`/`cp`/`>` over an existing file). Injected by the pipeline;
   * when absent, analyzers assume the path exists — the destructive reading, failing closed.
   */
  readonly pathExists?: ((absolutePath: string) => boolean) | undefined;
  /**
   * Where a path really leads, following symbolic links (`/srv/dev/p/x` → `/srv/prod/x`). Injected
   * by the pipeline; absent, paths are taken as written.
   */
  readonly realPath?: ((absolutePath: string) => string) | undefined;
  /**
   * The text of a file a change names but does not carry (`kubectl apply -f app.yaml`): undefined
   * when it cannot be read (missing, too large, not text). Injected by the pipeline, which also
   * binds what was read into the change's digest; absent, analyzers cannot look.
   */
  readonly readFile?: ((absolutePath: string) => string | undefined) | undefined;
  /** airlock.yaml → mcp.tools: which arguments of which MCP tools hold commands, SQL or paths. */
  readonly mcpTools?: readonly McpToolRule[] | undefined;
}

/** Ambient facts an analysis needs to tell the environment (a kubectl call without --context …). */
export interface AmbientNeeds {
  kubeContext?: boolean;
  awsProfile?: boolean;
  terraformWorkspace?: boolean;
}

/** What an analyzer found. */
export interface Analysis {
  readonly effects: Effect[];
  /** Dependencies the input itself reveals (a plan's state and configuration); for the blast radius. */
  readonly graph?: ResourceGraph | undefined;
  /** Clues to the target environment found in the payload. */
  readonly hints: Partial<EnvironmentHints>;
  readonly needs?: AmbientNeeds | undefined;
  /**
   * Code of another kind found inside this change (`psql -c 'DROP TABLE …'`): each stands in the
   * effects as an `unknown` placeholder, which the pipeline replaces with that kind's analysis. If
   * it cannot, the placeholder stays: fail closed.
   */
  readonly embedded?: readonly EmbeddedChange[] | undefined;
}

export interface EmbeddedChange {
  /** The placeholder effect in `effects` (by identity). */
  readonly placeholder: Effect;
  readonly kind: ChangeKind;
  readonly payload: unknown;
}

/**
 * One analyzer per Change kind. `prepare` validates and parses the raw payload once (throwing an
 * AirlockError with code `invalid_input` or `input_too_large`); `canonical` and `analyze` are pure
 * functions of the prepared input.
 */
export interface Analyzer<Input = unknown> {
  readonly kind: ChangeKind;
  prepare(payload: unknown): Input;
  /**
   * The payload's canonical form for the digest: equal for equivalent spellings (whitespace,
   * quoting, key order), different for any change in meaning.
   */
  canonical(input: Input): unknown;
  analyze(input: Input, context: AnalysisContext): Analysis;
}
