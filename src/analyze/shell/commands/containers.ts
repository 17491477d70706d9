import { looksLikeProduction } from '../../../model/index.js';
import type { CommandContext, CommandHandler, CommandTable } from '../command-context.js';
import { effect } from '../effects.js';
import { displayOf, literalOf, staticArg, type Arg } from '../words.js';

/** docker/podman global options that take a value. */
const GLOBAL_WITH_VALUE: ReadonlySet<string> = new Set(['-H', '--host', '-c', '--context', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey']);

/** `docker compose` options (before its subcommand) that take a value. */
const COMPOSE_WITH_VALUE: ReadonlySet<string> = new Set(['-f', '--file', '-p', '--project-name', '--project-directory', '--env-file', '--profile', '--ansi', '--progress', '--parallel']);

/** docker run/exec options that take a value (so the image and command can be found). */
const RUN_WITH_VALUE: ReadonlySet<string> = new Set([
  '-e', '--env', '--env-file', '-v', '--volume', '-p', '--publish', '--name', '-w', '--workdir', '-u', '--user', '--network',
  '--net', '--entrypoint', '-l', '--label', '--mount', '--hostname', '-h', '--restart', '--memory', '-m', '--cpus', '--platform',
  '--pull', '--add-host', '--cap-add', '--cap-drop', '--device', '--dns', '--ipc', '--pid', '--log-driver', '--log-opt',
  '--security-opt', '--tmpfs', '--ulimit', '--gpus', '--runtime', '--detach-keys', '--shm-size', '--cidfile', '--label-file',
  '--volumes-from', '-a', '--attach', '-c', '--cpu-shares', '--cgroupns', '--cgroup-parent', '--cpuset-cpus', '--cpuset-mems',
  '--device-cgroup-rule', '--dns-option', '--dns-search', '--domainname', '--expose', '--group-add', '--health-cmd',
  '--health-interval', '--health-retries', '--health-start-period', '--health-timeout', '--ip', '--ip6', '--isolation',
  '--link', '--link-local-ip', '--mac-address', '--memory-reservation', '--memory-swap', '--memory-swappiness',
  '--network-alias', '--oom-score-adj', '--pids-limit', '--stop-signal', '--stop-timeout', '--storage-opt', '--sysctl',
  '--userns', '--uts', '--volume-driver', '--blkio-weight', '--cpu-period', '--cpu-quota', '--annotation', '--env-host',
]);

/** docker run/exec short options that take a value (`-v SRC:DST`, `-it` takes none). */
const RUN_SHORT_WITH_VALUE = 'acehlmpuvw';

function operands(args: readonly Arg[], withValue: ReadonlySet<string>): Arg[] {
  const out: Arg[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as Arg;
    const text = literalOf(arg);
    if (text === '--') return [...out, ...args.slice(i + 1)];
    if (text !== undefined && text.startsWith('-') && text !== '-') {
      if (!text.includes('=') && withValue.has(text)) i += 1;
      continue;
    }
    out.push(arg);
  }
  return out;
}

function flags(args: readonly Arg[]): Set<string> {
  return new Set(args.map(literalOf).filter((word): word is string => word?.startsWith('-') ?? false));
}

/**
 * docker and podman: removing volumes (or pruning with --volumes, `compose down -v`) loses data;
 * removing containers and images does not, but removing a whole project's containers or pruning
 * every image is not undone by recreating them; `exec` runs a command inside a container, and
 * `run` one in a new container, which reaches this machine through what it mounts.
 */
const docker: CommandHandler = (call, ctx) => {
  const args = call.args;
  // docker-compose (v1) takes compose's own options, which the compose branch below reads.
  const composeBinary = call.name === 'docker-compose' || call.name === 'podman-compose';
  let index = 0;
  while (!composeBinary && index < args.length) {
    const text = literalOf(args[index]);
    if (text === undefined || !text.startsWith('-')) break;
    const eq = text.indexOf('=');
    const name = eq === -1 ? text : text.slice(0, eq);
    const value = eq === -1 ? literalOf(args[index + 1]) : text.slice(eq + 1);
    if (GLOBAL_WITH_VALUE.has(name) && value !== undefined) targetHint(ctx, name, value);
    index += GLOBAL_WITH_VALUE.has(text) ? 2 : 1;
  }
  for (const variable of ['DOCKER_CONTEXT', 'DOCKER_HOST']) {
    const value = literalOf(ctx.variable(variable));
    if (value) targetHint(ctx, variable, value);
  }
  const words = composeBinary ? [staticArg('compose'), ...args.slice(index)] : args.slice(index);
  let sub = literalOf(words[0]);
  let rest = words.slice(1);
  // `docker container rm`, `docker image prune` …: the object type, then the verb.
  const object = ['container', 'image', 'volume', 'network', 'system', 'builder', 'compose', 'buildx'].includes(sub ?? '') ? sub : undefined;
  let project = '.';
  if (object === 'compose') {
    // `docker compose -f prod.yml -p shop down -v`: compose's own options come before its verb.
    let at = 0;
    while (at < rest.length) {
      const text = literalOf(rest[at]);
      if (text === undefined || !text.startsWith('-')) break;
      const named = /^(-p|--project-name)(=(.*))?$/.exec(text);
      if (named) project = named[3] ?? (rest[at + 1] ? displayOf(rest[at + 1]!) : project);
      at += !text.includes('=') && COMPOSE_WITH_VALUE.has(text) ? 2 : 1;
    }
    rest = rest.slice(at);
  }
  if (object) {
    sub = literalOf(rest[0]);
    rest = rest.slice(1);
  }
  const tool = call.name;
  const all = flags(rest);
  const names = operands(rest, RUN_WITH_VALUE).map(displayOf);
  const key = `${object ?? ''} ${sub ?? ''}`.trim();
  switch (key) {
    case 'volume rm':
    case 'volume remove':
      for (const name of names) ctx.emit(effect('delete', 'docker.volume', name, { reversible: false, destroysData: true, summary: `deletes the ${tool} volume ${name} and the data in it` }));
      return;
    case 'volume prune':
      ctx.emit(effect('delete', 'docker.volume', '*', { reversible: false, destroysData: true, summary: `deletes every unused ${tool} volume and the data in them` }));
      return;
    case 'system prune': {
      const volumes = all.has('--volumes');
      ctx.emit(effect('delete', volumes ? 'docker.volume' : 'docker.object', '*', {
        reversible: false,
        destroysData: volumes,
        summary: `deletes stopped containers, unused networks and images${volumes ? ', and every unused volume with its data' : ''}`,
      }));
      return;
    }
    case 'compose down':
    case 'compose rm': {
      const volumes = all.has('-v') || all.has('--volumes') || [...all].some((f) => /^-[a-zA-Z]*v[a-zA-Z]*$/.test(f));
      // `compose up` creates the containers again, but not what was written inside them outside
      // a volume: removing every container of a project is not undone by recreating it.
      ctx.emit({
        ...effect('delete', 'docker.compose-project', project, {
          reversible: false,
          destroysData: volumes,
          summary: `stops and removes every container of the compose project ${project === '.' ? 'in this directory' : project}${volumes ? ' and deletes its volumes with their data' : ' (its volumes are kept; what the containers wrote outside them is gone)'}`,
        }),
        // What the project served is down until `compose up` runs again.
        ...(sub === 'down' ? { outage: true } : {}),
      });
      return;
    }
    case 'rm':
    case 'container rm':
    case 'container prune':
      for (const name of names.length > 0 ? names : ['*']) {
        const volumes = all.has('-v') || all.has('--volumes');
        ctx.emit(effect('delete', 'docker.container', name, { reversible: false, destroysData: volumes, summary: `deletes the container ${name}${volumes ? ' and its anonymous volumes' : ''}` }));
      }
      return;
    case 'rmi':
    case 'image rm':
      for (const name of names.length > 0 ? names : ['*']) ctx.emit(effect('delete', 'docker.image', name, { reversible: true, destroysData: false, summary: `deletes the image ${name} (it can be pulled or built again)` }));
      return;
    case 'image prune': {
      // Every image at once, including ones only ever built on this machine: they can be pulled
      // or built again, but not by undoing the prune.
      const every = all.has('-a') || all.has('--all') || [...all].some((f) => /^-[a-zA-Z]*a[a-zA-Z]*$/.test(f));
      ctx.emit(effect('delete', 'docker.image', '*', { reversible: false, destroysData: false, summary: `deletes ${every ? 'every image no container uses' : 'every dangling image'} (they can be pulled or built again, but the prune cannot be undone)` }));
      return;
    }
    case 'run':
    case 'container run':
      runContainer(tool, rest, ctx);
      return;
    case 'exec':
    case 'container exec': {
      // Options come before the container; everything after it is the command, flags included.
      let start = 0;
      while (start < rest.length) {
        const text = literalOf(rest[start]);
        if (text === undefined || !text.startsWith('-')) break;
        start += !text.includes('=') && RUN_WITH_VALUE.has(text) ? 2 : 1;
      }
      const [container, ...command] = rest.slice(start);
      const name = container ? displayOf(container) : '?';
      ctx.emit(effect('execute', 'docker.container', name, { reversible: true, destroysData: false, summary: `runs a command inside the container ${name}` }));
      if (command.length === 0) ctx.unknown(`opens a session in the container ${name}`);
      else ctx.run(command, `inside container ${name}`, { remote: `container:${name}:` });
      return;
    }
    case 'ps':
    case 'images':
    case 'logs':
    case 'inspect':
    case 'version':
    case 'info':
    case 'stats':
    case 'top':
    case 'events':
    case 'history':
    case 'search':
    case 'container ls':
    case 'container ps':
    case 'image ls':
    case 'volume ls':
    case 'volume inspect':
    case 'network ls':
    case 'compose ps':
    case 'compose logs':
    case 'compose config':
    case 'system df':
    case 'system info':
      ctx.read(`${tool} ${key}: reads`);
      return;
    default:
      ctx.execute(`${tool} ${key}`.trim(), `runs ${tool} ${key}`.trim(), true);
  }
};

/** A host directory, a named volume or another container's volumes, as `run` mounts them. */
interface Mount {
  readonly what: string;
  readonly at: string;
  readonly readOnly: boolean;
}

/** What `docker run` was given: its mounts, the image and the command after it. */
interface RunSpec {
  readonly mounts: Mount[];
  privileged: boolean;
  entrypoint: Arg | undefined;
  image: Arg | undefined;
  command: Arg[];
}

function parseRun(args: readonly Arg[]): RunSpec {
  const spec: RunSpec = { mounts: [], privileged: false, entrypoint: undefined, image: undefined, command: [] };
  const option = (name: string, value: Arg | undefined) => {
    const text = value === undefined ? undefined : displayOf(value);
    if ((name === '-v' || name === '--volume') && text !== undefined) {
      const mount = volumeMount(text);
      if (mount) spec.mounts.push(mount);
    } else if (name === '--mount' && text !== undefined) {
      const mount = mountOption(text);
      if (mount) spec.mounts.push(mount);
    } else if (name === '--volumes-from' && text !== undefined) {
      spec.mounts.push({ what: `the volumes of the container ${text.replace(/:(ro|rw)$/, '')}`, at: 'the same paths', readOnly: text.endsWith(':ro') });
    } else if (name === '--privileged') spec.privileged = text !== 'false';
    else if (name === '--entrypoint') spec.entrypoint = value;
  };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as Arg;
    const text = literalOf(arg);
    if (text === '--') {
      spec.image = args[i + 1];
      spec.command = args.slice(i + 2);
      return spec;
    }
    if (text !== undefined && text.startsWith('--')) {
      const eq = text.indexOf('=');
      const name = eq === -1 ? text : text.slice(0, eq);
      if (eq !== -1) option(name, staticArg(text.slice(eq + 1)));
      else if (RUN_WITH_VALUE.has(name)) option(name, args[(i += 1)]);
      else option(name, undefined);
      continue;
    }
    if (text !== undefined && text.startsWith('-') && text.length > 1) {
      // A cluster of short flags (`-it`, `-dv /:/host`): a letter that takes a value ends it.
      for (let j = 1; j < text.length; j += 1) {
        const letter = text[j]!;
        if (RUN_SHORT_WITH_VALUE.includes(letter)) {
          option(`-${letter}`, j + 1 < text.length ? staticArg(text.slice(j + 1)) : args[(i += 1)]);
          break;
        }
      }
      continue;
    }
    spec.image = arg;
    spec.command = args.slice(i + 1);
    return spec;
  }
  return spec;
}

/** `-v SRC:DST[:OPTS]`: a host path (`/…`, `./…`, `~/…`, a variable) or a named volume. */
function volumeMount(text: string): Mount | undefined {
  const parts = text.split(':');
  // `-v /data` alone is an anonymous volume, new and empty: nothing of the host's.
  if (parts.length < 2) return undefined;
  const [source = '', target = '?', options = ''] = /^[A-Za-z]:[\\/]/.test(text) ? [`${parts[0]}:${parts[1]}`, parts[2], parts[3]] : parts;
  const readOnly = options.split(',').some((o) => o === 'ro' || o === 'readonly');
  const host = /^[/.~$]/.test(source) || /^[A-Za-z]:/.test(source);
  return { what: host ? `the host's ${source}` : `the volume ${source}`, at: target, readOnly };
}

/** `--mount type=bind,source=/,target=/host[,readonly]`; the default type is a volume. */
function mountOption(text: string): Mount | undefined {
  const fields = new Map(text.split(',').map((field) => {
    const eq = field.indexOf('=');
    return eq === -1 ? [field, 'true'] : [field.slice(0, eq), field.slice(eq + 1)];
  }));
  const type = fields.get('type') ?? 'volume';
  const source = fields.get('source') ?? fields.get('src');
  const target = fields.get('target') ?? fields.get('destination') ?? fields.get('dst') ?? '?';
  const readOnly = ['readonly', 'ro'].some((key) => fields.has(key) && fields.get(key) !== 'false');
  if (type === 'bind') return { what: `the host's ${source ?? '?'}`, at: target, readOnly };
  if (type === 'volume' && source) return { what: `the volume ${source}`, at: target, readOnly };
  return undefined;
}

/**
 * `docker run IMAGE [COMMAND]`: a new container is its own throwaway file system, so by itself a
 * reversible run. What it mounts is not: a host directory (`-v /:/host`), a named volume or another
 * container's volumes outlive it, and `--privileged` reaches the host's devices. Then whatever runs
 * inside can change or delete this machine's files and stored data, which no one undoes, and a
 * command given is analysed as it would run in there (as for `exec`); the image's own is unseen.
 */
function runContainer(tool: string, args: readonly Arg[], ctx: CommandContext): void {
  const spec = parseRun(args);
  const image = spec.image ? displayOf(spec.image) : '?';
  const writable = spec.mounts.filter((m) => !m.readOnly);
  if (writable.length === 0 && !spec.privileged) {
    ctx.execute(`${tool} run`, `runs ${tool} run ${image} in a new container${spec.mounts.length > 0 ? ` (with ${spec.mounts.map((m) => `${m.what} mounted read-only at ${m.at}`).join(', ')})` : ''}`, true);
    return;
  }
  const reach = [...writable.map((m) => `${m.what} mounted read-write at ${m.at}`), ...(spec.privileged ? ["--privileged (the host's devices)"] : [])].join(', ');
  const command = spec.entrypoint ? [spec.entrypoint, ...spec.command] : spec.command;
  ctx.emit(
    effect('execute', 'docker.container', image, {
      reversible: false,
      destroysData: false,
      summary: `runs ${image} in a container with ${reach}: what it does there changes this machine's files or stored data, with no undo${command.length === 0 ? "; its command is the image's own, which Airlock cannot see" : ''}`,
    }),
  );
  if (command.length > 0) ctx.run(command, `inside a new container of ${image} (${reach})`, { remote: `container:${image}:` });
}

/**
 * A Docker context or host that looks like production (`--context prod`, `DOCKER_HOST=ssh://prod-db`)
 * names the environment. Others (`default`, `desktop-linux`, a local socket) say nothing about it,
 * and taking them as one would make a change to an unrecognised environment look mild.
 */
function targetHint(ctx: CommandContext, option: string, value: string): void {
  if (['-c', '--context', '-H', '--host', 'DOCKER_CONTEXT', 'DOCKER_HOST'].includes(option) && looksLikeProduction(value)) ctx.hint('names', value);
}

export const containerCommands: CommandTable = { docker, podman: docker, nerdctl: docker, 'docker-compose': docker, 'podman-compose': docker };
