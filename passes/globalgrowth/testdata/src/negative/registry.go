package main

import (
	"fmt"
	"net/http"
)

type route struct {
	path string
	h    http.HandlerFunc
}

var routes = []route{
	{"/healthz", func(w http.ResponseWriter, r *http.Request) {}},
	{"/readyz", func(w http.ResponseWriter, r *http.Request) {}},
}

// NEGATIVE: init-only registry; the loop runs inside init, which runs once.
var handlers = map[string]http.HandlerFunc{}

func init() {
	for _, rt := range routes {
		handlers[rt.path] = rt.h
	}
}

type Driver interface{ Open(dsn string) error }

// NEGATIVE: database/sql-style Register whose duplicate branch panics.
var drivers = map[string]Driver{}

func Register(name string, d Driver) {
	if _, dup := drivers[name]; dup {
		panic("sql: Register called twice for driver " + name)
	}
	drivers[name] = d
}

type Collector interface{ Observe(float64) }

// NEGATIVE: not named Register*, but the duplicate-key branch panics, so it
// is the registration idiom.
var collectors = map[string]Collector{}

func DefineMetric(name string, c Collector) {
	if _, exists := collectors[name]; exists {
		panic(fmt.Sprintf("metric %q defined twice", name))
	}
	collectors[name] = c
}

type Format struct{ Ext string }

// NEGATIVE: duplicate-key branch returns a non-nil error (registration
// idiom).
var formats = map[string]Format{}

func AddFormat(name string, f Format) error {
	if _, exists := formats[name]; exists {
		return fmt.Errorf("format %q already added", name)
	}
	formats[name] = f
	return nil
}

type Codec interface{ Name() string }

// NEGATIVE: no duplicate check, but the grower is named Register*.
var codecs = map[string]Codec{}

func RegisterCodec(c Codec) {
	codecs[c.Name()] = c
}
