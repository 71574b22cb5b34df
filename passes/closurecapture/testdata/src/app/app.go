// Package app uses package jobs; its findings come from jobs' facts.
package app

import (
	"context"
	"io"
	"log"
	"net/http"
	"os"

	"jobs"
)

var (
	matchers []func(string) bool
	sizers   = map[string]func() int{}
	queue    jobs.Queue
)

// POSITIVE: a shutdown hook (fact storesFunc) keeps the whole file.
func Load(path string) {
	raw, _ := os.ReadFile(path)
	jobs.OnShutdown(func() { // want `closure passed to jobs\.OnShutdown, which stores it in package-level slice "shutdowns" captures "raw" \(input-sized \[\]byte from os\.ReadFile\) but uses only len\(raw\)`
		log.Printf("had %d bytes", len(raw))
	})
}

// POSITIVE: a wrapper around time.AfterFunc, across packages.
func Delay(r *http.Request) {
	body := jobs.ReadBody(r)
	jobs.After(10, func() { log.Print(len(body)) }) // want `closure passed to jobs\.After, which stores it in a time\.AfterFunc timer captures "body" \(input-sized \[\]byte from io\.ReadAll\) but uses only len\(body\)`
}

// POSITIVE: a package-level queue keeps the document for its title.
func Enqueue(r *http.Request) {
	doc := jobs.Parse(jobs.ReadBody(r))
	queue.Add(func() error { // want `closure passed to \(\*jobs\.Queue\)\.Add, which stores it in the \*jobs\.Queue that is package-level var "queue" captures "doc" \(\*jobs\.Document holding input-sized \[\]byte from io\.ReadAll in field Raw\) but uses only doc\.Title`
		log.Print(doc.Title)
		return nil
	})
}

// POSITIVE: the returned matcher is kept in a package-level slice and pins
// the whole upload for its title.
func Index(w http.ResponseWriter, r *http.Request) {
	doc := jobs.Parse(jobs.ReadBody(r))
	matchers = append(matchers, jobs.NewMatcher(doc)) // want `closure returned by jobs\.NewMatcher captures "doc" \(\*jobs\.Document holding input-sized \[\]byte from io\.ReadAll in field Raw\) but uses only doc\.Title, and is stored in package-level slice "matchers"; copy the field into a local before the closure in jobs\.NewMatcher`
}

// POSITIVE: the same through a method returning a closure over its
// receiver.
func IndexMethod(r *http.Request) {
	doc := jobs.Parse(jobs.ReadBody(r))
	matchers = append(matchers, doc.Matcher()) // want `closure returned by \(\*jobs\.Document\)\.Matcher captures "doc" \(\*jobs\.Document holding input-sized \[\]byte from io\.ReadAll in field Raw\) but uses only d\.Title, and is stored in package-level slice "matchers"`
}

// POSITIVE: a returned closure that pins a body of its own.
func Size(name string, r io.Reader) {
	sizers[name] = jobs.NewSizer(r) // want `closure returned by jobs\.NewSizer captures "body" \(input-sized \[\]byte from io\.ReadAll\) but uses only len\(body\), and is stored in package-level map "sizers"`
}

// POSITIVE: jobs.Watch pins its argument (fact pins).
func Observe(ctx context.Context, r io.Reader) {
	data, _ := io.ReadAll(r)
	jobs.Watch(ctx, data) // want `call to jobs\.Watch pins "data" \(input-sized \[\]byte from io\.ReadAll\): jobs\.Watch keeps its parameter "data" in a closure started as a goroutine that blocks and that nothing waits for, which uses only len\(data\)`
}

// NEGATIVE: a matcher used once and dropped.
func Match(r *http.Request, q string) bool {
	doc := jobs.Parse(jobs.ReadBody(r))
	return jobs.NewMatcher(doc)(q)
}

// NEGATIVE: a local queue dies with the function.
func Batch(r *http.Request) int {
	var q jobs.Queue
	body := jobs.ReadBody(r)
	q.Add(func() error { log.Print(len(body)); return nil })
	return len(body)
}

// NEGATIVE: a small argument to Watch.
func ObserveSmall(ctx context.Context, name string) {
	jobs.Watch(ctx, []byte(name))
}
