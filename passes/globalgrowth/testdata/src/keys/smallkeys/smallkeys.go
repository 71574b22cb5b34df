// Command smallkeys: maps keyed by types or value ranges with few values
// are bounded; the same maps keyed by request strings are not.
package main

import (
	"net/http"
	"strconv"
	"sync"
)

type Proto string

const (
	TCP Proto = "tcp"
	UDP Proto = "udp"
)

type Level string

const (
	Debug Level = "debug"
	Info  Level = "info"
)

var (
	mu       sync.Mutex
	byStatus = map[int16]int{}  // NEGATIVE: 16-bit key
	byShard  = map[int]int{}    // NEGATIVE: key reduced to 64 values
	byProto  = map[Proto]int{}  // NEGATIVE: only the declared constants
	byBit    = map[uint32]int{} // NEGATIVE: a byte widened
	byLevel  = map[Level]int{}  // want `package-level map "byLevel" grows without bound: handle adds entries and nothing deletes them, keyed by r\.URL\.Query\(\)\.Get\("level"\), derived from the request r of handle`
	byUser   = map[int32]int{}  // want `package-level map "byUser" grows without bound: handle adds entries and nothing deletes them, keyed by int32\(strconv\.Atoi\(r\.FormValue\("user"\)\)\), derived from the request r of handle`
)

func handle(w http.ResponseWriter, r *http.Request) {
	mu.Lock()
	defer mu.Unlock()
	byStatus[int16(r.ContentLength%600)]++
	n, _ := strconv.Atoi(r.FormValue("n"))
	byShard[n%64]++
	p := UDP
	if r.Proto == "HTTP/1.1" {
		p = TCP
	}
	byProto[p]++
	byBit[uint32(r.Method[0])]++
	// A conversion from a request string does not make an enum.
	byLevel[Level(r.URL.Query().Get("level"))]++
	id, _ := strconv.Atoi(r.FormValue("user"))
	byUser[int32(id)]++
}

// NEGATIVE: a generic counter instantiated with a 16-bit key.
type Tally[K comparable] struct{ m map[K]int }

func (t *Tally[K]) Add(k K) { t.m[k]++ }

var ports = &Tally[uint16]{m: map[uint16]int{}}

func (s *server) accept(port uint16) { ports.Add(port) }

type server struct{}

func main() {
	http.HandleFunc("/", handle)
	http.ListenAndServe(":8080", nil)
}
