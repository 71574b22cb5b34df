#!/usr/bin/env bash
# standalone.sh — standalone leakvet (which runs on go vet's machinery) against plain
# `go vet`: peak RSS of the largest process, cold wall time, the re-run on an unchanged
# tree, and the re-run after one leaf file changes.
#
# Usage: bench/standalone.sh [-o FILE.md] TARGET...
#   TARGET: std, or a module directory (its ./... is vetted; it is not modified)
# Env:   LEAF=path   the file to change for the "one file touched" run, relative to the
#                    module (or to $GOROOT/src for std); default: std encoding/csv/writer.go,
#                    or the first file of a package nothing else in the module imports
#
# Each target is measured once per mode (the machine is shared: measure std once):
#   plain       go vet with a fresh -printf.funcs value (vet's result cache missed)
#   cold        leakvet -nonce=N (N fresh: every package analysed, build cache warm)
#   unchanged   leakvet -nonce=N again (go vet replays its cached results)
#   touched     leakvet -nonce=N -overlay=O, where O replaces LEAF with a copy plus a
#               comment (only that package, and dependents whose inputs change, re-run)
#   plain-again go vet with the same -printf.funcs value as plain (for reference)
# The leaf is changed through -overlay, so the target's files are never written.
set -euo pipefail

die() { echo "standalone.sh: $*" >&2; exit 1; }
log() { echo "standalone.sh: $*" >&2; }
usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}" >&$(( ${1:-0} ? 2 : 1 ))
  exit "${1:-0}"
}

OUT="" targets=()
while (($#)); do
  case $1 in
    -o) (($# >= 2)) || die "-o needs a file"; OUT=$2; shift 2 ;;
    -h|--help) usage ;;
    -*) echo "standalone.sh: unknown flag: $1" >&2; usage 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
((${#targets[@]})) || usage 2
command -v go >/dev/null || die "go not found in PATH"
/usr/bin/time --version 2>&1 | grep -q GNU || die "GNU time (/usr/bin/time) is required: apt-get install -y time"

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/standalone-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
LV=$TMP/leakvet
NONCE="bench$(date +%s)x$$"
log "building leakvet from $ROOT"
(cd "$ROOT" && go build -o "$LV" ./cmd/leakvet)

# measure NAME DIR CMD...: one timed run; sets W (s) and R (MiB). Findings make leakvet
# exit 3 and go vet exit 1, so only crashes and load failures are errors.
measure() {
  local name=$1 dir=$2; shift 2
  local code=0
  (cd "$dir" && /usr/bin/time -o "$TMP/time" -f '%e %M' "$@" >"$TMP/stdout" 2>"$TMP/stderr") || code=$?
  if grep -qE 'panic:|^fatal error:|flag provided but not defined|no packages to vet' "$TMP/stderr"; then
    echo "standalone.sh: FAILED ($name): $*" >&2; tail -n 20 "$TMP/stderr" >&2; exit 1
  fi
  read -r W R < <(tail -n 1 "$TMP/time")
  R=$(awk -v r="$R" 'BEGIN { printf "%.1f", r/1024 }')
  log "[$LABEL] $name: ${W}s, ${R} MiB (exit $code)"
}

# leaf_of DIR: the first file of a package in DIR's module that no other package there imports.
leaf_of() {
  (cd "$1" && { go list -e -f '{{if .GoFiles}}{{.ImportPath}} {{.Dir}}/{{index .GoFiles 0}}{{range .Imports}} {{.}}{{end}}{{end}}' ./... 2>/dev/null || true; } |
    awk '{ pkg[NR] = $1; file[NR] = $2; for (i = 3; i <= NF; i++) imported[$i] = 1 }
         END { for (n = 1; n <= NR; n++) if (!imported[pkg[n]] && pkg[n] !~ /internal|cmd\//) { print file[n]; exit }
               for (n = 1; n <= NR; n++) if (!imported[pkg[n]]) { print file[n]; exit } }')
}

REPORT=$TMP/report.md
{
  echo "# standalone leakvet vs go vet"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "- go: $(go version)"
  echo "- CPUs: $(nproc); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- one run per mode; peak RSS is GNU time's %M, the largest single process of the tree"
  echo "  (leakvet, the go command, or one per-package leakvet or vet process)"
} >"$REPORT"

for t in "${targets[@]}"; do
  if [[ $t == std ]]; then
    DIR=$TMP PKGS=std LABEL=std
    leaf=$(go env GOROOT)/src/${LEAF:-encoding/csv/writer.go}
  else
    [[ -f $t/go.mod ]] || die "$t: not a module directory"
    DIR=$(cd "$t" && pwd) PKGS=./... LABEL="$(cd "$DIR" && go list -m) (./...)"
    if [[ -n ${LEAF:-} ]]; then leaf=$DIR/$LEAF; else leaf=$(leaf_of "$DIR"); fi
  fi
  [[ -f $leaf ]] || die "leaf file $leaf not found"
  cp "$leaf" "$TMP/leaf.go" && printf '\n// touched by bench/standalone.sh\n' >>"$TMP/leaf.go"
  printf '{"Replace": {"%s": "%s"}}\n' "$leaf" "$TMP/leaf.go" >"$TMP/overlay.json"
  log "[$LABEL] warming the build cache (untimed go vet)"
  (cd "$DIR" && go vet -printf.funcs="warm$NONCE" "$PKGS" >/dev/null 2>&1) || true
  declare -A WALL RSS
  measure plain "$DIR" go vet -unsafeptr=false -printf.funcs="plain$NONCE" "$PKGS"; WALL[plain]=$W RSS[plain]=$R
  measure cold "$DIR" "$LV" -nonce="$NONCE" "$PKGS"; WALL[cold]=$W RSS[cold]=$R
  nfind=$(grep -cE '^[^[:space:]]+\.go:[0-9]+:[0-9]+: [^[:space:]]' "$TMP/stderr" || true)
  measure unchanged "$DIR" "$LV" -nonce="$NONCE" "$PKGS"; WALL[unchanged]=$W RSS[unchanged]=$R
  measure touched "$DIR" "$LV" -nonce="$NONCE" -overlay="$TMP/overlay.json" "$PKGS"; WALL[touched]=$W RSS[touched]=$R
  measure plain-again "$DIR" go vet -unsafeptr=false -printf.funcs="plain$NONCE" "$PKGS"; WALL[plain-again]=$W RSS[plain-again]=$R
  {
    echo
    echo "## $LABEL"
    echo
    echo "leaf touched: \`${leaf#"$DIR"/}\`; findings (cold run): $nfind"
    echo
    echo "| run | wall (s) | peak RSS (MiB) | wall / plain | RSS / plain | wall / cold |"
    echo "|---|---:|---:|---:|---:|---:|"
    for m in plain cold unchanged touched plain-again; do
      awk -v m="$m" -v w="${WALL[$m]}" -v r="${RSS[$m]}" -v pw="${WALL[plain]}" -v pr="${RSS[plain]}" -v cw="${WALL[cold]}" \
        'BEGIN { printf "| %s | %.2f | %.1f | %.2f | %.2f | %.2f |\n", m, w, r, w/pw, r/pr, w/cw }'
    done
  } >>"$REPORT"
  if [[ -n $OUT ]]; then cp "$REPORT" "$OUT"; fi  # keep what is measured if a later target fails
done

cat "$REPORT"
if [[ -n $OUT ]]; then cp "$REPORT" "$OUT"; log "wrote $OUT"; fi
