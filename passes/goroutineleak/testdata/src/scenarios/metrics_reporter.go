package scenarios

import (
	"fmt"
	"io"
	"time"
)

// MetricsReporter models an exported constructor that starts a reporting loop
// with no way out: every NewMetricsReporter call adds a goroutine forever.
type MetricsReporter struct {
	sink    io.Writer
	every   time.Duration
	samples chan float64
	sum     float64
	count   int
}

func NewMetricsReporter(sink io.Writer, every time.Duration) *MetricsReporter {
	r := &MetricsReporter{sink: sink, every: every, samples: make(chan float64, 64)}
	go r.loop() // want "goroutine runs forever"
	return r
}

func (r *MetricsReporter) Observe(v float64) { r.samples <- v }

func (r *MetricsReporter) loop() {
	ticker := time.NewTicker(r.every)
	for {
		select {
		case v := <-r.samples:
			r.sum += v
			r.count++
		case now := <-ticker.C:
			fmt.Fprintf(r.sink, "%s count=%d sum=%f\n", now.Format(time.RFC3339), r.count, r.sum)
			r.sum, r.count = 0, 0
		}
	}
}
