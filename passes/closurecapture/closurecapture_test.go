package closurecapture_test

import (
	"strings"
	"testing"

	"github.com/leakvet/leakvet/internal/analysisbench"
	"github.com/leakvet/leakvet/passes/closurecapture"
	"golang.org/x/tools/go/analysis/analysistest"
)

// packages are the testdata packages run at the default threshold: one
// per sink kind with its near-misses, a generic one, jobs/app for the
// facts across packages, and outsider (positives), outsidernm
// (near-misses) and their library outsiderlib, written from outside.
var packages = []string{"upload", "watch", "hooks", "mux", "retry", "arrays", "generic", "negative", "jobs", "app",
	"outsiderlib", "outsider", "outsidernm"}

// TestClosureCapture checks every positive and near-miss, the facts of the
// library packages, and the suggested fixes against the .golden files.
func TestClosureCapture(t *testing.T) {
	t.Parallel()
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), closurecapture.Analyzer, packages...)
}

// TestSizeFlag runs with -closurecapture.size=1024.
func TestSizeFlag(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analysistest.TestData(), closurecapture.New(closurecapture.Config{Size: 1024}), "threshold")
}

// TestDoc checks the documentation the driver prints: the summary line
// and the sections the project requires.
func TestDoc(t *testing.T) {
	t.Parallel()
	doc := closurecapture.Analyzer.Doc
	if !strings.HasPrefix(doc, "report long-lived closures") {
		t.Errorf("Doc does not start with the one-line summary: %q", doc[:min(len(doc), 60)])
	}
	for _, want := range []string{"WRONG:", "RIGHT:", "False-positive policy", "# Limitations"} {
		if !strings.Contains(doc, want) {
			t.Errorf("Doc lacks %q", want)
		}
	}
	if f := closurecapture.Analyzer.Flags.Lookup("size"); f == nil || f.DefValue != "65536" {
		t.Errorf("flag size: got %v, want default 65536", f)
	}
}

// BenchmarkClosureCapture measures the pass (with SSA construction, on the
// dependencies too) over its testdata: go test -bench . -run '^$'.
func BenchmarkClosureCapture(b *testing.B) {
	analysisbench.Run(b, closurecapture.Analyzer, analysistest.TestData(), packages...)
}

// cases are the reported inputs of ../shared/cases/closurecapture, copied
// as they were filed: each class's leak must be reported, its ok twin
// must stay silent.
var cases = []string{
	"cases/array_constant_subslice/leak", "cases/array_constant_subslice/ok",
	"cases/field_of_fresh_longlived_object/leak", "cases/field_of_fresh_longlived_object/ok",
	"cases/returned_closure_with_error/leak", "cases/returned_closure_with_error/ok",
	"cases/returned_value_pinned_by_global/leak", "cases/returned_value_pinned_by_global/ok",
	"cases/size_from_cursor_accumulation/leak", "cases/size_from_cursor_accumulation/ok",
}

// variants are the project's own variants of each class of cases (other
// names, nesting, helpers, generics) with their near-misses, and the
// method-value and precision shapes.
var variants = []string{"variants/arrays", "variants/fresh", "variants/tuple", "variants/pinned", "variants/accum",
	"variants/methodvalue", "variants/precision", "variants/configmain", "variants/tuplelib", "variants/tupleuse"}

// TestCases runs the reported inputs and the variants.
func TestCases(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), closurecapture.Analyzer, append(cases, variants...)...)
}
