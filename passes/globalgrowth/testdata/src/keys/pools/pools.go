// Package pools keeps one pool per buffer size: bounded when sizes come
// from options or constants, unbounded when every call picks its own.
package pools

import (
	"io"
	"sync"
)

var (
	mu    sync.Mutex
	pools = map[int]*sync.Pool{}
)

func poolFor(size int) *sync.Pool {
	mu.Lock()
	defer mu.Unlock()
	p, ok := pools[size]
	if !ok {
		p = &sync.Pool{New: func() any { b := make([]byte, size); return &b }}
		pools[size] = p
	}
	return p
}

type ReaderOptions struct{ Size int }

type Reader struct {
	src  io.Reader
	pool *sync.Pool
}

// NEGATIVE: the size comes from options passed by pointer to a constructor.
func NewReader(src io.Reader, opts *ReaderOptions) *Reader {
	return &Reader{src: src, pool: poolFor(opts.Size)}
}

// NEGATIVE: a generic constructor sized by its argument.
type Ring[T any] struct {
	pool *sync.Pool
	buf  []T
}

func NewRing[T any](size int) *Ring[T] {
	return &Ring[T]{pool: poolFor(size)}
}

// NEGATIVE: a constant size through a helper.
func defaultPool() *sync.Pool { return poolFor(4096) }

func Scratch() *[]byte { return defaultPool().Get().(*[]byte) }

// POSITIVE: a method sizes the pool by each call's n.
var (
	smu     sync.Mutex
	scratch = map[int]*sync.Pool{} // want `package-level map "scratch" grows without bound: scratchFor adds entries and nothing deletes them, keyed by n, from parameter n of exported method \(\*Reader\)\.ReadN`
)

func scratchFor(n int) *sync.Pool {
	smu.Lock()
	defer smu.Unlock()
	p, ok := scratch[n]
	if !ok {
		p = &sync.Pool{New: func() any { b := make([]byte, n); return &b }}
		scratch[n] = p
	}
	return p
}

func (r *Reader) ReadN(n int) ([]byte, error) { // want ReadN:"grows map keys/pools.scratch keyed by param 1"
	bp := scratchFor(n).Get().(*[]byte)
	_, err := io.ReadFull(r.src, *bp)
	return *bp, err
}

// MaxFrame is a setting other packages may change at start-up.
var MaxFrame = 64 << 10

type frameKey struct {
	opts struct{}
	max  int
}

// NEGATIVE: keyed by a package-level setting the package never assigns
// after start-up, and an empty struct.
var frames sync.Map

func frameBuf() *[]byte {
	k := frameKey{max: MaxFrame}
	if v, ok := frames.Load(k); ok {
		return v.(*[]byte)
	}
	b := make([]byte, MaxFrame)
	frames.Store(k, &b)
	return &b
}

func (r *Reader) Frame() []byte { return *frameBuf() }

// POSITIVE: the package itself changes maxMsg whenever SetMaxMsg is called,
// so it is no setting: each new value adds a buffer.
var maxMsg = 1 << 10

func SetMaxMsg(n int) { maxMsg = n }

var msgs sync.Map // want `package-level sync\.Map "msgs" grows without bound: msgBuf stores entries and nothing deletes them, keyed by pools\.msgKey\{maxMsg\}, from package-level var maxMsg`

type msgKey struct{ max int }

func msgBuf() *[]byte {
	k := msgKey{maxMsg}
	if v, ok := msgs.Load(k); ok {
		return v.(*[]byte)
	}
	b := make([]byte, maxMsg)
	msgs.Store(k, &b)
	return &b
}

func (r *Reader) Msg() []byte { return *msgBuf() } // want Msg:"grows sync.Map keys/pools.msgs"
