// LEAK: Spend counts usage per API key taken from each request, adding an
// entry for every key ever seen. NewWindow "resets" the map by overwriting
// each existing entry with 0 instead of deleting or clearing, so no key is
// ever removed and the map keeps growing with every new client.
package leak

import "sync"

const limit = 1000

var (
	mu   sync.Mutex
	used = map[string]int{} // want `package-level map "used" grows without bound: Spend adds entries and nothing deletes them, keyed by apiKey, from parameter apiKey of exported function Spend`
)

// Spend records n units for apiKey and reports whether it is within quota.
func Spend(apiKey string, n int) bool { // want Spend:"grows map cases/globalgrowth/range_key_overwrite/leak.used keyed by param 0"
	mu.Lock()
	defer mu.Unlock()
	used[apiKey] += n
	return used[apiKey] <= limit
}

// NewWindow is called by a ticker at the start of every window.
func NewWindow() {
	mu.Lock()
	defer mu.Unlock()
	for k := range used {
		used[k] = 0
	}
}
