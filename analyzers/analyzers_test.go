package analyzers

import (
	"testing"

	"github.com/leakvet/leakvet/passes/globalgrowth"
	"golang.org/x/tools/go/analysis"
)

func TestSuiteIsValid(t *testing.T) {
	if err := analysis.Validate(All); err != nil {
		t.Fatal(err)
	}
	for _, a := range All {
		if a.URL == "" || a.Doc == "" {
			t.Errorf("%s: missing URL or Doc", a.Name)
		}
	}
}

func TestConfig(t *testing.T) {
	defer func() { globalgrowth.Exported = false }()
	got, err := Config{GlobalGrowthExported: true}.Analyzers()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(All) || !globalgrowth.Exported {
		t.Errorf("Config{exported}: got %d analyzers, exported=%v", len(got), globalgrowth.Exported)
	}
	got, err = Config{Disable: []string{"globalgrowth"}}.Analyzers()
	if err != nil || len(got) != len(All)-1 {
		t.Errorf("disable globalgrowth: %v, %v", got, err)
	}
	if globalgrowth.Exported {
		t.Error("a fresh Config did not reset -globalgrowth.exported")
	}
	if _, err := (Config{Disable: []string{"nosuch"}}).Analyzers(); err == nil {
		t.Error("unknown check name accepted")
	}
}
