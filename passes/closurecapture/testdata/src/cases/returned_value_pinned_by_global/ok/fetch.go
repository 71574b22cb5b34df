// Package ok: near-miss. The hook captures the length, not the body.
package ok

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
	n := len(body)
	lastDownload = func() string { return fmt.Sprintf("%s (%d bytes)", url, n) }
	return body, nil
}
