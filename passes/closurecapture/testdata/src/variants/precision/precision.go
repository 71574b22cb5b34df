// Package precision: the two precision points. A closure using a long
// string field of a decoded value keeps just that string once copied out:
// it is reported only when the rest of the value is large.
package precision

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// Message decodes to its text: the cache is not filled by the decoder and
// the attachments are skipped.
type Message struct {
	Text        string
	cache       map[string]int
	Attachments []string `json:"-"`
}

// NEGATIVE: the text is all the decoded message holds.
func Show(raw []byte, mux *http.ServeMux) {
	var m Message
	json.Unmarshal(raw, &m)
	mux.HandleFunc("/msg", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, m.Text) })
}

// Post also decodes its replies.
type Post struct {
	Text    string
	Replies []string
}

// The text is kept, and with it every reply.
func ShowPost(raw []byte, mux *http.ServeMux) {
	var p Post
	json.Unmarshal(raw, &p)
	mux.HandleFunc("/post", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, p.Text) }) // want `closure registered with \(\*http.ServeMux\).HandleFunc captures "p" \(input-sized Post decoded by json.Unmarshal\) but uses only p.Text`
}
