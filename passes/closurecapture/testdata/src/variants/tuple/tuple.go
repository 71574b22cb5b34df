// Package tuple: variants of a closure returned in a tuple and kept by the
// caller (returned_closure_with_error).
package tuple

import (
	"encoding/json"
	"strings"
)

type Manifest struct {
	Prefix string
	Files  []string
}

// The closure is the second of three results; the caller keeps it in a
// field of a package-level struct.
func compile(raw []byte) (string, func(string) bool, error) {
	var m Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return "", nil, err
	}
	return m.Prefix, func(p string) bool { return strings.HasPrefix(p, m.Prefix) }, nil
}

type rules struct{ match func(string) bool }

var active rules

func Load(raw []byte) error {
	_, match, err := compile(raw) // want `closure returned by compile captures "m" \(input-sized Manifest decoded by json.Unmarshal\) but uses only m.Prefix, and is stored in field "match" of \*rules`
	if err != nil {
		return err
	}
	active.match = match
	return nil
}

// Generic, through a helper that registers the closure in a package-level
// slice.
func parse[T any](raw []byte, conv func(string) T) (func() T, error) {
	var m Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	return func() T { return conv(m.Prefix) }, nil
}

var getters []func() string

func register(f func() string) { getters = append(getters, f) }

func Register(raw []byte) error {
	get, err := parse(raw, strings.ToUpper) // want `closure returned by parse captures "m" \(input-sized Manifest decoded by json.Unmarshal\) but uses only m.Prefix, and is passed to register, which stores it in package-level slice "getters"`
	if err != nil {
		return err
	}
	register(get)
	return nil
}

// NEGATIVE: the caller uses the closure and drops it.
func Check(raw []byte, path string) bool {
	_, match, err := compile(raw)
	return err == nil && match(path)
}

// NEGATIVE: the error, not the closure, is kept.
var lastErr error

func Try(raw []byte) {
	_, _, err := compile(raw)
	lastErr = err
}
