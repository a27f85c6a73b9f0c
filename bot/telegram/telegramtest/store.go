// Package telegramtest provides fakes for testing the Telegram channel: a Bot API server that
// speaks the wire format, and an in-memory Store with the suite every Store implementation runs.
package telegramtest

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/minutka/minutka/bot/telegram"
)

// Store is an in-memory telegram.Store, safe for concurrent use.
type Store struct {
	mu   sync.Mutex
	m    map[int64]telegram.Progress
	puts int
}

var _ telegram.Store = (*Store)(nil)

// NewStore returns an empty store.
func NewStore() *Store { return &Store{m: make(map[int64]telegram.Progress)} }

// Progress implements telegram.Store.
func (s *Store) Progress(ctx context.Context, bot int64) (telegram.Progress, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.m[bot]
	p.Done = slices.Clone(p.Done)
	return p, nil
}

// PutProgress implements telegram.Store.
func (s *Store) PutProgress(ctx context.Context, bot int64, p telegram.Progress) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p.Done = slices.Clone(p.Done)
	s.m[bot] = p
	s.puts++
	return nil
}

// Puts returns how many times PutProgress was called.
func (s *Store) Puts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.puts
}

// TestStore checks a Store: a bot with no progress, a round trip, overwrites, separate bots
// and that the store keeps no reference to the caller's slice.
func TestStore(t *testing.T, newStore func(t *testing.T) telegram.Store) {
	ctx := context.Background()
	st := newStore(t)

	got, err := st.Progress(ctx, 42)
	if err != nil || got.Offset != 0 || len(got.Done) != 0 {
		t.Fatalf("Progress(unknown bot) = %+v, %v; want zero, nil", got, err)
	}

	want := telegram.Progress{Offset: 100, Done: []int64{90, 91, 101, 104}}
	done := slices.Clone(want.Done)
	if err := st.PutProgress(ctx, 42, telegram.Progress{Offset: want.Offset, Done: done}); err != nil {
		t.Fatalf("PutProgress = %v", err)
	}
	done[0] = -1 // the store must have copied it
	check(t, st, 42, want)

	next := telegram.Progress{Offset: 105}
	if err := st.PutProgress(ctx, 42, next); err != nil {
		t.Fatalf("PutProgress(overwrite) = %v", err)
	}
	check(t, st, 42, next)

	other := telegram.Progress{Offset: 7, Done: []int64{9}}
	if err := st.PutProgress(ctx, 43, other); err != nil {
		t.Fatalf("PutProgress(other bot) = %v", err)
	}
	check(t, st, 43, other)
	check(t, st, 42, next)

	big := telegram.Progress{Offset: 1 << 40, Done: []int64{1<<40 + 1, 1<<40 + 3}}
	if err := st.PutProgress(ctx, 1<<40, big); err != nil {
		t.Fatalf("PutProgress(large ids) = %v", err)
	}
	check(t, st, 1<<40, big)
}

func check(t *testing.T, st telegram.Store, bot int64, want telegram.Progress) {
	t.Helper()
	got, err := st.Progress(context.Background(), bot)
	if err != nil {
		t.Fatalf("Progress(%d) = %v", bot, err)
	}
	if got.Offset != want.Offset || !slices.Equal(got.Done, want.Done) {
		t.Errorf("Progress(%d) = %+v, want %+v", bot, got, want)
	}
}
