// Package factcache reuses the facts of a go vet unit that only needs its
// facts, when another unit with the same inputs already computed them.
//
// go vet analyses each dependency of the vetted packages for its facts
// alone ("VetxOnly" units), and analyses it again for every test variant
// it is recompiled for: in `go vet std`, 902 facts-only units cover 257
// packages, and package testing alone is analysed some thirty times. Many
// of those units have the same inputs: the same source files, and imports
// whose facts files are byte for byte the same (a facts file holds the
// import's types, as unitchecker exports them, and its facts; a variant
// two imports away from the recompiled test package changes neither).
// Key hashes those inputs, and Cache stores a unit's facts file under its
// key.
package factcache

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/build"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/rogpeppe/go-internal/cache"
)

// Unit is the part of a go vet unit's config (the JSON file go vet hands
// the tool) that the key reads.
type Unit struct {
	ImportPath string
	Compiler   string
	GoVersion  string
	GoFiles    []string
	NonGoFiles []string
	// ImportMap maps an import path as written to the package it
	// resolves to; PackageVetx maps a resolved package to its facts file.
	ImportMap   map[string]string
	PackageVetx map[string]string
	Standard    map[string]bool
	// VetxOnly says go vet wants only the unit's facts, written to
	// VetxOutput.
	VetxOnly   bool
	VetxOutput string
}

// ReadUnit reads a go vet unit config.
func ReadUnit(file string) (*Unit, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	u := new(Unit)
	if err := json.Unmarshal(data, u); err != nil {
		return nil, fmt.Errorf("cannot decode unit config %s: %v", file, err)
	}
	return u, nil
}

// Key returns the key of u's facts when the tool (the executable at exe)
// runs with args, the command line without the config file: the tool's
// identity (path, size and modification time), the arguments (check
// flags, and -nonce, whose purpose is a fresh analysis), the Go version
// and target, the package's import path, language version and the contents
// of its files, and the contents of its imports' facts files (their types
// and facts). It fails when a file cannot be read.
func Key(u *Unit, exe string, args []string) (cache.ActionID, error) {
	var zero cache.ActionID
	h := cache.NewHash("leakvet facts v1") // includes the Go runtime version
	fi, err := os.Stat(exe)
	if err != nil {
		return zero, err
	}
	fmt.Fprintf(h, "tool %q %d %d\n", exe, fi.Size(), fi.ModTime().UnixNano())
	for _, a := range args {
		fmt.Fprintf(h, "arg %q\n", a)
	}
	fmt.Fprintf(h, "target %s %s %q %q\n", build.Default.GOOS, build.Default.GOARCH, build.Default.GOROOT, os.Getenv("GOEXPERIMENT"))
	fmt.Fprintf(h, "unit %q %q %q %t\n", u.ImportPath, u.Compiler, u.GoVersion, u.Standard[u.ImportPath])
	for _, list := range [][]string{u.GoFiles, u.NonGoFiles} {
		for _, f := range list {
			sum, err := cache.FileHash(f)
			if err != nil {
				return zero, err
			}
			fmt.Fprintf(h, "file %q %x\n", f, sum)
		}
		fmt.Fprintf(h, "--\n")
	}
	for _, p := range slices.Sorted(maps.Keys(u.ImportMap)) {
		to := u.ImportMap[p]
		fmt.Fprintf(h, "import %q %q", p, to)
		if vetx, ok := u.PackageVetx[to]; ok {
			sum, err := cache.FileHash(vetx)
			if err != nil {
				return zero, err
			}
			fmt.Fprintf(h, " %x", sum)
		}
		fmt.Fprintf(h, "\n")
	}
	return h.Sum(), nil
}

// Cache is a directory of facts files by key.
type Cache struct {
	c *cache.Cache
}

// Dir returns the cache directory: $LEAKVET_CACHE if set, else leakvet/facts
// in the user's cache directory (os.UserCacheDir). It returns "off" when
// LEAKVET_CACHE=off disables the cache, or when no directory can be found.
func Dir() string {
	if d := os.Getenv("LEAKVET_CACHE"); d != "" {
		return d
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "off"
	}
	return filepath.Join(d, "leakvet", "facts")
}

// ErrOff is returned by Open when the cache is disabled.
var ErrOff = errors.New("facts cache disabled (LEAKVET_CACHE=off)")

// Open opens (creating it if needed) the cache in dir.
func Open(dir string) (*Cache, error) {
	if dir == "off" {
		return nil, ErrOff
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, err
	}
	c, err := cache.Open(dir)
	if err != nil {
		return nil, err
	}
	return &Cache{c}, nil
}

// Get copies the facts file stored under key to out; false if there is
// none (or it cannot be copied).
func (c *Cache) Get(key cache.ActionID, out string) bool {
	file, _, err := c.c.GetFile(key)
	if err != nil {
		return false
	}
	return copyFile(file, out) == nil
}

// Put stores the facts file at file under key, and trims entries unused
// for five days (at most once a day).
func (c *Cache) Put(key cache.ActionID, file string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, _, err := c.c.Put(key, f); err != nil {
		return err
	}
	return c.c.Trim()
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := to + ".tmp" + strconv.Itoa(os.Getpid())
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(tmp)
		return err
	}
	if err := out.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, to)
}
