// LEAK: both maps are keyed by values with no useful bound: warnedHosts by
// the sender's host name and byApp by the free-form app name in each
// message. Receive adds entries per datagram and nothing ever deletes them.
package leak

import (
	"log"
	"sync"
)

var (
	mu          sync.Mutex
	warnedHosts = map[string]bool{} // want `package-level map "warnedHosts" grows without bound: Receive adds entries and nothing deletes them, keyed by host, from parameter host of exported function Receive`
	byApp       = map[string]int{}  // want `package-level map "byApp" grows without bound: Receive adds entries and nothing deletes them, keyed by app, from parameter app of exported function Receive`
)

// Receive handles one syslog datagram from host, logged by app.
func Receive(host, app string, port uint16, msg []byte) { // want Receive:"grows map .*warnedHosts keyed by param 0"
	mu.Lock()
	defer mu.Unlock()
	if port < 1024 && !warnedHosts[host] {
		log.Printf("syslog: datagram from privileged source port on %s", host)
		warnedHosts[host] = true
	}
	byApp[app]++
}
