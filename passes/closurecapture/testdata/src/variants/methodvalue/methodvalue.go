// Package methodvalue: method values passed as callbacks are judged like
// the equivalent closure.
package methodvalue

import (
	"encoding/json"
	"io"
	"log"
	"time"
)

type Batch struct {
	ID   int
	data []byte
}

func (b *Batch) flush() { log.Printf("batch %d: %d bytes", b.ID, len(b.data)) }

func (b *Batch) write(w io.Writer) { w.Write(b.data) }

func Schedule(r io.Reader) {
	body, _ := io.ReadAll(r)
	b := &Batch{ID: 1, data: body}
	time.AfterFunc(time.Minute, b.flush) // want `method value b.flush passed to time.AfterFunc captures "b" \(\*Batch holding input-sized \[\]byte from io.ReadAll in field data\) but \(\*Batch\).flush uses only b.ID and len\(b.data\)`
}

type Summary struct {
	Title string
	Items []string
}

// A value receiver: the method value copies the struct, slices and all.
func (s Summary) title() string { return s.Title }

var hooks []func() string

func Register(raw []byte) {
	var s Summary
	json.Unmarshal(raw, &s)
	hooks = append(hooks, s.title) // want `method value s.title stored in package-level slice "hooks" captures "s" \(input-sized Summary decoded by json.Unmarshal\) but \(Summary\).title uses only s.Title`
}

// NEGATIVE: the method writes the whole buffer.
func Later(r io.Reader, w io.Writer) {
	body, _ := io.ReadAll(r)
	b := &Batch{data: body}
	time.AfterFunc(time.Minute, func() { b.write(w) })
}

// The closure calling the method is judged the same way.
func Closure(r io.Reader) {
	body, _ := io.ReadAll(r)
	b := &Batch{ID: 2, data: body}
	time.AfterFunc(time.Minute, func() { b.flush() }) // want `closure passed to time.AfterFunc captures "b" \(\*Batch holding input-sized \[\]byte from io.ReadAll in field data\) but uses only b.ID and len\(b.data\)`
}

// NEGATIVE: the method value runs now.
func Now(r io.Reader) {
	body, _ := io.ReadAll(r)
	b := &Batch{data: body}
	f := b.flush
	f()
}
