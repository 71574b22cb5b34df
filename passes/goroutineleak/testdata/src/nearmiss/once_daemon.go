package nearmiss

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

var (
	samplerOnce sync.Once
	lastNumGC   atomic.Uint32
)

// EnableGCSampler models a forever-loop started through a package-level
// sync.Once: however often it is called, only one sampler ever runs.
func EnableGCSampler() {
	samplerOnce.Do(func() {
		go sampleGC()
	})
}

func sampleGC() {
	var stats runtime.MemStats
	for {
		runtime.ReadMemStats(&stats)
		lastNumGC.Store(stats.NumGC)
		time.Sleep(10 * time.Second)
	}
}

func LastNumGC() uint32 { return lastNumGC.Load() }
