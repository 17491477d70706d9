import type { CommandHandler, CommandTable } from '../command-context.js';
import { effect } from '../effects.js';
import { hasOption, optionValue, parseArgs } from '../options.js';
import { literalOf } from '../words.js';
import { editFileEffect, writeFileEffect } from './file-helpers.js';

/** A command that only reads (files, the system's state, its input) and prints. */
export const readOnly: CommandHandler = (_call, ctx) => ctx.read();

/** Commands that only read, whatever their arguments. */
const READ_ONLY_COMMANDS = [
  // files and text
  'ls', 'dir', 'vdir', 'cat', 'tac', 'head', 'tail', 'less', 'more', 'most', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'ack',
  'wc', 'du', 'df', 'stat', 'file', 'diff', 'cmp', 'comm', 'cut', 'tr', 'jq', 'nl', 'od', 'hexdump', 'strings', 'column',
  'paste', 'join', 'fold', 'fmt', 'expand', 'unexpand', 'rev', 'base64', 'base32', 'basenc', 'md5sum', 'sha1sum',
  'sha224sum', 'sha256sum', 'sha384sum', 'sha512sum', 'b2sum', 'cksum', 'sum', 'realpath', 'readlink', 'basename',
  'dirname', 'pathchk', 'look', 'locate', 'whereis', 'zcat', 'zless', 'zgrep', 'bzcat', 'xzcat', 'lsattr', 'getfacl',
  'namei', 'numfmt',
  // printing and the shell's own state
  'echo', 'printf', 'pwd', 'true', 'false', ':', 'test', '[', 'sleep', 'seq', 'yes', 'expr', 'tput', 'clear', 'reset',
  'which', 'type', 'hash', 'help', 'man', 'info', 'apropos', 'whatis', 'history', 'jobs', 'dirs', 'times', 'caller',
  'compgen', 'complete', 'compopt', 'read', 'mapfile', 'readarray', 'getopts', 'let', 'shift', 'return', 'exit', 'break',
  'continue', 'wait', 'set', 'shopt', 'ulimit', 'umask', 'logout', 'fg', 'bg', 'disown', 'unalias', 'printenv', 'locale',
  'tty', 'stty', 'nproc', 'arch', 'getconf',
  // who and what is running
  'whoami', 'id', 'groups', 'users', 'who', 'w', 'last', 'lastlog', 'uptime', 'uname', 'ps', 'pgrep', 'pstree', 'top',
  'htop', 'btop', 'free', 'vmstat', 'iostat', 'mpstat', 'lsof', 'lsblk', 'blkid', 'lscpu', 'lsmem', 'lspci', 'lsusb',
  'lsmod', 'dmesg', 'getent', 'finger', 'atq',
  // the network, looked at
  'ping', 'ping6', 'dig', 'nslookup', 'host', 'traceroute', 'tracepath', 'mtr', 'netstat', 'ss', 'whois',
] as const;

/** `journalctl --vacuum-*` deletes journal files; `--rotate`/`--flush` change them; the rest reads logs. */
const journalctl: CommandHandler = (call, ctx) => {
  const words = call.args.map(literalOf);
  if (words.some((word) => word?.startsWith('--vacuum'))) {
    ctx.emit(effect('delete', 'system.journal', 'journal files', { reversible: false, destroysData: true, summary: 'deletes archived system journal files' }));
  } else ctx.read('reads the system journal');
};

/** `sort -o FILE` writes FILE; otherwise sort reads. */
const sort: CommandHandler = (call, ctx) => {
  ctx.read();
  const parsed = parseArgs(call.args, { short: 'kotST', long: ['key', 'output', 'field-separator', 'temporary-directory', 'buffer-size', 'parallel', 'batch-size', 'compress-program', 'files0-from', 'sort', 'random-source'] });
  const output = optionValue(parsed, 'o', 'output');
  if (output) writeFileEffect(ctx, ctx.path(output), 'overwrites');
};

/** `uniq IN OUT` writes OUT. */
const uniq: CommandHandler = (call, ctx) => {
  ctx.read();
  const parsed = parseArgs(call.args, { short: 'fsw', long: ['skip-fields', 'skip-chars', 'check-chars', 'all-repeated', 'group'] });
  const output = parsed.operands[1];
  if (output) writeFileEffect(ctx, ctx.path(output), 'overwrites');
};

/** `tree -o FILE` writes FILE. */
const tree: CommandHandler = (call, ctx) => {
  ctx.read();
  const parsed = parseArgs(call.args, { short: 'LPIoH', long: ['filelimit', 'timefmt', 'sort', 'charset'] });
  const output = optionValue(parsed, 'o');
  if (output) writeFileEffect(ctx, ctx.path(output), 'overwrites');
};

/** `xxd -r IN OUT` writes OUT. */
const xxd: CommandHandler = (call, ctx) => {
  ctx.read();
  const parsed = parseArgs(call.args, { short: 'cgloOsn', long: [] });
  const output = parsed.operands[1];
  if (output) writeFileEffect(ctx, ctx.path(output), 'overwrites');
};

/** `date -s …` sets the system clock. */
const date: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'dfrsI', long: ['date', 'file', 'reference', 'set', 'iso-8601', 'rfc-3339'] });
  if (hasOption(parsed, 's', 'set')) {
    ctx.emit(effect('update', 'host.clock', 'system clock', { reversible: true, destroysData: false, summary: 'sets the system clock' }));
  } else ctx.read();
};

/** `hostname NAME` renames the machine; without an operand it prints the name. */
const hostname: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'F', long: ['file'] });
  const name = parsed.operands[0];
  if (name || hasOption(parsed, 'F', 'file')) {
    ctx.emit(effect('update', 'host', literalOf(name) ?? 'hostname', { reversible: true, destroysData: false, summary: 'renames this machine' }));
  } else ctx.read();
};

/** `yq -i EXPR FILE…` edits FILE in place; otherwise yq reads. */
const yq: CommandHandler = (call, ctx) => {
  let args = call.args;
  const first = literalOf(args[0]);
  if (first === 'e' || first === 'eval' || first === 'ea' || first === 'eval-all') args = args.slice(1);
  const parsed = parseArgs(args, { short: 'IopPsnf', long: ['indent', 'output-format', 'input-format', 'expression', 'front-matter', 'split-exp', 'from-file'] });
  if (!hasOption(parsed, 'i', 'inplace')) {
    ctx.read();
    return;
  }
  const files = optionValue(parsed, 'expression') ? parsed.operands : parsed.operands.slice(1);
  for (const file of files) {
    const target = ctx.path(file);
    editFileEffect(ctx, target, `edits ${target.description} in place`);
  }
};

export const readCommands: CommandTable = {
  ...Object.fromEntries(READ_ONLY_COMMANDS.map((name) => [name, readOnly])),
  journalctl,
  sort,
  uniq,
  tree,
  xxd,
  date,
  hostname,
  yq,
};
