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

// Store is an in-memory calendar.Store, safe for concurrent use. Booking IDs are "1", "2", …;
// bookings come back exactly as they were stored, times in their own locations.
type Store struct {
	mu       sync.Mutex
	last     int
	bookings map[string]calendar.Booking
}

var _ calendar.Store = (*Store)(nil)

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{bookings: make(map[string]calendar.Booking)}
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
	if b.Status == calendar.StatusBooked {
		for _, o := range s.bookings {
			if o.Status == calendar.StatusBooked && o.Master == b.Master &&
				b.Start.Before(o.End) && o.Start.Before(b.End) {
				return calendar.Booking{}, calendar.ErrSlotTaken
			}
		}
	}
	s.last++
	b.ID = strconv.Itoa(s.last)
	s.bookings[b.ID] = b
	return b, nil
}

// Bookings implements calendar.Store.
func (s *Store) Bookings(ctx context.Context, from, to time.Time) ([]calendar.Booking, error) {
	return s.filter(ctx, func(b calendar.Booking) bool {
		return b.Status == calendar.StatusBooked && from.Before(to) && b.Start.Before(to) && from.Before(b.End)
	})
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
