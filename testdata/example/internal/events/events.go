// Package events is a small in-process publish/subscribe hub used to stream
// order events to connected clients.
package events

import (
	"sync"
	"time"
)

// Event describes something that happened to an order.
type Event struct {
	Type    string    `json:"type"`
	OrderID string    `json:"order_id"`
	At      time.Time `json:"at"`
}

// maxRecent bounds the replay buffer handed to new subscribers.
const maxRecent = 100

// mu guards subscribers and recent.
var mu sync.Mutex

// subscribers receive every published event.
var subscribers []chan Event // LEAK(globalgrowth)

// recent is a bounded replay buffer. OK(k): capped at maxRecent entries.
var recent []Event

// Subscribe registers a new subscriber and returns the channel on which it
// will receive events. Slow subscribers miss events rather than blocking
// publishers.
func Subscribe() <-chan Event {
	ch := make(chan Event, 16)
	mu.Lock()
	subscribers = append(subscribers, ch)
	mu.Unlock()
	return ch
}

// Publish delivers ev to all current subscribers and records it for replay.
func Publish(ev Event) {
	if ev.At.IsZero() {
		ev.At = time.Now()
	}
	mu.Lock()
	defer mu.Unlock()
	if len(recent) >= maxRecent {
		recent = recent[1:]
	}
	recent = append(recent, ev)
	for _, ch := range subscribers {
		select {
		case ch <- ev:
		default:
		}
	}
}

// Recent returns a copy of the most recently published events, oldest first.
func Recent() []Event {
	mu.Lock()
	defer mu.Unlock()
	var out []Event
	for _, ev := range recent {
		out = append(out, ev)
	}
	return out
}
