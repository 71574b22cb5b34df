package store_test

import (
	"net/http/httptest"
	"testing"

	"example.com/variants/store"
)

func TestCountExternal(t *testing.T) {
	store.Count(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
}
