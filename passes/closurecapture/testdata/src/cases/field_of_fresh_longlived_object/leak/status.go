// Package leak: NewStatusPage decodes a full inventory dump and builds an
// http.Handler whose title func captures the whole inventory but reads only
// its Site name. The handler (a type that serves HTTP) is returned to be
// mounted for the life of the server, keeping every item alive.
package leak

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
	return &StatusPage{
		title: func() string { return "inventory of " + inv.Site }, // want `closure stored in field "title" of \*StatusPage \(which serves HTTP requests\) captures "inv" \(input-sized Inventory decoded by json.Unmarshal\) but uses only inv.Site`
		count: count,
	}, nil
}
