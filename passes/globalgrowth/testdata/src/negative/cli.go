package main

import (
	"flag"
	"net/http"
	"os"
	"strings"
)

// NEGATIVE: a batch loop in main over the command line ends with its input;
// the process exits after it, so the slice cannot grow for ever.
var inputs []string

func collectInputs() {
	for _, arg := range os.Args[1:] {
		inputs = append(inputs, strings.TrimSpace(arg))
	}
}

// NEGATIVE: a flag callback runs while the command line is parsed.
var rewrites = map[string]string{}

type flagFunc func(string)

func (f flagFunc) Set(s string) error { f(s); return nil }
func (f flagFunc) String() string     { return "" }

func addRewrite(s string) {
	old, new, _ := strings.Cut(s, "=")
	rewrites[old] = new
}

func init() {
	flag.Var(flagFunc(addRewrite), "rewrite", "old=new")
	flag.Func("alias", "name=target", func(s string) error {
		name, target, _ := strings.Cut(s, "=")
		rewrites[name] = target
		return nil
	})
}

// NEGATIVE: the key is a parameter, but every caller passes a constant, so
// the map holds one entry per call site (net/http's newLoggingConn shape).
// The test file passes the function around as a value; tests do not make
// production code repeated.
var connSerial = map[string]int{}

func nextConnName(base string) int {
	connSerial[base]++
	return connSerial[base]
}

func handleConnName(w http.ResponseWriter, r *http.Request) {
	_ = nextConnName("server")
}
