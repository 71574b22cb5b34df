package main

import (
	"container/list"
	"log"
	"maps"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

type peer struct {
	id     string
	joined time.Time
}

var connsMu sync.Mutex

// NEGATIVE: handleJoin inserts, handleLeave deletes (eviction with delete).
var conns = map[string]*peer{}

func handleJoin(w http.ResponseWriter, r *http.Request) {
	id := r.FormValue("id")
	connsMu.Lock()
	conns[id] = &peer{id: id, joined: time.Now()}
	connsMu.Unlock()
}

func handleLeave(w http.ResponseWriter, r *http.Request) {
	connsMu.Lock()
	delete(conns, r.FormValue("id"))
	connsMu.Unlock()
}

type Metric struct {
	Name  string
	Value float64
}

type Reporter struct{ out *log.Logger }

// NEGATIVE: appended per sample, but Flush resets it with batch[:0].
var batch []Metric

func (r *Reporter) Add(m Metric) {
	batch = append(batch, m)
}

func (r *Reporter) Flush() {
	for _, m := range batch {
		r.out.Printf("%s %g", m.Name, m.Value)
	}
	batch = batch[:0]
}

// NEGATIVE: handlers override settings, but reload swaps in a fresh map.
var settings = map[string]string{}

func handleSet(w http.ResponseWriter, r *http.Request) {
	settings[r.FormValue("k")] = r.FormValue("v")
}

func reload(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	fresh := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			fresh[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	settings = fresh
	return nil
}

const maxRecent = 100

type RequestLog struct{}

// NEGATIVE: bounded ring; once full, the oldest entry is dropped by
// reslicing before appending.
var recent []string

func (l *RequestLog) Add(path string) {
	if len(recent) >= maxRecent {
		recent = recent[1:]
	}
	recent = append(recent, path)
}

const maxQueue = 1024

type Task struct{ Name string }

// NEGATIVE: the append is dominated by a length check on the same slice, so
// it can never exceed maxQueue (and nothing else bounds it).
var queue []Task

func Enqueue(t Task) bool {
	if len(queue) < maxQueue {
		queue = append(queue, t)
		return true
	}
	return false
}

const maxBacklog = 512

type Spooler struct{}

// NEGATIVE: early-return length guard (len >= max -> return) dominates the
// insert.
var backlog = map[string][]byte{}

func (s *Spooler) Spool(key string, data []byte) {
	if len(backlog) >= maxBacklog {
		return
	}
	backlog[key] = data
}

// NEGATIVE: sync.Map that is stored into per request and deleted when the
// request finishes.
var inflight sync.Map

func handleProxy(w http.ResponseWriter, r *http.Request) {
	id := r.Header.Get("X-Request-ID")
	inflight.Store(id, time.Now())
	defer inflight.Delete(id)
	w.WriteHeader(http.StatusOK)
}

const maxCached = 256

type lruEntry struct {
	key string
	val []byte
}

type LRU struct{ mu sync.Mutex }

// NEGATIVE: LRU list with Remove of the oldest element (and the index map
// with delete).
var (
	lruList  = list.New()
	lruIndex = map[string]*list.Element{}
)

func (c *LRU) Put(key string, val []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := lruIndex[key]; ok {
		lruList.MoveToFront(el)
		el.Value.(*lruEntry).val = val
		return
	}
	lruIndex[key] = lruList.PushFront(&lruEntry{key: key, val: val})
	if lruList.Len() > maxCached {
		oldest := lruList.Back()
		lruList.Remove(oldest)
		delete(lruIndex, oldest.Value.(*lruEntry).key)
	}
}

type LeaseManager struct{ mu sync.Mutex }

// NEGATIVE: expired leases are pruned with maps.DeleteFunc from a ticker.
var leases = map[string]time.Time{}

func (m *LeaseManager) Acquire(holder string, ttl time.Duration) {
	m.mu.Lock()
	leases[holder] = time.Now().Add(ttl)
	m.mu.Unlock()
}

func expireLeases(now time.Time) {
	maps.DeleteFunc(leases, func(_ string, exp time.Time) bool {
		return now.After(exp)
	})
}

// NEGATIVE: per-path counter that is cleared after every periodic flush.
var pageViews = map[string]int{}

func handleView(w http.ResponseWriter, r *http.Request) {
	pageViews[r.URL.Path]++
}

func flushPageViews() {
	for path, n := range pageViews {
		log.Printf("views %s=%d", path, n)
	}
	clear(pageViews)
}

type watcher struct{ ch chan string }

// NEGATIVE: AddWatcher appends, RemoveWatcher uses slices.Delete.
var watchers []*watcher

func AddWatcher(w *watcher) {
	watchers = append(watchers, w)
}

func RemoveWatcher(w *watcher) {
	if i := slices.Index(watchers, w); i >= 0 {
		watchers = slices.Delete(watchers, i, i+1)
	}
}

type Encoder struct{}

// NEGATIVE: scratch buffer reused with append(scratch[:0], ...), which
// resets it on every call.
var scratch []byte

func (e *Encoder) Encode(s string) []byte {
	scratch = append(scratch[:0], s...)
	return append([]byte(nil), scratch...)
}
