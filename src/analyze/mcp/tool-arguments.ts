import { posix } from 'node:path';

/**
 * Where a tool call's arguments hold paths, commands and SQL, by convention. Argument names
 * compare without case, `_` or `-` (`file_path`, `filePath`, `filepath` are one name).
 */

export function normalName(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, '');
}

/** Arguments that name the files a tool reads or changes (@modelcontextprotocol/server-filesystem and the like). */
export const PATH_ARGUMENTS = new Set(['path', 'paths', 'source', 'destination', 'file', 'files', 'filename', 'filepath', 'filepaths', 'directory', 'dir']);
/** For a move or copy: the argument holding the destination. */
export const DESTINATION_ARGUMENTS = ['destination', 'dest', 'to', 'target', 'newpath', 'targetpath', 'destinationpath', 'destpath'];
/** Arguments holding a command line, on a tool whose name says it runs commands. */
export const COMMAND_ARGUMENTS = new Set(['command', 'cmd', 'script']);
/** The directory a command runs in. */
export const CWD_ARGUMENTS = ['cwd', 'workdir', 'workingdirectory', 'workingdir', 'directory', 'dir'];
/** Extra words of the command line (`{ command: "rm", args: ["-rf", "/srv"] }`). */
export const ARGV_ARGUMENTS = new Set(['args', 'argv', 'arguments']);
/** Input fed to the command: a script for `bash` or `psql`, so Airlock cannot see what it does. */
export const STDIN_ARGUMENTS = new Set(['stdin', 'input']);
/** Environment variables for the command (`AWS_PROFILE`, `KUBECONFIG` tell the environment). */
export const ENV_ARGUMENTS = new Set(['env', 'environment', 'envvars']);
/**
 * Arguments that show the tool works on something other than the local file system (a GitHub
 * repository, a bucket, a remote host): its `path` is not a local path, so the built-in file
 * reading does not apply and the name decides instead.
 */
export const REMOTE_MARKERS = new Set([
  'owner', 'repo', 'repository', 'branch', 'ref', 'bucket', 'url', 'uri', 'host', 'hostname', 'remote', 'project', 'projectid',
  'org', 'organization', 'account', 'region', 'container', 'pod', 'namespace', 'cluster', 'instance', 'server', 'driveid', 'siteid', 'share',
]);

/** The value of the first argument whose normal name is one of `names`. */
export function argumentNamed(args: Readonly<Record<string, unknown>>, names: Iterable<string>): { key: string; value: unknown } | undefined {
  const wanted = new Set(names);
  for (const [key, value] of Object.entries(args)) {
    if (wanted.has(normalName(key))) return { key, value };
  }
  return undefined;
}

/** A path argument's paths: a non-empty string, or an array of them; anything else is undefined. */
export function pathsOf(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value.length > 0 ? [value] : undefined;
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && item.length > 0)) return value as string[];
  return undefined;
}

/** A command line for the shell analyzer: `{ command, args }` joins the args, each single-quoted. */
export function commandLine(command: string, argv: readonly string[]): string {
  return [command, ...argv.map(quote)].join(' ');
}

export function quote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** An absolute path (URLs stay as they are); relative paths resolve against the working directory when there is one. */
export function resolvePath(path: string, cwd: string | undefined): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return path;
  return cwd && posix.isAbsolute(cwd) ? posix.resolve(cwd, path) : posix.normalize(path);
}

/** A short, single-line excerpt of an argument for evidence. */
export function excerpt(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
