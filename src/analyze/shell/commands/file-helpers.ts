import type { CommandContext } from '../command-context.js';
import { fileEffect } from '../effects.js';
import { deviceKind, type PathTarget } from '../paths.js';

/**
 * Writing a whole file: over an existing one it is an irreversible update that loses the old
 * content; a new file is a reversible create. A device path is a disk being overwritten.
 */
export function writeFileEffect(ctx: CommandContext, target: PathTarget, how: string): void {
  const device = target.certainty === 'exact' ? deviceKind(target.address) : 'not-a-device';
  if (device === 'harmless') return;
  if (device === 'block-device') {
    ctx.emit(
      fileEffect(
        'update',
        target,
        { reversible: false, destroysData: true, environmentWide: true, summary: `${how} the device ${target.address}, destroying its file systems` },
        'block-device',
      ),
    );
    return;
  }
  if (ctx.exists(target)) {
    const what = target.certainty === 'exact' ? target.address : target.description;
    ctx.emit(fileEffect('update', target, { reversible: false, destroysData: true, summary: `${how} ${what}, losing what it held` }));
  } else ctx.emit(fileEffect('create', target, { reversible: true, destroysData: false, summary: `creates ${target.address}` }));
}

/** An in-place edit or an append: the file changes, and the change can be made again or undone. */
export function editFileEffect(ctx: CommandContext, target: PathTarget, summary: string): void {
  ctx.emit(fileEffect('update', target, { reversible: true, destroysData: false, summary }));
}
