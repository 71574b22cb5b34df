package negative

import (
	"io"
	"log"
)

// NEGATIVE: suppressed by a directive with a reason.
func Suppressed(r io.Reader) {
	raw, _ := io.ReadAll(r)
	//leakvet:ignore closurecapture called once at start-up with a small file
	hooks = append(hooks, func() { log.Print(len(raw)) })
}
