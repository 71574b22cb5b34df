// Package leak: buildFilter decodes a whole policy document and returns,
// with an error, a closure that only needs the document's Mode string; the
// caller stores the closure in a package-level var, so the entire decoded
// document (all rules) stays alive for the life of the process.
package leak

import (
	"encoding/json"
	"strings"
)

type Rule struct {
	Pattern string
	Notes   string
	Tags    []string
}

type Policy struct {
	Mode  string
	Rules []Rule
	Audit map[string][]string
}

func buildFilter(raw []byte) (func(host string) bool, error) {
	var pol Policy
	if err := json.Unmarshal(raw, &pol); err != nil {
		return nil, err
	}
	return func(host string) bool {
		return pol.Mode == "open" || strings.HasSuffix(host, ".internal")
	}, nil
}

var allow = func(string) bool { return false }

func Configure(raw []byte) error {
	f, err := buildFilter(raw) // want `closure returned by buildFilter captures "pol" \(input-sized Policy decoded by json.Unmarshal\) but uses only pol.Mode, and is stored in package-level var "allow"`
	if err != nil {
		return err
	}
	allow = f
	return nil
}
