package events

import (
	"encoding/json"
	"fmt"
	"io"
)

// Codec serialises events for a wire format.
type Codec interface {
	Encode(w io.Writer, ev Event) error
}

// codecs maps a format name to its codec. OK(j): populated only in init.
var codecs = map[string]Codec{}

func init() {
	codecs["json"] = jsonCodec{}
}

// Encode writes ev to w using the named format.
func Encode(w io.Writer, format string, ev Event) error {
	c, ok := codecs[format]
	if !ok {
		return fmt.Errorf("events: unknown format %q", format)
	}
	return c.Encode(w, ev)
}

type jsonCodec struct{}

func (jsonCodec) Encode(w io.Writer, ev Event) error {
	b, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("events: encode %s: %w", ev.Type, err)
	}
	_, err = w.Write(b)
	return err
}
