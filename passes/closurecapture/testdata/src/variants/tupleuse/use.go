// Package tupleuse keeps a matcher from tuplelib in a package-level var.
package tupleuse

import "variants/tuplelib"

var match func(string) bool

func Configure(raw []byte) error {
	m, err := tuplelib.Matcher(raw) // want `closure returned by tuplelib.Matcher captures "spec" \(input-sized Spec decoded by json.Unmarshal\) but uses only spec.Suffix, and is stored in package-level var "match"`
	if err != nil {
		return err
	}
	match = m
	return nil
}

// NEGATIVE: used once and dropped.
func Once(raw []byte, host string) bool {
	m, err := tuplelib.Matcher(raw)
	return err == nil && m(host)
}
