#!/usr/bin/env bash
# End-to-end test of the pre-commit hook in .pre-commit-hooks.yaml.
#
# Runs `pre-commit try-repo <snapshot> leakvet --all-files` against two
# throwaway Go modules: one with a real leak (the hook must fail and print
# leakvet's finding) and one without (the hook must pass).
#
# <snapshot> is a temporary git repository holding one commit of this
# checkout's working tree as it is now: tracked files with their uncommitted
# changes, plus untracked files that are not ignored. So the test covers what
# is on disk, on a clean CI checkout and on a dirty working tree alike, and
# never touches this repository's history, index or objects.
#
# Usage: .ci/precommit-test.sh [path-to-leakvet-checkout]
# Needs: go (>= the go line in go.mod) on PATH or in /usr/local/go/bin; installs
# git and pre-commit with apt-get if they are missing (root or sudo).
set -euo pipefail

start=$SECONDS
repo=$(cd "${1:-$(dirname "$0")/..}" && pwd -P)

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		fail "need root or sudo to run: $*"
	fi
}

apt_updated=
apt_install() {
	command -v apt-get >/dev/null 2>&1 || fail "$1 is missing and apt-get is not available; install $1 and re-run"
	if [ -z "$apt_updated" ]; then
		as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
		apt_updated=1
	fi
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- tools ------------------------------------------------------------------

command -v git >/dev/null 2>&1 || apt_install git
command -v pre-commit >/dev/null 2>&1 || apt_install pre-commit
command -v git >/dev/null 2>&1 || fail "git is still missing after installing it"
command -v pre-commit >/dev/null 2>&1 || fail "pre-commit is still missing after installing it"

if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
	export PATH="/usr/local/go/bin:$PATH"
fi
# pre-commit's golang language uses the system Go when `go` is on PATH and
# otherwise downloads one from go.dev, so a missing go must stop us here.
command -v go >/dev/null 2>&1 || fail "go is not on PATH (nor in /usr/local/go/bin)"

# --- isolation ----------------------------------------------------------------

work=$(mktemp -d "${TMPDIR:-/tmp}/leakvet-precommit.XXXXXX")
cleanup() {
	chmod -R u+w "$work" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

# Go: keep the user's module and build caches (fast; module downloads go
# through the user's GOPROXY), ignore everything else in the go env file.
# pre-commit installs golang hooks with GOPATH set to the hook environment; if
# GOMODCACHE were left to default to $GOPATH/pkg/mod it would download every
# dependency again into that environment and delete it afterwards.
export GOTOOLCHAIN=local
for v in GOMODCACHE GOCACHE GOPROXY GOSUMDB GOPRIVATE GONOPROXY GONOSUMDB GOINSECURE; do
	val=$(go env "$v") || fail "go env $v"
	if [ -n "$val" ]; then
		export "$v=$val"
	else
		unset "$v"
	fi
done
export GOENV=off GOWORK=off
unset GOBIN GOFLAGS

# git: a throwaway identity, no user/system config (hooks paths, signing,
# templates).
cat >"$work/gitconfig" <<'EOF'
[user]
	name = leakvet precommit test
	email = precommit-test@leakvet.invalid
[init]
	defaultBranch = main
[commit]
	gpgSign = false
[advice]
	detachedHead = false
EOF
export GIT_CONFIG_GLOBAL="$work/gitconfig" GIT_CONFIG_NOSYSTEM=1

# pre-commit: its own cache; try-repo's temporary store goes under TMPDIR.
export PRE_COMMIT_HOME="$work/pre-commit-home"
mkdir -p "$work/tmp"
export TMPDIR="$work/tmp"

echo "leakvet pre-commit hook test"
echo "  repo:       $repo"
echo "  go:         $(go version) ($(command -v go))"
echo "  pre-commit: $(pre-commit --version)"
echo "  git:        $(git --version)"

[ -f "$repo/.pre-commit-hooks.yaml" ] || fail "$repo/.pre-commit-hooks.yaml is missing"

# --- snapshot of the leakvet working tree --------------------------------------

snap="$work/leakvet-snapshot"
git init -q "$snap"
if git -C "$repo" -c safe.directory='*' rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	# Tracked files that still exist, plus untracked files that are not ignored.
	git -C "$repo" -c safe.directory='*' ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do
			if [ -e "$repo/$f" ] || [ -L "$repo/$f" ]; then
				printf '%s\0' "$f"
			fi
		done |
		sort -zu |
		git --literal-pathspecs --git-dir="$snap/.git" --work-tree="$repo" \
			add -f --pathspec-from-file=- --pathspec-file-nul
else
	git --git-dir="$snap/.git" --work-tree="$repo" add -A
fi
git -C "$snap" commit -q --no-verify -m "leakvet working tree snapshot"
git -C "$snap" reset -q --hard
rev=$(git -C "$snap" rev-parse HEAD)
echo "  snapshot:   $(git -C "$snap" ls-files | wc -l) files at $rev"

# --- consumer repositories -------------------------------------------------------

# make_module DIR MAPDECL HANDLERBODY
make_module() {
	local dir=$1
	mkdir -p "$dir"
	printf 'module example.com/leaky\n\ngo 1.26\n' >"$dir/go.mod"
	cat >"$dir/main.go" <<EOF
package main

import (
	"fmt"
	"net/http"
)
$2
func handle(w http.ResponseWriter, r *http.Request) {
$3
}

func main() {
	http.HandleFunc("/", handle)
	_ = http.ListenAndServe("localhost:8080", nil)
}
EOF
	git init -q "$dir"
	git -C "$dir" add -A
	git -C "$dir" commit -q --no-verify -m "test module"
}

# run_hook DIR OUT: prints the exit status of pre-commit try-repo in DIR.
run_hook() {
	local rc=0
	(cd "$1" && pre-commit try-repo "$snap" leakvet --ref "$rev" --all-files --color never) >"$2" 2>&1 || rc=$?
	echo "$rc"
}

show() {
	echo "----- pre-commit output ($1) -----"
	sed 's/^/  | /' "$2"
	if [ -f "$PRE_COMMIT_HOME/pre-commit.log" ]; then
		echo "----- $PRE_COMMIT_HOME/pre-commit.log -----"
		sed 's/^/  | /' "$PRE_COMMIT_HOME/pre-commit.log"
		rm -f "$PRE_COMMIT_HOME/pre-commit.log"
	fi
	echo "-----"
}

failures=0

# A: a package-level map that every request adds to and nothing deletes from.
make_module "$work/leaky" '
var hits = map[string]int{}
' '	hits[r.URL.Path]++
	fmt.Fprintln(w, hits[r.URL.Path])'
t0=$SECONDS
rc=$(run_hook "$work/leaky" "$work/leaky.out")
show "leaky module, exit $rc, $((SECONDS - t0))s" "$work/leaky.out"
if [ "$rc" -eq 1 ] && grep -q 'grows without bound' "$work/leaky.out" && grep -q '^leakvet\.*Failed' "$work/leaky.out"; then
	echo "PASS: leaky module: hook failed (exit 1) and reported 'grows without bound'"
else
	echo "FAIL: leaky module: want pre-commit exit 1, 'leakvet....Failed' and 'grows without bound'; got exit $rc"
	failures=$((failures + 1))
fi

# B: the same handler with a map local to the request.
make_module "$work/clean" '' '	hits := map[string]int{}
	hits[r.URL.Path]++
	fmt.Fprintln(w, hits[r.URL.Path])'
t0=$SECONDS
rc=$(run_hook "$work/clean" "$work/clean.out")
show "clean module, exit $rc, $((SECONDS - t0))s" "$work/clean.out"
if [ "$rc" -eq 0 ] && grep -q '^leakvet\.*Passed' "$work/clean.out"; then
	echo "PASS: clean module: hook passed"
else
	echo "FAIL: clean module: want pre-commit exit 0 and 'leakvet....Passed'; got exit $rc"
	failures=$((failures + 1))
fi

if [ "$failures" -ne 0 ]; then
	echo "FAIL: pre-commit hook test: $failures of 2 cases failed ($((SECONDS - start))s)"
	exit 1
fi
echo "PASS: pre-commit hook test ($((SECONDS - start))s)"
