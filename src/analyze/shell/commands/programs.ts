import type { CommandHandler, CommandTable } from '../command-context.js';
import { displayOf } from '../words.js';

/**
 * Programs Airlock recognises but does not model: build tools, package managers, test runners,
 * compilers, editors, archivers. Running one is a reversible `execute` effect — the program's own
 * effects (a build writing its output directory) are the project's everyday work. A program NOT
 * in this list is judged more warily (see `unrecognisedProgram`), and hosted services' CLIs have
 * their subcommands read for destructive words (see `hostedCli`).
 */
const PROGRAMS = [
  // build and task runners
  'make', 'gmake', 'cmake', 'ninja', 'meson', 'bazel', 'bazelisk', 'buck', 'buck2', 'just', 'task', 'mage', 'earthly',
  // languages' tool chains
  'cargo', 'rustc', 'rustup', 'go', 'gofmt', 'npm', 'npx', 'pnpm', 'pnpx', 'yarn', 'bun', 'bunx', 'deno', 'corepack', 'nvm',
  'tsc', 'tsx', 'ts-node', 'eslint', 'prettier', 'biome', 'jest', 'vitest', 'mocha', 'playwright', 'cypress', 'webpack',
  'vite', 'esbuild', 'rollup', 'turbo', 'nx', 'lerna', 'pytest', 'tox', 'nox', 'pip', 'pip3', 'pipx', 'poetry', 'uv', 'uvx',
  'pdm', 'hatch', 'conda', 'mamba', 'micromamba', 'black', 'ruff', 'isort', 'mypy', 'pyright', 'flake8', 'pylint', 'coverage',
  'gem', 'bundle', 'bundler', 'rake', 'rspec', 'rubocop', 'composer', 'phpunit', 'mvn', 'mvnw', 'gradle', 'ant', 'sbt', 'java',
  'javac', 'kotlin', 'kotlinc', 'scala', 'scalac', 'dotnet', 'nuget', 'msbuild', 'swift', 'swiftc', 'xcodebuild', 'xcrun',
  'gcc', 'g++', 'cc', 'c++', 'clang', 'clang++', 'ld', 'ar', 'nm', 'objdump', 'strip', 'ghc', 'stack', 'cabal', 'mix',
  'elixir', 'erl', 'rebar3', 'lein', 'clojure', 'zig', 'nim', 'ocaml', 'dune', 'opam', 'julia', 'dart', 'flutter',
  // linters and scanners
  'shellcheck', 'shfmt', 'hadolint', 'tflint', 'tfsec', 'checkov', 'trivy', 'semgrep', 'gitleaks', 'pre-commit', 'infracost',
  'actionlint', 'yamllint', 'markdownlint', 'codespell', 'kubeval', 'kubeconform', 'conftest', 'opa', 'cedar',
  // editors, pagers, terminals
  'vim', 'vi', 'nvim', 'nano', 'emacs', 'code', 'cursor', 'subl', 'tmux', 'screen', 'open', 'xdg-open', 'pbcopy', 'pbpaste',
  // archives and compression
  'tar', 'zip', 'unzip', 'gzip', 'gunzip', 'bzip2', 'bunzip2', 'xz', 'unxz', 'zstd', 'unzstd', '7z', 'split', 'csplit',
  // crypto, keys, certificates
  'openssl', 'ssh-keygen', 'ssh-add', 'ssh-agent', 'gpg', 'age', 'sops', 'certbot', 'mkcert', 'step',
  // local clusters and package managers
  'skaffold', 'tilt', 'kustomize', 'kubectx', 'kubens', 'k9s', 'stern',
  'brew', 'apt', 'apt-get', 'dpkg', 'yum', 'dnf', 'rpm', 'apk', 'pacman', 'zypper', 'snap', 'flatpak', 'port', 'nix',
  'ansible', 'ansible-playbook', 'packer', 'aws-vault',
  // misc tools
  'git-lfs', 'envsubst', 'direnv', 'asdf', 'mise', 'pyenv', 'rbenv', 'sdk', 'ffmpeg', 'convert', 'magick', 'pandoc',
  'sqlite-utils', 'http', 'xh', 'grpcurl', 'websocat', 'iptables', 'nft', 'ufw', 'ip', 'ifconfig', 'route', 'sysctl',
  'modprobe', 'useradd', 'usermod', 'groupadd', 'passwd', 'chpasswd', 'visudo', 'logger', 'notify-send', 'say',
] as const;

/**
 * CLIs of hosted services and platforms, whose subcommands can delete whole applications,
 * databases or clusters (`heroku apps:destroy`, `fly volumes destroy`, `sls remove`,
 * `vagrant destroy`, `eksctl delete cluster`).
 */
const HOSTED_CLIS = [
  'gh', 'glab', 'hub', 'vercel', 'netlify', 'fly', 'flyctl', 'heroku', 'wrangler', 'firebase', 'doctl', 'supabase', 'stripe',
  'railway', 'render', 'argocd', 'flux', 'serverless', 'sls', 'sam', 'copilot', 'eksctl', 'vagrant', 'vault', 'consul', 'nomad',
  'etcdctl', 'gsutil', 'rails', 'rake', 'prisma', 'sequelize', 'knex', 'alembic', 'flyway', 'liquibase', 'atlas', 'dbmate',
  'zfs', 'zpool', 'lvremove', 'vgremove', 'pvremove', 'dropdb', 'dropuser', 'mongorestore', 'pg_restore', 'kind', 'minikube', 'k3d',
] as const;

/** Words that, as (part of) a subcommand, mean something is deleted or wiped. */
const DESTRUCTIVE_WORDS = new Set([
  'destroy', 'delete', 'del', 'remove', 'rm', 'rb', 'rmi', 'reset', 'drop', 'dropdb', 'dropuser', 'purge', 'wipe', 'prune',
  'uninstall', 'terminate', 'truncate', 'flush', 'flushall', 'flushdb', 'erase', 'nuke', 'teardown', 'lvremove', 'vgremove',
  'pvremove',
]);

/** The destructive word in a command's name or subcommand words (`apps:destroy`, `db:drop`, `kv delete`), if any. */
function destructiveWord(call: Parameters<CommandHandler>[0]): string | undefined {
  const words = [call.name, ...call.args.filter((a) => a.kind === 'static' && !a.value.startsWith('-')).map((a) => (a.kind === 'static' ? a.value : ''))];
  for (const word of words.slice(0, 4)) {
    for (const part of word.toLowerCase().split(/[:/._-]+/)) if (DESTRUCTIVE_WORDS.has(part)) return part;
  }
  return undefined;
}

function shownOf(call: Parameters<CommandHandler>[0]): string {
  const shown = [call.name, ...call.args.slice(0, 3).map(displayOf)].join(' ');
  return `${shown}${call.args.length > 3 ? ' …' : ''}`;
}

function deletes(call: Parameters<CommandHandler>[0], ctx: Parameters<CommandHandler>[1], word: string): void {
  ctx.emit({
    operation: 'delete',
    resource: { kind: 'shell.program', address: shownOf(call) },
    reversible: false,
    destroysData: true,
    summary: `runs ${shownOf(call)}, which by its words ("${word}") deletes or wipes something Airlock cannot see into`,
  });
}

/** Runs a program Airlock recognises but does not model. */
export const program: CommandHandler = (call, ctx) => {
  ctx.execute(call.name, `runs ${shownOf(call)}`);
};

/** A hosted service's or platform's CLI: reversible unless a subcommand word says it deletes. */
export const hostedCli: CommandHandler = (call, ctx) => {
  const word = destructiveWord(call);
  if (word) deletes(call, ctx, word);
  else ctx.execute(call.name, `runs ${shownOf(call)}`);
};

/**
 * A program Airlock does not know at all. It may change anything, so it is not reversible (a
 * human looks under guarded), and a destructive word in its subcommand makes it a delete.
 */
export const unrecognisedProgram: CommandHandler = (call, ctx) => {
  const word = destructiveWord(call);
  if (word) deletes(call, ctx, word);
  else ctx.execute(call.name, `runs ${shownOf(call)}, a program Airlock does not know, so it cannot tell what it changes`, false);
};

export const programCommands: CommandTable = {
  ...Object.fromEntries(PROGRAMS.map((name) => [name, program])),
  ...Object.fromEntries(HOSTED_CLIS.map((name) => [name, hostedCli])),
};
