#!/usr/bin/env bash
# Benchmarks the message path side by side in one run: raw ClientWebSocket (C#) vs jsws in-process, then the same
# scripts as processes under jsws, Node, Deno and Bun, all against one echo server (jsws serve, Kestrel).
# Usage: bash scripts/bench.sh [quick]
# Deno and Bun come from npm packages that ship their binaries, installed into .tools/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

mkdir -p .tools
if [ ! -x .tools/node_modules/@deno/linux-x64-glibc/deno ] || [ ! -x .tools/node_modules/@oven/bun-linux-x64/bin/bun ]; then
  (cd .tools && npm init -y >/dev/null 2>&1 || true
   npm install --no-audit --no-fund --loglevel=error @deno/linux-x64-glibc@2.9.6 @oven/bun-linux-x64@1.4.5 >/dev/null)
fi

# jsws as a user would install it for speed: published ReadyToRun for this machine.
dotnet publish -c Release -nologo -v quiet -r linux-x64 --self-contained false src/JsWebSocketHost.Cli -o .tools/jsws >/dev/null
dotnet build -c Release -nologo -v quiet tests/JsWebSocketHost.Benchmarks >/dev/null
jsws=".tools/jsws/jsws.dll"

port=${BENCH_PORT:-9801}
dotnet "$jsws" serve --port "$port" > .tools/serve.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q "Serving on" .tools/serve.log 2>/dev/null && break; sleep 0.1; done

node_ws="node --experimental-websocket"
node -e 'process.exit(typeof WebSocket === "function" ? 0 : 1)' 2>/dev/null && node_ws="node"
tools="$PWD/.tools/node_modules"
dotnet tests/JsWebSocketHost.Benchmarks/bin/Release/net10.0/JsWebSocketHost.Benchmarks.dll "ws://127.0.0.1:$port/echo" ${1:-} \
  --runtimes "jsws=$PWD/.tools/jsws/jsws run;node=$node_ws;deno=$tools/@deno/linux-x64-glibc/deno run --allow-net;bun=$tools/@oven/bun-linux-x64/bin/bun"
