// LEAK: Submit runs per request and adds a rule for the tenant's extra field
// with rules.Add, an appender over a package-level slice that nothing
// trims: every sign-up appends one more rule, and Check gets slower too.
package leak

import (
	"strings"

	"cases/globalgrowth/init_only_appender/leak/rules"
)

func init() {
	rules.Add(rules.Rule{Field: "email", Test: validEmail, Msg: "not an address"})
}

func validEmail(s string) bool { return strings.Count(s, "@") == 1 }
func nonEmpty(s string) bool   { return strings.TrimSpace(s) != "" }

// Submit validates a sign-up form for a tenant that may require one more field.
func Submit(form map[string]string, tenantField string) error {
	if tenantField != "" {
		rules.Add(rules.Rule{Field: tenantField, Test: nonEmpty, Msg: "required"}) // want `rules\.Add appends to package-level slice "all" of package rules, where nothing truncates or resets it, and runs here repeatedly \(in exported function Submit\)`
	}
	return rules.Check(form)
}
