package outsider

import (
	"io"
	"log"
	"os"
	"path/filepath"
	"sync"

	"outsiderlib"
)

// ImageCache evicts images; the package-level one lives as long as the
// process.
type ImageCache struct {
	mu      sync.Mutex
	onEvict map[string]func()
}

var images = &ImageCache{onEvict: map[string]func(){}}

// CacheImage registers an eviction callback that keeps the whole image to
// log its size.
func CacheImage(key string, r io.Reader) {
	img, err := io.ReadAll(r)
	if err != nil {
		return
	}
	images.mu.Lock()
	defer images.mu.Unlock()
	images.onEvict[key] = func() { log.Printf("evicted %s (%d bytes)", key, len(img)) } // want `closure stored in field "onEvict" of \*ImageCache \(held by package-level var "images"\) captures "img" \(input-sized \[\]byte from io\.ReadAll\) but uses only len\(img\)`
}

var templateChecks []func() bool

// LoadTemplates makes one check per file in a loop; each keeps its file.
func LoadTemplates(dir string, names []string) {
	for _, name := range names {
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		templateChecks = append(templateChecks, func() bool { return len(src) > 0 }) // want `captures "src" \(input-sized \[\]byte from os\.ReadFile\) but uses only len\(src\)`
	}
}

// Billing reports on invoices from the billing API.
type Billing struct{}

// Track logs an invoice's customer every minute, forever, through a
// scheduler in another package, and keeps the whole invoice for it.
func (b *Billing) Track(r io.Reader) error {
	inv, err := outsiderlib.DecodeInvoice(r)
	if err != nil {
		return err
	}
	outsiderlib.Every(60e9, func() { log.Printf("tracking invoice for %s", inv.Customer) }) // want `closure passed to outsiderlib\.Every, which stores it in a goroutine that blocks and that nothing waits for captures "inv" \(input-sized \*Invoice decoded by \(\*json\.Decoder\)\.Decode\) but uses only inv\.Customer`
	return nil
}

// Expire hands a decoded batch to a generic helper that keeps it for its
// length.
func (b *Billing) Expire(raw []byte) error {
	inv, err := outsiderlib.DecodeInvoice(bytesReader(raw))
	if err != nil {
		return err
	}
	outsiderlib.Remember(60e9, inv.Lines) // want `call to outsiderlib\.Remember pins "inv\.Lines" \(input-sized \[\]outsiderlib\.LineItem`
	return nil
}

var invoiceChanges outsiderlib.Registry[string]

// Subscribe registers a listener in a package-level generic registry; the
// listener keeps the whole invoice to compare its number.
func (b *Billing) Subscribe(r io.Reader) error {
	inv, err := outsiderlib.DecodeInvoice(r)
	if err != nil {
		return err
	}
	invoiceChanges.OnChange(func(number string) { // want `closure passed to \(\*outsiderlib\.Registry\[K\]\)\.OnChange, which stores it in .* captures "inv" .* but uses only inv\.Number`
		if number == inv.Number {
			log.Printf("invoice %s changed", number)
		}
	})
	return nil
}
