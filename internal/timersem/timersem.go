// Package timersem decides which timer semantics a package runs with.
//
// Go 1.23 changed timers: unreferenced Timers and Tickers are garbage
// collected even when never stopped, and timer channels became unbuffered.
// The new behaviour applies when the main module's go line is >= 1.23,
// unless GODEBUG asynctimerchan=1 (or a godebug default before go1.23)
// restores the old one. A main module's go line is >= every dependency's,
// so a library whose own go line is >= 1.23 always gets the new semantics;
// a library below 1.23 gets whatever its consumer chooses.
package timersem

import (
	"go/ast"
	"go/version"
	"os"
	"path/filepath"
	"strings"

	"github.com/leakvet/leakvet/internal/goroot"
	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/analysis"
)

// Semantics is the timer behaviour a package's code runs with.
type Semantics int

const (
	// Old: before Go 1.23, an unstopped Ticker or Timer is never collected.
	Old Semantics = iota
	// Unknown: a library below go1.23; its consumer's go line decides.
	// Checks report as for Old and say so.
	Unknown
	// New: Go 1.23 and later; unreferenced timers are collected.
	New
)

func (s Semantics) String() string { return [...]string{"old", "unknown", "new"}[s] }

// Result is a package's semantics and the reason, for messages
// ("go 1.22", "//go:debug asynctimerchan=1", ...).
type Result struct {
	Semantics Semantics
	Why       string
}

// Of returns the timer semantics of pass's package. It tolerates
// pass.Module == nil and never calls pass.ReadFile; the main module's
// go.mod godebug block is consulted only when pass.Module is set.
func Of(pass *analysis.Pass) Result {
	isMain := pass.Pkg.Name() == "main"
	if isMain {
		for _, f := range pass.Files {
			if r, ok := fromDirectives(f); ok {
				return r
			}
		}
		if pass.Module != nil {
			if r, ok := fromGoMod(pass); ok {
				return r
			}
		}
	}
	v := pass.Pkg.GoVersion()
	if v == "" && goroot.Contains(pass) {
		// The standard library is built by its own toolchain: current timers.
		return Result{New, "standard library"}
	}
	return fromVersion(v, isMain)
}

func fromVersion(v string, isMain bool) Result {
	shown := strings.TrimPrefix(v, "go")
	switch {
	case v == "":
		return Result{Unknown, "no go version"}
	case version.Compare(v, "go1.23") >= 0:
		return Result{New, "go " + shown}
	case isMain:
		return Result{Old, "go " + shown}
	}
	return Result{Unknown, "library at go " + shown + ", so its consumer's go version decides"}
}

// fromDirectives reads //go:debug lines before the package clause.
func fromDirectives(f *ast.File) (Result, bool) {
	for _, cg := range f.Comments {
		if cg.Pos() > f.Package {
			break
		}
		for _, c := range cg.List {
			text, ok := strings.CutPrefix(c.Text, "//go:debug ")
			if !ok {
				continue
			}
			for _, kv := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' }) {
				if r, ok := fromSetting(kv, "//go:debug "+kv); ok {
					return r, true
				}
			}
		}
	}
	return Result{}, false
}

// fromSetting interprets one key=value GODEBUG setting.
func fromSetting(kv, why string) (Result, bool) {
	key, value, _ := strings.Cut(strings.TrimSpace(kv), "=")
	switch key {
	case "asynctimerchan":
		// time/sleep.go tests for "1" only: 1 restores the old timers;
		// any other value (0, the default since Go 1.23, or 2, the old
		// channel code on timers the GC collects) gives collectable ones.
		if value == "1" {
			return Result{Old, why}, true
		}
		return Result{New, why}, true
	case "default":
		if version.IsValid(value) && version.Compare(value, "go1.23") < 0 {
			return Result{Old, why}, true
		}
	}
	return Result{}, false
}

// fromGoMod reads the godebug settings of the go.mod above the package.
func fromGoMod(pass *analysis.Pass) (Result, bool) {
	if len(pass.Files) == 0 {
		return Result{}, false
	}
	tf := pass.Fset.File(pass.Files[0].FileStart)
	if tf == nil {
		return Result{}, false
	}
	for dir := filepath.Dir(tf.Name()); ; dir = filepath.Dir(dir) {
		path := filepath.Join(dir, "go.mod")
		if data, err := os.ReadFile(path); err == nil {
			return fromGoModData(path, data)
		}
		if filepath.Dir(dir) == dir {
			return Result{}, false
		}
	}
}

func fromGoModData(path string, data []byte) (Result, bool) {
	mf, err := modfile.Parse(path, data, nil)
	if err != nil {
		return Result{}, false
	}
	for _, g := range mf.Godebug {
		if r, ok := fromSetting(g.Key+"="+g.Value, "godebug "+g.Key+"="+g.Value+" in go.mod"); ok {
			return r, true
		}
	}
	return Result{}, false
}
