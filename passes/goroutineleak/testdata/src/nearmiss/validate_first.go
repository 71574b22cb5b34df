package nearmiss

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
)

// BundleImporter models the fixed shape of a skipped receive: validation runs
// before the checksum goroutine is started, and every later path receives.
type BundleImporter struct {
	allowedExt string
}

func (im *BundleImporter) Import(path, expected string) error {
	if !strings.HasSuffix(path, im.allowedExt) {
		return fmt.Errorf("import %s: unsupported extension", path)
	}
	checksum := make(chan string)
	go func() {
		data, _ := os.ReadFile(path)
		sum := sha256.Sum256(data)
		checksum <- hex.EncodeToString(sum[:])
	}()
	if got := <-checksum; got != expected {
		return fmt.Errorf("import %s: checksum mismatch", path)
	}
	return nil
}
