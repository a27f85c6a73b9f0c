// Package calendartest holds an in-memory calendar.Store for tests and TestStore, the
// conformance suite every calendar.Store must pass.
package calendartest

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/minutka/minutka/calendar"
)

// Store is an in-memory calendar.Store, safe for concurrent use. Booking IDs are "1", "2", …,
// hold IDs "h1", "h2", …, wait IDs "w1", "w2", …; everything comes back exactly as it was
// stored, times in their own locations.
type Store struct {
	mu       sync.Mutex
	last     int
	bookings map[string]calendar.Booking
	lastHold int
	holds    map[string]calendar.Hold
	lastWait int
	waits    []calendar.Wait // first come first
}

var _ calendar.Store = (*Store)(nil)

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{bookings: make(map[string]calendar.Booking), holds: make(map[string]calendar.Hold)}
}

// Book implements calendar.Store.
func (s *Store) Book(ctx context.Context, b calendar.Booking) (calendar.Booking, error) {
	if err := ctx.Err(); err != nil {
		return calendar.Booking{}, err
	}
	if b.Master == "" {
		return calendar.Booking{}, errors.New("calendartest: booking without a master")
	}
	if !b.Start.Before(b.End) {
		return calendar.Booking{}, errors.New("calendartest: booking does not end after it starts")
	}
	if b.Status == "" {
		b.Status = calendar.StatusBooked
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := b.CreatedAt
	s.prune(now)
	if b.Status.Active() {
		if s.taken(b.Master, b.Start, b.End, "", b.Client.ID, now) {
			return calendar.Booking{}, calendar.ErrSlotTaken
		}
		s.dropHolds(b.Client.ID)
	}
	s.last++
	b.ID = strconv.Itoa(s.last)
	s.bookings[b.ID] = b
	return b, nil
}

// taken reports whether [start, end) with master overlaps an active booking other than skip or
// a hold live at now of an owner other than owner. Call with s.mu held.
func (s *Store) taken(master string, start, end time.Time, skip, owner string, now time.Time) bool {
	for _, o := range s.bookings {
		if o.ID != skip && o.Status.Active() && o.Master == master && start.Before(o.End) && o.Start.Before(end) {
			return true
		}
	}
	for _, h := range s.holds {
		if h.Owner != owner && h.Live(now) && h.Master == master && start.Before(h.End) && h.Start.Before(end) {
			return true
		}
	}
	return false
}

// prune deletes the holds expired at now. Call with s.mu held.
func (s *Store) prune(now time.Time) {
	for id, h := range s.holds {
		if !h.Live(now) {
			delete(s.holds, id)
		}
	}
}

// dropHolds deletes the owner's holds. Call with s.mu held.
func (s *Store) dropHolds(owner string) {
	for id, h := range s.holds {
		if h.Owner == owner {
			delete(s.holds, id)
		}
	}
}

// Bookings implements calendar.Store.
func (s *Store) Bookings(ctx context.Context, from, to time.Time) ([]calendar.Booking, error) {
	return s.filter(ctx, func(b calendar.Booking) bool {
		return b.Status.Active() && from.Before(to) && b.Start.Before(to) && from.Before(b.End)
	})
}

// Booking implements calendar.Store.
func (s *Store) Booking(ctx context.Context, id string) (calendar.Booking, error) {
	if err := ctx.Err(); err != nil {
		return calendar.Booking{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.bookings[id]
	if !ok {
		return calendar.Booking{}, calendar.ErrNotFound
	}
	return b, nil
}

// PhoneBookings implements calendar.Store.
func (s *Store) PhoneBookings(ctx context.Context, phone string) ([]calendar.Booking, error) {
	return s.filter(ctx, func(b calendar.Booking) bool { return phone != "" && b.Client.Phone == phone })
}

// Update implements calendar.Store.
func (s *Store) Update(ctx context.Context, id string, now time.Time, f func(*calendar.Booking) error) (calendar.Booking, error) {
	if err := ctx.Err(); err != nil {
		return calendar.Booking{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.bookings[id]
	if !ok {
		return calendar.Booking{}, calendar.ErrNotFound
	}
	b := old
	if err := f(&b); err != nil {
		return calendar.Booking{}, err
	}
	switch {
	case b.ID != old.ID || b.Client.ID != old.Client.ID:
		return calendar.Booking{}, errors.New("calendartest: update: ID and client ID must not change")
	case b.Master == "":
		return calendar.Booking{}, errors.New("calendartest: update: booking without a master")
	case !b.Start.Before(b.End):
		return calendar.Booking{}, errors.New("calendartest: update: booking does not end after it starts")
	}
	s.prune(now)
	if b.Status.Active() && (!old.Status.Active() || b.Master != old.Master || !b.Start.Equal(old.Start) || !b.End.Equal(old.End)) {
		if s.taken(b.Master, b.Start, b.End, b.ID, b.Client.ID, now) {
			return calendar.Booking{}, calendar.ErrSlotTaken
		}
		s.dropHolds(b.Client.ID)
	}
	s.bookings[id] = b
	return b, nil
}

// Hold implements calendar.Store.
func (s *Store) Hold(ctx context.Context, h calendar.Hold, now time.Time) (calendar.Hold, error) {
	if err := ctx.Err(); err != nil {
		return calendar.Hold{}, err
	}
	switch {
	case h.Master == "" || h.Owner == "":
		return calendar.Hold{}, errors.New("calendartest: hold without a master or an owner")
	case !h.Start.Before(h.End):
		return calendar.Hold{}, errors.New("calendartest: hold does not end after it starts")
	case !h.Live(now):
		return calendar.Hold{}, errors.New("calendartest: hold expires before it starts counting")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.prune(now)
	skip := ""
	if b, ok := s.bookings[h.Moving]; ok && b.Client.ID == h.Owner {
		skip = b.ID
	}
	if s.taken(h.Master, h.Start, h.End, skip, h.Owner, now) {
		return calendar.Hold{}, calendar.ErrSlotTaken
	}
	s.dropHolds(h.Owner)
	s.lastHold++
	h.ID = "h" + strconv.Itoa(s.lastHold)
	s.holds[h.ID] = h
	return h, nil
}

// Release implements calendar.Store.
func (s *Store) Release(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.holds, id)
	return nil
}

// Holds implements calendar.Store.
func (s *Store) Holds(ctx context.Context, from, to, now time.Time) ([]calendar.Hold, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []calendar.Hold
	for _, h := range s.holds {
		if h.Live(now) && from.Before(to) && h.Start.Before(to) && from.Before(h.End) {
			out = append(out, h)
		}
	}
	slices.SortFunc(out, func(a, b calendar.Hold) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(len(a.ID), len(b.ID)), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// ClientHold implements calendar.Store.
func (s *Store) ClientHold(ctx context.Context, owner string, now time.Time) (calendar.Hold, bool, error) {
	if err := ctx.Err(); err != nil {
		return calendar.Hold{}, false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, h := range s.holds {
		if h.Owner == owner && h.Live(now) {
			return h, true, nil
		}
	}
	return calendar.Hold{}, false, nil
}

// Wait implements calendar.Store.
func (s *Store) Wait(ctx context.Context, w calendar.Wait, now time.Time) (calendar.Wait, error) {
	if err := ctx.Err(); err != nil {
		return calendar.Wait{}, err
	}
	if w.Client.ID == "" || !w.From.Before(w.To) {
		return calendar.Wait{}, errors.New("calendartest: wait without a client or an empty window")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waits = slices.DeleteFunc(s.waits, func(o calendar.Wait) bool { return !o.To.After(now) })
	for _, o := range s.waits {
		if o.Client.ID == w.Client.ID && o.Service == w.Service && o.Master == w.Master &&
			o.From.Equal(w.From) && o.To.Equal(w.To) {
			return o, nil
		}
	}
	s.lastWait++
	w.ID = "w" + strconv.Itoa(s.lastWait)
	s.waits = append(s.waits, w)
	return w, nil
}

// Waits implements calendar.Store.
func (s *Store) Waits(ctx context.Context, from, to time.Time) ([]calendar.Wait, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []calendar.Wait
	for _, w := range s.waits {
		if from.Before(to) && w.From.Before(to) && from.Before(w.To) {
			out = append(out, w)
		}
	}
	return out, nil
}

// Unwait implements calendar.Store.
func (s *Store) Unwait(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waits = slices.DeleteFunc(s.waits, func(w calendar.Wait) bool { return w.ID == id })
	return nil
}

// ClientBookings implements calendar.Store.
func (s *Store) ClientBookings(ctx context.Context, clientID string) ([]calendar.Booking, error) {
	return s.filter(ctx, func(b calendar.Booking) bool { return b.Client.ID == clientID })
}

// Cancel implements calendar.Store.
func (s *Store) Cancel(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.bookings[id]
	if !ok {
		return calendar.ErrNotFound
	}
	b.Status = calendar.StatusCancelled
	s.bookings[id] = b
	return nil
}

// filter returns the bookings keep accepts, by start, then by ID.
func (s *Store) filter(ctx context.Context, keep func(calendar.Booking) bool) ([]calendar.Booking, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []calendar.Booking
	for _, b := range s.bookings {
		if keep(b) {
			out = append(out, b)
		}
	}
	slices.SortFunc(out, func(a, b calendar.Booking) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(len(a.ID), len(b.ID)), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}
