package plugin_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"github.com/leakvet/leakvet/analyzers"
	"github.com/leakvet/leakvet/plugin"
	"golang.org/x/tools/go/analysis"
)

// build runs New and BuildAnalyzers as golangci-lint does, with settings
// shaped like golangci-lint's (YAML decoded into map[string]any and []any).
func build(t *testing.T, settings any) []*analysis.Analyzer {
	t.Helper()
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

// opt returns the value of check's flag in the built analyzers.
func opt(t *testing.T, as []*analysis.Analyzer, check, flag string) string {
	t.Helper()
	for _, a := range as {
		if a.Name == check {
			return a.Flags.Lookup(flag).Value.String()
		}
	}
	t.Fatalf("no analyzer %s in %v", check, names(as))
	return ""
}

// defaultsUntouched checks that building a plugin left the suite's own
// analyzers (the CLI's) at their defaults: the options are not global.
func defaultsUntouched(t *testing.T) {
	t.Helper()
	if opt(t, analyzers.All, "globalgrowth", "exported") != "false" || opt(t, analyzers.All, "tickerstop", "strict") != "false" ||
		opt(t, analyzers.All, "closurecapture", "size") != "65536" {
		t.Error("building plugin analyzers changed the suite's own analyzers")
	}
}

func names(as []*analysis.Analyzer) []string {
	var ns []string
	for _, a := range as {
		ns = append(ns, a.Name)
	}
	return ns
}

func TestRegistered(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
	for _, settings := range []any{nil, map[string]any{}, map[string]any{
		"disable":      []any{},
		"globalgrowth": map[string]any{},
		"tickerstop":   map[string]any{"strict": false},
	}} {
		as := build(t, settings)
		if got, want := names(as), analyzers.Names(); !slices.Equal(got, want) {
			t.Errorf("%#v: analyzers %v, want %v", settings, got, want)
		}
		if opt(t, as, "globalgrowth", "exported") != "false" || opt(t, as, "tickerstop", "strict") != "false" || opt(t, as, "closurecapture", "size") != "65536" {
			t.Errorf("%#v: options not at their defaults", settings)
		}
	}
}

func TestGlobalGrowthExported(t *testing.T) {
	t.Parallel()
	as := build(t, map[string]any{"globalgrowth": map[string]any{"exported": true}})
	if opt(t, as, "globalgrowth", "exported") != "true" {
		t.Error("globalgrowth.exported: true did not set -globalgrowth.exported")
	}
	if opt(t, as, "tickerstop", "strict") != "false" {
		t.Error("tickerstop.strict set although not configured")
	}
	defaultsUntouched(t)
}

func TestTickerStopStrict(t *testing.T) {
	t.Parallel()
	as := build(t, map[string]any{"tickerstop": map[string]any{"strict": true}})
	if opt(t, as, "tickerstop", "strict") != "true" {
		t.Error("tickerstop.strict: true did not set -tickerstop.strict")
	}
	if opt(t, as, "globalgrowth", "exported") != "false" {
		t.Error("globalgrowth.exported set although not configured")
	}
	defaultsUntouched(t)
}

func TestRetentionSize(t *testing.T) {
	t.Parallel()
	if got := opt(t, build(t, map[string]any{"retention": map[string]any{"size": 1048576}}), "retention", "size"); got != "1048576" {
		t.Errorf("retention.size: 1048576 built size %s", got)
	}
	if got := opt(t, build(t, nil), "retention", "size"); got != "65536" {
		t.Errorf("no settings: retention size %s, want the default", got)
	}
}

func TestClosureCaptureSize(t *testing.T) {
	t.Parallel()
	if got := opt(t, build(t, map[string]any{"closurecapture": map[string]any{"size": 1048576}}), "closurecapture", "size"); got != "1048576" {
		t.Errorf("closurecapture.size: 1048576 built size %s", got)
	}
	if got := opt(t, build(t, map[string]any{"closurecapture": map[string]any{"size": 0}}), "closurecapture", "size"); got != "65536" {
		t.Errorf("closurecapture.size: 0 built size %s, want the default (0 means the default everywhere)", got)
	}
	defaultsUntouched(t)
}

func TestDisable(t *testing.T) {
	t.Parallel()
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

// Two plugin values keep their own settings: nothing is global.
func TestPluginsIndependent(t *testing.T) {
	t.Parallel()
	p1, err := plugin.New(map[string]any{"globalgrowth": map[string]any{"exported": true}})
	if err != nil {
		t.Fatal(err)
	}
	p2, err := plugin.New(map[string]any{"tickerstop": map[string]any{"strict": true}})
	if err != nil {
		t.Fatal(err)
	}
	a1, err := p1.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	a2, err := p2.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if opt(t, a1, "globalgrowth", "exported") != "true" || opt(t, a1, "tickerstop", "strict") != "false" {
		t.Errorf("p1's analyzers: exported=%s strict=%s, want true false", opt(t, a1, "globalgrowth", "exported"), opt(t, a1, "tickerstop", "strict"))
	}
	if opt(t, a2, "globalgrowth", "exported") != "false" || opt(t, a2, "tickerstop", "strict") != "true" {
		t.Errorf("p2's analyzers: exported=%s strict=%s, want false true", opt(t, a2, "globalgrowth", "exported"), opt(t, a2, "tickerstop", "strict"))
	}
}

func TestSettingsDecoded(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
	for _, tc := range []struct {
		name     string
		settings any
		want     string
	}{
		{"unknown top-level key", map[string]any{"nosuch": 1},
			`leakvet: unknown setting "nosuch" (allowed: disable, globalgrowth, tickerstop, closurecapture, retention)`},
		{"unknown key next to valid ones", map[string]any{"disable": []any{}, "enable": []any{"globalgrowth"}},
			`leakvet: unknown setting "enable" (allowed: disable, globalgrowth, tickerstop, closurecapture, retention)`},
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
			`leakvet: settings must be a mapping of keys (disable, globalgrowth, tickerstop, closurecapture, retention), got a list`},
		{"negative size", map[string]any{"closurecapture": map[string]any{"size": -1}},
			`leakvet: settings: closurecapture.size: want a number of bytes (0 for the default, 65536), got -1: a size cannot be negative`},
		{"size as string", map[string]any{"closurecapture": map[string]any{"size": "64k"}},
			`closurecapture.size`},
		{"negative retention size", map[string]any{"retention": map[string]any{"size": -1}},
			`leakvet: settings: retention.size: want a number of bytes (0 for the default, 65536), got -1: a size cannot be negative`},
		{"unknown retention key", map[string]any{"retention": map[string]any{"strict": true}},
			`leakvet: unknown setting "retention.strict" (allowed in retention: size)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := plugin.New(tc.settings)
			if err == nil {
				t.Fatalf("New(%#v) = %v, want an error", tc.settings, p)
			}
			if !strings.HasPrefix(err.Error(), "leakvet: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("New(%#v) error:\n%s\nwant it to contain\n%s", tc.settings, err, tc.want)
			}
			defaultsUntouched(t)
		})
	}
}

// encoding/json, which decodes the settings, matches keys without regard to
// case, and so does the unknown-key check (golangci-lint lowercases keys
// anyway).
func TestKeyCase(t *testing.T) {
	t.Parallel()
	if opt(t, build(t, map[string]any{"GlobalGrowth": map[string]any{"Exported": true}}), "globalgrowth", "exported") != "true" {
		t.Error("GlobalGrowth.Exported: true did not set -globalgrowth.exported")
	}
}

func sortedNames() []string {
	names := analyzers.Names()
	slices.Sort(names)
	return names
}
