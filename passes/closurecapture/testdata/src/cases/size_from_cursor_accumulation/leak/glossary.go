// Package leak: a glossary is built by appending every line of an uploaded
// file to a slice field (as many entries as the input has lines). The
// handler registered on the default mux captures the whole glossary only to
// print its name and entry count.
package leak

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
)

type Glossary struct {
	Name    string
	Entries []string
}

func Mount(name string, src io.Reader) error {
	g := &Glossary{Name: name}
	sc := bufio.NewScanner(src)
	for sc.Scan() {
		g.Entries = append(g.Entries, sc.Text())
	}
	if err := sc.Err(); err != nil {
		return err
	}
	http.HandleFunc("/glossary/"+name, func(w http.ResponseWriter, r *http.Request) { // want `closure registered with http.HandleFunc captures "g" \(\*Glossary holding input-sized \[\]string accumulated in a \(\*bufio.Scanner\).Scan loop in field Entries\) but uses only g.Name and len\(g.Entries\)`
		fmt.Fprintf(w, "%s: %d entries\n", g.Name, len(g.Entries))
	})
	return nil
}
