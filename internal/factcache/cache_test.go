package factcache

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o666); err != nil {
		t.Fatal(err)
	}
}

// The key follows the unit's files, its imports' facts files and the
// arguments, and nothing else.
func TestKey(t *testing.T) {
	dir := t.TempDir()
	src, vetx, exe := filepath.Join(dir, "p.go"), filepath.Join(dir, "q.vetx"), filepath.Join(dir, "tool")
	write(t, src, "package p")
	write(t, vetx, "vetx q")
	write(t, exe, "tool")
	u := &Unit{
		ImportPath:  "example.com/p",
		GoVersion:   "go1.26",
		GoFiles:     []string{src},
		ImportMap:   map[string]string{"q": "example.com/q"},
		PackageVetx: map[string]string{"example.com/q": vetx},
		VetxOnly:    true,
	}
	key := func(args ...string) [32]byte {
		t.Helper()
		k, err := Key(u, exe, args)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	base := key("-nonce=1")
	if key("-nonce=1") != base {
		t.Fatal("same inputs, different keys")
	}
	if key("-nonce=2") == base {
		t.Error("the arguments do not change the key")
	}
	u.VetxOutput = "/elsewhere/vet.out" // where the facts go is not an input
	if key("-nonce=1") != base {
		t.Error("the output file changes the key")
	}
	// FileHash memoises by name: new names for changed contents.
	src2, vetx2 := filepath.Join(dir, "p2.go"), filepath.Join(dir, "q2.vetx")
	write(t, src2, "package p // changed")
	u.GoFiles = []string{src2}
	if key("-nonce=1") == base {
		t.Error("a changed source file does not change the key")
	}
	u.GoFiles = []string{src}
	write(t, vetx2, "vetx q changed")
	u.PackageVetx["example.com/q"] = vetx2
	if key("-nonce=1") == base {
		t.Error("an import's changed facts file does not change the key")
	}
	u.PackageVetx["example.com/q"] = filepath.Join(dir, "missing.vetx")
	if _, err := Key(u, exe, nil); err == nil {
		t.Error("a missing facts file gives a key")
	}
}

func TestCache(t *testing.T) {
	if _, err := Open("off"); !errors.Is(err, ErrOff) {
		t.Errorf("Open(off) = %v, want ErrOff", err)
	}
	dir := t.TempDir()
	c, err := Open(filepath.Join(dir, "cache"))
	if err != nil {
		t.Fatal(err)
	}
	var key [32]byte
	key[0] = 1
	out := filepath.Join(dir, "vet.out")
	if c.Get(key, out) {
		t.Fatal("hit in an empty cache")
	}
	in := filepath.Join(dir, "facts")
	write(t, in, "facts")
	if err := c.Put(key, in); err != nil {
		t.Fatal(err)
	}
	if !c.Get(key, out) {
		t.Fatal("miss after Put")
	}
	if data, _ := os.ReadFile(out); string(data) != "facts" {
		t.Errorf("Get wrote %q, want %q", data, "facts")
	}
}
