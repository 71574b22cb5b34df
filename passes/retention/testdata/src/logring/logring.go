// Package logring keeps recent log lines read from whole files.
package logring

import (
	"log"
	"os"
	"strings"
)

var (
	ring [64]string
	next int
)

// POSITIVE: each line, a substring of the whole file, lands in a global
// ring: 64 lines keep up to 64 files alive.
func Tail(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	text := string(data)
	start := 0
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			ring[next%len(ring)] = text[start:i] // want `substring text\[start:i\] of input-sized \[\]byte from os\.ReadFile is stored in package-level array "ring" and keeps all of it alive; copy it with strings\.Clone`
			next++
			start = i + 1
		}
	}
	return nil
}

var (
	lines   = make(chan string, 16)
	history []string
	events  = make(chan string, 16)
)

// keeper keeps every line it receives.
func keeper() {
	for l := range lines {
		history = append(history, l)
	}
}

// printer only prints what it receives.
func printer() {
	for e := range events {
		log.Print(e)
	}
}

func init() {
	go keeper()
	go printer()
}

// POSITIVE: the first line goes to a goroutine that keeps all it receives.
func Publish(path string) {
	data, _ := os.ReadFile(path)
	first, _, _ := strings.Cut(string(data), "\n") // want `before part of strings\.Cut of input-sized \[\]byte from os\.ReadFile is sent on package-level channel "lines" to keeper, which keeps it in package-level slice "history" and keeps all of it alive; copy it with strings\.Clone`
	lines <- first
}

// NEAR-MISS: the goroutine that receives the line only prints it.
func Announce(path string) {
	data, _ := os.ReadFile(path)
	first, _, _ := strings.Cut(string(data), "\n")
	events <- first
}

// firstLine reads the file and returns its first line: a view of all of it.
func firstLine(path string) string {
	data, _ := os.ReadFile(path)
	line, _, _ := strings.Cut(string(data), "\n") // want `before part of strings\.Cut of input-sized \[\]byte from os\.ReadFile is returned by firstLine and stored in package-level map "titles" and keeps all of it alive; copy it with strings\.Clone`
	return line
}

var titles = map[string]string{}

// POSITIVE: the caller keeps what firstLine returns.
func Title(path string) { // want Title:"stores\\(0\\)"
	titles[path] = firstLine(path)
}

// NEAR-MISS: the line is logged, not kept.
func LogFirst(path string) {
	data, _ := os.ReadFile(path)
	text := string(data)
	if i := strings.IndexByte(text, '\n'); i > 0 {
		log.Print(text[0:i])
	}
}
