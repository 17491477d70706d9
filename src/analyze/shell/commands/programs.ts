import type { CommandHandler, CommandTable } from '../command-context.js';
import { displayOf } from '../words.js';

/**
 * Programs Airlock recognises but does not model: build tools, package managers, test runners,
 * compilers, editors, archivers. Running one is an `execute` effect — the program's own effects
 * (a build writing its output directory) are the project's everyday work. A program not in this
 * list gets the same effect; the list matters for `/usr/local/bin/make`, which is treated as
 * `make`, while an unknown program run by path is an unknown effect.
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
  // hosted services' CLIs
  'gh', 'glab', 'hub', 'vercel', 'netlify', 'fly', 'flyctl', 'heroku', 'wrangler', 'firebase', 'doctl', 'supabase', 'stripe',
  // local clusters and package managers
  'kind', 'minikube', 'k3d', 'skaffold', 'tilt', 'kustomize', 'kubectx', 'kubens', 'k9s', 'stern', 'argocd', 'flux',
  'brew', 'apt', 'apt-get', 'dpkg', 'yum', 'dnf', 'rpm', 'apk', 'pacman', 'zypper', 'snap', 'flatpak', 'port', 'nix',
  'ansible', 'ansible-playbook', 'packer', 'vagrant', 'serverless', 'sls', 'sam', 'copilot', 'eksctl', 'aws-vault',
  // misc tools
  'git-lfs', 'envsubst', 'direnv', 'asdf', 'mise', 'pyenv', 'rbenv', 'sdk', 'ffmpeg', 'convert', 'magick', 'pandoc',
  'sqlite-utils', 'http', 'xh', 'grpcurl', 'websocat', 'iptables', 'nft', 'ufw', 'ip', 'ifconfig', 'route', 'sysctl',
  'modprobe', 'useradd', 'usermod', 'groupadd', 'passwd', 'chpasswd', 'visudo', 'logger', 'notify-send', 'say',
] as const;

/** Runs a program Airlock does not model. */
export const program: CommandHandler = (call, ctx) => {
  const shown = [call.name, ...call.args.slice(0, 2).map(displayOf)].join(' ');
  ctx.execute(call.name, `runs ${shown}${call.args.length > 2 ? ' …' : ''}`);
};

export const programCommands: CommandTable = Object.fromEntries(PROGRAMS.map((name) => [name, program]));
