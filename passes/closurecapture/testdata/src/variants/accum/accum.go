// Package accum: variants of input size from accumulation
// (size_from_cursor_accumulation).
package accum

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"
	"time"
)

var tick = time.Tick(time.Minute)

// Rows of a query grown into a slice, kept by a goroutine for their count.
func Users(db *sql.DB) error {
	rows, err := db.Query("SELECT name FROM users")
	if err != nil {
		return err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return err
		}
		names = append(names, n)
	}
	go func() { // want `closure started as a goroutine that blocks and that nothing waits for captures "names" \(input-sized \[\]string accumulated in a \(\*sql.Rows\).Next loop\) but uses only len\(names\)`
		for range tick {
			log.Printf("%d users", len(names))
		}
	}()
	return rows.Err()
}

type Event struct {
	Kind string
	Data map[string]string
}

var first = func() string { return "" }

// Elements of a JSON stream, generic over what is kept per event.
func Stream[T any](r io.Reader, keep func(Event) T) error {
	dec := json.NewDecoder(r)
	var kept []T
	for dec.More() {
		var e Event
		if err := dec.Decode(&e); err != nil {
			return err
		}
		kept = append(kept, keep(e))
	}
	first = func() string { return fmt.Sprint(kept[0]) } // want `closure stored in package-level var "first" captures "kept" \(input-sized \[\]T accumulated in a \(\*json.Decoder\).More loop\) but uses only kept\[0\]`
	return nil
}

// The words of a whole upload, kept by a handler for their count.
func Words(r *http.Request, mux *http.ServeMux) error {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	words := strings.Fields(string(raw))
	mux.HandleFunc("/words", func(w http.ResponseWriter, _ *http.Request) { // want `closure registered with \(\*http.ServeMux\).HandleFunc captures "words" \(input-sized \[\]string from strings.Fields of \[\]byte from io.ReadAll\) but uses only len\(words\)`
		fmt.Fprintln(w, len(words))
	})
	return nil
}

// Chunks of a read loop, then the lines of that data.
func Lines(r io.Reader) {
	var data []byte
	buf := make([]byte, 4096)
	for {
		n, err := r.Read(buf)
		data = append(data, buf[:n]...)
		if err != nil {
			break
		}
	}
	lines := bytes.Split(data, []byte("\n"))
	time.AfterFunc(time.Hour, func() { // want `closure passed to time.AfterFunc captures "lines" \(input-sized \[\]\[\]byte from bytes.Split of \[\]byte accumulated in a Read loop\) but uses only len\(lines\)`
		log.Println(len(lines))
	})
}

// NEGATIVE: the loop walks a fixed list, not input.
func Fixed() {
	var names []string
	for _, n := range []string{"a", "b", "c"} {
		names = append(names, n)
	}
	go func() {
		for range tick {
			log.Println(len(names))
		}
	}()
}

// NEGATIVE: the count is taken before the handler is made.
func Count(r io.Reader) {
	raw, _ := io.ReadAll(r)
	n := len(strings.Fields(string(raw)))
	http.HandleFunc("/count", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, n)
	})
}
