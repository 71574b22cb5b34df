package main

import (
	"net/http"
	"time"
)

type Session struct {
	User    string
	Created time.Time
}

// NEGATIVE: the map escapes through an exported getter; callers we cannot
// see may delete from it.
var sessions = map[string]*Session{}

func Sessions() map[string]*Session { return sessions }

func handleLogin(w http.ResponseWriter, r *http.Request) {
	sessions[r.FormValue("token")] = &Session{User: r.FormValue("user"), Created: time.Now()}
}
