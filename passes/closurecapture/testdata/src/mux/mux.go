// Package mux publishes parsed documents as HTTP routes.
package mux

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
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
