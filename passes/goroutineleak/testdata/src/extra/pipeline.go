package extra

import "context"

// gen and sq are the pipeline stages of the Go blog's "Pipelines and
// cancellation": each returns a channel a goroutine of its own feeds.
func gen(nums ...int) <-chan int {
	out := make(chan int)
	go func() {
		for _, n := range nums {
			out <- n
		}
		close(out)
	}()
	return out
}

func sq(in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		for n := range in {
			out <- n * n
		}
		close(out)
	}()
	return out
}

// FirstSquare takes one value and leaves both stages blocked.
func FirstSquare(nums ...int) int {
	c := sq(gen(nums...)) // want `goroutine started by sq blocks forever sending on the channel it returns when FirstSquare returns after the first result`
	return <-c
}

// SumSquares drains the pipeline: silent.
func SumSquares(nums ...int) (sum int) {
	for v := range sq(gen(nums...)) {
		sum += v
	}
	return sum
}

// SquaresUntil stops early, but its stage selects on ctx.Done(): silent.
func SquaresUntil(ctx context.Context, limit int, nums ...int) (out []int) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for v := range sqCtx(ctx, nums) {
		out = append(out, v)
		if len(out) == limit {
			break
		}
	}
	return out
}

func sqCtx(ctx context.Context, nums []int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, n := range nums {
			select {
			case out <- n * n:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// SquareStream hands the channel on to its caller: silent here, and a
// feeder itself.
func SquareStream(nums ...int) <-chan int { return sq(gen(nums...)) } // want SquareStream:"feeds\\(many\\)"
