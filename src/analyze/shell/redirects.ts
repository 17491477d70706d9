import type { EffectDraft, StdinSource } from './command-context.js';
import { fileEffect } from './effects.js';
import { deviceKind } from './paths.js';
import type { Redirect } from './syntax.js';
import { existsIn, pathIn, type Frame, type Session } from './walk-state.js';
import { argOf } from './words.js';

/** Operators that truncate (or create) their target. */
const OVERWRITE_OPS: ReadonlySet<string> = new Set(['>', '>|', '&>', '>&']);
/** Operators that append to their target. */
const APPEND_OPS: ReadonlySet<string> = new Set(['>>', '&>>']);

/**
 * The effects of a command's redirections (`> file` overwrites it, `>> file` appends) and where
 * its standard input comes from afterwards. Here-documents and here-strings are input, not files.
 */
export function redirectEffects(
  redirects: readonly Redirect[],
  frame: Frame,
  stdin: StdinSource,
  pathExists: Session['pathExists'],
): { effects: EffectDraft[]; stdin: StdinSource } {
  const effects: EffectDraft[] = [];
  let input = stdin;
  for (const redirect of redirects) {
    const toStdin = redirect.fd === undefined || redirect.fd === '0';
    if (redirect.kind === 'heredoc') {
      if (toStdin) input = redirect.body.parts.every((part) => part.kind === 'literal') ? { kind: 'literal', text: redirect.body.parts.map((p) => (p.kind === 'literal' ? p.value : '')).join('') } : { kind: 'dynamic' };
      continue;
    }
    if (redirect.kind === 'herestring') {
      const word = argOf(redirect.word);
      if (toStdin) input = word.kind === 'static' ? { kind: 'literal', text: `${word.value}\n` } : { kind: 'dynamic' };
      continue;
    }
    if (!redirect.target) continue;
    if (redirect.op === '<') {
      if (toStdin) input = { kind: 'file' };
      continue;
    }
    const overwrite = OVERWRITE_OPS.has(redirect.op);
    if (!overwrite && !APPEND_OPS.has(redirect.op)) continue;
    const arg = argOf(redirect.target);
    // `>&2`, `2>&1`, `>&-`: duplicating or closing a descriptor, not a file.
    if (redirect.op === '>&' && arg.kind === 'static' && /^(\d+|-)$/.test(arg.value)) continue;
    const target = pathIn(frame, arg);
    const device = target.certainty === 'exact' ? deviceKind(target.address) : 'not-a-device';
    if (device === 'harmless') continue;
    if (device === 'block-device') {
      effects.push(
        fileEffect(
          'update',
          target,
          { reversible: false, destroysData: true, environmentWide: true, summary: `writes straight over the device ${target.address}, destroying its file systems` },
          'block-device',
        ),
      );
      continue;
    }
    if (!overwrite) {
      effects.push(fileEffect('update', target, { reversible: true, destroysData: false, summary: `appends to ${target.description}` }));
    } else if (existsIn(frame, target, pathExists)) {
      const what = target.certainty === 'exact' ? target.address : target.description;
      effects.push(fileEffect('update', target, { reversible: false, destroysData: true, summary: `overwrites ${what}, losing what it held` }));
    } else {
      effects.push(fileEffect('create', target, { reversible: true, destroysData: false, summary: `creates ${target.address}` }));
    }
  }
  return { effects, stdin: input };
}
