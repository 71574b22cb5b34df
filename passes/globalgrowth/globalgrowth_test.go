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
