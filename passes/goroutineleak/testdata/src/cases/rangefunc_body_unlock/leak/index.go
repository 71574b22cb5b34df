// LEAK: Load holds ix.mu while it ranges over an iter.Seq of documents, and
// the early return inside the range-over-func body forgets to unlock, so a
// document without an ID leaves ix.mu held and the next Len or Load blocks
// forever. Report at ix.mu.Lock() in Load (related: the return in the body).
package leak

import (
	"errors"
	"iter"
	"sync"
)

var ErrNoID = errors.New("index: document without id")

type Doc struct {
	ID    string
	Title string
}

type Index struct {
	mu   sync.Mutex
	byID map[string]Doc
}

func NewIndex() *Index { return &Index{byID: make(map[string]Doc)} }

func (ix *Index) Load(docs iter.Seq[Doc]) error {
	ix.mu.Lock() // want `mutex "ix\.mu" locked here stays locked`
	for d := range docs {
		if d.ID == "" {
			return ErrNoID
		}
		ix.byID[d.ID] = d
	}
	ix.mu.Unlock()
	return nil
}

func (ix *Index) Len() int {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return len(ix.byID)
}
