package telegram

import (
	"slices"
	"sync"
	"time"
)

const (
	// maxDone bounds Progress.Done.
	maxDone = 500
	// maxChatFlights bounds the messages of one chat handed to the hub and not finished: more
	// are dropped, so that one flooding chat cannot hold the getUpdates window (100 updates)
	// and delay everyone else's messages.
	maxChatFlights = 30
	// abandonAfter is how long an update may stay unfinished before it is given up, so that a
	// message the hub dropped without TurnDone does not hold the offset forever.
	abandonAfter = 30 * time.Minute
)

// tracker knows which updates are in flight (delivered, not finished) and which are done.
type tracker struct {
	mu      sync.Mutex
	ordered bool // polling mode: keep the offset
	offset  int64
	last    int64   // the id of the latest update received
	window  []int64 // ascending: received ids at or above offset
	flights map[int64]*flight
	done    map[int64]bool
	perChat map[int64]int
}

// flight is an update handed to the hub.
type flight struct {
	chat  int64
	since time.Time
	done  chan struct{} // closed once the update is processed and saved
}

func newTracker(ordered bool) *tracker {
	return &tracker{
		ordered: ordered,
		flights: make(map[int64]*flight),
		done:    make(map[int64]bool),
		perChat: make(map[int64]int),
	}
}

// load starts from a saved progress.
func (t *tracker) load(p Progress) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.offset = p.Offset
	for _, id := range p.Done {
		t.done[id] = true
		if t.ordered && id >= t.offset {
			t.window = append(t.window, id)
		}
	}
	slices.Sort(t.window)
	t.window = slices.Compact(t.window)
	// No compaction here: the updates in flight at the last save lie between the offset and
	// these ids, and Telegram returns them first.
}

// next returns the offset for getUpdates.
func (t *tracker) next() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.offset
}

// state says what is known about update id: its flight if in flight, or whether it is done.
func (t *tracker) state(id int64) (f *flight, done bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.flights[id], t.done[id]
}

// chatBusy reports whether chat has as many messages in flight as it may.
func (t *tracker) chatBusy(chat int64) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.perChat[chat] >= maxChatFlights
}

// begin records update id of chat as in flight and returns its flight.
func (t *tracker) begin(id, chat int64, now time.Time) *flight {
	t.mu.Lock()
	defer t.mu.Unlock()
	f := &flight{chat: chat, since: now, done: make(chan struct{})}
	t.flights[id] = f
	t.perChat[chat]++
	t.received(id, true)
	t.compact()
	return f
}

// skip records update id as done without delivering it: ignored, dropped, or a duplicate
// of a done one (which still moves the offset past it).
func (t *tracker) skip(id int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.flights[id] != nil {
		return
	}
	t.received(id, !t.done[id])
	t.markDone(id)
}

// finish records update id as processed and returns its flight, or nil if it was not in
// flight. The caller closes f.done once the progress is saved.
func (t *tracker) finish(id int64) *flight {
	t.mu.Lock()
	defer t.mu.Unlock()
	f := t.flights[id]
	if f == nil {
		return nil
	}
	delete(t.flights, id)
	if t.perChat[f.chat]--; t.perChat[f.chat] <= 0 {
		delete(t.perChat, f.chat)
	}
	t.markDone(id)
	return f
}

// stale returns the ids in flight since before cutoff.
func (t *tracker) stale(cutoff time.Time) []int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	var ids []int64
	for id, f := range t.flights {
		if f.since.Before(cutoff) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// snapshot returns the progress to save.
func (t *tracker) snapshot() Progress {
	t.mu.Lock()
	defer t.mu.Unlock()
	p := Progress{Offset: t.offset, Done: make([]int64, 0, len(t.done))}
	for id := range t.done {
		p.Done = append(p.Done, id)
	}
	slices.Sort(p.Done)
	return p
}

// received adds id to the window; fresh means it was not done before. An id below the offset
// is only fresh after Telegram restarted its numbering (it does after a week without updates):
// it goes into the window and takes the offset down with it. t.mu must be held.
func (t *tracker) received(id int64, fresh bool) {
	if fresh || id > t.last {
		t.last = id
	}
	if !t.ordered || (!fresh && id < t.offset) {
		return
	}
	i, found := slices.BinarySearch(t.window, id)
	if !found {
		t.window = slices.Insert(t.window, i, id)
	}
}

// markDone records id as done, moves the offset and trims the done set. t.mu must be held.
func (t *tracker) markDone(id int64) {
	t.done[id] = true
	t.compact()
	if len(t.done) <= maxDone {
		return
	}
	// Forget the oldest ids, but never one at or above the offset while polling: after a
	// restart it would come again and be delivered twice.
	ids := make([]int64, 0, len(t.done))
	for id := range t.done {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids[:len(ids)-maxDone] {
		if t.ordered && id >= t.offset {
			break
		}
		delete(t.done, id)
	}
}

// compact drops the done ids at the front of the window and sets the offset. t.mu must be held.
func (t *tracker) compact() {
	if !t.ordered {
		return
	}
	n := 0
	for n < len(t.window) && t.done[t.window[n]] {
		n++
	}
	t.window = t.window[n:]
	switch {
	case len(t.window) > 0:
		t.offset = t.window[0]
	case t.last != 0:
		t.offset = t.last + 1
	}
}
