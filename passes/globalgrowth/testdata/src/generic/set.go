// Package generic exercises growth through methods of generic types.
package generic

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
)

// Set is a named generic map type; Add inserts into the receiver map.
type Set[T comparable] map[T]struct{}

func (s Set[T]) Add(v T) { s[v] = struct{}{} } // want Add:"grows param 0 field -1"

func (s Set[T]) Has(v T) bool {
	_, ok := s[v]
	return ok
}

// POSITIVE: (Set[T]).Add is called on the global from a handler with an
// unbounded key (the client's user agent); nothing deletes from seen.
var seen = Set[string]{} // want `package-level map "seen" grows without bound: .* adds entries and nothing deletes them`

func handleHello(w http.ResponseWriter, r *http.Request) {
	seen.Add(r.UserAgent())
	fmt.Fprintln(w, "hello")
}

// NEGATIVE: same generic Set type, but logout deletes the token directly.
var tokens = Set[string]{}

func handleLogin(w http.ResponseWriter, r *http.Request) {
	b := make([]byte, 16)
	rand.Read(b)
	tok := hex.EncodeToString(b)
	tokens.Add(tok)
	fmt.Fprintln(w, tok)
}

func handleLogout(w http.ResponseWriter, r *http.Request) {
	tok := r.Header.Get("Authorization")
	if !tokens.Has(tok) {
		http.Error(w, "unknown token", http.StatusUnauthorized)
		return
	}
	delete(tokens, tok)
}
