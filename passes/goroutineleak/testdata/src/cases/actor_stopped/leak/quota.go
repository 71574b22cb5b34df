// LEAK: the quota actor's loop serves q.reqs until Stop closes q.quit, but
// Take does a bare send on q.reqs without selecting on q.quit. A Take after
// Stop (or racing with it) blocks forever because the loop is gone.
// Report at the send in Take (q.reqs <- req).
package leak

type takeReq struct {
	tenant string
	n      int
	reply  chan bool
}

type Quota struct {
	reqs  chan takeReq
	quit  chan struct{}
	limit int
}

func NewQuota(limit int) *Quota {
	q := &Quota{reqs: make(chan takeReq), quit: make(chan struct{}), limit: limit}
	go q.loop()
	return q
}

func (q *Quota) loop() {
	used := make(map[string]int)
	for {
		select {
		case r := <-q.reqs:
			ok := used[r.tenant]+r.n <= q.limit
			if ok {
				used[r.tenant] += r.n
			}
			r.reply <- ok
		case <-q.quit:
			return
		}
	}
}

// Take reports whether tenant may use n more units.
func (q *Quota) Take(tenant string, n int) bool {
	req := takeReq{tenant: tenant, n: n, reply: make(chan bool, 1)}
	q.reqs <- req // want `blocks forever sending on "q\.reqs"`
	return <-req.reply
}

func (q *Quota) Stop() { close(q.quit) }
