package scenarios

import (
	"encoding/json"
	"errors"
	"time"
)

// BridgeEvent is a decoded message forwarded to subscribers.
type BridgeEvent struct {
	Topic string          `json:"topic"`
	Body  json.RawMessage `json:"body"`
}

// publish hands one event to the consumer side of out.
func publish(out chan<- BridgeEvent, e BridgeEvent) { out <- e }

// MessageBridge models an interprocedural orphaned sender: the goroutine sends
// through the publish helper, and Decode gives up after a timeout.
type MessageBridge struct {
	timeout time.Duration
}

var errDecodeTimeout = errors.New("bridge: decode timed out")

func (b *MessageBridge) Decode(raw []byte) (BridgeEvent, error) {
	updates := make(chan BridgeEvent)
	go func() {
		var ev BridgeEvent
		if err := json.Unmarshal(raw, &ev); err != nil {
			ev.Topic = "invalid"
		}
		publish(updates, ev) // want "goroutine blocks forever sending on \"updates\""
	}()
	select {
	case ev := <-updates:
		return ev, nil
	case <-time.After(b.timeout):
		return BridgeEvent{}, errDecodeTimeout
	}
}
