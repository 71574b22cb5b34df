package main

import (
	"hash/fnv"
	"net/http"
)

// Status is an enum: its values are the declared constants below.
type Status int

const (
	StatusOK Status = iota
	StatusClientError
	StatusServerError
)

type Middleware struct{ next http.Handler }

// NEGATIVE: keys come from a bounded domain (enum type with declared
// constants); the switch only ever assigns constants.
var statusCounts = map[Status]int{}

func (m *Middleware) observe(code int) {
	var st Status
	switch {
	case code >= 500:
		st = StatusServerError
	case code >= 400:
		st = StatusClientError
	default:
		st = StatusOK
	}
	statusCounts[st]++
}

// NEGATIVE: bool keys: at most two entries.
var cacheOutcomes = map[bool]int{}

type Cache struct{ data map[string][]byte }

func (c *Cache) Get(k string) []byte {
	v, hit := c.data[k]
	cacheOutcomes[hit]++
	return v
}

// NEGATIVE: constant keys only.
var stats = map[string]int{}

func handleStats(w http.ResponseWriter, r *http.Request) {
	stats["requests"]++
	if r.Method != http.MethodGet {
		stats["errors"]++
	}
}

// NEGATIVE: uint8 keys: at most 256 entries.
var shardHits = map[uint8]int{}

func (c *Cache) shardFor(k string) uint8 {
	h := fnv.New32a()
	h.Write([]byte(k))
	s := uint8(h.Sum32() % 16)
	shardHits[s]++
	return s
}

type Level int

const (
	LevelDebug Level = iota
	LevelInfo
	LevelWarn
	LevelError
)

// NEGATIVE: the key is passed as one of the declared Level constants.
var levelCounts = map[Level]int{}

func count(l Level) { levelCounts[l]++ }

func (m *Middleware) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	count(LevelInfo)
	if r.ContentLength < 0 {
		count(LevelWarn)
	}
	m.next.ServeHTTP(w, r)
	m.observe(http.StatusOK)
}
