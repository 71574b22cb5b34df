// Package arrays keeps pointers into large arrays and structs.
package arrays

// Entry is one slot of a table.
type Entry struct {
	Name string
	Hits int
}

// Table is a 96 KiB array of entries.
type Table struct {
	entries [4096]Entry
}

// Stats is a small summary.
type Stats struct{ Min, Max, Sum int64 }

// Snapshot is 128 KiB of counters and their summary.
type Snapshot struct {
	Counters [16384]int64
	Stats    Stats
}

var (
	hot     = map[string]*Entry{}
	current = map[string]*Stats{}
	table   [4096]Entry
)

func load(t *Table)    {}
func fill(s *Snapshot) {}
func use(e *Entry)     {}
func small() *[4]Entry { return new([4]Entry) }

// POSITIVE: a pointer to one element keeps the whole table.
func Promote(name string, i int) { // want Promote:"stores\\(0\\)"
	t := new(Table)
	load(t)
	hot[name] = &t.entries[i] // want `pointer &t\.entries\[i\] of \*\[4096\]Entry of 96 KiB is stored in package-level map "hot" and keeps all of it alive; copy the element and keep a pointer to the copy`
}

// POSITIVE: a pointer to a small field keeps the whole snapshot.
func Collect(name string) { // want Collect:"stores\\(0\\)"
	snap := new(Snapshot)
	fill(snap)
	current[name] = &snap.Stats // want `pointer &snap\.Stats of \*Snapshot of 128 KiB is stored in package-level map "current"`
}

// NEAR-MISS: a copy of the element.
func PromoteCopy(name string, i int) { // want PromoteCopy:"stores\\(0\\)"
	t := new(Table)
	load(t)
	e := t.entries[i]
	hot[name] = &e
}

// NEAR-MISS: the package-level table lives forever anyway.
func PromoteGlobal(name string, i int) { // want PromoteGlobal:"stores\\(0\\)"
	hot[name] = &table[i]
}

// NEAR-MISS: a pointer into a small array.
func PromoteSmall(name string) { // want PromoteSmall:"stores\\(0\\)"
	a := small()
	hot[name] = &a[1]
}

// NEAR-MISS: the pointer is only used during the call.
func Touch(i int) {
	t := new(Table)
	load(t)
	use(&t.entries[i])
}
