// Command configmain: configuration loaded once at start-up and captured by
// a handler is pinned once, not once per request: not reported.
package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
)

type Config struct {
	Name   string
	Routes map[string]string
	Users  []string
}

func load(path string) (*Config, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var cfg Config
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return nil, err
	}
	return &cfg, nil
}

func setup(mux *http.ServeMux) {
	cfg, err := load("config.json")
	if err != nil {
		panic(err)
	}
	mux.HandleFunc("/name", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, cfg.Name) })
}

func main() {
	var cfg Config
	raw, _ := os.ReadFile("config.json")
	json.Unmarshal(raw, &cfg)
	http.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, cfg.Name) })
	mux := http.NewServeMux()
	setup(mux)
	http.ListenAndServe(":8080", mux)
}
