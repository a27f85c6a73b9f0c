package gpt

import (
	"container/list"
	"strings"
	"sync"
	"time"

	"github.com/minutka/minutka/intents"
)

// cache remembers the last verdicts, least recently used out first. It is safe for concurrent
// use; a cache of size <= 0 remembers nothing.
type cache struct {
	size int

	mu    sync.Mutex
	order *list.List // of *cacheEntry, most recent first
	items map[string]*list.Element
}

type cacheEntry struct {
	key string
	v   verdict
}

func newCache(size int) *cache {
	return &cache{size: size, order: list.New(), items: map[string]*list.Element{}}
}

// cacheKey identifies a question to the model: the normalised message, the bot's question, and
// the date and zone that relative dates in the answer were resolved against.
func cacheKey(msg, question string, now time.Time) string {
	return strings.Join([]string{
		intents.Normalize(msg),
		intents.Normalize(question),
		now.Format(time.DateOnly),
		now.Location().String(),
		now.Format("-07:00"),
	}, "\x00")
}

func (c *cache) get(key string) (verdict, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		return verdict{}, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cacheEntry).v, true
}

func (c *cache) put(key string, v verdict) {
	if c.size <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		e.Value.(*cacheEntry).v = v
		c.order.MoveToFront(e)
		return
	}
	c.items[key] = c.order.PushFront(&cacheEntry{key, v})
	for c.order.Len() > c.size {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*cacheEntry).key)
	}
}
