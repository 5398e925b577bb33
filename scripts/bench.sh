#!/usr/bin/env bash
# Benchmarks the message path side by side in one run: raw ClientWebSocket (C#) vs jsws in-process, then the same
# scripts as processes under jsws (ReadyToRun, and NativeAOT when it can be built), Node, Deno and Bun, all against
# one echo server (jsws serve, Kestrel): four rates, start-up, idle memory per socket, and the 1000 x 1000 load.
# Usage: bash scripts/bench.sh [smoke|quick]
#   (none)  the figures the README reports: medians of 5 (about 15 minutes)
#   quick   medians of 3 with smaller counts (a few minutes)
#   smoke   seconds, for CI: proves every part still runs; no figure from it means anything
# Writes .tools/bench/results.md (the table of medians and ratios) and .tools/bench/ratios.svg (the chart);
# BENCH_OUT=DIR writes them there instead.
# Deno and Bun come from npm packages that ship their binaries, installed into .tools/ (git-ignored).
# JSWS_NATIVE=PATH uses that native jsws instead of building one; JSWS_NATIVE=none leaves it out.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/load/tools.sh

mode=${1:-}
case "$mode" in "" | quick | smoke) ;; *) echo "usage: bash scripts/bench.sh [smoke|quick]" >&2; exit 2 ;; esac

out=${BENCH_OUT:-$PWD/.tools/bench}
mkdir -p .tools "$out"
ensure_jsws
ensure_deno_and_bun
dotnet build -c Release -nologo -v quiet tests/JsWebSocketHost.Benchmarks >/dev/null

# The native jsws: given, or built with scripts/publish-native.sh (not in smoke mode: that build takes minutes).
native=${JSWS_NATIVE:-}
if [ -z "$native" ] && [ "$mode" != smoke ] && [ -f scripts/publish-native.sh ]; then
  native=$(bash scripts/publish-native.sh 2>.tools/publish-native.log | tail -n 1) || native=
  [ -x "$native" ] || { echo "bench.sh: the native jsws could not be built (see .tools/publish-native.log): left out" >&2; native=; }
fi
[ "$native" = none ] && native=

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
"$JSWS_BIN" serve --port 0 > "$out/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
serving=$(wait_for_line "$out/serve.log" "^Serving on") || { echo "bench.sh: jsws serve did not start" >&2; cat "$out/serve.log" >&2; exit 1; }
port=$(echo "$serving" | sed -E 's|.*127\.0\.0\.1:([0-9]+).*|\1|')

node_ws="node --experimental-websocket"
node -e 'process.exit(typeof WebSocket === "function" ? 0 : 1)' 2>/dev/null && node_ws="node"
runtimes="jsws=$JSWS_BIN run"
[ -n "$native" ] && runtimes+=";jsws-native=$native run"
command -v node >/dev/null 2>&1 && runtimes+=";node=$node_ws"
[ -n "$DENO_BIN" ] && runtimes+=";deno=$DENO_BIN run --allow-net --unstable-net"
[ -n "$BUN_BIN" ] && runtimes+=";bun=$BUN_BIN"

dotnet tests/JsWebSocketHost.Benchmarks/bin/Release/net10.0/JsWebSocketHost.Benchmarks.dll "ws://127.0.0.1:$port/echo" $mode \
  --runtimes "$runtimes" --load-client "$PWD/scripts/load/client.js" --out "$out"
