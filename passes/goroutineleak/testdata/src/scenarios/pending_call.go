package scenarios

import (
	"context"
	"net"
)

type rpcResponse struct {
	payload []byte
	err     error
}

type pendingCall struct {
	method string
	reply  chan rpcResponse
}

// RPCClient models a call whose reply channel lives in a per-call struct: the
// caller abandons the call on ctx.Done() and the round-trip goroutine blocks.
type RPCClient struct {
	conn net.Conn
}

func (c *RPCClient) roundTrip(method string, body []byte) rpcResponse {
	if _, err := c.conn.Write(append([]byte(method+"\n"), body...)); err != nil {
		return rpcResponse{err: err}
	}
	buf := make([]byte, 4096)
	n, err := c.conn.Read(buf)
	return rpcResponse{payload: buf[:n], err: err}
}

func (c *RPCClient) Call(ctx context.Context, method string, body []byte) ([]byte, error) {
	call := &pendingCall{method: method, reply: make(chan rpcResponse)}
	go func() {
		call.reply <- c.roundTrip(call.method, body) // want "goroutine blocks forever sending on \"call\\.reply\""
	}()
	select {
	case resp := <-call.reply:
		return resp.payload, resp.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
