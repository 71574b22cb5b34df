// LEAK: Charge runs per payment and calls stats.Get with a name built from
// the customer ID. The get-or-create in package stats never deletes, so the
// registry gains a counter for every customer who ever paid.
package leak

import (
	"errors"

	"cases/globalgrowth/constant_key_cross_package/leak/stats"
)

type Gateway interface {
	Charge(customer string, cents int64) error
}

type Service struct{ gw Gateway }

func (s *Service) Charge(customer string, cents int64) error {
	if cents <= 0 {
		return errors.New("checkout: amount must be positive")
	}
	if err := s.gw.Charge(customer, cents); err != nil {
		stats.Get("checkout.failures").Add(1)
		return err
	}
	stats.Get("checkout.charges." + customer).Add(cents) // want `stats\.Get adds entries to package-level map "counters" of package stats, keyed by "checkout\.charges\." \+ customer, from parameter customer of exported method \(\*Service\)\.Charge, where nothing deletes them`
	return nil
}
