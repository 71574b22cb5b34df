// Package rules holds the input checks run on every sign-up form. Other
// packages add their rules with Add; Check runs them all in order.
package rules

import "fmt"

type Rule struct {
	Field string
	Test  func(value string) bool
	Msg   string
}

var all []Rule

// Add appends a rule to the list Check runs.
func Add(r Rule) { all = append(all, r) } // want Add:"grows slice cases/globalgrowth/init_only_appender/ok/rules.all"

// Check returns the first rule the form violates.
func Check(form map[string]string) error {
	for _, r := range all {
		if !r.Test(form[r.Field]) {
			return fmt.Errorf("%s: %s", r.Field, r.Msg)
		}
	}
	return nil
}
