#!/usr/bin/env bash
# Load: one process opens SOCKETS WebSockets at once and sends MESSAGES sequence-numbered messages each way on every
# socket (echo), then SOCKETS more sockets each receive MESSAGES pushed messages; every socket must see each number
# exactly once, in order, then a clean close 1000. The same client (scripts/load/client.js) runs under jsws, Deno and
# Bun against the same servers: the bundled test server (jsws serve: /echo and /messages) and Node's ws library
# (tests/interop/ws-peer-server.mjs: /echo and /burst). Measures each runtime process's wall time and peak RSS.
# Usage: bash scripts/load.sh [sockets] [messages]   (defaults 1000 1000)
# Exit status 1 when any run lost, duplicated or reordered a message, or a socket did not close cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/load/tools.sh

sockets=${1:-1000}
messages=${2:-1000}
window=${LOAD_WINDOW:-100}
size=${LOAD_SIZE:-32}
case "$sockets$messages" in *[!0-9]*) echo "usage: bash scripts/load.sh [sockets] [messages]" >&2; exit 2 ;; esac
if ! command -v node >/dev/null 2>&1; then
  echo "load.sh: node is needed (the ws peer and the report); apt-get install nodejs npm" >&2
  exit 2
fi

ensure_jsws
ensure_deno_and_bun
work=$PWD/.tools/load
mkdir -p "$work"
rm -f "$work"/*.summary "$work"/*.time "$work"/*.out "$work"/*.err

# The file descriptors of 1000+ sockets in one process (and the servers').
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

"$JSWS_BIN" serve --port 0 > "$work/serve.log" 2>&1 &
pids+=($!)
serving=$(wait_for_line "$work/serve.log" "^Serving on") || { echo "load.sh: jsws serve did not start" >&2; cat "$work/serve.log" >&2; exit 1; }
serve_port=$(echo "$serving" | sed -E 's|.*127\.0\.0\.1:([0-9]+).*|\1|')

servers=("jsws-serve ws://127.0.0.1:$serve_port/echo ws://127.0.0.1:$serve_port/messages?count=$messages&size=$size")
if ensure_ws_peer; then
  (cd tests/interop && exec node ws-peer-server.mjs) > "$work/peer.log" 2>&1 &
  pids+=($!)
  peer_line=$(wait_for_line "$work/peer.log" "^PORT ") || { echo "load.sh: the ws peer did not start" >&2; cat "$work/peer.log" >&2; exit 1; }
  peer_port=${peer_line#PORT }
  servers+=("node-ws ws://127.0.0.1:$peer_port/echo ws://127.0.0.1:$peer_port/burst?n=$messages")
else
  echo "load.sh: the ws peer is not installed (npm ci --prefix tests/interop): left out" >&2
fi

runtimes=("jsws|$JSWS_BIN run")
[ -n "$DENO_BIN" ] && runtimes+=("deno|$DENO_BIN run --allow-net")
[ -n "$BUN_BIN" ] && runtimes+=("bun|$BUN_BIN run")

have_time=0
/usr/bin/time -v true >/dev/null 2>&1 && have_time=1

# run_measured NAME COMMAND...: runs the command with stdout/stderr to files; writes "wall_seconds peak_rss_kb exit".
run_measured() {
  local name=$1
  shift
  local status=0
  if [ "$have_time" = 1 ]; then
    timeout 900 /usr/bin/time -v -o "$work/$name.time" "$@" > "$work/$name.out" 2> "$work/$name.err" || status=$?
    local wall rss
    wall=$(sed -nE 's/^\s*Elapsed \(wall clock\) time.*: (.*)$/\1/p' "$work/$name.time" \
      | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }')
    rss=$(sed -nE 's/^\s*Maximum resident set size \(kbytes\): ([0-9]+)/\1/p' "$work/$name.time")
    echo "${wall:-0} ${rss:-0} $status"
  else
    # No GNU time: poll the process's high-water mark (VmHWM only grows, so the last reading is its peak).
    local start end hwm=0 pid
    start=$(date +%s.%N)
    "$@" > "$work/$name.out" 2> "$work/$name.err" &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
      hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo "$hwm")
      sleep 0.05
    done
    wait "$pid" || status=$?
    end=$(date +%s.%N)
    echo "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') ${hwm:-0} $status"
  fi
}

echo "load: $sockets sockets x $messages messages (window $window, $size-byte text), echo then push, per runtime and server"
results=()
failed=0
for server in "${servers[@]}"; do
  read -r server_name echo_url push_url <<< "$server"
  for runtime in "${runtimes[@]}"; do
    runtime_name=${runtime%%|*}
    read -r -a command <<< "${runtime#*|}"
    name="$runtime_name-$server_name"
    script="$work/$name.js"
    printf 'var loadConfig = { label: "%s", echoUrl: "%s", pushUrl: "%s", sockets: %d, messages: %d, window: %d, size: %d, timeoutMs: 600000 };\n' \
      "$name" "$echo_url" "$push_url" "$sockets" "$messages" "$window" "$size" > "$script"
    cat scripts/load/client.js >> "$script"
    read -r wall rss status < <(run_measured "$name" "${command[@]}" "$script")
    summary=$(grep -m1 '^{"load":"summary"' "$work/$name.out" || true)
    if [ -z "$summary" ] || [ "$status" != 0 ]; then
      failed=1
      echo "load: $name exited $status" >&2
      tail -n 5 "$work/$name.err" >&2 || true
    fi

    results+=("$name|$runtime_name|$server_name|$wall|$rss|$status|${summary:-{\}}")
  done
done

# The table: wall time and peak RSS of each process, messages per second over the script's own time, and the checks.
printf '%s\n' "${results[@]}" | node -e '
  const lines = require("fs").readFileSync(0, "utf8").trim().split("\n");
  const rows = [["runtime", "server", "wall s", "peak RSS MB", "echo ms", "push ms", "msgs/s", "lost", "dup", "reord", "unclean", "errors", "ok"]];
  let bad = 0;
  for (const line of lines) {
    const [name, runtime, server, wall, rss, status, ...json] = line.split("|");
    const s = JSON.parse(json.join("|"));
    const phases = [s.echo, s.push].filter(Boolean);
    const sum = key => phases.reduce((n, p) => n + p[key], 0);
    // Echo: every message crosses twice (client to server and back); push: once.
    const moved = s.echo ? s.sockets * s.messages * 2 + (s.push ? s.sockets * s.messages : 0) : 0;
    const ms = phases.reduce((n, p) => n + p.ms, 0);
    const ok = s.ok === true && status === "0";
    if (!ok) bad++;
    rows.push([runtime, server, wall, (Number(rss) / 1024).toFixed(1), s.echo?.ms ?? "-", s.push?.ms ?? "-",
      ms > 0 ? Math.round(moved / (ms / 1000)).toString() : "-", sum("lost"), sum("duplicated"), sum("reordered"),
      sum("unclean"), sum("errors"), ok ? "yes" : "NO (exit " + status + ")"]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => String(r[i]).length)));
  for (const r of rows) console.log(r.map((c, i) => String(c).padStart(i < 2 ? 0 : widths[i]).padEnd(i < 2 ? widths[i] : 0)).join("  "));
  process.exit(bad > 0 ? 1 : 0);
' || failed=1

echo "summaries and logs: $work"
if [ "$failed" != 0 ]; then
  echo "load: FAILED (a message was lost, duplicated or reordered, a socket did not close cleanly, or a runtime failed)"
  exit 1
fi

echo "load: every socket of every run saw each message exactly once, in order, and closed cleanly"
