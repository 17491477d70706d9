import { posix } from 'node:path';
import type { Arg } from './words.js';

/**
 * The directory commands run in, as far as the analysis knows: an absolute path, a `~` path, a
 * path relative to the (unknown) directory the command starts in (`.`, `sub`), or — after
 * `cd "$DIR"` — a symbolic rendering marked dynamic.
 */
export interface WorkingDirectory {
  readonly path: string;
  readonly dynamic: boolean;
}

/** How sure the analysis is of a target path. */
export type PathCertainty = 'exact' | 'pattern' | 'dynamic' | 'stdin' | 'found';

export interface PathTarget {
  /** Absolute, `~`-relative, `./`-relative (start directory unknown), a pattern, or symbolic. */
  readonly address: string;
  readonly certainty: PathCertainty;
  /** The path in words, for summaries ("every path matching /srv/*.log"). */
  readonly description: string;
}

export function startDirectory(cwd: string | undefined): WorkingDirectory {
  if (cwd === undefined || cwd === '') return { path: '.', dynamic: false };
  return { path: cwd.startsWith('/') ? posix.normalize(cwd) : cwd, dynamic: false };
}

/**
 * Joins a path (as the shell would see it after expansion) onto the working directory. A symbolic
 * path that starts with an expansion (`$DIR/x`) may be absolute, so it is left as it is.
 */
function joinPath(cwd: WorkingDirectory, path: string, tilde: boolean, symbolic = false): { path: string; dynamic: boolean } {
  if (path.startsWith('/')) return { path: normalize(path), dynamic: false };
  if (tilde && path.startsWith('~')) return { path: normalize(path), dynamic: false };
  if (symbolic && path.startsWith('$')) return { path, dynamic: true };
  if (cwd.path === '.') return { path: normalize(path), dynamic: cwd.dynamic };
  return { path: normalize(posix.join(cwd.path, path)), dynamic: cwd.dynamic };
}

function normalize(path: string): string {
  const normalized = posix.normalize(path);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

/** How a resolved path reads: relative paths from an unknown start directory get `./`. */
function showPath(path: string): string {
  if (path.startsWith('/') || path.startsWith('~') || path.startsWith('$') || path.startsWith('(')) return path;
  if (path === '.' || path.startsWith('../') || path === '..' || path.startsWith('./')) return path;
  return `./${path}`;
}

/** Resolves an argument naming a file. */
export function resolvePath(arg: Arg, cwd: WorkingDirectory): PathTarget {
  switch (arg.kind) {
    case 'static': {
      const joined = joinPath(cwd, arg.value, arg.tilde);
      const address = showPath(joined.path);
      if (joined.dynamic) return { address, certainty: 'dynamic', description: `${address} (the directory is only known at run time)` };
      if (arg.glob) return { address, certainty: 'pattern', description: `every path matching ${address}` };
      return { address, certainty: 'exact', description: address };
    }
    case 'dynamic': {
      const joined = joinPath(cwd, arg.symbolic, arg.symbolic.startsWith('~'), true);
      const address = showPath(joined.path);
      return { address, certainty: 'dynamic', description: `${address} (a path only known at run time)` };
    }
    case 'stdin':
      return { address: '(names read from standard input)', certainty: 'stdin', description: 'the paths read from standard input' };
    case 'found': {
      const roots = arg.roots.map((root) => resolvePath(root, cwd).address);
      const under = roots.map((root) => (root === '/' ? '/**' : `${root}/**`));
      const filter = arg.filters.length > 0 ? ` matching ${arg.filters.join(' ')}` : '';
      return {
        address: under.join(' '),
        certainty: 'found',
        description: `every file find finds under ${roots.join(', ')}${filter}`,
      };
    }
  }
}

/** Top-level directories whose loss takes the whole machine (or every user's data) with it. */
const SYSTEM_DIRECTORIES: ReadonlySet<string> = new Set([
  '/',
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/home',
  '/lib',
  '/lib32',
  '/lib64',
  '/opt',
  '/root',
  '/sbin',
  '/srv',
  '/usr',
  '/var',
  '/Users',
  '/System',
  '/Library',
  '/Applications',
  '~',
]);

/**
 * Does deleting this path take the whole environment with it: `/`, `/*`, `~`, `~/*`, a top-level
 * system directory, or a variable that is the whole path (`$DIR/`, `"$DIR"/*` are `/` and `/*`
 * when DIR is empty)?
 */
export function isEnvironmentWidePath(target: PathTarget, arg: Arg): boolean {
  const address = target.address;
  switch (target.certainty) {
    case 'exact':
      return SYSTEM_DIRECTORIES.has(address);
    case 'pattern': {
      const segments = address.split('/');
      const [first, second = '', third] = segments;
      const isPattern = (segment: string): boolean => /[*?[{]/.test(segment);
      // `/*`, `/{a,b}`, `~/*`: everything under the root or the home directory.
      if ((first === '' || first === '~') && segments.length === 2) return isPattern(second);
      // `/usr/*`: everything in a system directory.
      if (first === '' && segments.length === 3 && third !== undefined) return SYSTEM_DIRECTORIES.has(`/${second}`) && /^[.*]+$/.test(third);
      return false;
    }
    case 'dynamic':
      return arg.kind === 'dynamic' && /^(\$[A-Za-z_][A-Za-z0-9_]*|\$\{…\}|\$\(…\))+\/[*]?$/.test(arg.symbolic);
    case 'found':
      return arg.kind === 'found' && arg.filters.length === 0 && address.split(' ').some((path) => path === '/**' || path === '~/**');
    case 'stdin':
      return false;
  }
}

/** Device files whose writes harm nothing (and are not block devices). */
const HARMLESS_DEVICES = /^\/dev\/(null|zero|full|random|urandom|stdin|stdout|stderr|tty\d*|console|ptmx|kmsg|fd\/.*|pts\/.*)$/;

/** What a path under /dev is: ignorable, a tmpfs file (/dev/shm), or a disk. */
export function deviceKind(address: string): 'not-a-device' | 'harmless' | 'block-device' {
  if (!address.startsWith('/dev/')) return 'not-a-device';
  if (HARMLESS_DEVICES.test(address)) return 'harmless';
  if (address.startsWith('/dev/shm/') || address.startsWith('/dev/mqueue/')) return 'not-a-device';
  return 'block-device';
}
