import { Buffer } from 'node:buffer';
import { AirlockError } from '../../errors/index.js';
import { ShellPayloadSchema, unknownEffect } from '../../model/index.js';
import type { Analysis, AnalysisContext, Analyzer } from '../analyzer.js';
import { loadBashParser, type BashParser, type ParsedScript } from './bash-parser.js';
import { canonicalStatement, type CanonicalValue } from './canonical-form.js';
import { startDirectory } from './paths.js';
import { evidenceOf, ShellWalker } from './walker.js';
import { MAX_COMMANDS, MAX_FUNCTION_CALLS, type Frame, type Session } from './walk-state.js';

/** Largest command line accepted (UTF-8 bytes). */
export const MAX_COMMAND_BYTES = 256 * 1024;

/** A shell change, validated and parsed once. */
export interface PreparedShell {
  readonly command: string;
  readonly parsed: ParsedScript;
}

/**
 * The shell analyzer: parses a command line with tree-sitter-bash and reports what each command in
 * it would do. Loading the grammar is asynchronous and happens once; `prepare`, `canonical` and
 * `analyze` are synchronous and pure.
 */
export async function createShellAnalyzer(): Promise<Analyzer<PreparedShell>> {
  return shellAnalyzerWith(await loadBashParser());
}

/** The shell analyzer over an already loaded parser (tests share one). */
export function shellAnalyzerWith(parser: BashParser): Analyzer<PreparedShell> {
  return Object.freeze({
    kind: 'shell' as const,

    prepare(payload: unknown): PreparedShell {
      const result = ShellPayloadSchema.safeParse(payload);
      if (!result.success) {
        throw new AirlockError('invalid_input', 'a shell change needs a string `command`', {
          hint: 'send the payload as { "command": "<the command line the agent wants to run>" }',
          details: { issues: result.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`) },
        });
      }
      const command = result.data.command;
      const bytes = Buffer.byteLength(command, 'utf8');
      if (bytes > MAX_COMMAND_BYTES) {
        throw new AirlockError('input_too_large', `the command is ${bytes} bytes; the limit is ${MAX_COMMAND_BYTES}`, {
          hint: 'split the work into smaller commands, or run a reviewed script through its own change',
        });
      }
      return { command, parsed: parser.parse(command) };
    },

    canonical(input: PreparedShell): CanonicalValue {
      // Without a full parse, nothing can be normalised safely: the raw text is the meaning.
      if (!input.parsed.ok) return { unparsed: input.command };
      return { script: canonicalStatement(input.parsed.script) };
    },

    analyze(input: PreparedShell, context: AnalysisContext): Analysis {
      const session: Session = {
        effects: [],
        seen: new Set(),
        hints: { names: [], terraformWorkspaces: [], kubeContexts: [], kubeNamespaces: [], awsProfiles: [], paths: [] },
        needs: {},
        embedded: [],
        parser,
        pathExists: context.pathExists,
        readFile: context.readFile,
        commandsLeft: MAX_COMMANDS,
        functionCallsLeft: MAX_FUNCTION_CALLS,
        stopped: false,
      };
      const frame: Frame = {
        cwd: startDirectory(context.cwd),
        functions: new Map(),
        variables: new Map(),
        calling: new Set(),
        reparseDepth: 0,
        notes: [],
      };
      try {
        if (!input.parsed.ok) {
          session.effects.push(unknownEffect('the command does not parse as bash, so what it runs cannot be known', evidenceOf(input.command, [])));
        }
        new ShellWalker(session).walk(input.parsed.script, frame, { kind: 'inherited' });
      } catch (error) {
        // Fail closed: an analyzer bug must never hide what a command does.
        const message = error instanceof Error ? error.message : String(error);
        session.effects.push(unknownEffect(`Airlock could not finish analysing this command (${message})`, evidenceOf(input.command, [])));
      }
      return { effects: session.effects, hints: nonEmptyHints(session.hints), needs: session.needs, ...(session.embedded.length ? { embedded: session.embedded } : {}) };
    },
  });
}

function nonEmptyHints(hints: Session['hints']): Analysis['hints'] {
  const out: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(hints)) if (values.length > 0) out[key] = values;
  return out;
}
