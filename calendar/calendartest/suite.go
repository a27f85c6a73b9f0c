package calendartest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // the suite books in Asia/Krasnoyarsk wherever it runs

	"github.com/minutka/minutka/calendar"
)

// TestStore runs the conformance suite for calendar.Store against the stores newStore returns;
// every subtest asks for a fresh, empty one. It checks that Book assigns unique IDs; that an
// overlap with an active booking of the same master is ErrSlotTaken while touching ends and other
// masters are fine; that a cancelled booking frees its slot; the range and order of Bookings and
// ClientBookings; that Cancel of an unknown ID is ErrNotFound; that times come back as the same
// instants in the same named location; and that of 50 goroutines booking one slot exactly one
// wins. Then it checks Booking, PhoneBookings and Update (moving within its own slot, clashes,
// cancelling, marking, the new fields), holds (they block others until they expire, the
// owner's booking consumes them, a new one replaces the old, Moving, Release, Holds,
// ClientHold, concurrency) and the waitlist (order, duplicates, Unwait, pruning).
func TestStore(t *testing.T, newStore func(t *testing.T) calendar.Store) {
	loc, err := time.LoadLocation("Asia/Krasnoyarsk")
	if err != nil {
		t.Fatal(err)
	}
	// at returns h:m on 4 March 2030 (a Monday), plus days.
	at := func(days, h, m int) time.Time { return time.Date(2030, 3, 4+days, h, m, 0, 0, loc) }
	ctx := context.Background()

	t.Run("UniqueIDs", func(t *testing.T) {
		s := newStore(t)
		ids := make(map[string]bool)
		for i, m := range []string{"olga", "anna", "olga", "maria"} {
			want := visit(m, "c1", at(0, 10+i, 0), at(0, 10+i, 45))
			want.Status = "" // stored as booked
			got, err := s.Book(ctx, want)
			if err != nil {
				t.Fatalf("Book(%v) = %v", show(want), err)
			}
			if got.ID == "" || ids[got.ID] {
				t.Errorf("Book(%v).ID = %q, want a fresh ID (have %v)", show(want), got.ID, ids)
			}
			ids[got.ID] = true
			want.ID, want.Status = got.ID, calendar.StatusBooked
			if !same(got, want) {
				t.Errorf("Book(%v) = %v, want %v", show(want), show(got), show(want))
			}
		}
	})

	t.Run("UniqueIDsConcurrent", func(t *testing.T) {
		s := newStore(t)
		const n = 20
		ids := make([]string, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				b, err := s.Book(ctx, visit(fmt.Sprintf("m%d", i), "c1", at(0, 10, 0), at(0, 11, 0)))
				ids[i], errs[i] = b.ID, err
			})
		}
		wg.Wait()
		seen := make(map[string]bool)
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("Book(m%d) = %v", i, errs[i])
			}
			if seen[ids[i]] {
				t.Errorf("Book(m%d).ID = %q, already given out", i, ids[i])
			}
			seen[ids[i]] = true
		}
	})

	t.Run("Clash", func(t *testing.T) {
		tests := []struct {
			name       string
			master     string
			start, end time.Time
			want       error
		}{
			{"same", "olga", at(0, 10, 0), at(0, 11, 0), calendar.ErrSlotTaken},
			{"inside", "olga", at(0, 10, 15), at(0, 10, 45), calendar.ErrSlotTaken},
			{"around", "olga", at(0, 9, 0), at(0, 12, 0), calendar.ErrSlotTaken},
			{"overlaps start", "olga", at(0, 9, 30), at(0, 10, 30), calendar.ErrSlotTaken},
			{"overlaps end", "olga", at(0, 10, 59), at(0, 11, 30), calendar.ErrSlotTaken},
			{"touches start", "olga", at(0, 9, 0), at(0, 10, 0), nil},
			{"touches end", "olga", at(0, 11, 0), at(0, 12, 0), nil},
			{"other master", "anna", at(0, 10, 0), at(0, 11, 0), nil},
			{"next day", "olga", at(1, 10, 0), at(1, 11, 0), nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s := newStore(t)
				mustBook(t, s, visit("olga", "c1", at(0, 10, 0), at(0, 11, 0)))
				b := visit(tt.master, "c2", tt.start, tt.end)
				_, err := s.Book(ctx, b)
				if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
					t.Fatalf("Book(%v) = %v, want %v", show(b), err, tt.want)
				}
				wantN := 2
				if tt.want != nil {
					wantN = 1
				}
				if got := mustBookings(t, s, at(-1, 0, 0), at(2, 0, 0)); len(got) != wantN {
					t.Errorf("Bookings after Book(%v) = %v, want %d bookings", show(b), show(got...), wantN)
				}
			})
		}
	})

	t.Run("CancelFreesSlot", func(t *testing.T) {
		s := newStore(t)
		b := mustBook(t, s, visit("olga", "c1", at(0, 10, 0), at(0, 11, 0)))
		if err := s.Cancel(ctx, b.ID); err != nil {
			t.Fatalf("Cancel(%q) = %v", b.ID, err)
		}
		if err := s.Cancel(ctx, b.ID); err != nil {
			t.Errorf("Cancel(%q) again = %v, want nil", b.ID, err)
		}
		if got := mustBookings(t, s, at(0, 0, 0), at(1, 0, 0)); len(got) != 0 {
			t.Errorf("Bookings after Cancel = %v, want none", show(got...))
		}
		got, err := s.ClientBookings(ctx, "c1")
		if err != nil || len(got) != 1 || got[0].ID != b.ID || got[0].Status != calendar.StatusCancelled {
			t.Errorf("ClientBookings(%q) after Cancel = %v, %v; want [%s cancelled]", "c1", show(got...), err, b.ID)
		}
		again := mustBook(t, s, visit("olga", "c2", at(0, 10, 0), at(0, 11, 0)))
		if again.ID == b.ID {
			t.Errorf("Book after Cancel reused ID %q", b.ID)
		}
	})

	t.Run("CancelUnknown", func(t *testing.T) {
		s := newStore(t)
		mustBook(t, s, visit("olga", "c1", at(0, 10, 0), at(0, 11, 0)))
		for _, id := range []string{"", "999", "nope"} {
			if err := s.Cancel(ctx, id); !errors.Is(err, calendar.ErrNotFound) {
				t.Errorf("Cancel(%q) = %v, want %v", id, err, calendar.ErrNotFound)
			}
		}
	})

	t.Run("Bookings", func(t *testing.T) {
		s := newStore(t)
		// Booked out of order; one cancelled, one long, and c6 from the evening before until the
		// morning after.
		for _, b := range []calendar.Booking{
			visit("olga", "c1", at(0, 12, 0), at(0, 13, 0)),
			visit("anna", "c2", at(0, 10, 0), at(0, 11, 0)),
			visit("maria", "c3", at(0, 11, 0), at(0, 12, 0)),
			visit("anna", "c4", at(1, 10, 0), at(1, 11, 0)),
			visit("olga", "c5", at(0, 15, 0), at(0, 19, 0)),
			visit("night", "c6", at(-1, 20, 0), at(1, 8, 0)),
		} {
			mustBook(t, s, b)
		}
		cancelled := mustBook(t, s, visit("maria", "c7", at(0, 16, 0), at(0, 17, 0)))
		if err := s.Cancel(ctx, cancelled.ID); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			from, to time.Time
			want     []string // client IDs in order
		}{
			{at(0, 9, 0), at(0, 21, 0), []string{"c6", "c2", "c3", "c1", "c5"}},
			{at(0, 10, 30), at(0, 11, 0), []string{"c6", "c2"}},
			{at(0, 11, 0), at(0, 12, 0), []string{"c6", "c3"}},
			{at(0, 10, 59), at(0, 11, 1), []string{"c6", "c2", "c3"}},
			{at(0, 8, 0), at(0, 10, 0), []string{"c6"}},
			{at(0, 18, 0), at(0, 18, 30), []string{"c6", "c5"}},
			{at(0, 19, 0), at(0, 20, 0), []string{"c6"}},
			{at(1, 8, 0), at(1, 10, 0), nil},
			{at(1, 0, 0), at(2, 0, 0), []string{"c6", "c4"}},
			{at(-2, 0, 0), at(-1, 0, 0), nil},
			{at(0, 12, 0), at(0, 12, 0), nil},
			{at(0, 13, 0), at(0, 12, 0), nil},
			{at(-9, 0, 0), at(9, 0, 0), []string{"c6", "c2", "c3", "c1", "c5", "c4"}},
		}
		for _, tt := range tests {
			got := mustBookings(t, s, tt.from, tt.to)
			if clients(got) != strings.Join(tt.want, ",") {
				t.Errorf("Bookings(%s, %s) = %v, want clients %v", tt.from.Format(time.DateTime), tt.to.Format(time.DateTime), show(got...), tt.want)
			}
			for _, b := range got {
				if b.Status != calendar.StatusBooked {
					t.Errorf("Bookings(%s, %s) has %v, want only active", tt.from.Format(time.DateTime), tt.to.Format(time.DateTime), show(b))
				}
			}
		}
	})

	t.Run("ClientBookings", func(t *testing.T) {
		s := newStore(t)
		var ids []string
		for _, b := range []calendar.Booking{
			visit("olga", "alice", at(3, 12, 0), at(3, 13, 0)),
			visit("anna", "bob", at(0, 10, 0), at(0, 11, 0)),
			visit("anna", "alice", at(1, 10, 0), at(1, 11, 0)),
			visit("maria", "alice", at(0, 18, 0), at(0, 19, 0)),
		} {
			ids = append(ids, mustBook(t, s, b).ID)
		}
		if err := s.Cancel(ctx, ids[2]); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			client string
			want   []string // booking IDs in order
		}{
			{"alice", []string{ids[3], ids[2], ids[0]}},
			{"bob", []string{ids[1]}},
			{"carol", nil},
			{"", nil},
		}
		for _, tt := range tests {
			got, err := s.ClientBookings(ctx, tt.client)
			if err != nil {
				t.Fatalf("ClientBookings(%q) = %v", tt.client, err)
			}
			var gotIDs []string
			for _, b := range got {
				gotIDs = append(gotIDs, b.ID)
				if b.Client.ID != tt.client {
					t.Errorf("ClientBookings(%q) has %v", tt.client, show(b))
				}
			}
			if strings.Join(gotIDs, ",") != strings.Join(tt.want, ",") {
				t.Errorf("ClientBookings(%q) = IDs %v, want %v", tt.client, gotIDs, tt.want)
			}
		}
		got, _ := s.ClientBookings(ctx, "alice")
		if len(got) == 3 && got[1].Status != calendar.StatusCancelled {
			t.Errorf("ClientBookings(%q)[1].Status = %q, want %q", "alice", got[1].Status, calendar.StatusCancelled)
		}
	})

	t.Run("Times", func(t *testing.T) {
		s := newStore(t)
		want := visit("olga", "c1", at(0, 10, 0), at(0, 10, 45))
		want.Start = want.Start.Add(1500 * time.Millisecond) // sub-second precision survives
		want.CreatedAt = want.Start.Add(-36 * time.Hour)
		b := mustBook(t, s, want)
		want.ID = b.ID
		byClient, err := s.ClientBookings(ctx, "c1")
		if err != nil || len(byClient) != 1 {
			t.Fatalf("ClientBookings(%q) = %v, %v; want one booking", "c1", show(byClient...), err)
		}
		byTime := mustBookings(t, s, at(0, 0, 0), at(1, 0, 0))
		if len(byTime) != 1 {
			t.Fatalf("Bookings(day) = %v, want one booking", show(byTime...))
		}
		for _, got := range []calendar.Booking{byClient[0], byTime[0]} {
			if !same(got, want) {
				t.Errorf("stored %v, got back %v", show(want), show(got))
			}
			if name := got.Start.Location().String(); name != loc.String() {
				t.Errorf("Start.Location() = %q, want %q", name, loc.String())
			}
		}
	})

	t.Run("Concurrent", func(t *testing.T) {
		s := newStore(t)
		const n = 50
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				_, errs[i] = s.Book(ctx, visit("olga", fmt.Sprintf("c%d", i), at(0, 10, 0), at(0, 10, 45)))
			})
		}
		wg.Wait()
		won := 0
		for i, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, calendar.ErrSlotTaken):
				t.Errorf("Book(c%d) = %v, want nil or %v", i, err, calendar.ErrSlotTaken)
			}
		}
		if won != 1 {
			t.Errorf("%d of %d concurrent Book calls for one slot won, want 1", won, n)
		}
		if got := mustBookings(t, s, at(0, 0, 0), at(1, 0, 0)); len(got) != 1 {
			t.Errorf("Bookings after concurrent Book = %v, want one booking", show(got...))
		}
	})

	t.Run("Lifecycle", func(t *testing.T) { testLifecycle(t, newStore, at) })
	t.Run("Holds", func(t *testing.T) { testHolds(t, newStore, at) })
	t.Run("Waitlist", func(t *testing.T) { testWaitlist(t, newStore, at) })
}

// visit returns an active booking without an ID.
func visit(master, client string, start, end time.Time) calendar.Booking {
	return calendar.Booking{
		Service:   "mens-haircut",
		Master:    master,
		Start:     start,
		End:       end,
		Client:    calendar.Client{ID: client, Name: "Имя " + client, Phone: "+79130000000"},
		Status:    calendar.StatusBooked,
		New:       true,
		CreatedAt: start.Add(-24 * time.Hour),
	}
}

func mustBook(t *testing.T, s calendar.Store, b calendar.Booking) calendar.Booking {
	t.Helper()
	got, err := s.Book(context.Background(), b)
	if err != nil {
		t.Fatalf("Book(%v) = %v", show(b), err)
	}
	return got
}

func mustBookings(t *testing.T, s calendar.Store, from, to time.Time) []calendar.Booking {
	t.Helper()
	got, err := s.Bookings(context.Background(), from, to)
	if err != nil {
		t.Fatalf("Bookings(%v, %v) = %v", from, to, err)
	}
	return got
}

// same reports whether a and b are the same booking, times compared as instants.
func same(a, b calendar.Booking) bool {
	return a.ID == b.ID && a.Service == b.Service && a.Master == b.Master &&
		a.Start.Equal(b.Start) && a.End.Equal(b.End) && a.Client == b.Client &&
		a.Status == b.Status && a.New == b.New && a.CreatedAt.Equal(b.CreatedAt) &&
		a.Paid == b.Paid && a.MarkedAt.Equal(b.MarkedAt) && a.RescheduledAt.Equal(b.RescheduledAt) &&
		a.Reschedules == b.Reschedules && a.MovedFrom.Master == b.MovedFrom.Master &&
		a.MovedFrom.Start.Equal(b.MovedFrom.Start) && a.MovedFrom.End.Equal(b.MovedFrom.End)
}

func clients(bs []calendar.Booking) string {
	ids := make([]string, len(bs))
	for i, b := range bs {
		ids[i] = b.Client.ID
	}
	return strings.Join(ids, ",")
}

// show formats bookings for test messages.
func show(bs ...calendar.Booking) string {
	parts := make([]string, len(bs))
	for i, b := range bs {
		parts[i] = fmt.Sprintf("{%s %s %s %s–%s %s %s new=%t}", b.ID, b.Service, b.Master,
			b.Start.Format("2006-01-02 15:04:05.999 MST"), b.End.Format("15:04"), b.Client.ID, b.Status, b.New)
	}
	return "[" + strings.Join(parts, " ") + "]"
}
