package scenarios

import (
	"bytes"
	"fmt"
	"net/http"
	"sync/atomic"
)

// Uploader models a completion channel that is declared but never made: the
// bookkeeping goroutine receives from a nil channel and never wakes up.
type Uploader struct {
	endpoint string
	client   *http.Client
	inflight atomic.Int64
}

func (u *Uploader) Upload(name string, data []byte) error {
	var finished chan struct{}
	u.inflight.Add(1)
	go func() {
		<-finished // want "goroutine blocks forever receiving from nil channel"
		u.inflight.Add(-1)
	}()
	resp, err := u.client.Post(u.endpoint+"/"+name, "application/octet-stream", bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("upload %s: %w", name, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("upload %s: %s", name, resp.Status)
	}
	return nil
}
