#!/usr/bin/env bash
# Runs Airlock's hook inside a REAL agent CLI (Claude Code, Codex or Gemini CLI) against a local
# mock model API, using the e2e harnesses in ../shared/tools/<agent>-e2e (not part of this
# repository, hence not part of `npm test`). Dry-run: the harness records commands, never runs them.
#
#   test/agent-e2e/run.sh claude [--mode bypass,default,accept-edits]
#   test/agent-e2e/run.sh codex
#   test/agent-e2e/run.sh gemini [--mode yolo,allowed-tools]
#
# Needs the CLI (CLAUDE_BIN / CODEX_BIN / GEMINI_BIN, or on PATH; see each harness README) and
# AIRLOCK_E2E_TOOLS (default: ../shared/tools next to this repository).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
agent="${1:?usage: run.sh claude|codex|gemini [harness options]}"; shift
tools="${AIRLOCK_E2E_TOOLS:-$repo/../shared/tools}"
case "$agent" in
  claude) harness="$tools/claude-e2e"; hook=claude-code ;;
  codex) harness="$tools/codex-e2e"; hook=codex ;;
  gemini) harness="$tools/gemini-e2e"; hook=gemini ;;
  *) echo "unknown agent: $agent" >&2; exit 2 ;;
esac
[ -f "$harness/run.mjs" ] || { echo "no harness at $harness (set AIRLOCK_E2E_TOOLS)" >&2; exit 2; }
(cd "$repo" && node scripts/ensure-ready.mjs)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/hook.sh" <<HOOK
#!/bin/sh
exec env AIRLOCK_HOME="$work/home" node "$repo/bin/airlock.js" hook $hook --env production
HOOK
chmod +x "$work/hook.sh"
cd "$harness"
node run.mjs --hook "$work/hook.sh" "$@" "$here/cases.tsv"
