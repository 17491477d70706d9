import { posix } from 'node:path';
import type { CommandContext, CommandHandler, CommandTable } from '../command-context.js';
import { fileEffect } from '../effects.js';
import { hasOption, optionValue, parseArgs } from '../options.js';
import { deviceKind, isEnvironmentWidePath, type PathTarget } from '../paths.js';
import { displayOf, literalOf, type Arg } from '../words.js';
import { editFileEffect, writeFileEffect } from './file-helpers.js';

/** What an environment-wide delete takes with it, for the summary. */
function wideNote(target: PathTarget, wide: boolean): string {
  if (!wide) return '';
  if (target.address === '/' || target.address.startsWith('/*')) return ': every file on the machine';
  if (target.address === '~' || target.address.startsWith('~/')) return ': the whole home directory';
  if (target.certainty === 'dynamic') return ` (if the variable is empty this is ${target.address.endsWith('*') ? '/*' : '/'}: every file on the machine)`;
  return ': a system directory the machine needs';
}

const rm: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { long: [] });
  const recursive = hasOption(parsed, 'r', 'R', 'recursive');
  // An unquoted `$FLAGS` may hold `-r`; a quoted `"$f"` is one word, most likely a path.
  const maybeRecursive = !recursive && parsed.dynamic.some((arg) => arg.text.startsWith('$'));
  if (parsed.operands.length === 0) {
    ctx.execute('rm', 'runs rm with nothing named to delete');
    return;
  }
  for (const arg of parsed.operands) {
    const target = ctx.path(arg);
    const wide = isEnvironmentWidePath(target, arg);
    const what = target.description;
    const under = recursive ? ' and everything under it' : maybeRecursive ? ' (and everything under it if the flags held in a variable include -r)' : '';
    ctx.emit(
      fileEffect('delete', target, {
        reversible: false,
        destroysData: true,
        environmentWide: wide,
        summary: `deletes ${what}${under}${wideNote(target, wide)}`,
      }),
    );
  }
};

const rmdir: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args);
  for (const arg of parsed.operands) {
    const target = ctx.path(arg);
    ctx.emit(fileEffect('delete', target, { reversible: true, destroysData: false, summary: `removes the empty directory ${target.description}` }));
  }
};

const unlink: CommandHandler = (call, ctx) => {
  for (const arg of parseArgs(call.args).operands) {
    const target = ctx.path(arg);
    ctx.emit(fileEffect('delete', target, { reversible: false, destroysData: true, summary: `deletes ${target.description}` }));
  }
};

/** A disk (or disk image) whose contents are destroyed: formatting, wiping, zapping. */
function destroyDevice(ctx: CommandContext, arg: Arg, operation: 'delete' | 'replace' | 'update', how: string): void {
  const target = ctx.path(arg);
  const isDevice = target.certainty !== 'exact' || deviceKind(target.address) === 'block-device' || target.address.startsWith('/dev/');
  ctx.emit(
    fileEffect(
      operation,
      target,
      { reversible: false, destroysData: true, environmentWide: isDevice, summary: `${how} ${target.address}, destroying everything stored on it` },
      isDevice ? 'block-device' : 'file',
    ),
  );
}

/** The device operands of a disk tool: `/dev/…` paths, else the last operand. */
function deviceOperands(args: readonly Arg[]): Arg[] {
  const devices = args.filter((arg) => arg.kind !== 'static' || arg.value.startsWith('/dev/'));
  if (devices.length > 0) return devices;
  const last = [...args].reverse().find((arg) => arg.kind === 'static' && !arg.value.startsWith('-'));
  return last ? [last] : [];
}

const shred: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'ns', long: ['iterations', 'size', 'random-source'] });
  const remove = hasOption(parsed, 'u', 'remove');
  for (const arg of parsed.operands) {
    const target = ctx.path(arg);
    if (target.certainty === 'exact' && deviceKind(target.address) === 'block-device') {
      destroyDevice(ctx, arg, 'update', 'overwrites');
      continue;
    }
    ctx.emit(
      fileEffect(remove ? 'delete' : 'update', target, {
        reversible: false,
        destroysData: true,
        summary: remove ? `overwrites and deletes ${target.description} so it cannot be recovered` : `overwrites ${target.description} with random data so it cannot be recovered`,
      }),
    );
  }
};

const dd: CommandHandler = (call, ctx) => {
  const output = call.args.find((arg) => (arg.kind === 'static' ? arg.value : arg.kind === 'dynamic' ? arg.symbolic : '').startsWith('of='));
  if (!output) {
    ctx.read('copies data to standard output');
    return;
  }
  const targetArg = output.kind === 'static' ? { ...output, value: output.value.slice(3), tilde: output.value.startsWith('of=~') } : output.kind === 'dynamic' ? { ...output, symbolic: output.symbolic.slice(3) } : output;
  const target = ctx.path(targetArg);
  const device = target.certainty === 'exact' ? deviceKind(target.address) : 'not-a-device';
  if (device === 'harmless') {
    ctx.read('copies data and discards it');
    return;
  }
  if (device === 'block-device' || (target.certainty !== 'exact' && target.address.startsWith('/dev/'))) {
    destroyDevice(ctx, targetArg, 'update', 'writes raw data over');
    return;
  }
  ctx.emit(fileEffect('update', target, { reversible: false, destroysData: true, summary: `writes raw data over ${target.description}` }));
};

/** mkfs, mkfs.*, mke2fs, mkswap: a new, empty file system where the old one was. */
const mkfs: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'tbCdeEgGiIjJlLmMNoOrsTUz', long: ['type'] });
  const devices = deviceOperands(parsed.operands);
  if (devices.length === 0) {
    ctx.unknown(`runs ${call.name} on a device Airlock cannot tell`);
    return;
  }
  for (const device of devices) destroyDevice(ctx, device, 'replace', 'formats');
};

const wipefs: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'otpO', long: ['offset', 'types', 'backup', 'output'] });
  if (!hasOption(parsed, 'a', 'all', 'o', 'offset') || hasOption(parsed, 'n', 'no-act')) {
    ctx.read('lists file system signatures');
    return;
  }
  for (const device of deviceOperands(parsed.operands)) destroyDevice(ctx, device, 'delete', 'erases the file system signatures of');
};

const sgdisk: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'acdAbBeEfFghiIjlLmMnNOPrRsStTuU', long: [] });
  const zap = hasOption(parsed, 'Z', 'zap-all', 'z', 'zap', 'o', 'clear');
  const readOnlyFlags = parsed.options.every((option) => ['p', 'print', 'v', 'verify', 'i', 'info', 'L', 'list-types', 'P', 'pretend'].includes(option.name));
  const devices = deviceOperands(parsed.operands);
  if (!zap && readOnlyFlags) {
    ctx.read('shows a partition table');
    return;
  }
  for (const device of devices) destroyDevice(ctx, device, zap ? 'delete' : 'update', zap ? 'destroys the partition table of' : 'rewrites the partition table of');
};

const blkdiscard: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'olp', long: ['offset', 'length', 'step'] });
  for (const device of deviceOperands(parsed.operands)) destroyDevice(ctx, device, 'delete', 'discards every block of');
};

/** fdisk, sfdisk, parted, gdisk, cfdisk: partition editors; listing is a read. */
const partitionEditor: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'bcCHSuLoOt', long: ['sector-size', 'output', 'type', 'label'] });
  const words = parsed.operands.map(literalOf);
  if (hasOption(parsed, 'l', 'list', 's', 'show-size', 'd', 'dump', 'V', 'verify') || words.includes('print') || words.includes('p')) {
    ctx.read('shows a partition table');
    return;
  }
  const devices = deviceOperands(parsed.operands).slice(0, 1);
  if (devices.length === 0) ctx.unknown(`runs the partition editor ${call.name}`);
  for (const device of devices) destroyDevice(ctx, device, 'update', 'edits the partition table of');
};

const truncate: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'sr', long: ['size', 'reference'] });
  const size = displayOfOptional(optionValue(parsed, 's', 'size'));
  for (const arg of parsed.operands) {
    const target = ctx.path(arg);
    ctx.emit(fileEffect('update', target, { reversible: false, destroysData: true, summary: `cuts ${target.description} to ${size === undefined ? 'another file’s size' : `size ${size}`}, losing what was beyond it` }));
  }
};

function displayOfOptional(arg: Arg | undefined): string | undefined {
  return arg ? displayOf(arg) : undefined;
}

/** Where each source of `mv`/`cp`/`install` lands, and whether the destination is a directory. */
function destinations(ctx: CommandContext, operands: readonly Arg[], targetDirectory: Arg | undefined, noTargetDirectory: boolean): Array<{ source: Arg; destination: PathTarget }> {
  if (targetDirectory) {
    const dir = ctx.path(targetDirectory);
    return operands.map((source) => ({ source, destination: intoDirectory(dir, source) }));
  }
  if (operands.length < 2) return [];
  const destinationArg = operands[operands.length - 1] as Arg;
  const sources = operands.slice(0, -1);
  const destination = ctx.path(destinationArg);
  const intoDir = !noTargetDirectory && (sources.length > 1 || (destinationArg.kind === 'static' && destinationArg.value.endsWith('/')));
  return sources.map((source) => ({ source, destination: intoDir ? intoDirectory(destination, source) : destination }));
}

function intoDirectory(dir: PathTarget, source: Arg): PathTarget {
  const base = source.kind === 'static' && !source.glob ? posix.basename(source.value) : undefined;
  if (!base || dir.certainty !== 'exact') return { ...dir, description: `files in ${dir.description}` };
  const address = dir.address === '/' ? `/${base}` : `${dir.address}/${base}`;
  return { address, certainty: 'exact', description: address };
}

/** The backup/no-clobber options shared by mv, cp, install and ln. */
function overwriteMode(parsed: ReturnType<typeof parseArgs>): 'overwrite' | 'backup' | 'never' {
  if (hasOption(parsed, 'n', 'no-clobber') || literalOf(optionValue(parsed, 'update')) === 'none') return 'never';
  if (hasOption(parsed, 'b', 'backup')) return 'backup';
  return 'overwrite';
}

const MOVE_SPEC = { short: 'tS', long: ['target-directory', 'suffix'] } as const;

const mv: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, MOVE_SPEC);
  const mode = overwriteMode(parsed);
  const moves = destinations(ctx, parsed.operands, optionValue(parsed, 't', 'target-directory'), hasOption(parsed, 'T', 'no-target-directory'));
  if (moves.length === 0) ctx.unknown('runs mv without a destination Airlock can tell');
  for (const { source, destination } of moves) {
    const from = ctx.path(source);
    if (from.address === destination.address) continue;
    if (mode !== 'never' && ctx.exists(destination)) {
      ctx.emit(
        fileEffect('delete', destination, {
          reversible: mode === 'backup',
          destroysData: mode !== 'backup',
          environmentWide: isEnvironmentWidePath(destination, source),
          summary: `overwrites ${destination.description} with ${from.description}${mode === 'backup' ? ' (keeping a backup)' : ', losing what it held'}`,
        }),
      );
    }
    ctx.emit(fileEffect('update', from, { reversible: true, destroysData: false, summary: `moves ${from.description} to ${destination.description}` }));
  }
};

const cp: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, MOVE_SPEC);
  const mode = overwriteMode(parsed);
  const copies = destinations(ctx, parsed.operands, optionValue(parsed, 't', 'target-directory'), hasOption(parsed, 'T', 'no-target-directory'));
  if (copies.length === 0) ctx.unknown('runs cp without a destination Airlock can tell');
  for (const { source, destination } of copies) {
    const from = ctx.path(source);
    if (mode !== 'never' && ctx.exists(destination)) {
      ctx.emit(
        fileEffect('delete', destination, {
          reversible: mode === 'backup',
          destroysData: mode !== 'backup',
          summary: `overwrites ${destination.description} with a copy of ${from.description}${mode === 'backup' ? ' (keeping a backup)' : ', losing what it held'}`,
        }),
      );
    } else {
      ctx.emit(fileEffect('create', destination, { reversible: true, destroysData: false, summary: `creates ${destination.description}, a copy of ${from.description}` }));
    }
  }
};

const install: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'gmoStZ', long: ['group', 'mode', 'owner', 'suffix', 'target-directory', 'strip-program', 'context'] });
  if (hasOption(parsed, 'd', 'directory')) {
    for (const arg of parsed.operands) {
      const target = ctx.path(arg);
      ctx.emit(fileEffect('create', target, { reversible: true, destroysData: false, summary: `creates the directory ${target.description}` }));
    }
    return;
  }
  cp({ ...call, args: call.args }, ctx);
};

/** A remote rsync/scp location (`host:path`, `user@host:path`, `rsync://…`). */
export function isRemoteLocation(arg: Arg): boolean {
  const text = arg.kind === 'static' ? arg.value : arg.kind === 'dynamic' ? arg.symbolic : '';
  return /^rsync:\/\//.test(text) || /^[^/:]+:/.test(text);
}

const rsync: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, {
    short: 'efTBM',
    long: [
      'rsh', 'filter', 'exclude', 'include', 'exclude-from', 'include-from', 'files-from', 'temp-dir', 'block-size', 'rsync-path',
      'max-size', 'min-size', 'partial-dir', 'log-file', 'bwlimit', 'timeout', 'port', 'password-file', 'chmod', 'chown',
      'backup-dir', 'suffix', 'compare-dest', 'copy-dest', 'link-dest', 'out-format', 'info', 'debug', 'iconv', 'max-delete',
      'modify-window', 'usermap', 'groupmap', 'contimeout', 'sockopts', 'outbuf', 'remote-option', 'write-batch', 'read-batch',
      'protocol', 'checksum-choice', 'compress-choice', 'compress-level', 'skip-compress', 'stop-after', 'stop-at', 'log-file-format',
    ],
  });
  if (hasOption(parsed, 'n', 'dry-run') || parsed.operands.length < 2) {
    ctx.read('compares or lists files');
    return;
  }
  const destinationArg = parsed.operands[parsed.operands.length - 1] as Arg;
  const sources = parsed.operands.slice(0, -1);
  const remote = isRemoteLocation(destinationArg);
  const destination: PathTarget = remote
    ? { address: displayOf(destinationArg), certainty: 'exact', description: displayOf(destinationArg) }
    : ctx.path(destinationArg);
  const kind = remote ? 'remote-file' : 'file';
  const deletes = parsed.options.some((option) => option.long && (option.name === 'del' || option.name.startsWith('delete')));
  const from = sources.map((source) => (isRemoteLocation(source) ? displayOf(source) : ctx.path(source).address)).join(', ');
  if (deletes) {
    ctx.emit(
      fileEffect('delete', destination, {
        reversible: false,
        destroysData: true,
        environmentWide: !remote && isEnvironmentWidePath(destination, destinationArg),
        summary: `deletes every file in ${destination.description} that is not in ${from}`,
      }, kind),
    );
  }
  ctx.emit(
    fileEffect('update', destination, {
      reversible: false,
      destroysData: remote || ctx.exists(destination),
      summary: `copies ${from} into ${destination.description}, overwriting files that differ`,
    }, kind),
  );
  if (hasOption(parsed, 'remove-source-files')) {
    for (const source of sources) {
      if (isRemoteLocation(source)) continue;
      const target = ctx.path(source);
      ctx.emit(fileEffect('delete', target, { reversible: true, destroysData: false, summary: `deletes the transferred files from ${target.description}` }));
    }
  }
};

const tee: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args);
  const append = hasOption(parsed, 'a', 'append');
  for (const arg of parsed.operands) {
    const target = ctx.path(arg);
    if (target.certainty === 'exact' && deviceKind(target.address) === 'harmless') continue;
    if (append) editFileEffect(ctx, target, `appends to ${target.description}`);
    else writeFileEffect(ctx, target, 'overwrites');
  }
  if (parsed.operands.length === 0) ctx.read('copies its input to its output');
};

/** A sed address before a command: `1`, `$`, `/re/`, `1,5`, `/a/,/b/`, optionally negated. */
const SED_ADDRESS = String.raw`(?:(?:\d+|\$|\/(?:[^/\\]|\\.)*\/[IM]*)(?:\s*,\s*(?:\d+|\$|\/(?:[^/\\]|\\.)*\/[IM]*|[+~]\d+))?\s*!?\s*)?`;
/** GNU sed's `e` command and `s///e` flag run shell commands; `w FILE` writes a file. */
const SED_EXECUTES = new RegExp(String.raw`(^|[;\n{}])\s*${SED_ADDRESS}e(\s|;|$)|\/[gpIiMm0-9]*e[gpIiMm0-9]*\s*(;|$|\n|})`);
const SED_WRITES = new RegExp(String.raw`(?:(?:^|[;\n{}])\s*${SED_ADDRESS}|\/[gpIiMm0-9]*)[wW]\s+([^;\n}]+)`, 'g');

/**
 * An in-place edit by sed or perl: the file is rewritten, and without a backup (`-i.bak`) its
 * old content is gone — a script that deletes lines (`sed -i d`) empties it for good. With a
 * backup suffix the old content is kept beside it, so the edit can be undone.
 */
export function inPlaceEditEffect(ctx: CommandContext, target: PathTarget, tool: string, backup: string | undefined): void {
  if (backup) ctx.emit(fileEffect('update', target, { reversible: true, destroysData: false, summary: `edits ${target.description} in place, keeping the old content as a backup (suffix ${backup})` }));
  else ctx.emit(fileEffect('update', target, { reversible: false, destroysData: false, summary: `edits ${target.description} in place with ${tool}, without a backup: the old content cannot be restored` }));
}

/**
 * sed's in-place option and its backup suffix. GNU: `-i[SUFFIX]` (the rest of a cluster: `-ie` is
 * suffix "e") and `--in-place[=SUFFIX]`. BSD: `-i SUFFIX` as its own argument, `''` for none; a next
 * argument that is empty or starts with a dot is taken as that (no sed script starts with either).
 * `skip` is the index of a BSD suffix argument, which is not a script or a file.
 */
function sedInPlace(args: readonly Arg[]): { inPlace: boolean; backup: string | undefined; skip: number | undefined } {
  let inPlace = false;
  let backup: string | undefined;
  let skip: number | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const text = literalOf(args[i]);
    if (text === undefined || !text.startsWith('-') || text === '-') continue;
    if (text === '--') break;
    if (text.startsWith('--')) {
      const eq = text.indexOf('=');
      const name = eq === -1 ? text.slice(2) : text.slice(2, eq);
      if (name.length >= 3 && 'in-place'.startsWith(name)) {
        inPlace = true;
        backup = eq === -1 ? undefined : text.slice(eq + 1) || undefined;
      } else if (eq === -1 && ['expression', 'file', 'line-length'].includes(name)) i += 1;
      continue;
    }
    for (let j = 1; j < text.length; j += 1) {
      const letter = text[j];
      if (letter === 'e' || letter === 'f' || letter === 'l') {
        if (j + 1 === text.length) i += 1;
        break;
      }
      if (letter === 'i') {
        inPlace = true;
        backup = text.slice(j + 1) || undefined;
        const next = args[i + 1];
        if (!backup && j + 1 === text.length && next?.kind === 'static' && (next.value === '' || next.value.startsWith('.'))) {
          backup = next.value || undefined;
          skip = i + 1;
          i += 1;
        }
        break;
      }
    }
  }
  return { inPlace, backup, skip };
}

const sed: CommandHandler = (call, ctx) => {
  const inPlace = sedInPlace(call.args);
  const args = inPlace.skip === undefined ? call.args : call.args.filter((_, index) => index !== inPlace.skip);
  const parsed = parseArgs(args, { short: 'efl', long: ['expression', 'file', 'line-length'] });
  const scripts = [...parsed.options.filter((option) => option.name === 'e' || option.name === 'expression').map((option) => option.value)];
  let files = parsed.operands;
  if (scripts.length === 0 && !hasOption(parsed, 'f', 'file')) {
    scripts.push(files[0]);
    files = files.slice(1);
  }
  const sandbox = hasOption(parsed, 'sandbox');
  for (const script of scripts) {
    if (!script || sandbox) continue;
    const text = script.kind === 'static' ? script.value : script.kind === 'dynamic' ? script.symbolic : '';
    if (SED_EXECUTES.test(text)) ctx.unknown('runs a sed script that executes shell commands (the e command or flag)');
    for (const match of text.matchAll(SED_WRITES)) {
      const file = match[1]?.trim();
      if (file) writeFileEffect(ctx, ctx.path({ kind: 'static', value: file, text: file, glob: false, tilde: false }), 'overwrites');
    }
  }
  if (!inPlace.inPlace) {
    ctx.read('edits text on its way through');
    return;
  }
  for (const file of files) inPlaceEditEffect(ctx, ctx.path(file), call.name, inPlace.backup);
};

const ln: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'St', long: ['suffix', 'target-directory'] });
  const force = hasOption(parsed, 'f', 'force');
  const targetDirectory = optionValue(parsed, 't', 'target-directory');
  let links: Array<{ source: Arg; destination: PathTarget }>;
  if (!targetDirectory && parsed.operands.length === 1) {
    const only = parsed.operands[0] as Arg;
    links = [{ source: only, destination: intoDirectory(ctx.path({ kind: 'static', value: '.', text: '.', glob: false, tilde: false }), only) }];
  } else links = destinations(ctx, parsed.operands, targetDirectory, hasOption(parsed, 'T', 'no-target-directory'));
  for (const { source, destination } of links) {
    const to = displayOf(source);
    if (force && ctx.exists(destination)) {
      // -f unlinks an existing file first: whatever it held is gone, not just re-pointed.
      ctx.emit(fileEffect('update', destination, { reversible: false, destroysData: true, summary: `replaces ${destination.description} with a link to ${to}; what it held is gone` }));
    } else if (force) ctx.emit(fileEffect('update', destination, { reversible: true, destroysData: false, summary: `points ${destination.description} at ${to}, replacing what was there` }));
    else ctx.emit(fileEffect('create', destination, { reversible: true, destroysData: false, summary: `creates ${destination.description}, a link to ${to}` }));
  }
};

/** chmod, chown, chgrp: the first operand is the mode or owner (unless --reference). */
function permissions(verb: string): CommandHandler {
  return (call, ctx) => {
    // chmod modes may start with a dash (`chmod -x file`): only c, f, v, R are options.
    const args = call.name === 'chmod' ? call.args.filter((arg) => !(arg.kind === 'static' && /^-[rwxXst]+$/.test(arg.value) && !/^-[cfvR]+$/.test(arg.value))) : call.args;
    const modeArgs = call.args.length - args.length;
    const parsed = parseArgs(args, { long: ['reference', 'from'] });
    const recursive = hasOption(parsed, 'R', 'recursive');
    const operands = optionValue(parsed, 'reference') || modeArgs > 0 ? parsed.operands : parsed.operands.slice(1);
    for (const arg of operands) {
      const target = ctx.path(arg);
      const wide = recursive && isEnvironmentWidePath(target, arg);
      ctx.emit(
        fileEffect('update', target, {
          reversible: !wide,
          destroysData: false,
          environmentWide: wide,
          summary: `${verb} ${target.description}${recursive ? ' and everything under it' : ''}`,
        }),
      );
    }
  };
}

const mkdir: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'mZ', long: ['mode', 'context'] });
  for (const arg of parsed.operands) {
    const target = ctx.path(arg);
    ctx.emit(fileEffect('create', target, { reversible: true, destroysData: false, summary: `creates the directory ${target.description}` }));
  }
};

const touch: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'drt', long: ['date', 'reference', 'time'] });
  for (const arg of parsed.operands) {
    const target = ctx.path(arg);
    if (ctx.exists(target) && target.certainty === 'exact') {
      ctx.emit(fileEffect('update', target, { reversible: true, destroysData: false, summary: `updates the timestamps of ${target.description}` }));
    } else ctx.emit(fileEffect('create', target, { reversible: true, destroysData: false, summary: `creates ${target.description} if it does not exist` }));
  }
};

const patch: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'pidoBDFrVYzg', long: ['strip', 'input', 'directory', 'output', 'reject-file', 'backup-if-mismatch', 'prefix', 'suffix', 'fuzz', 'quoting-style', 'get'] });
  if (hasOption(parsed, 'dry-run', 'C', 'check')) {
    ctx.read('checks whether a patch applies');
    return;
  }
  const original = parsed.operands[0];
  const target = original ? ctx.path(original) : { address: '(files named in the patch)', certainty: 'dynamic' as const, description: 'the files named in the patch' };
  ctx.emit(fileEffect('update', target, { reversible: true, destroysData: false, summary: `applies a patch to ${target.description}` }));
};

export const fileCommands: CommandTable = {
  rm,
  rmdir,
  unlink,
  shred,
  dd,
  mkfs,
  mke2fs: mkfs,
  mkswap: mkfs,
  wipefs,
  sgdisk,
  blkdiscard,
  fdisk: partitionEditor,
  sfdisk: partitionEditor,
  gdisk: partitionEditor,
  cfdisk: partitionEditor,
  parted: partitionEditor,
  truncate,
  mv,
  cp,
  install,
  rsync,
  tee,
  sed,
  gsed: sed,
  ln,
  chmod: permissions('changes the permissions of'),
  chown: permissions('changes the owner of'),
  chgrp: permissions('changes the group of'),
  mkdir,
  touch,
  patch,
};

/** mkfs.ext4, mkfs.xfs …: every mkfs variant. */
export const MKFS_VARIANT = /^mkfs\.[A-Za-z0-9]+$/;
export { mkfs as mkfsHandler };
