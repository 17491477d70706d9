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
]);

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
 * removing containers and images does not; `exec` runs a command inside a container.
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
      ctx.emit({
        ...effect('delete', 'docker.compose-project', project, {
          reversible: !volumes,
          destroysData: volumes,
          summary: `stops and removes the containers of the compose project ${project === '.' ? 'in this directory' : project}${volumes ? ' and deletes its volumes with their data' : ''}`,
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
    case 'image prune':
      for (const name of names.length > 0 ? names : ['*']) ctx.emit(effect('delete', 'docker.image', name, { reversible: true, destroysData: false, summary: `deletes the image ${name} (it can be pulled or built again)` }));
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

/**
 * A Docker context or host that looks like production (`--context prod`, `DOCKER_HOST=ssh://prod-db`)
 * names the environment. Others (`default`, `desktop-linux`, a local socket) say nothing about it,
 * and taking them as one would make a change to an unrecognised environment look mild.
 */
function targetHint(ctx: CommandContext, option: string, value: string): void {
  if (['-c', '--context', '-H', '--host', 'DOCKER_CONTEXT', 'DOCKER_HOST'].includes(option) && looksLikeProduction(value)) ctx.hint('names', value);
}

export const containerCommands: CommandTable = { docker, podman: docker, nerdctl: docker, 'docker-compose': docker, 'podman-compose': docker };
