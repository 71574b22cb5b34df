// LEAK: Thumbnails adds len(paths) up front, then continues past non-image
// paths without starting their goroutine, so wg.Wait never returns; Warm,
// after Add(len(keys)), waits inside the loop that starts the goroutines.
// Report at each wg.Wait (related: the Add and the continue).
package leak

import (
	"path/filepath"
	"sync"
)

func Thumbnails(paths []string, render func(src string) error) []error {
	errs := make([]error, len(paths))
	var wg sync.WaitGroup
	wg.Add(len(paths))
	for i, p := range paths {
		switch filepath.Ext(p) {
		case ".png", ".jpg":
		default:
			continue
		}
		go func() {
			defer wg.Done()
			errs[i] = render(p)
		}()
	}
	wg.Wait() // want `wg\.Wait blocks forever`
	return errs
}

func Warm(keys []string, fill func(key string)) {
	var wg sync.WaitGroup
	wg.Add(len(keys))
	for _, k := range keys {
		go func() {
			defer wg.Done()
			fill(k)
		}()
		wg.Wait() // want `wg\.Wait inside the loop that starts the goroutines blocks forever`
	}
}
