#!/usr/bin/env bash
# Soak: one `jsws run` process churns WebSocket connections (connect, send, receive, close) against `jsws serve`
# for MINUTES, while this script samples the client process every 2 s: resident memory (VmRSS), open file
# descriptors and the sockets among them (/proc/PID/fd), and threads (/proc/PID/status). Pending timers are not
# sampled: the host exposes no count of them (its meter has connection and message counters only).
# Prints a table over time, writes the samples (samples.tsv) and an SVG plot of RSS over time (rss.svg) to
# .tools/soak/ (SOAK_OUT overrides), and fails when the process grows after its warm-up (bounds below).
# Usage: bash scripts/soak.sh [minutes]   (default 5; CI passes 0.5). Needs only jsws (and the .NET SDK to build it);
# JSWS_BIN=path/to/jsws uses a jsws already built instead of publishing one to .tools/jsws.
# Environment: SOAK_WORKERS (16), SOAK_INTERVAL (2 s), SOAK_ABORTS (1: one worker in five runs close()-while-connecting
# cycles, which once stranded their TCP connections until a GC; 0 leaves them out).
# The last line is "soak: N passed, M failed", one count per check.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/load/tools.sh

minutes=${1:-5}
if ! awk -v m="$minutes" 'BEGIN { exit !(m > 0) }' 2>/dev/null; then
  echo "usage: bash scripts/soak.sh [minutes]   (a number greater than 0, e.g. 0.5)" >&2
  exit 2
fi

seconds=$(awk -v m="$minutes" 'BEGIN { printf "%d", m * 60 + 0.5 }')
workers=${SOAK_WORKERS:-16}
interval=${SOAK_INTERVAL:-2}
aborts=${SOAK_ABORTS:-1}
out=${SOAK_OUT:-$PWD/.tools/soak}
mkdir -p "$out"

# Warm-up: a quarter of the churn, at least 6 s and at most 60 s. In it the JIT compiles the hot paths, the thread
# pool grows to the load and the GC settles its heap budget: measured RSS rises steeply for the first seconds of the
# churn and then levels off.
warmup=$(awk -v s="$seconds" 'BEGIN { w = s / 4; if (w < 6) w = 6; if (w > 60) w = 60; printf "%.1f", w }')

# Bounds, checked on the samples after the warm-up:
# - RSS may grow by at most 32 MiB or 15% of its level after the warm-up, whichever is more (median of the last
#   three samples against the median of the first three). The churn opens 4,000-5,500 connections a second; a
#   connection costs ~31 KB of RSS while open (DESIGN.md), so leaking 1% of them would add over 1 MB a second:
#   20 MB over a 30 s run, 300 MB over 5 minutes. Measured on 2 cores: RSS grew 11-12 MB in the 22 s after the
#   warm-up of a 30 s run (the GC still settling), and over 5 minutes it swung between 184 and 203 MB, ending 7 MB
#   below its level after the warm-up.
# - Sockets: never more than two per worker plus 8 open at once (each worker has one socket at a time; a closed one
#   may linger while its teardown finishes); after the churn, as many as before it (none).
# - Other descriptors (assemblies, pipes, epoll): at most 8 more than at the end of the warm-up.
# - Threads: at most 4 more than the most seen in the warm-up, during the churn and after it.
rss_bound_mb=32
rss_bound_pct=15

ensure_jsws

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

"$JSWS_BIN" serve --port 0 > "$out/serve.log" 2>&1 &
pids+=($!)
serving=$(wait_for_line "$out/serve.log" "^Serving on") || { echo "soak: jsws serve did not start" >&2; cat "$out/serve.log" >&2; echo "soak: 0 passed, 1 failed"; exit 1; }
port=$(echo "$serving" | sed -E 's|.*127\.0\.0\.1:([0-9]+).*|\1|')

echo "soak: $minutes min ($seconds s) of churn by $workers workers, warm-up $warmup s, a sample every $interval s; output in $out"
echo "soak: pending timers are not sampled: the host exposes no count of them"
"$JSWS_BIN" run --location "http://127.0.0.1:$port/?seconds=$seconds&workers=$workers&aborts=$aborts" scripts/soak/churn.js \
  > "$out/churn.log" 2>&1 &
client=$!
pids+=($client)

samples="$out/samples.tsv"
printf 't_s\tphase\trss_mb\tfds\tsockets\tthreads\n' > "$samples"
printf '%7s  %-7s  %8s  %5s  %7s  %7s\n' "t (s)" "phase" "RSS MB" "fds" "sockets" "threads"
start=$(date +%s.%N)
churn_at=""
while kill -0 "$client" 2>/dev/null; do
  now=$(date +%s.%N)
  t=$(awk -v a="$start" -v b="$now" 'BEGIN { printf "%.1f", b - a }')
  rss=$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$client/status" 2>/dev/null)
  threads=$(awk '/^Threads:/ { print $2 }' "/proc/$client/status" 2>/dev/null)
  links=$(find "/proc/$client/fd" -mindepth 1 -maxdepth 1 -printf '%l\n' 2>/dev/null)
  [ -n "$rss" ] && [ -n "$threads" ] || break
  fds=$(printf '%s\n' "$links" | grep -c .)
  sockets=$(printf '%s\n' "$links" | grep -c '^socket:')
  if grep -q "^soak: churn stopped" "$out/churn.log"; then
    phase=after
  elif grep -q "^soak: churn started" "$out/churn.log"; then
    churn_at=${churn_at:-$t}
    phase=$(awk -v t="$t" -v c="$churn_at" -v w="$warmup" 'BEGIN { print (t - c < w) ? "warm-up" : "churn" }')
  else
    phase=idle
  fi

  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$phase" "$rss" "$fds" "$sockets" "$threads" >> "$samples"
  printf '%7s  %-7s  %8s  %5s  %7s  %7s\n' "$t" "$phase" "$rss" "$fds" "$sockets" "$threads"
  sleep "$interval"
done

wait "$client"
status=$?
summary=$(grep -m1 '^{"soak":"summary"' "$out/churn.log" || true)
echo "soak: client exited $status: ${summary:-no summary}"
[ "$status" = 0 ] || tail -n 5 "$out/churn.log" >&2

# The plot: RSS over time, the warm-up shaded, as plain SVG.
awk -F'\t' -v title="jsws soak: RSS of the client over $minutes min ($workers workers)" '
  NR == 1 { next }
  { n++; t[n] = $1; r[n] = $3; p[n] = $2; if ($1 > tmax) tmax = $1; if ($3 > rmax) rmax = $3 }
  END {
    if (n == 0) exit
    W = 800; H = 360; L = 60; R = 20; T = 40; B = 40
    tmax = tmax > 0 ? tmax : 1; rtop = rmax > 0 ? rmax * 1.1 : 1
    printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n", W, H
    printf "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H
    printf "<text x=\"%d\" y=\"22\" font-size=\"14\">%s</text>\n", L, title
    for (i = 1; i <= n; i++) if (p[i] == "warm-up") { if (ws == "") ws = t[i]; we = t[i] }
    if (ws != "") printf "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#eef\"/><text x=\"%.1f\" y=\"%d\" fill=\"#669\">warm-up</text>\n", L + ws / tmax * (W - L - R), T, (we - ws) / tmax * (W - L - R), H - T - B, L + ws / tmax * (W - L - R) + 4, T + 14
    printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", L, H - B, W - R, H - B
    printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", L, T, L, H - B
    for (k = 0; k <= 4; k++) {
      y = H - B - k / 4 * (H - T - B); printf "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f MB</text><line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", L - 6, y + 4, rtop * k / 4, L, y, W - R, y
      x = L + k / 4 * (W - L - R); printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f s</text>\n", x, H - B + 16, tmax * k / 4
    }
    printf "<polyline fill=\"none\" stroke=\"#c33\" stroke-width=\"2\" points=\""
    for (i = 1; i <= n; i++) printf "%.1f,%.1f ", L + t[i] / tmax * (W - L - R), H - B - r[i] / rtop * (H - T - B)
    printf "\"/>\n</svg>\n"
  }' "$samples" > "$out/rss.svg"
echo "soak: samples in $samples, plot in $out/rss.svg"

# The checks, one pass or fail each.
passed=0
failed=0
check() { # check NAME OK DETAIL
  if [ "$2" = 1 ]; then
    passed=$((passed + 1)); echo "soak: ok    $1: $3"
  else
    failed=$((failed + 1)); echo "soak: FAIL  $1: $3"
  fi
}

ok=0
[ "$status" = 0 ] && echo "$summary" | grep -q '"failures":0' && ok=1
check "churn" "$ok" "every cycle kept its rules (${summary:-no summary})"

read -r ok detail < <(awk -F'\t' -v mb="$rss_bound_mb" -v pct="$rss_bound_pct" '
  function median3(a, b, c) { return a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b)) }
  NR > 1 && $2 == "churn" { n++; r[n] = $3 }
  END {
    if (n < 6) { printf "0 only %d samples after the warm-up (need 6: run longer)\n", n; exit }
    base = median3(r[1], r[2], r[3]); end = median3(r[n - 2], r[n - 1], r[n])
    bound = base * pct / 100; if (bound < mb) bound = mb
    printf "%d %.1f MB after the warm-up, %.1f MB at the end: %+.1f MB (bound %.1f MB, %d samples)\n", (end - base <= bound), base, end, end - base, bound, n
  }' "$samples")
check "rss" "$ok" "$detail"

# Live sockets: two per worker at most (one closing, one opening) and a few for the server link. With the
# close()-while-connecting cycles, a connection the pool opened for a cancelled handshake also waits, idle, until
# the pool's scavenger closes it: in a 5-minute run, a median of 13 sockets, 43 at the 90th percentile, and 409 in
# the largest burst. The allowance is 1000; a leak (thousands within 30 s before bcbd7c0) is caught here and, for
# good, by sockets-return: every one must be closed after the churn.
read -r ok detail < <(awk -F'\t' -v w="$workers" -v aborts="$aborts" '
  NR > 1 && ($2 == "warm-up" || $2 == "churn") { if ($5 > max) max = $5; seen = 1 }
  END { bound = 2 * w + 8 + (aborts == 1 ? 1000 : 0); printf "%d at most %d sockets open at once during the churn (bound %d)\n", seen && max <= bound, max, bound }' "$samples")
check "sockets" "$ok" "$detail"

read -r ok detail < <(awk -F'\t' '
  NR > 1 && $2 == "idle" { before = $5; b = 1 }
  NR > 1 && $2 == "after" { after = $5; a = 1 }
  END { printf "%d %s sockets before the churn, %s after it\n", a && b && after <= before, b ? before : "no sample", a ? after : "no sample" }' "$samples")
check "sockets-return" "$ok" "$detail"

read -r ok detail < <(awk -F'\t' '
  NR > 1 && $2 == "warm-up" { last = $4 - $5; w = 1 }
  NR > 1 && ($2 == "churn" || $2 == "after") { other = $4 - $5; if (other > max) max = other; c = 1 }
  END { printf "%d other descriptors: %d at the end of the warm-up, at most %d after (bound +8)\n", w && c && max <= last + 8, last, max }' "$samples")
check "descriptors" "$ok" "$detail"

read -r ok detail < <(awk -F'\t' '
  NR > 1 && $2 == "warm-up" { if ($6 > warm) warm = $6; w = 1 }
  NR > 1 && ($2 == "churn" || $2 == "after") { if ($6 > max) max = $6; c = 1 }
  NR > 1 && $2 == "after" { last = $6 }
  END { printf "%d at most %d in the warm-up, at most %d after it, %d at the end (bound +4)\n", w && c && max <= warm + 4, warm, max, last }' "$samples")
check "threads" "$ok" "$detail"

echo "soak: $passed passed, $failed failed"
[ "$failed" = 0 ]
