// Package outsidernm holds near-misses written against the check from
// outside: every closure here is fine and must stay silent.
package outsidernm

import (
	"encoding/json"
	"io"
	"log"
	"net/http"
	"sort"
	"time"
)

// Ping is a small decoded message: no slice or map.
type Ping struct {
	ID       string
	Attempts int
}

// Order is a decoded order with lines.
type Order struct {
	ID    string
	Lines []string
	Tags  map[string]string
}

var (
	hooks   []func() string
	orders  = map[string]*Order{}
	reports []func() int
)

// NEAR-MISS: a decoded value with no slice or map is small.
func OnPing(raw []byte) {
	var p Ping
	if json.Unmarshal(raw, &p) != nil {
		return
	}
	hooks = append(hooks, func() string { return p.ID })
}

// NEAR-MISS: the hook walks the lines: it uses the large part.
func OnOrder(raw []byte) {
	var o Order
	if json.Unmarshal(raw, &o) != nil {
		return
	}
	hooks = append(hooks, func() string {
		s := ""
		for _, l := range o.Lines {
			s += l
		}
		return s
	})
}

// NEAR-MISS: the hook passes the whole order on.
func OnOrderJSON(raw []byte) {
	var o Order
	if json.Unmarshal(raw, &o) != nil {
		return
	}
	hooks = append(hooks, func() string {
		b, _ := json.Marshal(o)
		return string(b)
	})
}

// NEAR-MISS: the order is kept in a package-level map anyway.
func Remember(raw []byte) {
	o := new(Order)
	if json.Unmarshal(raw, o) != nil {
		return
	}
	orders[o.ID] = o
	hooks = append(hooks, func() string { return o.ID })
}

// NEAR-MISS: the ID is copied before the closure.
func OnOrderID(raw []byte) {
	var o Order
	if json.Unmarshal(raw, &o) != nil {
		return
	}
	id := o.ID
	hooks = append(hooks, func() string { return id })
}

// NEAR-MISS: the body is capped to 4 KiB before decoding.
func Small(w http.ResponseWriter, r *http.Request) {
	var o Order
	if err := json.NewDecoder(io.LimitReader(r.Body, 4096)).Decode(&o); err != nil {
		return
	}
	time.AfterFunc(time.Minute, func() { log.Print(o.ID) })
}

// NEAR-MISS: the decoded order is replaced before the timer fires.
func Replaced(raw []byte) {
	var o Order
	_ = json.Unmarshal(raw, &o)
	time.AfterFunc(time.Minute, func() { log.Print(o.ID) })
	o = Order{}
}

// NEAR-MISS: sorting runs the closure synchronously.
func Sorted(raw []byte) []string { // want Sorted:"returnsInput"
	var o Order
	_ = json.Unmarshal(raw, &o)
	sort.Slice(o.Lines, func(i, j int) bool { return o.Lines[i] < o.Lines[j] })
	return o.Lines
}

// Envelope wraps a message body of any type.
type Envelope[T any] struct {
	ID   string
	Body T
}

// NEAR-MISS: decoded into a type parameter's envelope: T may be a number,
// so the size is unknown.
func Load[T any](raw []byte) {
	var env Envelope[T]
	_ = json.Unmarshal(raw, &env)
	hooks = append(hooks, func() string { return env.ID })
}
