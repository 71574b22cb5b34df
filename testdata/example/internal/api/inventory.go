package api

import (
	"context"
	"time"
)

// queryWarehouse asks one warehouse for its stock of sku.
func queryWarehouse(warehouse, sku string) int {
	time.Sleep(10 * time.Millisecond)
	return len(warehouse) + len(sku)
}

// stockLevel answers with the first warehouse to reply, or gives up when ctx
// ends. Every other warehouse's goroutine then blocks forever on its send.
func (s *Server) stockLevel(ctx context.Context, sku string, warehouses []string) (int, error) {
	replies := make(chan int)
	for _, wh := range warehouses {
		go func() {
			replies <- queryWarehouse(wh, sku) // LEAK(goroutineleak)
		}()
	}
	select {
	case n := <-replies:
		return n, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// restockETA does the same with room for every reply: OK, the late
// goroutines finish into the buffer and are collected.
func (s *Server) restockETA(ctx context.Context, sku string, warehouses []string) (int, error) {
	replies := make(chan int, len(warehouses))
	for _, wh := range warehouses {
		go func() { replies <- queryWarehouse(wh, sku) }()
	}
	select {
	case n := <-replies:
		return n, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
