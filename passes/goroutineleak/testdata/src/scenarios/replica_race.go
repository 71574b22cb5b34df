// Package scenarios holds realistic goroutine leaks the analyzer must report.
package scenarios

import (
	"context"
	"errors"
)

// Replica is one copy of a key-value shard.
type Replica interface {
	Get(ctx context.Context, key string) ([]byte, error)
}

type replicaReply struct {
	value []byte
	err   error
}

// ReplicatedReader models a first-of-N read: it queries every replica and
// returns the first answer, leaving the other N-1 senders stuck.
type ReplicatedReader struct {
	replicas []Replica
}

var errNoReplicas = errors.New("no replicas configured")

func (r *ReplicatedReader) Get(ctx context.Context, key string) ([]byte, error) {
	if len(r.replicas) == 0 {
		return nil, errNoReplicas
	}
	answers := make(chan replicaReply)
	for _, rep := range r.replicas {
		go func() {
			v, err := rep.Get(ctx, key)
			answers <- replicaReply{value: v, err: err} // want "goroutine blocks forever sending on \"answers\""
		}()
	}
	first := <-answers
	return first.value, first.err
}
