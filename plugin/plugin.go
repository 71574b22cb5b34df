// Package plugin is leakvet's golangci-lint v2 module plugin.
//
// Build a custom golangci-lint with it ("golangci-lint custom" and a
// .custom-gcl.yml naming module github.com/leakvet/leakvet and import
// github.com/leakvet/leakvet/plugin), then enable the custom linter
// "leakvet" in .golangci.yml:
//
//	version: "2"
//	linters:
//	  enable:
//	    - leakvet
//	  settings:
//	    custom:
//	      leakvet:
//	        type: module
//	        description: finds memory, goroutine and timer leaks
//	        settings:
//	          disable: [tickerstop]   # checks not to run; default: none
//	          globalgrowth:
//	            exported: true        # -globalgrowth.exported; default false
//	          tickerstop:
//	            strict: true          # -tickerstop.strict; default false
//	          closurecapture:
//	            size: 1048576         # -closurecapture.size in bytes; default 65536
//	          retention:
//	            size: 1048576         # -retention.size in bytes; default 65536
//
// Every setting is optional and an omitted one keeps the CLI default. An
// unknown key, an unknown check name or a value of the wrong type is an
// error, so a typo cannot silently fall back to a default.
//
// The options are the analyzers' flags, which are process-global: the
// analyzers returned by BuildAnalyzers run with the settings of the plugin
// value that built them last.
package plugin

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"github.com/leakvet/leakvet/analyzers"
	"golang.org/x/tools/go/analysis"
)

// Name is the name the plugin registers, i.e. the key under
// linters.settings.custom and the linter name in findings and //nolint.
const Name = "leakvet"

func init() {
	register.Plugin(Name, New)
}

// Settings is the schema of linters.settings.custom.leakvet.settings. It
// mirrors analyzers.Config; the JSON names are the YAML keys.
type Settings struct {
	// Disable names checks not to run (analyzers.Config.Disable).
	Disable []string `json:"disable"`
	// GlobalGrowth holds the options of the globalgrowth check.
	GlobalGrowth GlobalGrowthSettings `json:"globalgrowth"`
	// TickerStop holds the options of the tickerstop check.
	TickerStop TickerStopSettings `json:"tickerstop"`
	// ClosureCapture holds the options of the closurecapture check.
	ClosureCapture ClosureCaptureSettings `json:"closurecapture"`
	// Retention holds the options of the retention check.
	Retention RetentionSettings `json:"retention"`
}

// RetentionSettings are the retention options.
type RetentionSettings struct {
	// Size is the number of bytes from which the array, struct or
	// constant-size buffer a view is cut from counts as large
	// (analyzers.Config.RetentionSize); 0 keeps the default.
	Size int `json:"size"`
}

// ClosureCaptureSettings are the closurecapture options.
type ClosureCaptureSettings struct {
	// Size is the number of bytes from which a captured value counts as
	// large (analyzers.Config.ClosureCaptureSize); 0 keeps the default.
	Size int `json:"size"`
}

// GlobalGrowthSettings are the globalgrowth options.
type GlobalGrowthSettings struct {
	// Exported also reports exported package-level collections
	// (analyzers.Config.GlobalGrowthExported).
	Exported bool `json:"exported"`
}

// TickerStopSettings are the tickerstop options.
type TickerStopSettings struct {
	// Strict reports every unstopped ticker or timer whatever the Go
	// version (analyzers.Config.TickerStopStrict).
	Strict bool `json:"strict"`
}

// Config returns the analyzers.Config the settings stand for.
func (s Settings) Config() analyzers.Config {
	return analyzers.Config{
		Disable:              append([]string(nil), s.Disable...),
		GlobalGrowthExported: s.GlobalGrowth.Exported,
		TickerStopStrict:     s.TickerStop.Strict,
		ClosureCaptureSize:   s.ClosureCapture.Size,
		RetentionSize:        s.Retention.Size,
		// golangci-lint applies //nolint itself; leaving it to golangci-lint
		// keeps nolintlint from calling leakvet's directives unused.
		LeaveNolint: true,
	}
}

// Plugin is the register.LinterPlugin for leakvet.
type Plugin struct {
	settings Settings
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New decodes and validates golangci-lint's raw settings (nil means all
// defaults). Errors start with "leakvet: ".
func New(settings any) (register.LinterPlugin, error) {
	if err := checkKeys(settings); err != nil {
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Name, describeDecodeError(err))
	}
	// Reject unknown check names and invalid options now rather than when
	// golangci-lint asks for the analyzers, with the command line's wording.
	if _, err := s.Config().Build(); err != nil {
		return nil, fmt.Errorf("%s: settings: %w", Name, err)
	}
	return &Plugin{settings: s}, nil
}

// Settings returns the decoded settings.
func (p *Plugin) Settings() Settings { return p.settings }

// BuildAnalyzers applies the settings to the suite and returns the enabled
// analyzers.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	as, err := p.settings.Config().Build()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	return as, nil
}

// GetLoadMode reports that the analyzers need type information.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

// checkKeys reports the first key of raw (in sorted order at each level)
// that Settings has no field for, naming its full path and the keys
// allowed there. register.DecodeSettings rejects unknown keys too, but its
// message names neither the enclosing section nor the alternatives.
// Values of the wrong type are left to the decoder.
func checkKeys(raw any) error {
	b, err := json.Marshal(raw)
	if err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	if v == nil {
		return nil
	}
	if _, ok := v.(map[string]any); !ok {
		return fmt.Errorf("settings must be a mapping of keys (%s), got %s", strings.Join(jsonKeys(reflect.TypeFor[Settings]()), ", "), jsonKind(v))
	}
	return checkStructKeys("", v, reflect.TypeFor[Settings]())
}

func checkStructKeys(path string, v any, t reflect.Type) error {
	m, ok := v.(map[string]any)
	if !ok {
		return nil // wrong type: the decoder reports it
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		f, ok := fieldFor(t, k)
		if !ok {
			allowed := "allowed"
			if path != "" {
				allowed += " in " + path
			}
			return fmt.Errorf("unknown setting %q (%s: %s)", joinPath(path, k), allowed, strings.Join(jsonKeys(t), ", "))
		}
		if f.Type.Kind() == reflect.Struct {
			if err := checkStructKeys(joinPath(path, jsonName(f)), m[k], f.Type); err != nil {
				return err
			}
		}
	}
	return nil
}

// fieldFor finds the field of struct type t that encoding/json would
// decode key into (it matches names case-insensitively).
func fieldFor(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if name := jsonName(f); name != "" && strings.EqualFold(name, key) {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// fieldType returns the type of the Settings field at the dotted path.
func fieldType(path string) (reflect.Type, bool) {
	t := reflect.TypeFor[Settings]()
	for key := range strings.SplitSeq(path, ".") {
		if t.Kind() != reflect.Struct {
			return nil, false
		}
		f, ok := fieldFor(t, key)
		if !ok {
			return nil, false
		}
		t = f.Type
	}
	return t, true
}

func describeType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Slice:
		return "a list of " + strings.TrimPrefix(describeType(t.Elem()), "a ") + "s"
	case reflect.Struct, reflect.Map:
		return "a mapping"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return t.String()
}

func jsonName(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" {
		return ""
	}
	if name == "" {
		return f.Name
	}
	return name
}

func jsonKeys(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		if name := jsonName(t.Field(i)); name != "" {
			keys = append(keys, name)
		}
	}
	return keys
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a bool"
	case float64:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	}
	return fmt.Sprintf("%T", v)
}

// describeDecodeError rewrites encoding/json's type errors, which name Go
// types, in terms of the settings keys.
func describeDecodeError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		what, typ := te.Field+" must be", te.Type
		if decl, ok := fieldType(te.Field); ok && decl.Kind() == reflect.Slice && decl != te.Type {
			what = "each " + te.Field + " entry must be" // an element of a list
		}
		return fmt.Errorf("settings: %s %s, got %s", what, describeType(typ), te.Value)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("settings: %w", err)
	}
	if inner := errors.Unwrap(err); inner != nil {
		err = inner // drop DecodeSettings' "decoding settings: " prefix
	}
	return fmt.Errorf("settings: %w", err)
}
