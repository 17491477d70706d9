#!/usr/bin/env bash
# Runs Airlock's hook inside a REAL agent CLI (Claude Code, Codex or Gemini CLI) against a local
# mock model API, using the e2e harnesses in ../shared/tools/<agent>-e2e (not part of this
# repository, hence not part of `npm test`). Dry-run: the harness records commands, never runs them.
#
#   test/agent-e2e/run.sh claude [--mode bypass,default,accept-edits]
#   test/agent-e2e/run.sh codex
#   test/agent-e2e/run.sh gemini [--mode yolo,allowed-tools]
#
# Through a gateway (AIRLOCK_E2E_GATEWAY=up|down|both|approval does the same as the flag):
#
#   test/agent-e2e/run.sh claude --gateway        # up, then down (below)
#   test/agent-e2e/run.sh claude --gateway=up     # `airlock serve` on a free port with its own
#       AIRLOCK_HOME; the hook gets AIRLOCK_URL + an agent token; the cases of cases.tsv must come
#       out as listed AND the gateway's audit (GET /v1/audit) must hold each one's decision
#       (run: allow; blocked: deny or ask), while the hook's own AIRLOCK_HOME records nothing
#   test/agent-e2e/run.sh claude --gateway=down   # the same gateway, stopped: AIRLOCK_URL points
#       at its closed port, and every case, reads included, must be blocked (fail closed)
#   test/agent-e2e/run.sh claude --approval       # the approval loop (approval-loop.mjs): blocked
#       with a request id, approved with `airlock approvals approve`, the identical command in a
#       second session in the same project dir runs (once); then approved while the hook waits
#
# Needs the CLI (CLAUDE_BIN / CODEX_BIN / GEMINI_BIN, or on PATH; see each harness README) and
# AIRLOCK_E2E_TOOLS (default: ../shared/tools next to this repository).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
agent="${1:?usage: run.sh claude|codex|gemini [--gateway[=up|down|both] | --approval] [harness options]}"; shift
gateway="${AIRLOCK_E2E_GATEWAY:-}"
[ "$gateway" = 1 ] && gateway=both
harness_args=()
for arg in "$@"; do
  case "$arg" in
    --gateway) gateway=both ;;
    --gateway=*) gateway="${arg#--gateway=}" ;;
    --approval) gateway=approval ;;
    *) harness_args+=("$arg") ;;
  esac
done
case "$gateway" in
  ''|up|down|both|approval) ;;
  *) echo "unknown gateway mode: $gateway (up, down, both or approval)" >&2; exit 2 ;;
esac
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
gateway_pid=""
stop_gateway() {
  if [ -n "$gateway_pid" ]; then
    kill -TERM "$gateway_pid" 2>/dev/null || true
    wait "$gateway_pid" 2>/dev/null || true
    gateway_pid=""
  fi
}
trap 'stop_gateway; rm -rf "$work"' EXIT

if [ -z "$gateway" ]; then
  # Local decisions: no gateway, whatever the caller's shell has set.
  cat > "$work/hook.sh" <<HOOK
#!/bin/sh
exec env -u AIRLOCK_URL -u AIRLOCK_TOKEN AIRLOCK_HOME="$work/home" node "$repo/bin/airlock.js" hook $hook --env production
HOOK
  chmod +x "$work/hook.sh"
  cd "$harness"
  node run.mjs --hook "$work/hook.sh" "${harness_args[@]}" "$here/cases.tsv"
  exit $?
fi

# --- the gateway: its own AIRLOCK_HOME and airlock.yaml, any free port -------------------------
gwhome="$work/gateway"
mkdir -p "$gwhome" "$work/home"
cat > "$gwhome/airlock.yaml" <<'YAML'
version: 1
environments:
  production:
    production: true
YAML
(cd "$work" && exec env -u AIRLOCK_URL -u AIRLOCK_TOKEN AIRLOCK_HOME="$gwhome" \
  node "$repo/bin/airlock.js" serve --port 0 --config "$gwhome/airlock.yaml" >"$work/serve.out" 2>"$work/serve.err") &
gateway_pid=$!
url=""
for _ in $(seq 1 200); do
  url="$(sed -n 's#^  API  *\(http://[0-9.]*:[0-9]*\)/v1.*#\1#p' "$work/serve.out" 2>/dev/null | head -n1)"
  [ -n "$url" ] && break
  kill -0 "$gateway_pid" 2>/dev/null || { cat "$work/serve.out" "$work/serve.err" >&2; echo "the gateway did not start" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/serve.out" "$work/serve.err" >&2; echo "the gateway printed no URL" >&2; exit 1; }
token_of() { # role name → the token, created on the gateway's database
  env -u AIRLOCK_URL -u AIRLOCK_TOKEN AIRLOCK_HOME="$gwhome" node "$repo/bin/airlock.js" token create --role "$1" --name "$2" --json \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).token))'
}
agent_token="$(token_of agent "$hook")"
token_of approver e2e-approver > "$work/approver.token"
chmod 600 "$work/approver.token"
echo "gateway: $url (pid $gateway_pid, AIRLOCK_HOME $gwhome); agent token for $hook; approver e2e-approver" >&2

write_hook() { # file [extra hook options]
  local file="$1"; shift
  cat > "$file" <<HOOK
#!/bin/sh
exec env AIRLOCK_HOME="$work/home" AIRLOCK_URL="$url" AIRLOCK_TOKEN="$agent_token" node "$repo/bin/airlock.js" hook $hook --env production $*
HOOK
  chmod +x "$file"
}
write_hook "$work/hook.sh"

check_audit() { # phase report
  node "$here/gateway-audit.mjs" --phase "$1" --report "$2" --url "$url" --token-file "$work/approver.token" \
    --gateway-home "$gwhome" --hook-home "$work/home" --agent "$hook" --repo "$repo"
}

status=0
if [ "$gateway" = approval ]; then
  write_hook "$work/hook-wait.sh" --deadline-ms 45000
  E2E_AGENT="$agent" E2E_HARNESS="$harness" E2E_HOOK="$work/hook.sh" E2E_HOOK_WAIT="$work/hook-wait.sh" \
    E2E_URL="$url" E2E_APPROVER_TOKEN_FILE="$work/approver.token" E2E_REPO="$repo" E2E_WORK="$work" E2E_HOOK_AGENT="$hook" \
    node "$here/approval-loop.mjs" || status=$?
  exit "$status"
fi

if [ "$gateway" = up ] || [ "$gateway" = both ]; then
  echo "=== $agent through the gateway at $url: cases.tsv" >&2
  (cd "$harness" && node run.mjs --hook "$work/hook.sh" --json "$work/up.json" "${harness_args[@]}" "$here/cases.tsv") || status=1
  check_audit up "$work/up.json" || status=1
fi

if [ "$gateway" = down ] || [ "$gateway" = both ]; then
  # Stop the gateway: the hook keeps its URL (now a closed port) and its valid agent token.
  before="$(env -u AIRLOCK_URL -u AIRLOCK_TOKEN AIRLOCK_HOME="$gwhome" node "$repo/bin/airlock.js" audit list --json -n 1000 | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(String(JSON.parse(s).length)))')"
  stop_gateway
  port="${url##*:}"
  if node -e 'const s=require("net").connect(+process.argv[1],"127.0.0.1");s.on("connect",()=>process.exit(1));s.on("error",()=>process.exit(0))' "$port"; then
    echo "=== $agent with the gateway stopped ($url refuses connections): every case must be blocked" >&2
  else
    echo "port $port still accepts connections after the gateway stopped" >&2; exit 1
  fi
  sed 's/^run\t/blocked\t/' "$here/cases.tsv" > "$work/cases-down.tsv"
  (cd "$harness" && node run.mjs --hook "$work/hook.sh" --json "$work/down.json" "${harness_args[@]}" "$work/cases-down.tsv") || status=1
  node "$here/gateway-audit.mjs" --phase down --report "$work/down.json" --gateway-home "$gwhome" --hook-home "$work/home" \
    --agent "$hook" --repo "$repo" --gateway-records-before "$before" || status=1
fi
exit "$status"
