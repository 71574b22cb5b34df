// Command negative holds near-misses: package-level collections that look
// like leaks but have some evidence of a bound. Nothing here may be reported.
package main

import (
	"log"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// NEGATIVE: grown only by main outside any loop, directly and through an
// unexported helper called only from main; main runs once.
var startupLog []string

func noteStartup(msg string) {
	startupLog = append(startupLog, time.Now().Format(time.RFC3339)+" "+msg)
}

// NEGATIVE: exported var; only unexported vars are candidates by default,
// even though a handler grows it.
var Registry = map[string]int{}

func handleCount(w http.ResponseWriter, r *http.Request) {
	Registry[r.FormValue("name")]++
}

// NEGATIVE: grown inside a sync.Once.Do body, which runs at most once even
// though resolveTemplate is called from a handler.
var (
	searchPaths []string
	pathsOnce   sync.Once
)

func resolveTemplate(name string) string {
	pathsOnce.Do(func() {
		searchPaths = append(searchPaths, os.Getenv("HOME")+"/.config/app/templates")
	})
	for _, dir := range searchPaths {
		if p := dir + "/" + name; fileExists(p) {
			return p
		}
	}
	return ""
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func handleTemplate(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(resolveTemplate(r.FormValue("name"))))
}

// NEGATIVE: the map is local to the handler and dies with the request.
func handleWordCount(w http.ResponseWriter, r *http.Request) {
	counts := map[string]int{}
	for _, f := range strings.Fields(r.FormValue("text")) {
		counts[f]++
	}
	for word, n := range counts {
		log.Printf("%s=%d", word, n)
	}
}

func main() {
	noteStartup("starting " + os.Args[0])
	collectInputs()
	startupLog = append(startupLog, "pid "+strconv.Itoa(os.Getpid()))

	http.HandleFunc("/count", handleCount)
	http.HandleFunc("/template", handleTemplate)
	http.HandleFunc("/words", handleWordCount)
	http.HandleFunc("/join", handleJoin)
	http.HandleFunc("/leave", handleLeave)
	http.HandleFunc("/set", handleSet)
	http.HandleFunc("/view", handleView)
	http.HandleFunc("/proxy", handleProxy)
	http.HandleFunc("/stats", handleStats)
	http.HandleFunc("/login", handleLogin)
	noteStartup("handlers installed")

	go func() {
		t := time.NewTicker(time.Minute)
		defer t.Stop()
		for now := range t.C {
			flushPageViews()
			expireLeases(now)
		}
	}()

	go func() {
		hup := make(chan os.Signal, 1)
		signal.Notify(hup, syscall.SIGHUP)
		for range hup {
			if err := reload("/etc/app.conf"); err != nil {
				log.Print(err)
			}
		}
	}()

	log.Fatal(http.ListenAndServe(":8080", nil))
}
