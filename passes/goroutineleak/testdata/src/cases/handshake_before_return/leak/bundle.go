// LEAK: Bundle also enforces a size limit, and that return comes without any
// handshake: the reader goroutine is still ranging over paths and blocks
// forever on its next out <- send (or on errc). Report at out <- Asset{...}
// in the goroutine (related: the ErrTooLarge return).
package leak

import "errors"

var ErrTooLarge = errors.New("bundle: over size limit")

type Asset struct {
	Path string
	Data []byte
}

func Bundle(paths []string, limit int, read func(path string) ([]byte, error)) ([]Asset, error) {
	out := make(chan Asset)
	errc := make(chan error)
	go func() {
		defer close(out)
		var err error
		for _, p := range paths {
			var data []byte
			if data, err = read(p); err != nil {
				break
			}
			out <- Asset{Path: p, Data: data} // want `goroutine blocks forever sending on "out"`
		}
		if err != nil {
			errc <- err // want `goroutine blocks forever sending on "errc"`
		}
	}()

	var assets []Asset
	size := 0
	for {
		select {
		case a, ok := <-out:
			if !ok {
				return assets, nil
			}
			if size += len(a.Data); size > limit {
				return nil, ErrTooLarge
			}
			assets = append(assets, a)
		case err := <-errc:
			return nil, err
		}
	}
}
