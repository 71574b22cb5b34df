// Package tickers holds ticker helpers shared by other packages.
package tickers

import "time"

// Fresh returns a new, running ticker; the caller must stop it. The check
// records this as a fact so callers in other packages are checked.
func Fresh(d time.Duration) *time.Ticker { // want Fresh:"returnsTicker"
	return time.NewTicker(d)
}
