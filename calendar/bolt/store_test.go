package bolt_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"
	_ "time/tzdata"

	bbolt "go.etcd.io/bbolt"

	"github.com/minutka/minutka/calendar"
	"github.com/minutka/minutka/calendar/bolt"
	"github.com/minutka/minutka/calendar/calendartest"
)

func TestStore(t *testing.T) {
	calendartest.TestStore(t, func(t *testing.T) calendar.Store {
		return bolt.New(open(t, filepath.Join(t.TempDir(), "minutka.db")))
	})
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	loc, err := time.LoadLocation("Asia/Krasnoyarsk")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "minutka.db")
	start := time.Date(2030, 3, 4, 10, 0, 0, 0, loc)
	want := calendar.Booking{
		Service:   "mens-haircut",
		Master:    "olga",
		Start:     start,
		End:       start.Add(45 * time.Minute),
		Client:    calendar.Client{ID: "telegram:42", Name: "Пётр", Phone: "+79131234567"},
		Status:    calendar.StatusBooked,
		New:       true,
		CreatedAt: start.Add(-time.Hour),
	}

	db := open(t, path)
	b, err := bolt.New(db).Book(ctx, want)
	if err != nil {
		t.Fatalf("Book = %v", err)
	}
	if b.ID != "1" {
		t.Errorf("Book().ID = %q, want %q", b.ID, "1")
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db = open(t, path)
	s := bolt.New(db)
	got, err := s.ClientBookings(ctx, "telegram:42")
	if err != nil || len(got) != 1 {
		t.Fatalf("ClientBookings after reopen = %v, %v; want one booking", got, err)
	}
	want.ID = b.ID
	if g := got[0]; g.ID != want.ID || !g.Start.Equal(want.Start) || !g.End.Equal(want.End) ||
		g.Client != want.Client || g.Status != want.Status || !g.New || !g.CreatedAt.Equal(want.CreatedAt) ||
		g.Start.Location().String() != "Asia/Krasnoyarsk" {
		t.Errorf("ClientBookings after reopen = %+v, want %+v", g, want)
	}
	clash := want
	clash.Start, clash.End = start.Add(30*time.Minute), start.Add(75*time.Minute)
	if _, err := s.Book(ctx, clash); !errors.Is(err, calendar.ErrSlotTaken) {
		t.Errorf("Book(overlapping) after reopen = %v, want %v", err, calendar.ErrSlotTaken)
	}
	next := want
	next.Start, next.End = want.End, want.End.Add(45*time.Minute)
	b2, err := s.Book(ctx, next)
	if err != nil {
		t.Fatalf("Book(next) after reopen = %v", err)
	}
	if b2.ID != "2" {
		t.Errorf("Book(next).ID after reopen = %q, want %q", b2.ID, "2")
	}
}

// TestEmpty checks that a store on a fresh file answers reads without creating buckets.
func TestEmpty(t *testing.T) {
	ctx := context.Background()
	db := open(t, filepath.Join(t.TempDir(), "minutka.db"))
	s := bolt.New(db)
	now := time.Now()
	if got, err := s.Bookings(ctx, now, now.Add(time.Hour)); err != nil || len(got) != 0 {
		t.Errorf("Bookings on an empty file = %v, %v; want none", got, err)
	}
	if got, err := s.ClientBookings(ctx, "c1"); err != nil || len(got) != 0 {
		t.Errorf("ClientBookings(%q) on an empty file = %v, %v; want none", "c1", got, err)
	}
	if err := s.Cancel(ctx, "1"); !errors.Is(err, calendar.ErrNotFound) {
		t.Errorf("Cancel(%q) on an empty file = %v, want %v", "1", err, calendar.ErrNotFound)
	}
	if b, err := s.Booking(ctx, "1"); !errors.Is(err, calendar.ErrNotFound) {
		t.Errorf("Booking(%q) on an empty file = %v, %v; want %v", "1", b, err, calendar.ErrNotFound)
	}
	if got, err := s.PhoneBookings(ctx, "+79131234567"); err != nil || len(got) != 0 {
		t.Errorf("PhoneBookings on an empty file = %v, %v; want none", got, err)
	}
	if got, err := s.Holds(ctx, now, now.Add(time.Hour), now); err != nil || len(got) != 0 {
		t.Errorf("Holds on an empty file = %v, %v; want none", got, err)
	}
	if h, ok, err := s.ClientHold(ctx, "c1", now); err != nil || ok {
		t.Errorf("ClientHold(%q) on an empty file = %v, %v, %v; want none", "c1", h, ok, err)
	}
	if got, err := s.Waits(ctx, now, now.Add(time.Hour)); err != nil || len(got) != 0 {
		t.Errorf("Waits on an empty file = %v, %v; want none", got, err)
	}
	for name, err := range map[string]error{"Release": s.Release(ctx, "h1"), "Unwait": s.Unwait(ctx, "w1")} {
		if err != nil {
			t.Errorf("%s on an empty file = %v, want nil", name, err)
		}
	}
	err := db.View(func(tx *bbolt.Tx) error {
		return tx.ForEach(func(name []byte, _ *bbolt.Bucket) error {
			t.Errorf("bucket %s created by reads on an empty file", name)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func open(t *testing.T, path string) *bbolt.DB {
	t.Helper()
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatalf("bbolt.Open(%q) = %v", path, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestBookConcurrent books one time from 50 goroutines through the Calendar on a real file:
// with a named master exactly one wins; with any master, exactly one per qualified master.
func TestBookConcurrent(t *testing.T) {
	for _, tt := range []struct {
		master string
		wins   int
	}{{"olga", 1}, {"", 2}} {
		b := calendartest.Demo()
		cal := calendar.New(b, bolt.New(open(t, filepath.Join(t.TempDir(), "minutka.db"))))
		now := time.Date(2026, 11, 23, 10, 0, 0, 0, b.Location)
		start := time.Date(2026, 11, 24, 15, 0, 0, 0, b.Location)
		const n = 50
		errs := make(chan error, n)
		for i := range n {
			go func() {
				_, err := cal.Book(context.Background(), calendar.Request{Service: "mens-haircut", Master: tt.master,
					Start: start, Now: now, Client: calendar.Client{ID: fmt.Sprintf("test:%d", i)}})
				errs <- err
			}()
		}
		wins := 0
		for range n {
			switch err := <-errs; {
			case err == nil:
				wins++
			case !errors.Is(err, calendar.ErrSlotTaken):
				t.Errorf("master %q: Book = %v, want nil or ErrSlotTaken", tt.master, err)
			}
		}
		if wins != tt.wins {
			t.Errorf("master %q: %d of %d concurrent bookings won, want %d", tt.master, wins, n, tt.wins)
		}
		bs, err := cal.Bookings(context.Background(), start, start.Add(time.Hour))
		if err != nil || len(bs) != tt.wins {
			t.Errorf("master %q: stored bookings = %d, %v; want %d", tt.master, len(bs), err, tt.wins)
		}
	}
}
