// LEAK: Upload's retry path calls u.mu.Lock() again while still holding u.mu
// (it meant to Unlock before backing off), and the janitor's continue skips
// the Unlock, so its next round locks u.mu a second time. Both block forever.
// Report at the second Lock in Upload and at the Lock in the janitor loop.
package leak

import (
	"errors"
	"sync"
	"time"
)

var ErrBusy = errors.New("store busy")

type Uploader struct {
	mu       sync.Mutex
	put      func(name string, body []byte) error
	uploaded map[string]time.Time
}

func New(put func(string, []byte) error) *Uploader {
	return &Uploader{put: put, uploaded: make(map[string]time.Time)}
}

// Default is the process-wide uploader; its janitor starts once, from init.
var Default = New(func(string, []byte) error { return nil })

func init() { go Default.janitor(time.Hour) }

func (u *Uploader) Upload(name string, body []byte) error {
	u.mu.Lock()
	err := u.put(name, body)
	if errors.Is(err, ErrBusy) {
		time.Sleep(50 * time.Millisecond)
		u.mu.Lock() // want `mutex "u\.mu" is locked again while already held`
		err = u.put(name, body)
	}
	if err == nil {
		u.uploaded[name] = time.Now()
	}
	u.mu.Unlock()
	return err
}

// janitor forgets old uploads every minute for the life of the process.
func (u *Uploader) janitor(maxAge time.Duration) {
	for {
		time.Sleep(time.Minute)
		u.mu.Lock() // want `mutex "u\.mu" is locked again while already held`
		if len(u.uploaded) == 0 {
			continue
		}
		for name, at := range u.uploaded {
			if time.Since(at) > maxAge {
				delete(u.uploaded, name)
			}
		}
		u.mu.Unlock()
	}
}
