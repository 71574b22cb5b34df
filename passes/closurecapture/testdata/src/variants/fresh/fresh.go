// Package fresh: variants of a closure stored in a field of a freshly
// built object of a long-lived type (field_of_fresh_longlived_object).
package fresh

import (
	"encoding/json"
	"io"
	"log"
	"time"
)

type Catalog struct {
	Name     string
	Products []string
}

// Poller runs a loop goroutine: its values live as long as that loop.
type Poller struct {
	describe func() string
	quit     chan struct{}
}

func (p *Poller) run() {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-p.quit:
			return
		case <-t.C:
			log.Println(p.describe())
		}
	}
}

func NewPoller(r io.Reader) (*Poller, error) {
	var cat Catalog
	if err := json.NewDecoder(r).Decode(&cat); err != nil {
		return nil, err
	}
	p := &Poller{quit: make(chan struct{})}
	p.describe = func() string { return cat.Name } // want `closure stored in field "describe" of \*Poller \(which runs a goroutine that never returns\) captures "cat" \(input-sized Catalog decoded by \(\*json.Decoder\).Decode\) but uses only cat.Name`
	go p.run()
	return p, nil
}

// Table is generic, and one instance is held by a package-level var.
type Table[K comparable] struct {
	rows  map[K]string
	title func() string
}

var current = &Table[string]{}

func Build[K comparable](raw []byte) *Table[K] {
	var cat Catalog
	json.Unmarshal(raw, &cat)
	return &Table[K]{
		rows:  map[K]string{},
		title: func() string { return "table of " + cat.Name }, // want `closure stored in field "title" of \*Table\[K\] \(which package-level var "current" holds\) captures "cat" \(input-sized Catalog decoded by json.Unmarshal\) but uses only cat.Name`
	}
}

// NEGATIVE: a Poller built and used in place, never started or returned.
func Describe(raw []byte) string {
	var cat Catalog
	json.Unmarshal(raw, &cat)
	p := &Poller{}
	p.describe = func() string { return cat.Name }
	return p.describe()
}

// Note is not a long-lived type: nothing holds one for long.
type Note struct{ text func() string }

// NEGATIVE: a fresh object of a type that does not live long.
func NewNote(raw []byte) *Note { // want NewNote:"returnsClosure\\(own:cat.Name\\)"
	var cat Catalog
	json.Unmarshal(raw, &cat)
	return &Note{text: func() string { return cat.Name }}
}
