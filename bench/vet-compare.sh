#!/usr/bin/env bash
# vet-compare.sh — compare wall time and peak RSS of plain `go vet`,
# `go vet -vettool=leakvet` and standalone `leakvet` on std and golang.org/x/tools.
#
# Usage: bench/vet-compare.sh [-o FILE.md] [std] [xtools]   (default: both targets)
# Env:   RUNS=5                 timed runs per mode and target (median is reported)
#        XTOOLS_VERSION=v0.52.0 version of golang.org/x/tools to vet
#
# vet's result cache is defeated by a fresh flag value on every run
# (-printf.funcs=benchNONCE<N> for plain vet, -nonce=benchNONCE<N> for leakvet);
# GOCACHE is kept, and warmed first, so compiled export data is reused.
set -euo pipefail

die() { echo "vet-compare: $*" >&2; exit 1; }
log() { echo "vet-compare: $*" >&2; }
usage() { # prints the header comment; to stderr when exiting with an error
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}" >&$(( ${1:-0} ? 2 : 1 ))
  exit "${1:-0}"
}

OUT="" targets=()
while (($#)); do
  case $1 in
    -o) (($# >= 2)) || die "-o needs a file"; OUT=$2; shift 2 ;;
    -h|--help) usage ;;
    std|xtools) targets+=("$1"); shift ;;
    *) echo "vet-compare: unknown argument: $1" >&2; usage 2 ;;
  esac
done
((${#targets[@]})) || targets=(std xtools)
RUNS=${RUNS:-5}
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"
XTOOLS_VERSION=${XTOOLS_VERSION:-v0.52.0}

command -v go >/dev/null || die "go not found in PATH"
/usr/bin/time --version 2>&1 | grep -q GNU ||
  die "GNU time (/usr/bin/time) is required: apt-get install -y time"

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
[[ -f $ROOT/go.mod && -d $ROOT/cmd/leakvet ]] || die "cannot find repo root (got $ROOT)"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/vet-compare.XXXXXX")
trap 'chmod -R u+w "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
LV=$TMP/leakvet
STAMP=$(date +%s)  # makes nonces unique across invocations too
SEQ=0

log "building leakvet from $ROOT"
(cd "$ROOT" && go build -o "$LV" ./cmd/leakvet)

# setup_target NAME: sets DIR, PKGS and LABEL for the target.
setup_target() {
  case $1 in
    std) DIR=$TMP PKGS=std LABEL="std" ;;
    xtools)
      local src
      src=$(cd "$TMP" && go mod download -json "golang.org/x/tools@$XTOOLS_VERSION" |
        sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
      [[ -d $src ]] || die "could not locate golang.org/x/tools@$XTOOLS_VERSION in the module cache"
      DIR=$TMP/xtools PKGS=./... LABEL="golang.org/x/tools@$XTOOLS_VERSION (./...)"
      if [[ ! -d $DIR ]]; then
        log "copying $src to $DIR"
        cp -r "$src" "$DIR" && chmod -R u+w "$DIR"
        (cd "$DIR" && go mod download)
      fi ;;
  esac
}

# run_one MODE: one measurement in $DIR on $PKGS; sets W (wall seconds) and R (peak RSS KiB).
# Runs in the current shell (not $(...)) so SEQ advances and a failure exits the script.
run_one() {
  local nonce="benchNONCE${STAMP}x$((++SEQ))" cmd
  case $1 in
    plain)      cmd=(go vet -unsafeptr=false -printf.funcs="$nonce" "$PKGS") ;;
    vettool)    cmd=(go vet -vettool="$LV" -nonce="$nonce" "$PKGS") ;;
    standalone) cmd=("$LV" -nonce="$nonce" "$PKGS") ;;
  esac
  # Exit status is ignored: findings make these tools exit non-zero.
  (cd "$DIR" && /usr/bin/time -o "$TMP/time" -f '%e %M' "${cmd[@]}" >"$TMP/stdout" 2>"$TMP/stderr") || true
  if grep -qE 'panic:|internal error|^fatal error:|flag provided but not defined' "$TMP/stderr"; then
    echo "vet-compare: FAILED ($1, $PKGS in $DIR): ${cmd[*]}" >&2
    grep -nE -m5 'panic:|internal error|^fatal error:|flag provided but not defined' "$TMP/stderr" >&2
    echo "--- last 40 lines of stderr ---" >&2; tail -n 40 "$TMP/stderr" >&2
    exit 1
  fi
  # GNU time may prefix "Command exited with non-zero status N"; the format line is last.
  read -r W R < <(tail -n 1 "$TMP/time")
  [[ $W =~ ^[0-9.]+$ && $R =~ ^[0-9]+$ ]] || die "could not parse GNU time output: $(cat "$TMP/time")"
}

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

REPORT=$TMP/report.md
{
  echo "# leakvet vs go vet"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "- go: $(go version)"
  echo "- leakvet: $("$LV" -V=full | sed "s|^$LV|leakvet|")"
  echo "- CPUs: $(nproc)"
  echo "- runs per mode: $RUNS (medians shown); vet result cache defeated per run by a fresh flag value, build cache warm"
  echo "- peak RSS is GNU time's %M: for \`go vet\` modes that is the largest single process in the tree"
  echo "  (the go command or one vet/leakvet unit process), not the sum over concurrent processes"
} >"$REPORT"

declare -A WALL RSS
for t in "${targets[@]}"; do
  setup_target "$t"
  log "[$t] warming build cache (untimed go vet + leakvet)"
  run_one plain
  run_one standalone
  for mode in plain vettool standalone; do
    : >"$TMP/$mode.w"; : >"$TMP/$mode.r"
    for ((i = 1; i <= RUNS; i++)); do
      run_one "$mode"
      log "[$t] $mode run $i/$RUNS: ${W}s, $((R / 1024)) MiB"
      echo "$W" >>"$TMP/$mode.w"; echo "$R" >>"$TMP/$mode.r"
    done
    WALL[$mode]=$(median <"$TMP/$mode.w")
    RSS[$mode]=$(median <"$TMP/$mode.r")
  done
  {
    echo
    echo "## $LABEL"
    echo
    echo "| mode | median wall (s) | median peak RSS (MiB) | wall / plain | RSS / plain |"
    echo "|---|---:|---:|---:|---:|"
    for mode in plain vettool standalone; do
      awk -v m="$mode" -v w="${WALL[$mode]}" -v r="${RSS[$mode]}" \
          -v pw="${WALL[plain]}" -v pr="${RSS[plain]}" 'BEGIN {
        printf "| %s | %.2f | %.1f | %s | %.2f |\n", m, w, r/1024,
          (pw > 0 ? sprintf("%.2f", w/pw) : "n/a"), r/pr }'
    done
  } >>"$REPORT"
done

cat "$REPORT"
if [[ -n $OUT ]]; then cp "$REPORT" "$OUT"; log "wrote $OUT"; fi
