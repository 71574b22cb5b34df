// Package config keeps settings parsed from a large configuration file.
package config

import (
	"os"
	"strings"
	"sync"
)

var settings = map[string]string{}

// Registry holds named values for the life of the process.
type Registry struct {
	mu      sync.Mutex
	entries map[string]string
	order   []string
}

// Default is the process-wide registry.
var Default = &Registry{entries: map[string]string{}}

// POSITIVE: keys and values cut from the lines of the whole file keep the
// whole file.
func Load(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(raw), "\n") {
		k, v, ok := strings.Cut(line, "=") // want `before part of strings\.Cut of input-sized \[\]byte from os\.ReadFile is stored in package-level map "settings" and keeps all of it alive; copy it with strings\.Clone`
		if !ok {
			continue
		}
		settings[k] = v
	}
	return nil
}

// Add keeps name in the registry.
func (r *Registry) Add(name string) { // want Add:"storesIn\\(1->0\\)"
	r.mu.Lock()
	r.order = append(r.order, name)
	r.mu.Unlock()
}

// POSITIVE: the second field of the first line, kept in a field of the
// process-wide registry through a method.
func Name(path string) {
	raw, _ := os.ReadFile(path)
	fields := strings.Fields(string(raw))
	Default.Add(fields[1]) // want `fields\[1\], part of strings\.Fields of input-sized \[\]byte from os\.ReadFile is passed to \(\*Registry\)\.Add, which stores it in the \*Registry held by package-level var "Default" and keeps all of it alive; copy it with strings\.Clone`
}

// Setting is one key and value of a configuration file.
type Setting struct{ Key, Value string }

// parse returns the settings of the file, cut from all of it.
func parse(path string) []Setting {
	raw, _ := os.ReadFile(path)
	var out []Setting
	for _, line := range strings.Split(string(raw), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok { // want `before part of strings\.Cut of input-sized \[\]byte from os\.ReadFile is returned by parse inside its result, which is stored in package-level map "loaded" and keeps all of it alive; copy it with strings\.Clone`
			out = append(out, Setting{k, v})
		}
	}
	return out
}

var loaded = map[string][]Setting{}

// POSITIVE: the caller keeps the settings, which hold parts of the file.
func Reload(path string) { // want Reload:"stores\\(0\\)"
	loaded[path] = parse(path)
}

// NEAR-MISS: the settings are only counted.
func Size(path string) int {
	return len(parse(path))
}

// NEAR-MISS: strings.Clone before keeping.
func LoadCopy(path string) {
	raw, _ := os.ReadFile(path)
	for _, line := range strings.Split(string(raw), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			settings[strings.Clone(k)] = strings.Clone(v)
		}
	}
}

// NEAR-MISS: a strings.Builder copies what it is given.
func Banner(path string) {
	raw, _ := os.ReadFile(path)
	var sb strings.Builder
	sb.WriteString(string(raw)[:40])
	settings["banner"] = sb.String()
}

// NEAR-MISS: the fields are only counted.
func Count(path string) int {
	raw, _ := os.ReadFile(path)
	n := 0
	for _, f := range strings.Fields(string(raw)) {
		if f != "" {
			n++
		}
	}
	return n
}

var tagsOf = map[string][]string{}

// POSITIVE: the first three fields of the file: slices.Clone would copy
// the three string headers, which still point into the file, so the fix
// is advice only.
func Tags(path string) { // want Tags:"stores\\(0\\)"
	raw, _ := os.ReadFile(path)
	f := strings.Fields(string(raw))
	if len(f) >= 3 {
		tagsOf[path] = f[:3] // want `subslice f\[:3\] of input-sized \[\]string from strings\.Fields of \[\]byte from os\.ReadFile is stored in package-level map "tagsOf" and keeps all of it alive; copy it, and each element, before keeping it`
	}
}

// firstLine returns the first line of the file and an error.
func firstLine(path string) (string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	line, _, _ := strings.Cut(string(raw), "\n") // want `before part of strings\.Cut of input-sized \[\]byte from os\.ReadFile is returned by firstLine and stored in package-level var "banner" and keeps all of it alive; copy it with strings\.Clone$`
	return line, nil
}

var banner string

// POSITIVE: the view is the first of strings.Cut's three results:
// wrapping the call in strings.Clone would not compile, so the fix is
// advice only (reported where the view is cut).
func LoadBanner(path string) {
	banner, _ = firstLine(path)
}
