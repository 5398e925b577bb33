#!/usr/bin/env bash
# Builds the solution once and runs every test project; ends with the line "N passed, N failed[, N skipped]".
# Usage: bash scripts/test.sh [extra dotnet test arguments]
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "scripts/test.sh: the .NET 10 SDK is needed (dotnet was not found on PATH)." >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# The interop peer (Node's ws library, an implementation this project did not write).
if ! command -v npm >/dev/null 2>&1; then
  echo "scripts/test.sh: installing Node.js and npm for the interop peer" >&2
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null && apt-get install -y -qq nodejs npm >/dev/null
  fi
fi
if ! command -v npm >/dev/null 2>&1 || ! npm ci --prefix tests/interop --no-audit --no-fund --loglevel=error >/dev/null; then
  echo "scripts/test.sh: could not install the interop peer (npm ci --prefix tests/interop)." >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# Headless Chromium, for the browser comparison (jsws test --browser chromium and its tests). It comes from the
# system package; as root with apt-get it is installed here. JSWS_REQUIRE_BROWSER=1 (CI) makes a missing browser
# a failure; otherwise the comparison counts as one skipped check.
find_chromium() {
  command -v chromium || command -v chromium-browser || command -v google-chrome || command -v google-chrome-stable \
    || command -v chrome || true
}
chromium=$(find_chromium)
if [ -z "$chromium" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "scripts/test.sh: installing Chromium (apt-get install chromium) for the browser comparison" >&2
  apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium >/dev/null 2>&1; }
  chromium=$(find_chromium)
fi

# tmux, for the REPL's pseudo-terminal tests (Ctrl+C, the prompt, completion), and zsh and fish, whose completion
# scripts are tried in the real shells; as root with apt-get they are installed here.
missing=
for program in tmux zsh fish; do command -v "$program" >/dev/null 2>&1 || missing+=" $program"; done
if [ -n "$missing" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "scripts/test.sh: installing$missing (apt-get) for the REPL's terminal tests and the completion scripts" >&2
  apt-get install -y -qq $missing >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq $missing >/dev/null 2>&1; }
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT

if ! dotnet build JsWebSocketHost.sln -c Release -nologo -v quiet 2>&1 | tee "$log" | grep -E "error|Build succeeded"; then
  :
fi
if grep -qE "Build FAILED|error [A-Z]+[0-9]+" "$log"; then
  echo "scripts/test.sh: the build failed." >&2
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test JsWebSocketHost.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Sum the per-assembly summaries: "Passed!  - Failed: 0, Passed: 71, Skipped: 0, Total: 71, ..."
read -r passed failed skipped < <(grep -E "^(Passed|Failed)! +- Failed:" "$log" | awk -F'[:,]' '
  { f += $2; p += $4; s += $6 } END { printf "%d %d %d\n", p, f, s }')
passed=${passed:-0}; failed=${failed:-0}; skipped=${skipped:-0}
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the run failed without a test failing (a crash or a test host abort): never report green
fi

# The conformance suite (tests/conformance, testharness.js-style files) through `jsws test --serve`, counted into
# the totals. Usage: conformance LABEL JSWS-COMMAND... (the JIT build's jsws.dll here; the native jsws below).
conformance() {
  local label=$1; shift
  local out status summary c_passed c_failed c_timeouts c_errors
  out=$(mktemp)
  "$@" test --serve -j 2 tests/conformance > "$out" 2>&1
  status=$?
  grep -E "^  (FAIL|TIMEOUT|NOTRUN|PRECONDITION_FAILED|harness) |^      " "$out" | tail -n 200
  summary=$(tail -n 1 "$out")
  echo "$label: $summary"
  read -r c_passed c_failed c_timeouts c_errors < <(echo "$summary" | awk '
    { p = 0; f = 0; t = 0; e = 0
      for (i = 1; i <= NF; i++) {
        if ($(i + 1) ~ /^passed/) p = $i; if ($(i + 1) ~ /^failed/) f = $i
        if ($(i + 1) ~ /^timed/) t = $i; if ($(i + 1) ~ /^harness/) e = $i }
      printf "%d %d %d %d\n", p, f, t, e }')
  rm -f "$out"
  passed=$((passed + ${c_passed:-0}))
  failed=$((failed + ${c_failed:-0} + ${c_timeouts:-0} + ${c_errors:-0}))
  if [ "$status" -ne 0 ] && [ "${c_failed:-0}${c_timeouts:-0}${c_errors:-0}" = "000" ]; then
    failed=$((failed + 1)) # jsws test failed without a subtest failing: never report green
  fi
}
has_conformance=
[ -d tests/conformance ] && [ -n "$(find tests/conformance -name '*.js' -print -quit)" ] && has_conformance=1
if [ -n "$has_conformance" ]; then
  conformance conformance dotnet src/JsWebSocketHost.Cli/bin/Release/net10.0/jsws.dll
fi

# The conformance suite side by side with headless Chromium (jsws test --browser chromium): every subtest that
# ends the same, or differs as tests/conformance/chromium-differences.json says with its reason, passes.
if [ -d tests/conformance ] && [ -n "$chromium" ]; then
  comparison=$(mktemp)
  dotnet src/JsWebSocketHost.Cli/bin/Release/net10.0/jsws.dll test --browser chromium --browser-path "$chromium" -j 2 \
    --browser-expectations tests/conformance/chromium-differences.json tests/conformance > "$comparison" 2>&1
  comparison_status=$?
  sed -n '/^Differences not in the expectations\|^Expected differences that are gone/,$p' "$comparison" | head -n 60
  summary=$(tail -n 1 "$comparison")
  echo "chromium comparison: $summary"
  read -r b_same b_differ b_expected b_gone < <(echo "$summary" | awk '
    { s = 0; d = 0; e = 0; g = 0
      for (i = 1; i <= NF; i++) {
        if ($(i + 1) ~ /^same,?$/) s = $i; if ($(i + 1) ~ /^differ,?$/ && $i ~ /^[0-9]+$/) d = $i
        if ($(i + 1) == "expected" && $(i + 2) ~ /^differences/) e = $i; if ($(i + 1) == "no") g = $i }
      printf "%d %d %d %d\n", s, d, e, g }')
  if ! echo "$summary" | grep -q " compared with "; then
    tail -n 5 "$comparison" >&2
    b_differ=1 # the comparison did not run to its end (the browser did not start?): never report green
  fi
  rm -f "$comparison"
  passed=$((passed + ${b_same:-0} + ${b_expected:-0}))
  failed=$((failed + ${b_differ:-0} + ${b_gone:-0}))
  if [ "$comparison_status" -ne 0 ] && [ "${b_differ:-0}${b_gone:-0}" = "00" ]; then
    failed=$((failed + 1)) # exit 1 without a difference: a jsws failure the conformance run also counts, or a crash
  fi
elif [ -d tests/conformance ]; then
  if [ "${JSWS_REQUIRE_BROWSER:-0}" = 1 ]; then
    echo "scripts/test.sh: Chromium is needed for the browser comparison (JSWS_REQUIRE_BROWSER=1) and could not be installed." >&2
    failed=$((failed + 1))
  else
    echo "scripts/test.sh: Chromium not found (apt-get install chromium): the browser comparison was skipped." >&2
    skipped=$((skipped + 1))
  fi
fi

# The soak: 30 s of connection churn in one jsws process, with RSS, descriptor, socket and thread growth checked
# (scripts/soak.sh; its closing line is "soak: N passed, N failed").
soak=$(mktemp)
JSWS_BIN=$PWD/src/JsWebSocketHost.Cli/bin/Release/net10.0/jsws bash scripts/soak.sh 0.5 > "$soak" 2>&1
soak_status=$?
grep -E "^soak: (ok|FAIL) " "$soak"
read -r s_passed s_failed < <(sed -nE 's/^soak: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' "$soak" | tail -n 1)
[ -z "${s_passed:-}" ] && tail -n 5 "$soak" >&2
rm -f "$soak"
passed=$((passed + ${s_passed:-0})); failed=$((failed + ${s_failed:-0}))
if [ "$soak_status" -ne 0 ] && [ "${s_failed:-0}" -eq 0 ]; then
  failed=$((failed + 1)) # the soak failed without a check failing (it did not start?): never report green
fi

# The NativeAOT jsws (scripts/publish-native.sh): the conformance suite again, and every sample against its own
# test server (--serve), each sample one check on its exit code, an empty stderr and its closing line.
native_log=$(mktemp)
if bash scripts/publish-native.sh > "$native_log" 2>&1; then
  native=$(tail -n 1 "$native_log")
  echo "native jsws: $native ($(du -k "$native" | cut -f1) KB)"
  [ -n "$has_conformance" ] && conformance "native conformance" "$native"
  native_sample() { # NAME EXPECTED-LINE
    local out err
    out=$(mktemp); err=$(mktemp)
    if timeout 60 "$native" run --serve "samples/$1" > "$out" 2> "$err" && [ ! -s "$err" ] && grep -qxF "$2" "$out"; then
      echo "native sample $1: ok"; passed=$((passed + 1))
    else
      echo "native sample $1: FAIL (wanted the line: $2)"; tail -n 5 "$out" "$err"; failed=$((failed + 1))
    fi
    rm -f "$out" "$err"
  }
  native_sample hello.js "Done: the loop ends by itself once no timer is left."
  native_sample echo.js 'close: code 1000, reason "Goodbye", clean: true'
  native_sample binary.js "closed with 1005 (1005: no status was given)"
  native_sample chat.js "left the chat: 1000 ada left"
  # The NUnit tests that run jsws as a process (flags, time zones, signals, --allow-read from stdin, Ctrl+C, the load against
  # jsws serve), against the native executable (JSWS_TEST_BIN).
  native_tests=$(mktemp)
  JSWS_TEST_BIN=$native timeout 600 dotnet test tests/JsWebSocketHost.Tests -c Release --no-build -nologo \
    --filter "FullyQualifiedName~HostFlagsProcessTests|FullyQualifiedName~TimeZoneStartupTests|FullyQualifiedName~SignalTests|FullyQualifiedName~AllowReadTests|FullyQualifiedName~InterruptTests|FullyQualifiedName~LoadTests" \
    > "$native_tests" 2>&1
  native_status=$?
  read -r n_failed n_passed < <(sed -nE 's/.*Failed: +([0-9]+), Passed: +([0-9]+),.*/\1 \2/p' "$native_tests" | tail -n 1)
  echo "native process tests: ${n_passed:-0} passed, ${n_failed:-0} failed"
  grep -E "^\s+Failed " "$native_tests" | head -n 20
  passed=$((passed + ${n_passed:-0})); failed=$((failed + ${n_failed:-0}))
  if [ "$native_status" -ne 0 ] && [ "${n_failed:-0}" -eq 0 ]; then
    tail -n 20 "$native_tests"; failed=$((failed + 1)) # the run failed without a test failing: never report green
  fi
  rm -f "$native_tests"
else
  tail -n 20 "$native_log" >&2
  echo "scripts/test.sh: the native jsws could not be built (scripts/publish-native.sh)." >&2
  failed=$((failed + 1))
fi
rm -f "$native_log"

# The benchmark smoke (seconds): every workload under every runtime (the native jsws too, when it was built)
# still runs, and the table and chart are
# written. It proves the benchmark has not rotted; none of its figures means anything, and no test asserts a time.
bench=$(mktemp)
bench_out=$PWD/.tools/bench-smoke
rm -rf "$bench_out"
if BENCH_OUT=$bench_out JSWS_BIN=$PWD/src/JsWebSocketHost.Cli/bin/Release/net10.0/jsws JSWS_NATIVE=${native:-none} bash scripts/bench.sh smoke > "$bench" 2>&1 \
  && [ "$(grep -c '^| ' "$bench_out/results.md" 2>/dev/null)" -ge 10 ] && ! grep -qE ' failed( |$)' "$bench" && [ -s "$bench_out/ratios.svg" ]; then
  echo "bench smoke: ok (.tools/bench-smoke/results.md, .tools/bench-smoke/ratios.svg)"
  passed=$((passed + 1))
else
  echo "bench smoke: FAIL"
  tail -n 30 "$bench"
  failed=$((failed + 1))
fi
rm -f "$bench"

line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
