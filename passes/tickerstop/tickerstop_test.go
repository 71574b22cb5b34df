package tickerstop_test

import (
	"path/filepath"
	"testing"

	"github.com/leakvet/leakvet/internal/analysisbench"
	"github.com/leakvet/leakvet/passes/tickerstop"
	"golang.org/x/tools/go/analysis/analysistest"
)

// Each testdata module has its own go.mod: "old" declares go 1.22 (timers
// are never collected unless stopped), "new" go 1.26, "strict" go 1.26 run
// with -tickerstop.strict.

func TestOldSemantics(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(analysistest.TestData(), "src", "old")
	analysistest.RunWithSuggestedFixes(t, dir, tickerstop.Analyzer, "./...")
}

func TestNewSemantics(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(analysistest.TestData(), "src", "new")
	analysistest.Run(t, dir, tickerstop.Analyzer, "./...")
}

// TestCases runs the reported inputs of ../shared/cases/tickerstop (go
// 1.26) with variants and near-misses of each class: leak packages carry
// their wants, ok packages must stay silent.
func TestCases(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(analysistest.TestData(), "src", "cases")
	analysistest.Run(t, dir, tickerstop.Analyzer, "./...")
}

// TestCases122 runs the pre-1.23 reported inputs (../shared/cases/go122).
func TestCases122(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(analysistest.TestData(), "src", "cases122")
	analysistest.Run(t, dir, tickerstop.Analyzer, "./...")
}

func TestStrict(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(analysistest.TestData(), "src", "strict")
	analysistest.Run(t, dir, tickerstop.New(tickerstop.Config{Strict: true}), "./...")
}

// BenchmarkTickerStop measures the pass (with SSA construction, on the
// dependencies too) over the go 1.22 testdata module: go test -bench . -run '^$'.
func BenchmarkTickerStop(b *testing.B) {
	analysisbench.RunModule(b, tickerstop.Analyzer, filepath.Join(analysistest.TestData(), "src", "old"), "./...")
}
