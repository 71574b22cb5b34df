package closurecapture_test

import (
	"testing"

	"github.com/leakvet/leakvet/passes/closurecapture"
	"golang.org/x/tools/go/analysis/analysistest"
)

var packages = []string{"upload", "watch", "hooks", "mux", "retry", "arrays", "generic", "negative", "jobs", "app"}

// TestClosureCapture checks every positive and near-miss, the facts of the
// library packages, and the suggested fixes against the .golden files.
func TestClosureCapture(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), closurecapture.Analyzer, packages...)
}
