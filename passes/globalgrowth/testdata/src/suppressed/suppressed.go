// Package suppressed contains real leaks that are silenced by directives,
// plus one directive without a reason, which is not honoured.
package suppressed

import (
	"net/http"
	"sync"
)

// SUPPRESSED: //nolint:leakvet on the var line.
var hits = map[string]int{} //nolint:leakvet

func handleHits(w http.ResponseWriter, r *http.Request) {
	hits[r.URL.Path]++
}

type Consumer struct{}

// SUPPRESSED: //nolint:globalgrowth on the line above the var.
//
//nolint:globalgrowth
var seen = map[string]struct{}{}

func (c *Consumer) Handle(id string) {
	seen[id] = struct{}{}
}

type Tenant struct{ ID string }

type Service struct{ mu sync.Mutex }

// SUPPRESSED: //leakvet:ignore with the check name and a reason.
//
//leakvet:ignore globalgrowth cache is bounded by the number of tenants
var tenantCache = map[string]*Tenant{}

func (s *Service) Tenant(id string) *Tenant {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := tenantCache[id]; ok {
		return t
	}
	t := &Tenant{ID: id}
	tenantCache[id] = t
	return t
}

type Logger struct{}

// NOT SUPPRESSED: the ignore directive below has no reason, so it is itself
// reported (expectation placed with a "want +2" line above the directive so that
// the want text does not become the directive's reason) and the leak is
// still reported at the var.
//
// want +2 `leakvet:ignore.* needs a reason`
//
//leakvet:ignore globalgrowth
var audit []string // want `package-level slice "audit" grows without bound: .* appends to it and nothing truncates or resets it`

func (l *Logger) Record(s string) { // want Record:"grows slice suppressed.audit"
	audit = append(audit, s)
}
