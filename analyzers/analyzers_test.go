package analyzers

import (
	"slices"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/internal/suppress"
	"golang.org/x/tools/go/analysis"
)

func TestSuiteIsValid(t *testing.T) {
	t.Parallel()
	if err := analysis.Validate(All); err != nil {
		t.Fatal(err)
	}
	for _, a := range All {
		if a.URL == "" || a.Doc == "" {
			t.Errorf("%s: missing URL or Doc", a.Name)
		}
	}
}

// TestBuildMatchesAll checks that Build builds every check of All, in
// order, and that the built set is itself a valid suite.
func TestBuildMatchesAll(t *testing.T) {
	t.Parallel()
	got, err := Config{}.Build()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range got {
		names = append(names, a.Name)
	}
	if !slices.Equal(names, Names()) {
		t.Errorf("Build() = %v, want the suite %v", names, Names())
	}
	if err := analysis.Validate(got); err != nil {
		t.Error(err)
	}
}

// TestSuppressionNamesTheSuite: the check names directives may use are the
// suite's.
func TestSuppressionNamesTheSuite(t *testing.T) {
	t.Parallel()
	if !slices.Equal(suppress.Checks, Names()) {
		t.Errorf("suppress.Checks = %v, want the suite's names %v", suppress.Checks, Names())
	}
}

func flagValue(t *testing.T, as []*analysis.Analyzer, check, flag string) string {
	t.Helper()
	for _, a := range as {
		if a.Name == check {
			f := a.Flags.Lookup(flag)
			if f == nil {
				t.Fatalf("%s has no flag %s", check, flag)
			}
			return f.Value.String()
		}
	}
	t.Fatalf("no analyzer %s", check)
	return ""
}

func TestConfig(t *testing.T) {
	t.Parallel()
	got, err := Config{GlobalGrowthExported: true, TickerStopStrict: true, ClosureCaptureSize: 1 << 20, RetentionSize: 1 << 21}.Build()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(All) {
		t.Errorf("got %d analyzers, want %d", len(got), len(All))
	}
	for _, tt := range []struct{ check, flag, want string }{
		{"globalgrowth", "exported", "true"},
		{"tickerstop", "strict", "true"},
		{"closurecapture", "size", "1048576"},
		{"retention", "size", "2097152"},
	} {
		if v := flagValue(t, got, tt.check, tt.flag); v != tt.want {
			t.Errorf("built %s.%s = %s, want %s", tt.check, tt.flag, v, tt.want)
		}
		// The suite's own analyzers keep their defaults.
		if v := flagValue(t, All, tt.check, tt.flag); v == tt.want {
			t.Errorf("Build changed All's %s.%s to %s", tt.check, tt.flag, v)
		}
	}
	for _, check := range []string{"closurecapture", "retention"} {
		if v := flagValue(t, mustBuild(t, Config{}), check, "size"); v != "65536" {
			t.Errorf("%s: zero size built as %s, want the default 65536", check, v)
		}
	}
	got, err = Config{Disable: []string{"globalgrowth"}}.Build()
	if err != nil || len(got) != len(All)-1 || got[0].Name == "globalgrowth" {
		t.Errorf("disable globalgrowth: %v, %v", got, err)
	}
	if _, err := (Config{Disable: []string{"nosuch"}}).Build(); err == nil || !strings.Contains(err.Error(), `unknown check "nosuch"`) {
		t.Errorf("unknown check name: err = %v", err)
	}
	if _, err := (Config{ClosureCaptureSize: -1}).Build(); err == nil || !strings.Contains(err.Error(), "cannot be negative") {
		t.Errorf("negative size: err = %v", err)
	}
	if _, err := (Config{RetentionSize: -1}).Build(); err == nil || !strings.Contains(err.Error(), "retention.size") {
		t.Errorf("negative retention size: err = %v", err)
	}
}

func mustBuild(t *testing.T, c Config) []*analysis.Analyzer {
	t.Helper()
	as, err := c.Build()
	if err != nil {
		t.Fatal(err)
	}
	return as
}
