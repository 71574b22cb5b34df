package scenarios

import (
	"context"
	"fmt"
)

// MigrationStep is one schema change applied to a database shard.
type MigrationStep interface {
	Name() string
	Apply(ctx context.Context) error
}

// Migrator models errgroup-less error collection: the collector returns on the
// first failure and the remaining steps block sending their results.
type Migrator struct {
	shard string
}

func (m *Migrator) RunAll(ctx context.Context, steps []MigrationStep) error {
	errc := make(chan error)
	for _, step := range steps {
		go func(st MigrationStep) {
			err := st.Apply(ctx)
			if err != nil {
				err = fmt.Errorf("%s: step %s: %w", m.shard, st.Name(), err)
			}
			errc <- err // want "goroutine blocks forever sending on \"errc\""
		}(step)
	}
	for range steps {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}
