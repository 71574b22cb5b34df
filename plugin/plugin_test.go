package plugin_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"github.com/leakvet/leakvet/analyzers"
	"github.com/leakvet/leakvet/passes/closurecapture"
	"github.com/leakvet/leakvet/passes/globalgrowth"
	"github.com/leakvet/leakvet/passes/tickerstop"
	"github.com/leakvet/leakvet/plugin"
	"golang.org/x/tools/go/analysis"
)

// build runs New and BuildAnalyzers as golangci-lint does, with settings
// shaped like golangci-lint's (YAML decoded into map[string]any and []any).
// The analyzers' options are global, so they are reset to the defaults
// before and after.
func build(t *testing.T, settings any) []*analysis.Analyzer {
	t.Helper()
	resetFlags(t)
	p, err := plugin.New(settings)
	if err != nil {
		t.Fatalf("New(%#v): %v", settings, err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatalf("BuildAnalyzers: %v", err)
	}
	return as
}

// resetFlags sets every analyzer option to a non-default value, so that a
// test sees whether the plugin applied its settings, and restores the
// defaults when the test ends.
func resetFlags(t *testing.T) {
	t.Helper()
	globalgrowth.Exported, tickerstop.Strict = true, true
	t.Cleanup(func() {
		if _, err := (analyzers.Config{}).Analyzers(); err != nil {
			t.Error(err)
		}
	})
}

func names(as []*analysis.Analyzer) []string {
	var ns []string
	for _, a := range as {
		ns = append(ns, a.Name)
	}
	return ns
}

func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin("leakvet")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.(*plugin.Plugin); !ok {
		t.Errorf("plugin \"leakvet\" is a %T, want *plugin.Plugin", p)
	}
}

func TestDefaults(t *testing.T) {
	for _, settings := range []any{nil, map[string]any{}, map[string]any{
		"disable":      []any{},
		"globalgrowth": map[string]any{},
		"tickerstop":   map[string]any{"strict": false},
	}} {
		as := build(t, settings)
		if got, want := names(as), analyzers.Names(); !slices.Equal(got, want) {
			t.Errorf("%#v: analyzers %v, want %v", settings, got, want)
		}
		if globalgrowth.Exported || tickerstop.Strict {
			t.Errorf("%#v: globalgrowth.Exported=%v tickerstop.Strict=%v, want both false", settings, globalgrowth.Exported, tickerstop.Strict)
		}
	}
}

func TestGlobalGrowthExported(t *testing.T) {
	build(t, map[string]any{"globalgrowth": map[string]any{"exported": true}})
	if !globalgrowth.Exported {
		t.Error("globalgrowth.exported: true did not set globalgrowth.Exported")
	}
	if tickerstop.Strict {
		t.Error("tickerstop.Strict set although not configured")
	}
	if got := globalgrowth.Analyzer.Flags.Lookup("exported").Value.String(); got != "true" {
		t.Errorf("-globalgrowth.exported = %s, want true", got)
	}
}

func TestTickerStopStrict(t *testing.T) {
	build(t, map[string]any{"tickerstop": map[string]any{"strict": true}})
	if !tickerstop.Strict {
		t.Error("tickerstop.strict: true did not set tickerstop.Strict")
	}
	if globalgrowth.Exported {
		t.Error("globalgrowth.Exported set although not configured")
	}
}

func TestClosureCaptureSize(t *testing.T) {
	build(t, map[string]any{"closurecapture": map[string]any{"size": 1048576}})
	if closurecapture.Size != 1048576 {
		t.Errorf("closurecapture.size: 1048576 set Size to %d", closurecapture.Size)
	}
	build(t, nil)
	if closurecapture.Size != closurecapture.DefaultSize {
		t.Errorf("no settings: Size = %d, want the default", closurecapture.Size)
	}
}

func TestDisable(t *testing.T) {
	// The expected suite is the full one minus what is disabled.
	without := func(off ...string) []string {
		var out []string
		for _, n := range analyzers.Names() {
			if !slices.Contains(off, n) {
				out = append(out, n)
			}
		}
		return out
	}
	for _, tc := range []struct {
		disable []any
		want    []string
	}{
		{[]any{"tickerstop"}, without("tickerstop")},
		{[]any{"globalgrowth"}, without("globalgrowth")},
		{[]any{"globalgrowth", "tickerstop", "globalgrowth"}, without("globalgrowth", "tickerstop")},
	} {
		as := build(t, map[string]any{"disable": tc.disable})
		if got := names(as); !slices.Equal(got, tc.want) {
			t.Errorf("disable: %v: analyzers %v, want %v", tc.disable, got, tc.want)
		}
	}
	var all []any
	for _, n := range analyzers.Names() {
		all = append(all, n)
	}
	if got := names(build(t, map[string]any{"disable": all})); len(got) != 0 {
		t.Errorf("disable everything: analyzers %v, want none", got)
	}
}

// The options are global: BuildAnalyzers must apply its own settings even
// if another plugin value was created in between.
func TestBuildAnalyzersReapplies(t *testing.T) {
	resetFlags(t)
	p1, err := plugin.New(map[string]any{"globalgrowth": map[string]any{"exported": true}})
	if err != nil {
		t.Fatal(err)
	}
	p2, err := plugin.New(map[string]any{"tickerstop": map[string]any{"strict": true}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p1.BuildAnalyzers(); err != nil {
		t.Fatal(err)
	}
	if !globalgrowth.Exported || tickerstop.Strict {
		t.Errorf("after p1.BuildAnalyzers: Exported=%v Strict=%v, want true false", globalgrowth.Exported, tickerstop.Strict)
	}
	if _, err := p2.BuildAnalyzers(); err != nil {
		t.Fatal(err)
	}
	if globalgrowth.Exported || !tickerstop.Strict {
		t.Errorf("after p2.BuildAnalyzers: Exported=%v Strict=%v, want false true", globalgrowth.Exported, tickerstop.Strict)
	}
}

func TestSettingsDecoded(t *testing.T) {
	resetFlags(t)
	p, err := plugin.New(map[string]any{
		"disable":      []any{"tickerstop"},
		"globalgrowth": map[string]any{"exported": true},
		"tickerstop":   map[string]any{"strict": true},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := p.(*plugin.Plugin).Settings().Config()
	want := analyzers.Config{Disable: []string{"tickerstop"}, GlobalGrowthExported: true, TickerStopStrict: true}
	if !slices.Equal(got.Disable, want.Disable) || got.GlobalGrowthExported != want.GlobalGrowthExported || got.TickerStopStrict != want.TickerStopStrict {
		t.Errorf("Config() = %+v, want %+v", got, want)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		settings any
		want     string
	}{
		{"unknown top-level key", map[string]any{"nosuch": 1},
			`leakvet: unknown setting "nosuch" (allowed: disable, globalgrowth, tickerstop, closurecapture)`},
		{"unknown key next to valid ones", map[string]any{"disable": []any{}, "enable": []any{"globalgrowth"}},
			`leakvet: unknown setting "enable" (allowed: disable, globalgrowth, tickerstop, closurecapture)`},
		{"unknown globalgrowth key", map[string]any{"globalgrowth": map[string]any{"exported": true, "strict": true}},
			`leakvet: unknown setting "globalgrowth.strict" (allowed in globalgrowth: exported)`},
		{"unknown tickerstop key", map[string]any{"tickerstop": map[string]any{"exported": true}},
			`leakvet: unknown setting "tickerstop.exported" (allowed in tickerstop: strict)`},
		{"check without settings", map[string]any{"goroutineleak": map[string]any{"strict": true}},
			`leakvet: unknown setting "goroutineleak"`},
		{"unknown check name", map[string]any{"disable": []any{"tickerstops"}},
			`leakvet: settings: disable: unknown check "tickerstops" (known: [` + strings.Join(sortedNames(), " ") + `])`},
		{"bool as string", map[string]any{"globalgrowth": map[string]any{"exported": "yes"}},
			`leakvet: settings: globalgrowth.exported must be true or false, got string`},
		{"bool as number", map[string]any{"tickerstop": map[string]any{"strict": 1}},
			`leakvet: settings: tickerstop.strict must be true or false, got number`},
		{"disable as string", map[string]any{"disable": "tickerstop"},
			`leakvet: settings: disable must be a list of strings, got string`},
		{"disable entry as number", map[string]any{"disable": []any{1}},
			`leakvet: settings: each disable entry must be a string, got number`},
		{"section as scalar", map[string]any{"globalgrowth": true},
			`leakvet: settings: globalgrowth must be a mapping, got bool`},
		{"settings as list", []any{"globalgrowth"},
			`leakvet: settings must be a mapping of keys (disable, globalgrowth, tickerstop, closurecapture), got a list`},
		{"negative size", map[string]any{"closurecapture": map[string]any{"size": -1}},
			`leakvet: settings: closurecapture.size must be a number of bytes (0 or more), got -1`},
		{"size as string", map[string]any{"closurecapture": map[string]any{"size": "64k"}},
			`closurecapture.size`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resetFlags(t)
			p, err := plugin.New(tc.settings)
			if err == nil {
				t.Fatalf("New(%#v) = %v, want an error", tc.settings, p)
			}
			if !strings.HasPrefix(err.Error(), "leakvet: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("New(%#v) error:\n%s\nwant it to contain\n%s", tc.settings, err, tc.want)
			}
			// A rejected configuration leaves the analyzers alone.
			if !globalgrowth.Exported || !tickerstop.Strict {
				t.Errorf("failed New changed the analyzers' options")
			}
		})
	}
}

// encoding/json, which decodes the settings, matches keys without regard to
// case, and so does the unknown-key check (golangci-lint lowercases keys
// anyway).
func TestKeyCase(t *testing.T) {
	build(t, map[string]any{"GlobalGrowth": map[string]any{"Exported": true}})
	if !globalgrowth.Exported {
		t.Error("GlobalGrowth.Exported: true did not set globalgrowth.Exported")
	}
}

func sortedNames() []string {
	names := analyzers.Names()
	slices.Sort(names)
	return names
}
