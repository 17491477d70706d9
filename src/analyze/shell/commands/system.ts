import type { CommandHandler, CommandTable } from '../command-context.js';
import { effect } from '../effects.js';
import { displayOf, literalOf } from '../words.js';

/** kill, pkill, killall: processes stop (nothing restarts them unless a supervisor does). */
const kill: CommandHandler = (call, ctx) => {
  const words = call.args.map(literalOf);
  if (words.some((word) => word === '-l' || word === '-L' || word === '--list')) {
    ctx.read('lists signals');
    return;
  }
  const targets = call.args.filter((arg) => !literalOf(arg)?.startsWith('-')).map(displayOf);
  for (const target of targets.length > 0 ? targets : ['?']) {
    ctx.emit(effect('update', 'process', target, { reversible: false, destroysData: false, summary: `signals (usually stops) the process${call.name === 'kill' ? '' : 'es matching'} ${target}` }));
  }
};

/** shutdown, reboot, halt, poweroff: the whole machine goes down. */
const shutdown: CommandHandler = (call, ctx) => {
  if (call.args.some((arg) => literalOf(arg) === '-c')) {
    ctx.emit(effect('update', 'host', 'this machine', { reversible: true, destroysData: false, summary: 'cancels a scheduled shutdown' }));
    return;
  }
  ctx.emit(effect('update', 'host', 'this machine', { reversible: false, destroysData: false, environmentWide: true, summary: `${call.name === 'reboot' ? 'reboots' : 'shuts down'} this machine` }));
};

const SYSTEMCTL_READS = /^(status|show|cat|list-.*|is-.*|help|get-default|show-environment)$/;
const SYSTEMCTL_HOST = /^(poweroff|reboot|halt|kexec|isolate|rescue|emergency|suspend|hibernate|hybrid-sleep|soft-reboot)$/;
const SYSTEMCTL_STOPS = /^(stop|kill|disable|mask|freeze)$/;

/** systemctl VERB UNIT… (and `service UNIT VERB`). */
const systemctl: CommandHandler = (call, ctx) => {
  const words = call.args.map(literalOf).filter((word): word is string => word !== undefined && !word.startsWith('-'));
  const [verb, ...units] = call.name === 'service' ? [words[1], words[0]] : words;
  if (verb === undefined || SYSTEMCTL_READS.test(verb)) {
    ctx.read(`${call.name} ${verb ?? ''}: reads service state`);
    return;
  }
  if (SYSTEMCTL_HOST.test(verb)) {
    ctx.emit(effect('update', 'host', 'this machine', { reversible: false, destroysData: false, environmentWide: true, summary: `${call.name} ${verb}: takes this machine down or changes its whole state` }));
    return;
  }
  for (const unit of units.length > 0 ? units.filter((u): u is string => u !== undefined) : ['(all units)']) {
    const stops = SYSTEMCTL_STOPS.test(verb);
    ctx.emit(effect('update', 'service', unit, { reversible: !stops, destroysData: false, summary: `${verb}s the service ${unit}` }));
  }
};

/** crontab: `-r` deletes every scheduled job, a file operand replaces them all. */
const crontab: CommandHandler = (call, ctx) => {
  const words = call.args.map(literalOf);
  const user = words.includes('-u') ? (words[words.indexOf('-u') + 1] ?? '?') : '(current user)';
  if (words.includes('-l')) ctx.read('lists scheduled jobs');
  else if (words.includes('-r')) ctx.emit(effect('delete', 'crontab', user, { reversible: false, destroysData: true, summary: `deletes every scheduled job of ${user}` }));
  else if (words.includes('-e')) ctx.emit(effect('update', 'crontab', user, { reversible: true, destroysData: false, summary: `edits the scheduled jobs of ${user}` }));
  else ctx.emit(effect('replace', 'crontab', user, { reversible: false, destroysData: true, summary: `replaces every scheduled job of ${user} with a new list` }));
};

const mount: CommandHandler = (call, ctx) => {
  const operands = call.args.filter((arg) => !literalOf(arg)?.startsWith('-'));
  if (call.name === 'mount' && operands.length === 0) {
    ctx.read('lists mounted file systems');
    return;
  }
  const target = displayOf(operands[operands.length - 1] ?? call.args[0] ?? { kind: 'static', value: '?', text: '?', glob: false, tilde: false });
  ctx.emit(effect('update', 'filesystem', target, { reversible: true, destroysData: false, summary: `${call.name === 'mount' ? 'mounts a file system at' : 'unmounts'} ${target}` }));
};

const userdel: CommandHandler = (call, ctx) => {
  const words = call.args.map(literalOf);
  const name = words.filter((word) => word !== undefined && !word.startsWith('-')).pop() ?? '?';
  const removesHome = words.includes('-r') || words.includes('--remove');
  ctx.emit(effect('delete', 'user', name, { reversible: false, destroysData: removesHome, summary: `deletes the user ${name}${removesHome ? ' and their home directory' : ''}` }));
};

export const systemCommands: CommandTable = {
  kill,
  pkill: kill,
  killall: kill,
  shutdown,
  reboot: shutdown,
  halt: shutdown,
  poweroff: shutdown,
  systemctl,
  service: systemctl,
  crontab,
  mount,
  umount: mount,
  userdel,
  deluser: userdel,
};
