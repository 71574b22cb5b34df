// Package ok: near-miss. The site name is copied out before the closure is
// built, so the decoded inventory is garbage after the constructor returns.
package ok

import (
	"encoding/json"
	"fmt"
	"net/http"
)

type Item struct {
	SKU, Bin string
	History  []string
}

type Inventory struct {
	Site  string
	Items []Item
}

type StatusPage struct {
	title func() string
	count func() int
}

func (p *StatusPage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "%s: %d\n", p.title(), p.count())
}

func NewStatusPage(dump []byte, count func() int) (*StatusPage, error) { // want NewStatusPage:"storesFunc\\(1\\)"
	var inv Inventory
	if err := json.Unmarshal(dump, &inv); err != nil {
		return nil, err
	}
	site := inv.Site
	return &StatusPage{
		title: func() string { return "inventory of " + site },
		count: count,
	}, nil
}
