// Package leak: Download returns the body to its caller, but also installs
// a package-level "last download" describer that captures the whole body
// only for its length. After the caller drops the body, the hook still
// pins it until the next download.
package leak

import (
	"fmt"
	"io"
	"net/http"
)

var lastDownload = func() string { return "none" }

func Download(url string) ([]byte, error) { // want Download:"returnsInput"
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	lastDownload = func() string { return fmt.Sprintf("%s (%d bytes)", url, len(body)) } // want `closure stored in package-level var "lastDownload" captures "body" \(input-sized \[\]byte from io.ReadAll\) but uses only len\(body\)`
	return body, nil
}
