package main_test

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestFactsCache runs go vet on testdata/factcache, where go vet analyses
// c twice for its facts alone (as c, and as "c [a.test]" for a's external
// test) with the same inputs: the second unit reuses the facts the first
// stored, and the findings are those of a run without the cache.
func TestFactsCache(t *testing.T) {
	dir := filepath.Join(repo, "testdata", "factcache")
	nonce := func() string { return "-nonce=factcache" + strconv.FormatInt(time.Now().UnixNano(), 36) }
	cache := t.TempDir()
	on := runEnv(t, dir, []string{"LEAKVET_CACHE=" + cache, "LEAKVET_DEBUG=1"},
		"go", "vet", "-p=1", "-vettool="+leakvet, "-json", nonce(), "./a", "./d")
	if on.code != 0 {
		t.Fatalf("go vet with the cache: exit %d\n%s", on.code, on.stderr)
	}
	count := func(s, sub string) int { return strings.Count(s, sub) }
	const c = "facts cache: example.com/factcache/c: "
	if got := count(on.stderr, c+"stored"); got != 1 {
		t.Errorf("c's facts stored %d times, want 1\n%s", got, on.stderr)
	}
	if got := count(on.stderr, c+"reused"); got != 1 {
		t.Errorf("c's facts reused %d times, want 1\n%s", got, on.stderr)
	}
	// b's two units differ: a's test variant has one more function.
	if got := count(on.stderr, "facts cache: example.com/factcache/b: stored"); got != 2 {
		t.Errorf("b's facts stored %d times, want 2 (once per variant)\n%s", got, on.stderr)
	}
	off := runEnv(t, dir, []string{"LEAKVET_CACHE=off", "LEAKVET_DEBUG=1"},
		"go", "vet", "-p=1", "-vettool="+leakvet, "-json", nonce(), "./a", "./d")
	if off.code != 0 {
		t.Fatalf("go vet without the cache: exit %d\n%s", off.code, off.stderr)
	}
	if strings.Contains(off.stderr, "facts cache:") {
		t.Errorf("LEAKVET_CACHE=off used the cache:\n%s", off.stderr)
	}
	findings := func(out string) []string {
		var keep []string
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, `"posn"`) || strings.Contains(l, `"message"`) {
				keep = append(keep, strings.TrimSpace(l))
			}
		}
		slices.Sort(keep)
		return keep
	}
	got, want := findings(on.stdout+on.stderr), findings(off.stdout+off.stderr)
	if len(want) == 0 {
		t.Fatalf("no findings without the cache: the comparison tests nothing\n%s", off.stderr)
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings with the cache:\n%s\nwithout:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
