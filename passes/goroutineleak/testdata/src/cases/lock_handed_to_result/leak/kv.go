// LEAK: Begin hands the held s.mu to the *Tx it returns, as in the twin, but
// Transfer returns ErrTooPoor without Commit or Rollback, so that Tx's lock is
// never released and the next Begin blocks forever. Report at the ErrTooPoor
// return in Transfer (related: s.mu.Lock() in Begin), not at Begin itself.
package leak

import (
	"errors"
	"maps"
	"sync"
)

var ErrClosed = errors.New("kv: store closed")
var ErrTooPoor = errors.New("kv: insufficient balance")

type Store struct {
	mu     sync.Mutex
	closed bool
	bal    map[string]int
}

type Tx struct {
	s      *Store // nil once finished
	writes map[string]int
}

func (s *Store) Begin() (*Tx, error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, ErrClosed
	}
	return &Tx{s: s, writes: make(map[string]int)}, nil
}

func (tx *Tx) Commit() {
	maps.Copy(tx.s.bal, tx.writes)
	tx.Rollback()
}

func (tx *Tx) Rollback() {
	if tx.s != nil {
		tx.s.mu.Unlock()
		tx.s = nil
	}
}

func (s *Store) Transfer(from, to string, amount int) error {
	tx, err := s.Begin()
	if err != nil {
		return err
	}
	if s.bal[from] < amount {
		return ErrTooPoor // want `returns here with the lock held by tx, which another path releases`
	}
	tx.writes[from] = s.bal[from] - amount
	tx.writes[to] = s.bal[to] + amount
	tx.Commit()
	return nil
}
