package negative

import (
	"io"
	"log"
	"strings"
	"testing"
	"time"
)

// NEGATIVE: closures in tests die with the test.
func TestTimer(t *testing.T) {
	raw, _ := io.ReadAll(strings.NewReader("x"))
	time.AfterFunc(time.Second, func() { log.Print(len(raw)) })
}
