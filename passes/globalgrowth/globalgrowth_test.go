package globalgrowth_test

import (
	"testing"

	"github.com/leakvet/leakvet/internal/analysisbench"
	"github.com/leakvet/leakvet/passes/globalgrowth"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestGlobalGrowth(t *testing.T) {
	t.Parallel()
	dir := analysistest.TestData()
	analysistest.Run(t, dir, globalgrowth.Analyzer, "positive", "negative", "generic", "lib", "user", "suppressed")
}

// BenchmarkGlobalGrowth measures the pass (with SSA construction, on the
// dependencies too) over its testdata: go test -bench . -run '^$'.
func BenchmarkGlobalGrowth(b *testing.B) {
	analysisbench.Run(b, globalgrowth.Analyzer, analysistest.TestData(), "positive", "negative", "generic", "lib", "user")
}

// TestCases runs the reported inputs of ../shared/cases/globalgrowth, copied
// as they were reported (leak packages carry the wants; ok packages must
// stay silent).
func TestCases(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analysistest.TestData(), globalgrowth.Analyzer, "cases/globalgrowth/...")
}

// TestKeys runs variants of the reported inputs: key provenance, where a
// key is decided, guards, overwrites and per-request removers.
func TestKeys(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analysistest.TestData(), globalgrowth.Analyzer, "keys/...")
}
