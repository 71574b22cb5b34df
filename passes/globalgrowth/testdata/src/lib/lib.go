// Package lib is imported by package user; it exposes an exported function
// that grows an unexported global (exported as a fact for other packages).
package lib

// POSITIVE: exported Track inserts with a caller-supplied key and there is
// no Forget/Reset; callers anywhere can grow seen forever.
var seen = map[string]bool{} // want `package-level map "seen" grows without bound: .* adds entries and nothing deletes them`

// Track records that id has been observed.
func Track(id string) { // want Track:"seen"
	seen[id] = true
}

// Seen reports whether id was tracked.
func Seen(id string) bool { return seen[id] }

// NEGATIVE: Note appends, but Reset sets notes back to nil, so the slice is
// bounded and no fact is exported for Note.
var notes []string

// Note appends s to the notes.
func Note(s string) { notes = append(notes, s) }

// Reset discards all notes.
func Reset() { notes = nil }
