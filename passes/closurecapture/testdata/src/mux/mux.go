// Package mux publishes parsed documents as HTTP routes.
package mux

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

// Document is a parsed upload; Body is the whole upload.
type Document struct {
	Slug, Title string
	Body        []byte
}

// parse returns a Document that holds body in its Body field.
func parse(body []byte) *Document {
	slug, rest, _ := bytes.Cut(body, []byte("\n"))
	title, _, _ := bytes.Cut(rest, []byte("\n"))
	return &Document{Slug: string(slug), Title: string(title), Body: body}
}

// Site serves published documents.
type Site struct {
	mux *http.ServeMux
}

// POSITIVE: the route keeps the whole upload to print its title.
func (s *Site) Publish(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	doc := parse(body)
	s.mux.HandleFunc("/docs/"+doc.Slug, func(w http.ResponseWriter, r *http.Request) { // want `closure registered with \(\*http\.ServeMux\)\.HandleFunc captures "doc" \(\*Document holding input-sized \[\]byte from io\.ReadAll in field Body\) but uses only doc\.Title; copy the field into a local before the closure`
		fmt.Fprintln(w, doc.Title)
	})
}

// POSITIVE: the default mux, through http.Handle and a HandlerFunc
// conversion.
func PublishDefault(body []byte) {
	doc := parse(bytes.Clone(body))
	_ = doc
	data, _ := io.ReadAll(bytes.NewReader(body))
	http.Handle("/size", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { // want `closure registered with http\.Handle captures "data" \(input-sized \[\]byte from io\.ReadAll\) but uses only len\(data\)`
		fmt.Fprint(w, len(data))
	}))
}

// NEGATIVE: the route serves the body itself.
func (s *Site) PublishRaw(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	doc := parse(body)
	s.mux.HandleFunc("/raw/"+doc.Slug, func(w http.ResponseWriter, r *http.Request) {
		w.Write(doc.Body)
	})
}

// NEGATIVE (the shape of x/tools cmd/present playScript): the handler
// serves the whole concatenated buffer.
func Scripts(files [][]byte) {
	var buf bytes.Buffer
	for _, f := range files {
		buf.Write(f)
	}
	b := buf.Bytes()
	http.HandleFunc("/all.js", func(w http.ResponseWriter, r *http.Request) {
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
	})
}

// POSITIVE: the same buffer, filled from a file, kept for its length.
func ScriptSize(path string) {
	var buf bytes.Buffer
	raw, _ := os.ReadFile(path)
	buf.Write(raw)
	b := buf.Bytes()
	http.HandleFunc("/size.js", func(w http.ResponseWriter, r *http.Request) { // want `closure registered with http\.HandleFunc captures "b" \(input-sized \[\]byte from \(\*bytes\.Buffer\)\.Bytes\) but uses only len\(b\)`
		fmt.Fprint(w, len(b))
	})
}
