// Package dialogstest provides an in-memory SessionStore and a conformance suite that every
// SessionStore implementation runs.
package dialogstest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/minutka/minutka/dialogs"
	"github.com/minutka/minutka/intents"
)

// Sessions is an in-memory dialogs.SessionStore, safe for concurrent use.
type Sessions struct {
	mu sync.Mutex
	m  map[string]dialogs.Session
}

var _ dialogs.SessionStore = (*Sessions)(nil)

// NewSessions returns an empty store.
func NewSessions() *Sessions { return &Sessions{m: make(map[string]dialogs.Session)} }

// Session implements dialogs.SessionStore.
func (s *Sessions) Session(ctx context.Context, key string) (dialogs.Session, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	return v, ok, nil
}

// PutSession implements dialogs.SessionStore.
func (s *Sessions) PutSession(ctx context.Context, v dialogs.Session) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[v.Key] = v
	return nil
}

// TestSessionStore checks a SessionStore: missing keys, a full round trip, overwrites.
func TestSessionStore(t *testing.T, newStore func(t *testing.T) dialogs.SessionStore) {
	ctx := context.Background()
	st := newStore(t)
	if _, ok, err := st.Session(ctx, "webchat:none"); ok || err != nil {
		t.Fatalf("Session(missing) = _, %v, %v; want false, nil", ok, err)
	}
	loc := time.FixedZone("KRAT", 7*3600)
	at := time.Date(2026, 11, 24, 15, 0, 0, 0, loc)
	in := dialogs.Session{
		Key: "webchat:a", Lang: "ru", State: dialogs.Confirm,
		Draft: dialogs.Draft{Service: "mens-haircut", Master: "olga", MasterChosen: true, Start: at,
			When: &intents.When{At: at, HasDate: true, HasTime: true}},
		Profile: dialogs.Profile{Name: "Иван", Phone: "+79131234567"},
		Updated: at.Add(-time.Hour),
	}
	if err := st.PutSession(ctx, in); err != nil {
		t.Fatal(err)
	}
	got, ok, err := st.Session(ctx, "webchat:a")
	if err != nil || !ok {
		t.Fatalf("Session = _, %v, %v; want true, nil", ok, err)
	}
	if got.Key != in.Key || got.Lang != in.Lang || got.State != in.State || got.Profile != in.Profile ||
		got.Draft.Service != in.Draft.Service || got.Draft.Master != in.Draft.Master || !got.Draft.MasterChosen ||
		!got.Draft.Start.Equal(at) || got.Draft.When == nil || !got.Draft.When.At.Equal(at) || !got.Updated.Equal(in.Updated) {
		t.Errorf("Session round trip = %+v, want %+v", got, in)
	}
	in.State, in.Draft = dialogs.Idle, dialogs.Draft{}
	if err := st.PutSession(ctx, in); err != nil {
		t.Fatal(err)
	}
	got, _, _ = st.Session(ctx, "webchat:a")
	if got.State != dialogs.Idle || got.Draft.Service != "" || got.Draft.When != nil {
		t.Errorf("Session after overwrite = %+v, want idle with an empty draft", got)
	}
}
