package nearmiss

import (
	"context"
	"errors"
)

// Mirror is one download mirror for a package archive.
type Mirror interface {
	Fetch(ctx context.Context, name string) ([]byte, error)
}

// MirrorSet models a first-of-N race whose channel has one slot per mirror,
// so the losers can still deposit their answers and exit.
type MirrorSet struct {
	mirrors []Mirror
}

type mirrorReply struct {
	data []byte
	err  error
}

var errNoMirrors = errors.New("no mirrors configured")

func (s *MirrorSet) Fetch(ctx context.Context, name string) ([]byte, error) {
	if len(s.mirrors) == 0 {
		return nil, errNoMirrors
	}
	replies := make(chan mirrorReply, len(s.mirrors))
	for _, m := range s.mirrors {
		go func() {
			data, err := m.Fetch(ctx, name)
			replies <- mirrorReply{data: data, err: err}
		}()
	}
	first := <-replies
	return first.data, first.err
}
