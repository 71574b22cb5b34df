// Package negative holds near-misses: views that are copied, kept only
// locally, of small values, or that keep most of their value.
package negative

import (
	"bufio"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
)

var (
	kept   []string
	keptB  [][]byte
	byAddr = map[string]string{}
)

// NEAR-MISS: most of the value: all but the first byte.
func DropFirst(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	keptB = append(keptB, body[1:])
}

// NEAR-MISS: most of the value: all but the last byte.
func DropLast(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	keptB = append(keptB, body[:len(body)-1])
}

// NEAR-MISS: a prefix of unknown length may be all of it.
func Prefix(r *http.Request, n int) {
	body, _ := io.ReadAll(r.Body)
	keptB = append(keptB, body[:n])
}

// NEAR-MISS: a view of a parameter of unknown size.
func Keep(s string) {
	kept = append(kept, s[:4])
}

// NEAR-MISS: a view of a constant.
const banner = "leakvet: small views, large buffers"

func Banner() {
	kept = append(kept, banner[:7])
}

// NEAR-MISS: a view of a small array.
func Small(r io.Reader) {
	var buf [64]byte
	n, _ := r.Read(buf[:])
	if n > 8 {
		keptB = append(keptB, buf[2:8])
	}
}

// NEAR-MISS: the view is kept only in a local and logged.
func Local(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	id := body[:16]
	log.Printf("request %s", id)
}

// NEAR-MISS: formatted and parsed values are fresh strings.
func Formatted(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	byAddr[r.RemoteAddr] = fmt.Sprintf("%s", body[:16])
	if n, err := strconv.Atoi(string(body)[:4]); err == nil {
		byAddr["n"] = strconv.Itoa(n)
	}
}

// NEAR-MISS: bufio.Scanner's Bytes are reused, not retained (another bug,
// out of scope); the text of a line is a copy.
func Scan(r io.Reader) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		kept = append(kept, sc.Text()[:1])
		keptB = append(keptB, sc.Bytes()[:1])
	}
}

// first returns the first 8 bytes of b.
func first(b []byte) []byte { return b[:8] }

// NEAR-MISS: a returned view that its caller only prints.
func Print(path string) {
	data, _ := os.ReadFile(path)
	fmt.Println(first(data))
}

// Entry is a parsed record.
type Entry struct {
	ID  string
	Len int
}

// NEAR-MISS: a struct holding the view that dies with the call.
func Parse(r *http.Request) int {
	body, _ := io.ReadAll(r.Body)
	e := Entry{ID: string(body)[:16], Len: len(body)}
	return e.Len + len(e.ID)
}

// NEAR-MISS: the whole value is kept, not a view of it.
func Whole(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	keptB = append(keptB, body)
}

// NEAR-MISS: TrimSpace keeps most of its input.
func Trimmed(path string) {
	data, _ := os.ReadFile(path)
	kept = append(kept, strings.TrimSpace(string(data)))
}

// NEAR-MISS: suppressed with a directive.
func Suppressed(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	keptB = append(keptB, body[:16]) //leakvet:ignore retention the body is at most 64 bytes by protocol
}

// Conn is a long-lived connection with its own read buffer.
type Conn struct {
	buf  [65536]byte
	last []byte
}

var conn = &Conn{}

// NEAR-MISS: the view's buffer belongs to the long-lived object that keeps
// the view: it keeps nothing extra alive.
func (c *Conn) Next(i, j int) {
	c.last = c.buf[i:j]
}

var (
	bodies [][]byte
	heads  [][]byte
)

// NEAR-MISS: the whole body is kept anyway.
func KeepBoth(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	bodies = append(bodies, body)
	heads = append(heads, body[:8])
}

// Worker is a large object with a WaitGroup.
type Worker struct {
	buf [1 << 17]byte
	wg  sync.WaitGroup
}

// NEAR-MISS: &w.wg is handed to sync.WaitGroup.Add, which does not keep
// it (the runtime's synctest bookkeeping is not a program keeping it).
func NewWorker() *Worker {
	w := new(Worker)
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		w.buf[0] = 1
	}()
	return w
}

var previewKinds = map[string]string{}

// NEAR-MISS: string(body[:min(len(body), 64)]) copies at most 64 bytes:
// the part of it kept points into the copy, not into the body.
func PreviewKind(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	head := string(body[:min(len(body), 64)])
	kind, _, _ := strings.Cut(head, ";")
	previewKinds[r.URL.Path] = kind
}
