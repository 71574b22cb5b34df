package analysisdoc

import (
	"strings"
	"testing"
)

const src = `// Package x does things.
//
// # Analyzer alpha
//
// alpha: find alphas
//
// Alphas are bad.
//
// # Analyzer beta
//
// beta: find betas
package x
`

func TestExtract(t *testing.T) {
	t.Parallel()
	got, err := Extract(src, "alpha")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got, "find alphas") || !strings.Contains(got, "Alphas are bad.") || strings.Contains(got, "beta") {
		t.Errorf("Extract(alpha) = %q", got)
	}
	if got, _ := Extract(src, "beta"); got != "find betas" {
		t.Errorf("Extract(beta) = %q", got)
	}
	noSummary := "// # Analyzer delta\n//\n// Deltas.\npackage x\n"
	if _, err := Extract(noSummary, "delta"); err == nil {
		t.Error("Extract of a section without a \"delta: summary\" line succeeded")
	}
	if _, err := Extract(src, "gamma"); err == nil {
		t.Error("Extract(gamma) succeeded; want a missing-heading error")
	}
	if _, err := Extract("package x\n", "alpha"); err == nil {
		t.Error("Extract without package comment succeeded")
	}
}
