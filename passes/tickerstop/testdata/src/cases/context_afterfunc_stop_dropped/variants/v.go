// Variants of context_afterfunc_stop_dropped: registration on a
// Background context passed by the caller (leak), on the owner's context
// field with the stop assigned to _ (leak), and registrations on the
// request's own context or with the stop deferred (near-misses).
package variants

import (
	"context"
	"net/http"
)

type conn struct{ closed bool }

func (c *conn) close() { c.closed = true }

func watch(ctx context.Context, c *conn) {
	context.AfterFunc(ctx, c.close) // want `context.AfterFunc drops its stop func on a context that outlives this call \(the context comes from context.Background`
}

type Pool struct {
	ctx context.Context
}

func (p *Pool) Get() *conn {
	c := &conn{}
	watch(context.Background(), c)
	return c
}

func (p *Pool) Put(c *conn) {
	_ = context.AfterFunc(p.ctx, c.close) // want `context.AfterFunc drops its stop func on a context that outlives this call \(the context in field Pool.ctx`
}

// Near-misses.
func Handle(w http.ResponseWriter, r *http.Request) {
	c := &conn{}
	context.AfterFunc(r.Context(), c.close)
}

func (p *Pool) Borrow() *conn {
	c := &conn{}
	stop := context.AfterFunc(p.ctx, c.close)
	defer stop()
	return c
}
