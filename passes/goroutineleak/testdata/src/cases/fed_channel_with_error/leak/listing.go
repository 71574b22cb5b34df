// LEAK: ListKeys returns (<-chan string, error) and feeds the unbuffered
// channel from its own goroutine; FindNewest stops reading at the first key
// with the wanted suffix, leaving the feeder blocked forever on its next send.
// Report at the call ListKeys in FindNewest (related: the send in the feeder).
package leak

import (
	"errors"
	"fmt"
	"strings"
)

var ErrNoBucket = errors.New("listing: empty bucket name")

func ListKeys(bucket string, count int) (<-chan string, error) { // want ListKeys:`feeds\(many\)`
	if bucket == "" {
		return nil, ErrNoBucket
	}
	keys := make(chan string)
	go func() {
		defer close(keys)
		for i := count - 1; i >= 0; i-- {
			keys <- fmt.Sprintf("%s/snap-%05d.tar", bucket, i)
		}
	}()
	return keys, nil
}

func FindNewest(bucket, suffix string) (string, error) {
	keys, err := ListKeys(bucket, 10000) // want `ListKeys`
	if err != nil {
		return "", err
	}
	for k := range keys {
		if strings.HasSuffix(k, suffix) {
			return k, nil
		}
	}
	return "", fmt.Errorf("no key ending in %q", suffix)
}
