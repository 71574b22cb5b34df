// Command deferret: get-or-create functions that unlock with defer and
// return (T, error) are caches, not registrations.
package main

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"sync"
)

type codec struct{ name string }

type registry struct {
	mu sync.Mutex
	m  map[string]*codec
}

func (r *registry) get(name string) (*codec, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.m[name]; ok {
		return c, nil
	}
	if name == "" {
		return nil, errors.New("no codec")
	}
	c := &codec{name: name}
	r.m[name] = c
	return c, nil
}

// POSITIVE: a method get-or-create on a package-level registry, keyed by a
// query parameter.
var codecs = &registry{m: map[string]*codec{}} // want `package-level map "codecs\.m" grows without bound: handleEncode adds entries and nothing deletes them, keyed by r\.URL\.Query\(\)\.Get\("codec"\), derived from the request r of handleEncode`

func handleEncode(w http.ResponseWriter, r *http.Request) {
	c, err := codecs.get(r.URL.Query().Get("codec"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	fmt.Fprintln(w, c.name)
}

// POSITIVE: named results and a naked return.
var (
	fmu    sync.Mutex
	loaded = map[string][]byte{} // want `package-level map "loaded" grows without bound: load adds entries and nothing deletes them, keyed by path \(handleFile passes r\.URL\.Path\), derived from the request r of handleFile`
)

func load(path string) (data []byte, err error) {
	fmu.Lock()
	defer fmu.Unlock()
	if d, ok := loaded[path]; ok {
		return d, nil
	}
	data, err = os.ReadFile(path)
	if err == nil {
		loaded[path] = data
	}
	return
}

func handleFile(w http.ResponseWriter, r *http.Request) {
	data, err := load(r.URL.Path)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Write(data)
}

// NEGATIVE: registration under a deferred unlock: the duplicate branch
// returns an error, so every name is added once.
var (
	amu     sync.Mutex
	formats = map[string]string{}
)

func addFormat(name, ext string) error {
	amu.Lock()
	defer amu.Unlock()
	if _, dup := formats[name]; dup {
		return fmt.Errorf("format %s added twice", name)
	}
	formats[name] = ext
	return nil
}

func handleAdd(w http.ResponseWriter, r *http.Request) {
	if err := addFormat(r.FormValue("name"), r.FormValue("ext")); err != nil {
		http.Error(w, err.Error(), http.StatusConflict)
	}
}

func main() {
	http.HandleFunc("/encode", handleEncode)
	http.HandleFunc("/file/", handleFile)
	http.HandleFunc("/format", handleAdd)
	http.ListenAndServe(":8080", nil)
}
