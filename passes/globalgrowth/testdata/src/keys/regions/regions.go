// Package regions caches per-region state keyed by receiver fields: bounded
// when the field is set only where the object is built.
package regions

import "sync"

type conn struct{ endpoint string }

var (
	mu    sync.Mutex
	conns = map[string]*conn{}
)

type Client struct {
	region   string
	endpoint string
}

// NEGATIVE: region is set once, in New, on a fresh object.
func New(region string) *Client {
	c := new(Client)
	c.region = region
	c.endpoint = "https://" + region + ".example.com"
	return c
}

func (c *Client) conn() *conn {
	mu.Lock()
	defer mu.Unlock()
	if x, ok := conns[c.region]; ok {
		return x
	}
	x := &conn{endpoint: c.endpoint}
	conns[c.region] = x
	return x
}

func (c *Client) Get(key string) string { return c.conn().endpoint + "/" + key }

// NEGATIVE: a generic cache keyed by its namespace field, set only by its
// generic constructor.
type Cache[V any] struct{ ns string }

func NewCache[V any](ns string) *Cache[V] { return &Cache[V]{ns: ns} }

var namespaces = map[string]int{}

func (c *Cache[V]) Put(v V) {
	mu.Lock()
	namespaces[c.ns]++
	mu.Unlock()
}

// POSITIVE: lang is also written by an exported setter, so the key is
// whatever callers last set.
type Session struct{ lang string }

func (s *Session) SetLang(l string) { s.lang = l }

var byLang = map[string]int{} // want `package-level map "byLang" grows without bound: \(\*Session\)\.Render adds entries and nothing deletes them, keyed by s\.lang, from parameter s of exported method \(\*Session\)\.Render`

func (s *Session) Render() string { // want Render:"grows map keys/regions.byLang keyed by param 0"
	mu.Lock()
	defer mu.Unlock()
	byLang[s.lang]++
	return s.lang
}

// NEGATIVE: keyed by a field of the options held in an unexported field
// set only when the DB is built (db.opt.Dir), and by a level's name set in
// its composite literal and read through another object.
type Options struct{ Dir string }

type level struct{ name string }

type DB struct {
	opt    Options
	levels []*level
}

func Open(opt Options) *DB {
	db := &DB{opt: opt}
	if db.opt.Dir == "" {
		db.opt.Dir = "/tmp" // still building the DB
	}
	// A closure captures db: it lives in a cell that holds only the
	// new DB.
	reset := func() { db.levels = nil }
	defer reset()
	for _, n := range []string{"l0", "l1", "l2"} {
		db.levels = append(db.levels, &level{name: n})
	}
	return db
}

var sizes = map[string]int64{}

// debug only reads the options it is called on.
func (o *Options) debug(msg string) string { return o.Dir + ": " + msg }

func (db *DB) Report(n int64) {
	_ = db.opt.debug("report")
	mu.Lock()
	sizes[db.opt.Dir] = n
	mu.Unlock()
}

type compaction struct{ next *level }

var written = map[string]int64{}

func (db *DB) Compact(cd *compaction, n int64) {
	mu.Lock()
	written[cd.next.name] += n
	mu.Unlock()
}

// POSITIVE: a field of the options that SetDir writes at any time.
type Store struct{ opt Options }

func (s *Store) SetDir(d string) { s.opt.Dir = d }

var dirs = map[string]int{} // want `package-level map "dirs" grows without bound: \(\*Store\)\.Touch adds entries and nothing deletes them, keyed by s\.opt\.Dir, from parameter s of exported method \(\*Store\)\.Touch`

func (s *Store) Touch() { // want Touch:"grows map keys/regions.dirs keyed by param 0"
	mu.Lock()
	dirs[s.opt.Dir]++
	mu.Unlock()
}
