package main

import (
	"log"
	"time"
)

type Event struct {
	At   time.Time
	Kind string
}

type Entry struct {
	At     time.Time
	User   string
	Action string
}

type Logger struct{ prefix string }

// POSITIVE: a method (runs any number of times) appends to the audit trail;
// nothing ever truncates or rotates it.
var audit []Entry // want `package-level slice "audit" grows without bound: .* appends to it and nothing truncates or resets it`

func (l *Logger) Record(user, action string) {
	audit = append(audit, Entry{At: time.Now(), User: user, Action: l.prefix + action})
}

// POSITIVE: exported Subscribe appends a callback per call and there is no
// Unsubscribe; every plugin restart adds another subscriber.
var subscribers []func(Event) // want `package-level slice "subscribers" grows without bound: .* appends to it and nothing truncates or resets it`

func Subscribe(fn func(Event)) {
	subscribers = append(subscribers, fn)
}

func publish(ev Event) {
	for _, fn := range subscribers {
		fn(ev)
	}
}

type Plugin struct{ name string }

func (p *Plugin) Start() { Subscribe(p.onEvent) }

func (p *Plugin) onEvent(ev Event) { log.Printf("%s: %s", p.name, ev.Kind) }

type Message struct {
	ID   string
	Body []byte
}

type Consumer struct{ out chan<- Message }

// POSITIVE: plain dedup set. The duplicate branch returns without an error,
// so this is not the registration idiom: every distinct ID stays forever.
var seenIDs = map[string]struct{}{} // want `package-level map "seenIDs" grows without bound: .* adds entries and nothing deletes them`

func (c *Consumer) Handle(m Message) {
	if _, ok := seenIDs[m.ID]; ok {
		return // duplicate delivery: drop it
	}
	seenIDs[m.ID] = struct{}{}
	c.out <- m
}
