package goroutineleak_test

import (
	"testing"

	"github.com/leakvet/leakvet/passes/goroutineleak"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestScenarios(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), goroutineleak.Analyzer, "scenarios", "nearmiss")
}
