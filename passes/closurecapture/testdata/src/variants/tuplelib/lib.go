// Package tuplelib returns a matcher with an error, for tupleuse: the
// closure's capture crosses the package boundary in the Capture fact.
package tuplelib

import (
	"encoding/json"
	"strings"
)

type Spec struct {
	Suffix string
	Hosts  []string
}

// Matcher decodes a whole spec and returns a closure using its suffix.
func Matcher(raw []byte) (func(string) bool, error) { // want Matcher:"returnsClosure\\(own:spec.Suffix\\)"
	var spec Spec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, err
	}
	return func(h string) bool { return strings.HasSuffix(h, spec.Suffix) }, nil
}
