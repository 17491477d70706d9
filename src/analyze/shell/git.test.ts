import { describe, expect, it } from 'vitest';
import { analyzeCommand, shapesOf, type EffectShape } from './shell-test-kit.js';

type Case = [command: string, expected: Array<Partial<EffectShape>>];

function expectEffects(command: string, expected: Array<Partial<EffectShape>>): void {
  const shapes = shapesOf(command);
  for (const effect of expected) expect(shapes, command).toContainEqual(expect.objectContaining(effect));
}

const FORCE_PUSH = { operation: 'update', kind: 'git.remote-branch', destroysData: true, reversible: false } as const;
const DISCARD = { destroysData: true, reversible: false } as const;

describe('git', () => {
  it.each<Case>([
    ['git push --force origin main', [{ ...FORCE_PUSH, address: 'origin/main' }]],
    ['git push -f', [{ ...FORCE_PUSH, address: '(default remote)/(current branch)' }]],
    ['git push origin main -f', [{ ...FORCE_PUSH, address: 'origin/main' }]],
    ['git push --force-with-lease origin main', [{ ...FORCE_PUSH, address: 'origin/main' }]],
    ['git push --force-with-lease=main:abc origin main', [{ ...FORCE_PUSH, address: 'origin/main' }]],
    ['git push --force-if-includes origin main', [{ ...FORCE_PUSH, address: 'origin/main' }]],
    ['git push origin +main', [{ ...FORCE_PUSH, address: 'origin/main' }]],
    ['git push origin +HEAD:refs/heads/release', [{ ...FORCE_PUSH, address: 'origin/release' }]],
    ['git push --delete origin feature', [{ operation: 'delete', kind: 'git.remote-branch', address: 'origin/feature', reversible: false }]],
    ['git push origin :feature', [{ operation: 'delete', kind: 'git.remote-branch', address: 'origin/feature' }]],
    ['git push origin main', [{ operation: 'update', kind: 'git.remote-branch', address: 'origin/main', reversible: true, destroysData: false }]],
    ['git push --mirror backup', [{ ...FORCE_PUSH, address: 'backup/*' }]],
    ['git reset --hard', [{ operation: 'update', kind: 'git.worktree', address: '/srv/app', ...DISCARD }]],
    ['git reset --hard origin/main', [{ operation: 'update', kind: 'git.worktree', ...DISCARD }]],
    ['git reset --soft HEAD~1', [{ operation: 'update', kind: 'git.worktree', reversible: true, destroysData: false }]],
    ['git clean -fd', [{ operation: 'delete', kind: 'git.worktree', ...DISCARD }]],
    ['git clean -fdx', [{ operation: 'delete', kind: 'git.worktree', ...DISCARD }]],
    ['git clean -f -X', [{ operation: 'delete', kind: 'git.worktree', ...DISCARD }]],
    ['git clean --force -d build', [{ operation: 'delete', kind: 'git.worktree', address: '/srv/app/build', ...DISCARD }]],
    ['git branch -D old', [{ operation: 'delete', kind: 'git.branch', address: 'old', ...DISCARD }]],
    ['git branch --delete --force old', [{ operation: 'delete', kind: 'git.branch', address: 'old', ...DISCARD }]],
    ['git branch -d -f old', [{ operation: 'delete', kind: 'git.branch', address: 'old', ...DISCARD }]],
    ['git branch -df old', [{ operation: 'delete', kind: 'git.branch', address: 'old', ...DISCARD }]],
    ['git branch -d old', [{ operation: 'delete', kind: 'git.branch', address: 'old', destroysData: false }]],
    ['git branch new-feature', [{ operation: 'create', kind: 'git.branch', address: 'new-feature', reversible: true }]],
    ['git checkout -- .', [{ operation: 'update', kind: 'git.worktree', address: '/srv/app', ...DISCARD }]],
    ['git checkout .', [{ operation: 'update', kind: 'git.worktree', address: '/srv/app', ...DISCARD }]],
    ['git checkout HEAD -- src/a.ts', [{ operation: 'update', kind: 'git.worktree', address: '/srv/app/src/a.ts', ...DISCARD }]],
    ['git checkout -f main', [{ operation: 'update', kind: 'git.worktree', ...DISCARD }]],
    ['git checkout main', [{ operation: 'update', kind: 'git.worktree', reversible: true, destroysData: false }]],
    ['git checkout -b feature', [{ operation: 'update', kind: 'git.worktree', reversible: true }]],
    ['git restore .', [{ operation: 'update', kind: 'git.worktree', ...DISCARD }]],
    ['git restore --staged --worktree .', [{ operation: 'update', kind: 'git.worktree', ...DISCARD }]],
    ['git restore --staged a.ts', [{ operation: 'update', kind: 'git.index', reversible: true, destroysData: false }]],
    ['git switch --discard-changes main', [{ operation: 'update', kind: 'git.worktree', ...DISCARD }]],
    ['git switch main', [{ operation: 'update', kind: 'git.worktree', reversible: true }]],
    ['git stash drop', [{ operation: 'delete', kind: 'git.stash', ...DISCARD }]],
    ['git stash clear', [{ operation: 'delete', kind: 'git.stash', ...DISCARD }]],
    ['git stash', [{ operation: 'update', kind: 'git.worktree', reversible: true }]],
    ['git stash push -m wip', [{ operation: 'update', kind: 'git.worktree', reversible: true }]],
    ['git stash pop', [{ operation: 'update', kind: 'git.worktree', reversible: true }]],
    ['git reflog expire --expire=now --all', [{ operation: 'delete', kind: 'git.reflog', ...DISCARD }]],
    ['git gc --prune=now', [{ operation: 'delete', kind: 'git.objects', ...DISCARD }]],
    ['git gc', [{ operation: 'update', kind: 'git.objects', reversible: true, destroysData: false }]],
    ['git filter-branch --index-filter x HEAD', [{ operation: 'update', kind: 'git.history', ...DISCARD }]],
    ['git filter-repo --path secrets --invert-paths', [{ operation: 'update', kind: 'git.history', ...DISCARD }]],
    ['git commit -am wip', [{ operation: 'update', kind: 'git.worktree', reversible: true }]],
    ['git add -A', [{ operation: 'update', reversible: true }]],
    ['git merge feature', [{ operation: 'update', reversible: true }]],
    ['git rebase main', [{ operation: 'update', reversible: true }]],
    ['git cherry-pick abc', [{ operation: 'update', reversible: true }]],
    ['git tag v1.0', [{ operation: 'create', kind: 'git.tag', address: 'v1.0', reversible: true }]],
    ['git fetch origin', [{ operation: 'update', kind: 'git.remote-refs', address: 'origin', reversible: true, destroysData: false }]],
    ['git -C /srv/repo reset --hard', [{ operation: 'update', kind: 'git.worktree', address: '/srv/repo', ...DISCARD }]],
    ['git -C repo clean -fdx', [{ operation: 'delete', address: '/srv/app/repo', ...DISCARD }]],
    ['git -c user.name=x -c core.quotepath=off push -f', [{ ...FORCE_PUSH }]],
    ['git --no-pager -C sub push origin +dev', [{ ...FORCE_PUSH, address: 'origin/dev' }]],
    ['git rm -rf --cached secrets', [{ operation: 'update', kind: 'git.index', reversible: true }]],
    ['git rm -f notes.txt', [{ operation: 'delete', kind: 'file', address: '/srv/app/notes.txt', destroysData: true }]],
  ])('%j', (command, expected) => expectEffects(command, expected));

  it.each([
    'git status',
    'git log --oneline -20',
    'git diff HEAD~1',
    'git show abc123',
    'git blame src/a.ts',
    'git rev-parse HEAD',
    'git ls-files',
    'git describe --tags',
    'git remote -v',
    'git branch',
    'git branch -a',
    'git branch --list "feat/*"',
    'git tag',
    'git tag -l "v*"',
    'git stash list',
    'git clean -n -d',
    'git push --dry-run -f',
  ])('%j only reads', (command) => {
    expect(shapesOf(command).map((shape) => shape.operation)).toEqual(['read']);
  });

  it.each([
    'git -c alias.x="!rm -rf /" x',
    'git -c core.pager="sh -c id" log',
    'git -c core.sshCommand="rm -rf /" fetch',
    'git some-alias',
    'git $SUB',
    'git rebase -x "rm -rf /" main',
    'git submodule foreach "rm -rf ."',
    'git bisect run ./test.sh',
  ])('%j cannot be taken at face value', (command) => {
    const ops = shapesOf(command).map((shape) => shape.operation);
    expect(ops.some((op) => op === 'unknown' || op === 'delete')).toBe(true);
  });

  it('says a force push loses history on the remote', () => {
    expect(analyzeCommand('git push -f origin main').effects[0]?.summary).toMatch(/force-pushes main on origin, replacing its history/);
  });
});
