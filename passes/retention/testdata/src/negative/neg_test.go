package negative

import (
	"io"
	"net/http"
	"testing"
)

var testKept [][]byte

// NEAR-MISS: test code is short-lived.
func TestKeep(t *testing.T) {
	r, _ := http.NewRequest("GET", "/", nil)
	body, _ := io.ReadAll(r.Body)
	testKept = append(testKept, body[:4])
}
