package ttlcache

import (
	"testing"
	"time"
)

func TestCache(t *testing.T) {
	c := New[string, int](2)
	now := time.Now()
	if _, ok := c.Get("a", now); ok {
		t.Fatal("empty cache answered")
	}
	c.Put("a", 1, now.Add(time.Minute))
	if v, ok := c.Get("a", now); !ok || v != 1 {
		t.Fatalf("a = %v, %v", v, ok)
	}
	if _, ok := c.Get("a", now.Add(time.Minute)); ok {
		t.Error("an entry was returned at its expiry")
	}
	c.Put("b", 2, now.Add(time.Minute))
	c.Put("c", 3, now.Add(time.Minute)) // full: starts over
	if _, ok := c.Get("a", now); ok {
		t.Error("a full cache kept its old entries")
	}
	if v, ok := c.Get("c", now); !ok || v != 3 {
		t.Errorf("c = %v, %v", v, ok)
	}
	c.Put("d", 4, now.Add(time.Minute)) // full again (c, d)
	c.Put("d", 5, now.Add(time.Minute)) // replacing: nothing else goes
	if v, ok := c.Get("c", now); !ok || v != 3 {
		t.Errorf("replacing d dropped c: %v, %v", v, ok)
	}
	if v, ok := c.Get("d", now); !ok || v != 5 {
		t.Errorf("d = %v, %v", v, ok)
	}
	c.Delete("c")
	if _, ok := c.Get("c", now); ok {
		t.Error("a deleted entry was returned")
	}
}
