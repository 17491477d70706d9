#!/usr/bin/env node
// Makes a fresh clone runnable: installs dependencies when they are missing or older than the
// lockfile, rebuilds the SQLite binding if it does not load, and compiles TypeScript when any
// source is newer than the last build. `npm start`, `npm test` and `npm run bench` run this first.
// Built-ins only: it must work before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command, args, what) {
  process.stderr.write(`airlock: ${what}…\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    process.stderr.write(`airlock: ${what} failed (${command} ${args.join(' ')} exited ${result.status ?? result.signal}).\n`);
    process.exit(1);
  }
}

const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);

function newestIn(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}

// 1. Dependencies. npm keeps node_modules/.package-lock.json in step with what it installed.
const installed = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(installed)) {
  run(npm, existsSync(join(root, 'package-lock.json')) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'], 'installing dependencies');
} else if (mtime(join(root, 'package-lock.json')) > mtime(installed) || mtime(join(root, 'package.json')) > mtime(installed)) {
  run(npm, ['install', '--no-audit', '--no-fund'], 'updating dependencies');
}

// 2. The native SQLite binding: built at install, but a Node upgrade or a skipped script breaks it.
const probe = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: root, stdio: 'ignore' });
if (probe.status !== 0) run(npm, ['rebuild', 'better-sqlite3'], 'building the SQLite binding');

// 3. Compile when a source, the TypeScript config or the package is newer than the last build.
// Build into a fresh folder and swap it in with renames: agents' hooks may be running
// bin/airlock.js at this very moment, and a half-built dist/ would make every one of them block.
const dist = join(root, 'dist');
const stamp = join(dist, '.build-stamp');
const newestSource = Math.max(newestIn(join(root, 'src')), mtime(join(root, 'tsconfig.json')), mtime(join(root, 'tsconfig.build.json')), mtime(join(root, 'package.json')));
if (newestSource > mtime(stamp)) {
  const next = join(root, `dist.next-${process.pid}`);
  const old = join(root, `dist.old-${process.pid}`);
  rmSync(next, { recursive: true, force: true });
  run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', next], 'compiling TypeScript');
  writeFileSync(join(next, '.build-stamp'), `${new Date().toISOString()}\n`);
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(next, dist);
  rmSync(old, { recursive: true, force: true });
}

// 4. The dashboard's browser code (web/src → web/dist), swapped in the same way: the gateway may
// be serving it right now.
const webDist = join(root, 'web', 'dist');
const webStamp = join(webDist, '.build-stamp');
const newestWeb = Math.max(newestIn(join(root, 'web', 'src')), mtime(join(root, 'web', 'tsconfig.json')), mtime(join(root, 'package.json')));
if (newestWeb > mtime(webStamp)) {
  const next = join(root, 'web', `dist.next-${process.pid}`);
  const old = join(root, 'web', `dist.old-${process.pid}`);
  rmSync(next, { recursive: true, force: true });
  run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join('web', 'tsconfig.json'), '--outDir', next], 'compiling the dashboard');
  writeFileSync(join(next, '.build-stamp'), `${new Date().toISOString()}\n`);
  if (existsSync(webDist)) renameSync(webDist, old);
  renameSync(next, webDist);
  rmSync(old, { recursive: true, force: true });
}
