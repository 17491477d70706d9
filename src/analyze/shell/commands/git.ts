import type { CommandContext, CommandHandler, CommandTable } from '../command-context.js';
import { effect, fileEffect } from '../effects.js';
import { hasOption, optionValue, parseArgs, type OptionSpec } from '../options.js';
import { resolvePath, type PathTarget, type WorkingDirectory } from '../paths.js';
import { displayOf, literalOf, type Arg } from '../words.js';
import { writeFileEffect } from './file-helpers.js';

/** One git subcommand, with the repository it acts on. */
interface GitCall {
  readonly ctx: CommandContext;
  readonly args: readonly Arg[];
  /** The repository's directory (`-C dir`, else the working directory). */
  readonly repo: WorkingDirectory;
  readonly subcommand: string;
}

type GitHandler = (git: GitCall) => void;

/**
 * `git -c key=value` settings that make git run a program or shell code (an alias starting with
 * `!`, a pager, an editor, an ssh command, hooks, filters …).
 */
const EXECUTING_CONFIG = /^(alias\.|core\.(pager|editor|sshcommand|fsmonitor|hookspath|gitproxy|askpass)$|credential\.|diff\.|merge\.|filter\.|sequence\.editor$|gpg\.|pager\.|uploadpack\.|receive\.|remote\.[^.]+\.(uploadpack|receivepack|proxy)$|url\.|protocol\.|include\.|includeif\.)/i;

/** The repository directory as an address. */
function repoAddress(git: GitCall): string {
  return git.repo.path === '.' ? '.' : git.repo.path;
}

function worktree(git: GitCall, operation: 'update' | 'delete', fields: { reversible: boolean; destroysData: boolean; summary: string }): void {
  git.ctx.emit(effect(operation, 'git.worktree', repoAddress(git), fields));
}

function pathIn(git: GitCall, arg: Arg): PathTarget {
  return resolvePath(arg, git.repo);
}

const readOnly =
  (what: string): GitHandler =>
  (git) =>
    git.ctx.read(`git ${git.subcommand}: ${what}`);

/** git push [options] [REMOTE [REFSPEC…]]. */
const push: GitHandler = (git) => {
  const parsed = parseArgs(git.args, { short: 'o', long: ['repo', 'receive-pack', 'exec', 'push-option'] });
  if (hasOption(parsed, 'n', 'dry-run')) {
    git.ctx.read('git push --dry-run: shows what would be pushed');
    return;
  }
  const force = hasOption(parsed, 'f', 'force') || parsed.options.some((o) => o.long && (o.name.startsWith('force-with-lease') || o.name === 'force-if-includes'));
  const deleting = hasOption(parsed, 'd', 'delete');
  const mirror = hasOption(parsed, 'mirror');
  const [remoteArg, ...refspecs] = parsed.operands;
  const remote = remoteArg ? displayOf(remoteArg) : literalOf(optionValue(parsed, 'repo')) ?? '(default remote)';
  const emit = (operation: 'update' | 'delete', branch: string, destroysData: boolean, reversible: boolean, summary: string): void =>
    git.ctx.emit(effect(operation, 'git.remote-branch', `${remote}/${branch}`, { reversible, destroysData, summary }));
  if (mirror) {
    emit('update', '*', true, false, `makes ${remote} an exact mirror of this repository, overwriting and deleting its branches`);
    return;
  }
  if (hasOption(parsed, 'prune')) emit('delete', '*', true, false, `deletes every branch on ${remote} that does not exist here`);
  if (refspecs.length === 0) {
    const all = hasOption(parsed, 'all', 'branches', 'tags');
    const branch = all ? '*' : '(current branch)';
    if (deleting) git.ctx.unknown('runs git push --delete without naming what to delete');
    else if (force) emit('update', branch, true, false, `force-pushes ${all ? 'every branch' : 'the current branch'} to ${remote}, replacing its history there; commits only there are lost`);
    else emit('update', branch, false, true, `pushes ${all ? 'every branch' : 'the current branch'} to ${remote}`);
    return;
  }
  for (const refspec of refspecs) {
    const text = literalOf(refspec);
    if (text === undefined) {
      emit(deleting ? 'delete' : 'update', displayOf(refspec), force || deleting, !(force || deleting), `pushes to a branch of ${remote} only known at run time${force ? ', with --force' : ''}`);
      continue;
    }
    const plus = text.startsWith('+');
    const spec = plus ? text.slice(1) : text;
    const colon = spec.indexOf(':');
    const source = colon === -1 ? spec : spec.slice(0, colon);
    const destination = (colon === -1 ? spec : spec.slice(colon + 1)).replace(/^refs\/heads\//, '') || source;
    const what = !source || source === destination ? destination : `${source} to ${destination}`;
    if (deleting || (colon === 0 && spec.length > 1)) {
      emit('delete', destination, true, false, `deletes the branch ${destination} on ${remote}; commits only there are lost`);
    } else if (force || plus) {
      emit('update', destination, true, false, `force-pushes ${what} on ${remote}, replacing its history there; commits only there are lost`);
    } else emit('update', destination, false, true, `pushes ${what} on ${remote}`);
  }
};

const reset: GitHandler = (git) => {
  const parsed = parseArgs(git.args, { long: ['pathspec-from-file'] });
  const target = literalOf(parsed.operands[0]) ?? 'HEAD';
  if (hasOption(parsed, 'hard')) {
    worktree(git, 'update', { reversible: false, destroysData: true, summary: `resets ${repoAddress(git)} to ${target}, discarding every uncommitted change` });
  } else {
    worktree(git, 'update', { reversible: true, destroysData: false, summary: `moves the current branch of ${repoAddress(git)} to ${target}, keeping the files` });
  }
};

const clean: GitHandler = (git) => {
  const parsed = parseArgs(git.args, { short: 'e', long: ['exclude'] });
  if (hasOption(parsed, 'n', 'dry-run')) {
    git.ctx.read('git clean --dry-run: lists untracked files');
    return;
  }
  const dirs = hasOption(parsed, 'd');
  const ignored = hasOption(parsed, 'x', 'X');
  const paths = parsed.operands.map((arg) => pathIn(git, arg).address);
  const where = paths.length > 0 ? paths.join(', ') : repoAddress(git);
  git.ctx.emit(
    effect('delete', 'git.worktree', where, {
      reversible: false,
      destroysData: true,
      summary: `deletes untracked files${dirs ? ' and directories' : ''}${ignored ? ', including ignored ones' : ''} in ${where}; they were never committed, so they cannot be recovered`,
    }),
  );
};

const BRANCH_SPEC: OptionSpec = { short: 'u', long: ['set-upstream-to', 'contains', 'no-contains', 'merged', 'no-merged', 'sort', 'format', 'points-at'] };

const branch: GitHandler = (git) => {
  const parsed = parseArgs(git.args, BRANCH_SPEC);
  const names = parsed.operands.map(displayOf);
  const remote = hasOption(parsed, 'r', 'remotes');
  const force = hasOption(parsed, 'f', 'force');
  if (hasOption(parsed, 'D') || (hasOption(parsed, 'd', 'delete') && force)) {
    for (const name of names) {
      git.ctx.emit(effect('delete', remote ? 'git.remote-tracking-branch' : 'git.branch', name, {
        reversible: remote,
        destroysData: !remote,
        summary: remote ? `deletes the remote-tracking branch ${name} (a fetch brings it back)` : `force-deletes the branch ${name}, even with commits that are on no other branch`,
      }));
    }
    return;
  }
  if (hasOption(parsed, 'd', 'delete')) {
    for (const name of names) {
      git.ctx.emit(effect('delete', remote ? 'git.remote-tracking-branch' : 'git.branch', name, {
        reversible: remote,
        destroysData: false,
        summary: `deletes the branch ${name} (git refuses if it has unmerged commits)`,
      }));
    }
    return;
  }
  if (hasOption(parsed, 'm', 'M', 'move', 'c', 'C', 'copy')) {
    const copy = hasOption(parsed, 'c', 'C', 'copy');
    git.ctx.emit(effect(copy ? 'create' : 'update', 'git.branch', names[names.length - 1] ?? '(current branch)', {
      reversible: true,
      destroysData: false,
      summary: `${copy ? 'copies' : 'renames'} ${names.length > 1 ? names[0] : 'the current branch'} to ${names[names.length - 1] ?? '?'}`,
    }));
    return;
  }
  if (hasOption(parsed, 'u', 'set-upstream-to', 'unset-upstream', 'edit-description')) {
    git.ctx.emit(effect('update', 'git.branch', names[0] ?? '(current branch)', { reversible: true, destroysData: false, summary: 'changes a branch’s settings' }));
    return;
  }
  const listing = hasOption(parsed, 'l', 'list', 'a', 'all', 'r', 'remotes', 'v', 'verbose', 'show-current', 'contains', 'no-contains', 'merged', 'no-merged', 'points-at', 'sort', 'format', 'column');
  if (names.length === 0 || listing) {
    git.ctx.read('git branch: lists branches');
    return;
  }
  const name = names[0] ?? '';
  git.ctx.emit(effect(force ? 'update' : 'create', 'git.branch', name, { reversible: true, destroysData: false, summary: force ? `resets the branch ${name} to another commit` : `creates the branch ${name}` }));
};

const tag: GitHandler = (git) => {
  const parsed = parseArgs(git.args, { short: 'mFu', long: ['message', 'file', 'local-user', 'contains', 'no-contains', 'merged', 'no-merged', 'points-at', 'sort', 'format', 'cleanup'] });
  const names = parsed.operands.map(displayOf);
  if (hasOption(parsed, 'd', 'delete')) {
    for (const name of names) git.ctx.emit(effect('delete', 'git.tag', name, { reversible: false, destroysData: false, summary: `deletes the tag ${name}` }));
    return;
  }
  if (names.length === 0 || hasOption(parsed, 'l', 'list', 'n', 'v', 'verify', 'contains', 'no-contains', 'merged', 'no-merged', 'points-at')) {
    git.ctx.read('git tag: lists tags');
    return;
  }
  const force = hasOption(parsed, 'f', 'force');
  git.ctx.emit(effect(force ? 'update' : 'create', 'git.tag', names[0] ?? '', { reversible: true, destroysData: false, summary: `${force ? 'moves' : 'creates'} the tag ${names[0] ?? ''}` }));
};

/** Operands of checkout/restore that are plainly paths rather than branches. */
function looksLikePath(arg: Arg): boolean {
  if (arg.kind !== 'static') return false;
  const value = arg.value;
  return value === '.' || value === '..' || value.startsWith('./') || value.startsWith('../') || value.startsWith(':/') || value.startsWith('/') || arg.glob;
}

function discard(git: GitCall, paths: readonly Arg[], source?: string): void {
  for (const arg of paths) {
    const target = pathIn(git, arg);
    git.ctx.emit(
      fileEffect('update', target, {
        reversible: false,
        destroysData: true,
        summary: `discards uncommitted changes to ${target.description}${source ? `, replacing it with the version from ${source}` : ''}`,
      }, 'git.worktree'),
    );
  }
}

const checkout: GitHandler = (git) => {
  const dashDash = git.args.findIndex((arg) => literalOf(arg) === '--');
  const before = dashDash === -1 ? git.args : git.args.slice(0, dashDash);
  const after = dashDash === -1 ? [] : git.args.slice(dashDash + 1);
  const parsed = parseArgs(before, { short: 'bB', long: ['orphan', 'conflict', 'pathspec-from-file', 'track'] });
  const operands = parsed.operands;
  if (after.length > 0) {
    discard(git, after, literalOf(operands[0]));
    return;
  }
  const created = optionValue(parsed, 'b', 'B', 'orphan');
  if (created) {
    worktree(git, 'update', { reversible: true, destroysData: false, summary: `creates the branch ${displayOf(created)} and switches to it` });
    return;
  }
  const first = operands[0];
  if (first && (operands.length > 1 || looksLikePath(first) || hasOption(parsed, 'ours', 'theirs', 'p', 'patch'))) {
    discard(git, operands.length > 1 ? operands.slice(1) : operands, operands.length > 1 ? literalOf(first) : undefined);
    return;
  }
  const target = first ? displayOf(first) : 'the current branch';
  if (hasOption(parsed, 'f', 'force')) {
    worktree(git, 'update', { reversible: false, destroysData: true, summary: `switches ${repoAddress(git)} to ${target}, throwing away uncommitted changes` });
  } else worktree(git, 'update', { reversible: true, destroysData: false, summary: `switches ${repoAddress(git)} to ${target}` });
};

const restore: GitHandler = (git) => {
  const parsed = parseArgs(git.args, { short: 's', long: ['source', 'conflict', 'pathspec-from-file'] });
  const staged = hasOption(parsed, 'S', 'staged');
  const worktreeToo = hasOption(parsed, 'W', 'worktree') || !staged;
  const paths = parsed.operands;
  if (!worktreeToo) {
    for (const arg of paths) {
      const target = pathIn(git, arg);
      git.ctx.emit(fileEffect('update', target, { reversible: true, destroysData: false, summary: `unstages ${target.description}` }, 'git.index'));
    }
    return;
  }
  discard(git, paths, literalOf(optionValue(parsed, 's', 'source')));
};

const switchBranch: GitHandler = (git) => {
  const parsed = parseArgs(git.args, { short: 'cCt', long: ['create', 'force-create', 'orphan', 'conflict', 'track'] });
  const created = optionValue(parsed, 'c', 'C', 'create', 'force-create', 'orphan');
  const target = created ? displayOf(created) : parsed.operands[0] ? displayOf(parsed.operands[0]) : 'another branch';
  if (hasOption(parsed, 'discard-changes', 'f', 'force')) {
    worktree(git, 'update', { reversible: false, destroysData: true, summary: `switches ${repoAddress(git)} to ${target}, throwing away uncommitted changes` });
  } else worktree(git, 'update', { reversible: true, destroysData: false, summary: `${created ? 'creates and switches to' : 'switches to'} ${target}` });
};

const stash: GitHandler = (git) => {
  const sub = literalOf(git.args[0]);
  const rest = git.args.slice(1);
  const which = rest.map(displayOf).find((word) => !word.startsWith('-')) ?? 'stash@{0}';
  switch (sub) {
    case 'list':
    case 'show':
      git.ctx.read(`git stash ${sub}`);
      return;
    case 'drop':
      git.ctx.emit(effect('delete', 'git.stash', `${repoAddress(git)}#${which}`, { reversible: false, destroysData: true, summary: `drops the stash ${which}; the changes saved in it are lost` }));
      return;
    case 'clear':
      git.ctx.emit(effect('delete', 'git.stash', `${repoAddress(git)}#*`, { reversible: false, destroysData: true, summary: 'drops every stash; the changes saved in them are lost' }));
      return;
    case 'pop':
    case 'apply':
      worktree(git, 'update', { reversible: true, destroysData: false, summary: `applies the stash ${which} to the working tree` });
      return;
    case 'branch':
      git.ctx.emit(effect('create', 'git.branch', literalOf(rest[0]) ?? '?', { reversible: true, destroysData: false, summary: 'creates a branch from a stash' }));
      return;
    default:
      worktree(git, 'update', { reversible: true, destroysData: false, summary: 'saves uncommitted changes in a stash and cleans the working tree' });
  }
};

const reflog: GitHandler = (git) => {
  const sub = literalOf(git.args[0]);
  if (sub === 'expire' || sub === 'delete') {
    git.ctx.emit(effect('delete', 'git.reflog', repoAddress(git), {
      reversible: false,
      destroysData: true,
      summary: `${sub === 'expire' ? 'expires' : 'deletes'} reflog entries in ${repoAddress(git)}, the last way back to commits no branch points at`,
    }));
  } else git.ctx.read('git reflog: shows where branches pointed');
};

const gc: GitHandler = (git) => {
  const prune = git.args.map(literalOf).find((arg) => arg?.startsWith('--prune'));
  // `--prune=now` (or a grace period of seconds to hours) deletes what the default two weeks keep.
  if (prune && /^--prune=(now|all|\d+\.?(seconds?|minutes?|hours?)(\.ago)?)$/i.test(prune)) {
    git.ctx.emit(effect('delete', 'git.objects', repoAddress(git), {
      reversible: false,
      destroysData: true,
      summary: `deletes every unreachable commit and object in ${repoAddress(git)} now, without the usual grace period`,
    }));
  } else git.ctx.emit(effect('update', 'git.objects', repoAddress(git), { reversible: true, destroysData: false, summary: 'packs and tidies the repository' }));
};

const prune: GitHandler = (git) => {
  if (git.args.some((arg) => ['-n', '--dry-run'].includes(literalOf(arg) ?? ''))) {
    git.ctx.read('git prune --dry-run');
    return;
  }
  git.ctx.emit(effect('delete', 'git.objects', repoAddress(git), { reversible: false, destroysData: true, summary: `deletes unreachable objects in ${repoAddress(git)}; lost commits cannot be recovered afterwards` }));
};

const rewriteHistory: GitHandler = (git) => {
  git.ctx.emit(effect('update', 'git.history', repoAddress(git), {
    reversible: false,
    destroysData: true,
    summary: `rewrites the whole history of ${repoAddress(git)} (git ${git.subcommand})`,
  }));
};

const rm: GitHandler = (git) => {
  const parsed = parseArgs(git.args, { long: ['pathspec-from-file'] });
  if (hasOption(parsed, 'n', 'dry-run')) {
    git.ctx.read('git rm --dry-run');
    return;
  }
  const cached = hasOption(parsed, 'cached');
  const force = hasOption(parsed, 'f', 'force');
  const recursive = hasOption(parsed, 'r');
  for (const arg of parsed.operands) {
    const target = pathIn(git, arg);
    if (cached) git.ctx.emit(fileEffect('update', target, { reversible: true, destroysData: false, summary: `stops tracking ${target.description} (the file stays)` }, 'git.index'));
    else {
      git.ctx.emit(fileEffect('delete', target, {
        reversible: !force,
        destroysData: force,
        summary: `deletes ${target.description}${recursive ? ' and everything under it' : ''} from the working tree and the index${force ? ', including uncommitted changes' : '; the committed version stays in history'}`,
      }));
    }
  }
};

const worktreeCommand: GitHandler = (git) => {
  const sub = literalOf(git.args[0]);
  const parsed = parseArgs(git.args.slice(1), { short: 'bB', long: ['reason', 'expire'] });
  const path = parsed.operands[0] ? pathIn(git, parsed.operands[0]) : undefined;
  switch (sub) {
    case 'list':
      git.ctx.read('git worktree list');
      return;
    case 'remove': {
      const force = hasOption(parsed, 'f', 'force');
      git.ctx.emit(effect('delete', 'git.worktree', path?.address ?? '?', {
        reversible: !force,
        destroysData: force,
        summary: `removes the worktree ${path?.description ?? ''}${force ? ', with any uncommitted changes in it' : ''}`,
      }));
      return;
    }
    case 'add':
      git.ctx.emit(effect('create', 'git.worktree', path?.address ?? '?', { reversible: true, destroysData: false, summary: `adds a worktree at ${path?.description ?? '?'}` }));
      return;
    default:
      worktree(git, 'update', { reversible: true, destroysData: false, summary: `git worktree ${sub ?? ''}` });
  }
};

const submodule: GitHandler = (git) => {
  const words = git.args.map(literalOf);
  const forEach = words.indexOf('foreach');
  if (forEach !== -1) {
    const command = git.args.slice(forEach + 1).filter((arg) => literalOf(arg) !== '--recursive');
    const text = command.map(literalOf);
    if (text.some((word) => word === undefined)) git.ctx.unknown('runs a command only known at run time in every submodule');
    else git.ctx.runSource(text.join(' '), 'in each git submodule');
    return;
  }
  if (words.includes('deinit') && (words.includes('-f') || words.includes('--force'))) {
    worktree(git, 'delete', { reversible: false, destroysData: true, summary: 'removes submodule checkouts, with any uncommitted changes in them' });
    return;
  }
  if (words[0] === 'status' || words[0] === 'summary' || words.length === 0) {
    git.ctx.read('git submodule status');
    return;
  }
  worktree(git, 'update', { reversible: true, destroysData: false, summary: `git submodule ${words[0] ?? ''}` });
};

const rebase: GitHandler = (git) => {
  const parsed = parseArgs(git.args, { short: 'xsX', long: ['exec', 'onto', 'strategy', 'strategy-option', 'gpg-sign', 'whitespace', 'empty'] });
  for (const option of parsed.options) {
    if ((option.name === 'x' || option.name === 'exec') && option.value) {
      const text = literalOf(option.value);
      if (text === undefined) git.ctx.unknown('git rebase --exec runs a command only known at run time');
      else git.ctx.runSource(text, 'after each commit of git rebase --exec');
    }
  }
  worktree(git, 'update', { reversible: true, destroysData: false, summary: 'rebases the current branch (the old commits stay in the reflog)' });
};

const bisect: GitHandler = (git) => {
  if (literalOf(git.args[0]) === 'run') git.ctx.run(git.args.slice(1), 'via git bisect run');
  else worktree(git, 'update', { reversible: true, destroysData: false, summary: 'moves through history to find a commit' });
};

const config: GitHandler = (git) => {
  const parsed = parseArgs(git.args, { short: 'f', long: ['file', 'blob', 'type', 'default', 'comment'] });
  const sub = literalOf(parsed.operands[0]);
  const writes = hasOption(parsed, 'unset', 'unset-all', 'add', 'replace-all', 'rename-section', 'remove-section', 'edit', 'e');
  const reads = hasOption(parsed, 'get', 'get-all', 'get-regexp', 'get-urlmatch', 'list', 'l', 'get-color', 'get-colorbool', 'show-origin', 'show-scope');
  if (sub === 'get' || sub === 'list' || reads || (!writes && parsed.operands.length < 2 && sub !== 'set' && sub !== 'unset')) {
    git.ctx.read('git config: reads settings');
    return;
  }
  git.ctx.emit(effect('update', 'git.config', repoAddress(git), { reversible: true, destroysData: false, summary: 'changes git settings' }));
};

const updateRef: GitHandler = (git) => {
  const parsed = parseArgs(git.args, { short: 'm', long: ['message'] });
  const ref = displayOf(parsed.operands[0] ?? { kind: 'static', value: '?', text: '?', glob: false, tilde: false });
  if (hasOption(parsed, 'd')) git.ctx.emit(effect('delete', 'git.ref', ref, { reversible: false, destroysData: false, summary: `deletes the ref ${ref}` }));
  else git.ctx.emit(effect('update', 'git.ref', ref, { reversible: true, destroysData: false, summary: `points the ref ${ref} at another commit` }));
};

const archive: GitHandler = (git) => {
  const parsed = parseArgs(git.args, { short: 'o', long: ['output', 'format', 'prefix', 'remote', 'exec', 'add-file'] });
  const output = optionValue(parsed, 'o', 'output');
  if (output) writeFileEffect(git.ctx, git.ctx.path(output), 'overwrites');
  else git.ctx.read('git archive: writes an archive to standard output');
};

const remote: GitHandler = (git) => {
  const sub = literalOf(git.args.find((arg) => !literalOf(arg)?.startsWith('-')));
  const name = literalOf(git.args[1]) ?? '?';
  switch (sub) {
    case undefined:
    case 'show':
    case 'get-url':
      git.ctx.read('git remote: lists remotes');
      return;
    case 'remove':
    case 'rm':
      git.ctx.emit(effect('delete', 'git.remote', name, { reversible: true, destroysData: false, summary: `forgets the remote ${name} and its remote-tracking branches` }));
      return;
    case 'add':
      git.ctx.emit(effect('create', 'git.remote', name, { reversible: true, destroysData: false, summary: `adds the remote ${name}` }));
      return;
    default:
      git.ctx.emit(effect('update', 'git.remote', name, { reversible: true, destroysData: false, summary: `git remote ${sub}` }));
  }
};

const updateWorktree =
  (summary: string, operation: 'update' | 'create' = 'update'): GitHandler =>
  (git) =>
    git.ctx.emit(effect(operation, 'git.worktree', repoAddress(git), { reversible: true, destroysData: false, summary: `${summary} in ${repoAddress(git)}` }));

const fetch: GitHandler = (git) => {
  const remoteName = literalOf(git.args.find((arg) => !literalOf(arg)?.startsWith('-'))) ?? '(default remote)';
  git.ctx.emit(effect('update', 'git.remote-refs', remoteName, { reversible: true, destroysData: false, summary: `fetches from ${remoteName}, updating remote-tracking branches` }));
};

const clone: GitHandler = (git) => {
  const parsed = parseArgs(git.args, { short: 'obcju', long: ['origin', 'branch', 'config', 'reference', 'depth', 'shallow-since', 'shallow-exclude', 'template', 'upload-pack', 'separate-git-dir', 'filter', 'jobs', 'server-option', 'bundle-uri', 'ref-format'] });
  const [source, directory] = parsed.operands;
  const name = directory ? directory : source ? { kind: 'static' as const, value: (literalOf(source) ?? 'repo').replace(/\/+$/, '').split(/[/:]/).pop()?.replace(/\.git$/, '') ?? 'repo', text: '', glob: false, tilde: false } : undefined;
  const target = name ? git.ctx.path(name) : undefined;
  git.ctx.emit(effect('create', 'git.worktree', target?.address ?? '?', { reversible: true, destroysData: false, summary: `clones ${source ? displayOf(source) : 'a repository'} into ${target?.description ?? 'a new directory'}` }));
};

const GIT_READS: Readonly<Record<string, string>> = {
  status: 'shows the working tree status',
  log: 'shows history',
  diff: 'shows changes',
  show: 'shows objects',
  blame: 'shows who changed each line',
  annotate: 'shows who changed each line',
  'rev-parse': 'resolves names',
  'ls-files': 'lists files',
  'ls-tree': 'lists a tree',
  'ls-remote': 'lists remote refs',
  describe: 'names a commit',
  shortlog: 'summarises history',
  grep: 'searches files',
  'cat-file': 'shows objects',
  'rev-list': 'lists commits',
  'show-ref': 'lists refs',
  'show-branch': 'shows branches',
  'for-each-ref': 'lists refs',
  'name-rev': 'names commits',
  'merge-base': 'finds a common ancestor',
  whatchanged: 'shows history',
  cherry: 'finds unmerged commits',
  'count-objects': 'counts objects',
  fsck: 'verifies the repository',
  'verify-commit': 'verifies signatures',
  'verify-tag': 'verifies signatures',
  'check-ignore': 'checks ignore rules',
  'check-attr': 'checks attributes',
  'check-ref-format': 'checks a ref name',
  var: 'shows a variable',
  version: 'shows the version',
  help: 'shows help',
  'diff-tree': 'compares trees',
  'diff-index': 'compares trees',
  'diff-files': 'compares files',
  'range-diff': 'compares ranges',
  'request-pull': 'summarises changes',
  'merge-tree': 'computes a merge without touching anything',
  'hash-object': 'computes an object id',
  'verify-pack': 'verifies a pack',
  'show-index': 'shows a pack index',
  'rev-list-objects': 'lists objects',
  difftool: 'shows changes in a diff tool',
};

const GIT_UPDATES: Readonly<Record<string, string>> = {
  add: 'stages changes',
  commit: 'records a commit',
  mv: 'moves tracked files',
  merge: 'merges another branch',
  'cherry-pick': 'applies commits',
  revert: 'records commits that undo others',
  am: 'applies mailed patches',
  apply: 'applies a patch to the working tree',
  pull: 'fetches and merges',
  notes: 'changes commit notes',
  'sparse-checkout': 'changes which files are checked out',
  'update-index': 'changes the index',
  'symbolic-ref': 'changes a symbolic ref',
  'read-tree': 'reads a tree into the index',
  'write-tree': 'writes the index as a tree',
  'commit-tree': 'creates a commit object',
  mktag: 'creates a tag object',
  mktree: 'creates a tree object',
  'pack-refs': 'packs refs',
  repack: 'repacks objects',
  maintenance: 'runs repository maintenance',
  lfs: 'runs git lfs',
  mergetool: 'resolves conflicts in a merge tool',
  'format-patch': 'writes commits as patch files',
  bundle: 'writes or reads a bundle',
  replace: 'replaces objects',
  stage: 'stages changes',
  'checkout-index': 'copies files from the index into the working tree',
  'merge-file': 'merges a file',
  rerere: 'reuses recorded resolutions',
};

const SUBCOMMANDS: Readonly<Record<string, GitHandler>> = {
  ...Object.fromEntries(Object.entries(GIT_READS).map(([name, what]) => [name, readOnly(what)])),
  ...Object.fromEntries(Object.entries(GIT_UPDATES).map(([name, what]) => [name, updateWorktree(what)])),
  init: updateWorktree('creates a repository', 'create'),
  clone,
  fetch,
  push,
  reset,
  clean,
  branch,
  tag,
  checkout,
  restore,
  switch: switchBranch,
  stash,
  reflog,
  gc,
  prune,
  'filter-branch': rewriteHistory,
  'filter-repo': rewriteHistory,
  rm,
  worktree: worktreeCommand,
  submodule,
  rebase,
  bisect,
  config,
  'update-ref': updateRef,
  archive,
  remote,
};

/** git [global options] SUBCOMMAND …: global options first (`-C dir`, `-c key=value`). */
const git: CommandHandler = (call, ctx) => {
  const args = call.args;
  let repo: WorkingDirectory = ctx.cwd;
  let index = 0;
  while (index < args.length) {
    const arg = args[index] as Arg;
    const value = literalOf(arg);
    if (value === undefined) {
      ctx.unknown('runs a git subcommand only known at run time');
      return;
    }
    if (value === '-C') {
      const dir = args[index + 1];
      if (dir) {
        const target = resolvePath(dir, repo);
        repo = { path: target.address, dynamic: target.certainty !== 'exact' };
        if (!repo.dynamic && repo.path.startsWith('/')) ctx.hint('paths', repo.path);
      }
      index += 2;
    } else if (value === '-c' || value.startsWith('--config-env')) {
      const setting = value === '-c' ? literalOf(args[index + 1]) : value.slice('--config-env='.length);
      const key = setting?.split('=')[0] ?? '';
      if (setting === undefined || EXECUTING_CONFIG.test(key)) {
        ctx.unknown(`sets git configuration that can make git run other programs (${setting ?? 'only known at run time'})`);
        return;
      }
      index += value === '-c' || value === '--config-env' ? 2 : 1;
    } else if (['--git-dir', '--work-tree', '--namespace', '--super-prefix', '--exec-path'].includes(value)) {
      if (value === '--exec-path') {
        ctx.unknown('points git at other programs for its subcommands (--exec-path)');
        return;
      }
      index += 2;
    } else if (value.startsWith('--exec-path=')) {
      ctx.unknown('points git at other programs for its subcommands (--exec-path)');
      return;
    } else if (value.startsWith('-')) index += 1;
    else break;
  }
  const subcommand = literalOf(args[index]);
  if (subcommand === undefined) {
    ctx.read('git: shows help or its version');
    return;
  }
  const handler = Object.hasOwn(SUBCOMMANDS, subcommand) ? SUBCOMMANDS[subcommand] : undefined;
  if (!handler) {
    ctx.unknown(`runs git ${subcommand}, which is not a git command Airlock knows (it may be an alias or a git-${subcommand} program that runs anything)`);
    return;
  }
  handler({ ctx, args: args.slice(index + 1), repo, subcommand });
};

export const gitCommands: CommandTable = { git };
