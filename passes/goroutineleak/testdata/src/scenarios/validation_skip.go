package scenarios

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
)

// ArtifactImporter models a receive skipped on an error path: the checksum is
// computed in the background, but a failed validation returns before reading it.
type ArtifactImporter struct {
	allowedExt string
}

var errBadExtension = errors.New("unsupported artifact extension")

func (im *ArtifactImporter) Import(path string, expected string) error {
	checksum := make(chan string)
	go func() {
		data, _ := os.ReadFile(path)
		sum := sha256.Sum256(data)
		checksum <- hex.EncodeToString(sum[:]) // want "goroutine blocks forever sending on \"checksum\""
	}()
	if !strings.HasSuffix(path, im.allowedExt) {
		return fmt.Errorf("import %s: %w", path, errBadExtension)
	}
	if got := <-checksum; got != expected {
		return fmt.Errorf("import %s: checksum mismatch: got %s, want %s", path, got, expected)
	}
	return nil
}
