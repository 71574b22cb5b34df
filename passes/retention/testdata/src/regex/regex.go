// Package regex stores regexp submatches of request bodies per user.
package regex

import (
	"io"
	"net/http"
	"regexp"
	"sync"
)

var userRe = regexp.MustCompile(`user=(\w+);role=(\w+)`)

// Server remembers each user's role.
type Server struct {
	mu    sync.Mutex
	roles map[string]string
}

// POSITIVE: the submatches share the whole body; the server keeps them.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	m := userRe.FindStringSubmatch(string(body))
	if m == nil {
		return
	}
	s.mu.Lock()
	s.roles[m[1]] = m[2] // want `m\[1\], match of \(\*regexp\.Regexp\)\.FindStringSubmatch of input-sized \[\]byte from io\.ReadAll is stored in field "roles" of \*Server \(which serves HTTP requests\)` `m\[2\], match of`
	s.mu.Unlock()
}

var lastMatch []byte

// POSITIVE: a byte-slice match kept in a package-level var.
func Remember(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	lastMatch = userRe.Find(body) // want `match of \(\*regexp\.Regexp\)\.Find of input-sized \[\]byte from io\.ReadAll is stored in package-level slice "lastMatch"`
}

// NEAR-MISS: the match is compared, not kept.
func IsAdmin(r *http.Request) bool {
	body, _ := io.ReadAll(r.Body)
	m := userRe.FindSubmatch(body)
	return m != nil && string(m[2]) == "admin"
}

var emailRe = regexp.MustCompile(`[a-z]+@[a-z]+\.[a-z]+`)

var firstEmail = map[string]string{}

// POSITIVE: an element of FindAllString's result (which takes a count
// besides the text) shares the whole body.
func ExtractEmails(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	all := emailRe.FindAllString(string(body), -1)
	if len(all) > 0 {
		firstEmail[r.URL.Path] = all[0] // want `all\[0\], match of \(\*regexp\.Regexp\)\.FindAllString of input-sized \[\]byte from io\.ReadAll is stored in package-level map "firstEmail"`
	}
}
