package analyzers

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// suiteOutput runs the suite built from c on pkgs and returns, per check,
// the facts its actions exported (on every package, dependencies included)
// and the number of diagnostics on the loaded packages.
func suiteOutput(t *testing.T, c Config, pkgs []*packages.Package) (facts []string, diags int) {
	t.Helper()
	suite, err := c.Build()
	if err != nil {
		t.Fatal(err)
	}
	g, err := checker.Analyze(suite, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	checks := make(map[*analysis.Analyzer]bool)
	for _, a := range suite {
		checks[a] = true
	}
	for act := range g.All() {
		if !checks[act.Analyzer] {
			continue
		}
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		if act.IsRoot {
			diags += len(act.Diagnostics)
			if c.FactsOnly {
				for _, d := range act.Diagnostics {
					t.Logf("facts only: %s: %s", act.Analyzer.Name, d.Message)
				}
			}
		}
		for _, f := range act.AllObjectFacts() {
			if f.Object.Pkg() == act.Package.Types {
				facts = append(facts, fmt.Sprintf("%s %s %s: %+v", act.Analyzer.Name, act.Package.PkgPath, f.Object.Name(), f.Fact))
			}
		}
	}
	slices.Sort(facts)
	return facts, diags
}

// A facts-only suite (go vet's VetxOnly units) exports the facts the full
// suite exports, and reports nothing.
func TestFactsOnly(t *testing.T) {
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: filepath.Join("..", "testdata", "example"), Tests: true}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("testdata/example does not load")
	}
	full, fullDiags := suiteOutput(t, Config{}, pkgs)
	only, onlyDiags := suiteOutput(t, Config{FactsOnly: true}, pkgs)
	if fullDiags == 0 || len(full) == 0 {
		t.Fatalf("the full suite found %d findings and %d facts in testdata/example: the comparison tests nothing", fullDiags, len(full))
	}
	if onlyDiags != 0 {
		t.Errorf("the facts-only suite reported %d findings, want none", onlyDiags)
	}
	if !slices.Equal(full, only) {
		t.Errorf("facts differ:\nfull suite:\n%s\nfacts only:\n%s", strings.Join(full, "\n"), strings.Join(only, "\n"))
	}
	t.Logf("%d facts, %d findings", len(full), fullDiags)
}
