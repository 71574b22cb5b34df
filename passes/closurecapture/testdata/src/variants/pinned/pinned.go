// Package pinned: variants of a value returned to the caller and also
// pinned by a closure that outlives every caller
// (returned_value_pinned_by_global).
package pinned

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

var sizes = map[string]func() int{}

// A registry keyed by path keeps each file for its length.
func Open(path string) ([]byte, error) { // want Open:"returnsInput"
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sizes[path] = func() int { return len(data) } // want `closure stored in package-level map "sizes" captures "data" \(input-sized \[\]byte from os.ReadFile\) but uses only len\(data\)`
	return data, nil
}

type Report struct {
	Title string
	Rows  [][]string
}

// A handler registered on the default mux keeps a decoded report for its
// title; the report is also returned.
func Publish(r io.Reader, path string) (*Report, error) { // want Publish:"returnsInput"
	var rep Report
	if err := json.NewDecoder(r).Decode(&rep); err != nil {
		return nil, err
	}
	http.HandleFunc(path, func(w http.ResponseWriter, _ *http.Request) { // want `closure registered with http.HandleFunc captures "rep" \(input-sized Report decoded by \(\*json.Decoder\).Decode\) but uses only rep.Title`
		fmt.Fprintln(w, rep.Title)
	})
	return &rep, nil
}

// NEGATIVE: the timer fires and lets go; the caller holds the value.
func Delayed(path string) ([]byte, error) { // want Delayed:"returnsInput"
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	time.AfterFunc(time.Minute, func() { fmt.Println(len(data)) })
	return data, nil
}

var lastBody = func() []byte { return nil }

// NEGATIVE: the hook uses the whole body.
func Keep(path string) ([]byte, error) { // want Keep:"returnsInput"
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	lastBody = func() []byte { return data }
	return data, nil
}
