package retention_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/internal/analysisbench"
	"github.com/leakvet/leakvet/passes/retention"
	"golang.org/x/tools/go/analysis/analysistest"
)

// packages are the testdata packages: one per leak shape with its
// near-misses, findlib/findapp for the facts across packages, a generic
// one, and negative (near-misses only).
var packages = []string{"ids", "logring", "findlib", "findapp", "config", "regex", "arrays", "generic", "negative"}

// TestRetention checks every positive and near-miss, the facts of the
// library package, and the suggested fixes against the .golden files.
func TestRetention(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), retention.Analyzer, packages...)
}

// TestOldGo runs on a module at go 1.19, where bytes.Clone and
// slices.Clone do not exist yet: no fix for those, strings.Clone's stays.
func TestOldGo(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, filepath.Join(analysistest.TestData(), "old"), retention.Analyzer, "./...")
}

// TestDoc checks the documentation the driver prints: the summary line
// and the sections the project requires.
func TestDoc(t *testing.T) {
	doc := retention.Analyzer.Doc
	if !strings.HasPrefix(doc, "report small views") {
		t.Errorf("Doc does not start with the one-line summary: %q", doc[:min(len(doc), 60)])
	}
	for _, want := range []string{"WRONG:", "RIGHT:", "False-positive policy", "# Limitations", "# Categories"} {
		if !strings.Contains(doc, want) {
			t.Errorf("Doc lacks %q", want)
		}
	}
}

// TestSizeFlag checks that -retention.size validates its value, on an
// analyzer of its own.
func TestSizeFlag(t *testing.T) {
	a := retention.New(retention.Config{})
	f := a.Flags.Lookup("size")
	if f == nil || f.DefValue != "65536" {
		t.Fatalf("flag size: got %v, want default 65536", f)
	}
	for _, bad := range []string{"-1", "64k"} {
		if err := a.Flags.Set("size", bad); err == nil {
			t.Errorf("-retention.size=%s accepted", bad)
		}
	}
	if f.Value.String() != "65536" {
		t.Errorf("a rejected value changed the flag to %s", f.Value)
	}
	if _, err := retention.NewSize(-1); err == nil {
		t.Error("NewSize(-1) accepted")
	}
}

// BenchmarkRetention measures the pass (with SSA construction, on the
// dependencies too) over its testdata: go test -bench . -run '^$'.
func BenchmarkRetention(b *testing.B) {
	analysisbench.Run(b, retention.Analyzer, analysistest.TestData(), packages...)
}
