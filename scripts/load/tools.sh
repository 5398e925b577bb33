# Sourced by scripts/load.sh and scripts/soak.sh (from the repository root): finds or makes the tools they run.
# Everything lands in .tools/ (git-ignored), as scripts/bench.sh does, so the three scripts share one install.

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Deno and Bun come from npm packages that ship their binaries (the versions scripts/bench.sh pins).
DENO_PACKAGE=@deno/linux-x64-glibc@2.9.6
BUN_PACKAGE=@oven/bun-linux-x64@1.4.5
DENO_BIN=$PWD/.tools/node_modules/@deno/linux-x64-glibc/deno
BUN_BIN=$PWD/.tools/node_modules/@oven/bun-linux-x64/bin/bun

# jsws as a user installs it for speed: published ReadyToRun for this machine. Published again only when a source
# file of the CLI, the library or the test server is newer than the published one. JSWS_BIN overrides.
ensure_jsws() {
  if [ -n "${JSWS_BIN:-}" ]; then
    return 0
  fi

  JSWS_BIN=$PWD/.tools/jsws/jsws
  if [ -x "$JSWS_BIN" ] && [ -z "$(find src -newer "$JSWS_BIN" \( -name '*.cs' -o -name '*.csproj' -o -name '*.js' \) -print -quit)" ]; then
    return 0
  fi

  echo "publishing jsws to .tools/jsws (dotnet publish -c Release -r linux-x64)" >&2
  mkdir -p .tools
  dotnet publish -c Release -nologo -v quiet -r linux-x64 --self-contained false src/JsWebSocketHost.Cli -o .tools/jsws >/dev/null
}

# Installs Deno and Bun with npm when they are missing; a runtime that cannot be had is left out (its path empty).
ensure_deno_and_bun() {
  if { [ ! -x "$DENO_BIN" ] || [ ! -x "$BUN_BIN" ]; } && command -v npm >/dev/null 2>&1; then
    echo "installing Deno and Bun from npm into .tools ($DENO_PACKAGE, $BUN_PACKAGE)" >&2
    mkdir -p .tools
    (cd .tools && { [ -f package.json ] || npm init -y >/dev/null 2>&1 || true; } \
      && npm install --no-audit --no-fund --loglevel=error "$DENO_PACKAGE" "$BUN_PACKAGE" >/dev/null 2>&1) || true
  fi

  [ -x "$DENO_BIN" ] || { echo "Deno is not available (npm install $DENO_PACKAGE did not succeed): left out" >&2; DENO_BIN=; }
  [ -x "$BUN_BIN" ] || { echo "Bun is not available (npm install $BUN_PACKAGE did not succeed): left out" >&2; BUN_BIN=; }
}

# The Node ws interop peer (tests/interop), installed with npm ci when missing.
ensure_ws_peer() {
  if [ ! -d tests/interop/node_modules/ws ] && command -v npm >/dev/null 2>&1; then
    npm ci --prefix tests/interop --no-audit --no-fund --loglevel=error >/dev/null 2>&1 || true
  fi

  command -v node >/dev/null 2>&1 && [ -d tests/interop/node_modules/ws ]
}

# wait_for_line FILE PATTERN: waits up to 20 s for a line matching PATTERN in FILE and prints it.
wait_for_line() {
  local line
  for _ in $(seq 200); do
    line=$(grep -m1 -E "$2" "$1" 2>/dev/null || true)
    if [ -n "$line" ]; then
      echo "$line"
      return 0
    fi

    sleep 0.1
  done

  return 1
}
