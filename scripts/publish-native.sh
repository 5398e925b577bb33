#!/usr/bin/env bash
# Publishes jsws as one NativeAOT executable (no .NET runtime needed to run it) and prints its path as the last line.
# Usage: bash scripts/publish-native.sh [OUTPUT_DIR]   (default .tools/jsws-native; the file is OUTPUT_DIR/jsws)
# Needs the .NET SDK and a C toolchain for the native link: clang, or gcc (the ILCompiler falls back to it), with
# binutils (ld, objcopy) and libc's development files. As root with apt-get, a missing toolchain is installed here.
# The build goes to artifacts/native (its own bin/obj), so it never touches the outputs of the normal build.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

out=${1:-$repo/.tools/jsws-native}
case "$out" in /*) ;; *) out=$PWD/$out ;; esac

fail() {
  echo "scripts/publish-native.sh: $1" >&2
  exit 1
}

command -v dotnet >/dev/null 2>&1 || fail "the .NET 10 SDK is needed (dotnet was not found on PATH)."

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) rid=linux-x64 ;;
  Linux-aarch64) rid=linux-arm64 ;;
  *) fail "only Linux x64 and arm64 are set up for the native build (this is $(uname -s) $(uname -m))." ;;
esac

have_toolchain() {
  { command -v clang >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1; } \
    && command -v ld >/dev/null 2>&1 && command -v objcopy >/dev/null 2>&1
}
if ! have_toolchain && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "scripts/publish-native.sh: installing a C toolchain for the native link (apt-get install gcc libc6-dev binutils)" >&2
  apt-get install -y -qq gcc libc6-dev binutils >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq gcc libc6-dev binutils >/dev/null 2>&1; }
fi
have_toolchain || fail "a C toolchain is needed for the native link (clang or gcc, with binutils): apt-get install gcc libc6-dev binutils"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
artifacts=$repo/artifacts/native
# PublishAot applies to this publish only: the CLI project's PublishAot-conditioned settings (see its .csproj) and the
# AOT analyzers of every project; warnings are errors, as in the normal build.
if ! dotnet publish src/JsWebSocketHost.Cli -c Release -r "$rid" -p:PublishAot=true --artifacts-path "$artifacts" \
    -nologo -v quiet > "$log" 2>&1; then
  grep -E "error|warning" "$log" | sort -u | head -n 40 >&2
  fail "dotnet publish -p:PublishAot=true failed (the errors are above)."
fi

built=$(find "$artifacts/publish" -type f -name jsws -perm -u+x 2>/dev/null | head -n 1)
[ -n "$built" ] || fail "the publish succeeded but left no jsws executable under $artifacts/publish."
mkdir -p "$out" || fail "cannot create $out."
install -m 755 "$built" "$out/jsws" || fail "cannot write $out/jsws."
"$out/jsws" --version >/dev/null 2>&1 || fail "$out/jsws was built but does not run (jsws --version failed)."
echo "$out/jsws"
