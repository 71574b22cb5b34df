package main

import "testing"

func TestUnitGC(t *testing.T) {
	const MiB = 1 << 20
	for _, tc := range []struct {
		name         string
		size         int64
		percent      int
		limitAtMost  int64
		limitAtLeast int64
	}{
		{"small package", 40 << 10, unitGCPercent, 200 * MiB, 200 * MiB},
		{"just small", unitSmallSource, unitGCPercent, 200 * MiB, 200 * MiB},
		// pebble's root package with its tests: default GOGC, and a
		// limit that keeps it within 1.5x plain go vet's 145 MiB.
		{"pebble root test variant", 2451449, 0, 217 * MiB, 200 * MiB},
		// a generated package: the limit grows with it, far above its
		// live heap, so the collector does not run continuously.
		{"10 MB of source", 10 << 20, 0, 800 * MiB, 800 * MiB},
	} {
		percent, limit := unitGC(tc.size)
		if percent != tc.percent || limit > tc.limitAtMost || limit < tc.limitAtLeast {
			t.Errorf("%s (%d bytes): GOGC %d, limit %d MiB; want GOGC %d, limit in [%d, %d] MiB",
				tc.name, tc.size, percent, limit/MiB, tc.percent, tc.limitAtLeast/MiB, tc.limitAtMost/MiB)
		}
	}
}
