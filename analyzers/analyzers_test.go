package analyzers

import (
	"testing"

	"github.com/leakvet/leakvet/passes/closurecapture"
	"github.com/leakvet/leakvet/passes/globalgrowth"
	"github.com/leakvet/leakvet/passes/tickerstop"
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
	defer func() { globalgrowth.Exported, tickerstop.Strict = false, false }()
	got, err := Config{GlobalGrowthExported: true, TickerStopStrict: true}.Analyzers()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(All) || !globalgrowth.Exported || !tickerstop.Strict {
		t.Errorf("Config{exported, strict}: got %d analyzers, exported=%v strict=%v", len(got), globalgrowth.Exported, tickerstop.Strict)
	}
	got, err = Config{Disable: []string{"globalgrowth"}}.Analyzers()
	if err != nil || len(got) != len(All)-1 {
		t.Errorf("disable globalgrowth: %v, %v", got, err)
	}
	if globalgrowth.Exported || tickerstop.Strict {
		t.Error("a fresh Config did not reset the check options")
	}
	if _, err := (Config{Disable: []string{"nosuch"}}).Analyzers(); err == nil {
		t.Error("unknown check name accepted")
	}
}

func TestClosureCaptureSize(t *testing.T) {
	defer Config{}.Analyzers()
	if _, err := (Config{ClosureCaptureSize: 1 << 20}).Analyzers(); err != nil {
		t.Fatal(err)
	}
	if closurecapture.Size != 1<<20 {
		t.Errorf("size 1 MiB: closurecapture.Size = %d", closurecapture.Size)
	}
	if _, err := (Config{}).Analyzers(); err != nil || closurecapture.Size != closurecapture.DefaultSize {
		t.Errorf("zero size: Size = %d, err %v; want the default %d", closurecapture.Size, err, closurecapture.DefaultSize)
	}
	if _, err := (Config{ClosureCaptureSize: -1}).Analyzers(); err == nil {
		t.Error("negative size accepted")
	}
}
