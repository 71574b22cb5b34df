package goroutineleak_test

import (
	"testing"

	"github.com/leakvet/leakvet/internal/analysisbench"
	"github.com/leakvet/leakvet/passes/goroutineleak"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestScenarios(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analysistest.TestData(), goroutineleak.Analyzer, "scenarios", "nearmiss")
}

// Facts carry what a helper does with a channel across packages.
func TestFacts(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analysistest.TestData(), goroutineleak.Analyzer, "chanlib", "chanuser")
}

func TestGeneric(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analysistest.TestData(), goroutineleak.Analyzer, "generic", "extra")
}

// BenchmarkGoroutineLeak measures the pass (with SSA construction, on the
// dependencies too) over its testdata: go test -bench . -run '^$'.
func BenchmarkGoroutineLeak(b *testing.B) {
	analysisbench.Run(b, goroutineleak.Analyzer, analysistest.TestData(), "scenarios", "nearmiss", "extra", "generic", "chanuser")
}
