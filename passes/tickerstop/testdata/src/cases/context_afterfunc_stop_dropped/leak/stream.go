// LEAK: abortOnShutdown registers a context.AfterFunc on the server's base
// context for every stream and drops the returned stop func. The base
// context is cancelled only at shutdown, so each finished stream's callback,
// and the stream it captures, stays registered until then.
package leak

import "context"

type stream struct {
	id     uint64
	buf    []byte
	cancel func()
}

func (s *stream) abort() { s.cancel() }

type Server struct {
	base   context.Context
	handle func(ctx context.Context, s *stream) error
}

func abortOnShutdown(ctx context.Context, s *stream) {
	context.AfterFunc(ctx, s.abort) // want `context.AfterFunc drops its stop func on a context that outlives this call \(the context in field Server.base`
}

// Serve runs one stream to completion.
func (srv *Server) Serve(id uint64) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := &stream{id: id, buf: make([]byte, 64<<10), cancel: cancel}
	abortOnShutdown(srv.base, s)
	return srv.handle(ctx, s)
}
