package globalgrowth_test

import (
	"testing"

	"github.com/leakvet/leakvet/passes/globalgrowth"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestGlobalGrowth(t *testing.T) {
	dir := analysistest.TestData()
	analysistest.Run(t, dir, globalgrowth.Analyzer, "positive", "negative", "generic", "lib", "user", "suppressed")
}
