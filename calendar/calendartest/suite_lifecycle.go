package calendartest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minutka/minutka/calendar"
)

// testLifecycle checks Booking, PhoneBookings and Update.
func testLifecycle(t *testing.T, newStore func(t *testing.T) calendar.Store, at func(days, h, m int) time.Time) {
	ctx := context.Background()
	now := at(-1, 12, 0)

	t.Run("Booking", func(t *testing.T) {
		s := newStore(t)
		want := mustBook(t, s, visit("olga", "c1", at(0, 10, 0), at(0, 11, 0)))
		got, err := s.Booking(ctx, want.ID)
		if err != nil || !same(got, want) {
			t.Errorf("Booking(%q) = %v, %v; want %v", want.ID, show(got), err, show(want))
		}
		for _, id := range []string{"", "999", "nope"} {
			if _, err := s.Booking(ctx, id); !errors.Is(err, calendar.ErrNotFound) {
				t.Errorf("Booking(%q) = %v, want %v", id, err, calendar.ErrNotFound)
			}
		}
	})

	t.Run("PhoneBookings", func(t *testing.T) {
		s := newStore(t)
		a := visit("olga", "telegram:1", at(0, 10, 0), at(0, 11, 0))
		b := visit("anna", "whatsapp:1", at(1, 10, 0), at(1, 11, 0))
		c := visit("anna", "webchat:2", at(0, 10, 0), at(0, 11, 0))
		a.Client.Phone, b.Client.Phone, c.Client.Phone = "+79131111111", "+79131111111", "+79132222222"
		d := visit("maria", "webchat:3", at(0, 10, 0), at(0, 11, 0))
		d.Client.Phone = ""
		var ids []string
		for _, v := range []calendar.Booking{b, a, c, d} {
			ids = append(ids, mustBook(t, s, v).ID)
		}
		if err := s.Cancel(ctx, ids[0]); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			phone string
			want  []string
		}{
			{"+79131111111", []string{ids[1], ids[0]}},
			{"+79132222222", []string{ids[2]}},
			{"+79133333333", nil},
			{"", nil},
		} {
			got, err := s.PhoneBookings(ctx, tt.phone)
			if err != nil || bookingIDs(got) != strings.Join(tt.want, ",") {
				t.Errorf("PhoneBookings(%q) = %v, %v; want IDs %v", tt.phone, show(got...), err, tt.want)
			}
		}
		// A phone changed by Update moves in the index.
		if _, err := s.Update(ctx, ids[2], now, func(b *calendar.Booking) error {
			b.Client.Phone = "+79131111111"
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.PhoneBookings(ctx, "+79132222222"); len(got) != 0 {
			t.Errorf("PhoneBookings(old phone) after Update = %v, want none", show(got...))
		}
		if got, _ := s.PhoneBookings(ctx, "+79131111111"); len(got) != 3 {
			t.Errorf("PhoneBookings(new phone) after Update = %v, want 3 bookings", show(got...))
		}
	})

	t.Run("MoveWithinOwnSlot", func(t *testing.T) {
		s := newStore(t)
		b := mustBook(t, s, visit("olga", "c1", at(0, 15, 0), at(0, 15, 45)))
		mustBook(t, s, visit("olga", "c2", at(0, 16, 0), at(0, 17, 0)))
		want := b
		want.Start, want.End = at(0, 15, 15), at(0, 16, 0)
		want.RescheduledAt, want.Reschedules = now, 1
		want.MovedFrom = calendar.Slot{Start: b.Start, End: b.End, Master: b.Master}
		got, err := s.Update(ctx, b.ID, now, func(x *calendar.Booking) error {
			x.Start, x.End = want.Start, want.End
			x.RescheduledAt, x.Reschedules, x.MovedFrom = want.RescheduledAt, want.Reschedules, want.MovedFrom
			return nil
		})
		if err != nil || !same(got, want) {
			t.Fatalf("Update(%s to 15:15) = %v, %v; want %v", b.ID, show(got), err, show(want))
		}
		if back, err := s.Booking(ctx, b.ID); err != nil || !same(back, want) {
			t.Errorf("Booking(%q) after Update = %v, %v; want %v", b.ID, show(back), err, show(want))
		}
		if got := mustBookings(t, s, at(0, 0, 0), at(1, 0, 0)); len(got) != 2 || !got[0].Start.Equal(want.Start) {
			t.Errorf("Bookings after Update = %v, want the moved one and c2", show(got...))
		}
		// The old time is free for others, the new one is not.
		mustBook(t, s, visit("olga", "c3", at(0, 14, 30), at(0, 15, 15)))
		if _, err := s.Book(ctx, visit("olga", "c4", at(0, 15, 45), at(0, 16, 0))); !errors.Is(err, calendar.ErrSlotTaken) {
			t.Errorf("Book(inside the moved booking) = %v, want %v", err, calendar.ErrSlotTaken)
		}
	})

	t.Run("UpdateClash", func(t *testing.T) {
		s := newStore(t)
		b := mustBook(t, s, visit("olga", "c1", at(0, 10, 0), at(0, 11, 0)))
		mustBook(t, s, visit("olga", "c2", at(0, 12, 0), at(0, 13, 0)))
		mustBook(t, s, visit("anna", "c3", at(0, 10, 0), at(0, 11, 0)))
		for _, tt := range []struct {
			name   string
			change func(*calendar.Booking)
			want   error
		}{
			{"onto c2", func(x *calendar.Booking) { x.Start, x.End = at(0, 11, 30), at(0, 12, 30) }, calendar.ErrSlotTaken},
			{"to anna", func(x *calendar.Booking) { x.Master = "anna" }, calendar.ErrSlotTaken},
			{"longer into c2", func(x *calendar.Booking) { x.End = at(0, 12, 1) }, calendar.ErrSlotTaken},
			{"touching c2", func(x *calendar.Booking) { x.Start, x.End = at(0, 11, 0), at(0, 12, 0) }, nil},
		} {
			before, _ := s.Booking(ctx, b.ID)
			got, err := s.Update(ctx, b.ID, now, func(x *calendar.Booking) error { tt.change(x); return nil })
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Errorf("Update(%s) = %v, %v; want %v", tt.name, show(got), err, tt.want)
			}
			if after, _ := s.Booking(ctx, b.ID); tt.want != nil && !same(after, before) {
				t.Errorf("Booking after a failed Update(%s) = %v, want it unchanged %v", tt.name, show(after), show(before))
			}
		}
	})

	t.Run("UpdateErrors", func(t *testing.T) {
		s := newStore(t)
		b := mustBook(t, s, visit("olga", "c1", at(0, 10, 0), at(0, 11, 0)))
		errNo := errors.New("no, thanks")
		if _, err := s.Update(ctx, b.ID, now, func(*calendar.Booking) error { return errNo }); err != errNo {
			t.Errorf("Update(f fails) = %v, want f's error %v as it is", err, errNo)
		}
		for _, id := range []string{"", "999"} {
			called := false
			_, err := s.Update(ctx, id, now, func(*calendar.Booking) error { called = true; return nil })
			if !errors.Is(err, calendar.ErrNotFound) || called {
				t.Errorf("Update(%q) = %v, f called %v; want %v, f not called", id, err, called, calendar.ErrNotFound)
			}
		}
		for name, change := range map[string]func(*calendar.Booking){
			"ID":        func(x *calendar.Booking) { x.ID = "77" },
			"client ID": func(x *calendar.Booking) { x.Client.ID = "c9" },
			"backwards": func(x *calendar.Booking) { x.End = x.Start },
		} {
			if got, err := s.Update(ctx, b.ID, now, func(x *calendar.Booking) error { change(x); return nil }); err == nil {
				t.Errorf("Update(change %s) = %v, want an error", name, show(got))
			}
		}
		if got, _ := s.Booking(ctx, b.ID); !same(got, b) {
			t.Errorf("Booking after failed Updates = %v, want %v", show(got), show(b))
		}
	})

	t.Run("Statuses", func(t *testing.T) {
		s := newStore(t)
		b := mustBook(t, s, visit("olga", "c1", at(0, 10, 0), at(0, 11, 0)))
		marked, err := s.Update(ctx, b.ID, now, func(x *calendar.Booking) error {
			x.Status, x.Paid, x.MarkedAt = calendar.StatusAttended, 1200, at(0, 11, 5)
			return nil
		})
		if err != nil || marked.Status != calendar.StatusAttended || marked.Paid != 1200 || !marked.MarkedAt.Equal(at(0, 11, 5)) {
			t.Fatalf("Update(attended) = %v, %v; want attended, paid 1200", show(marked), err)
		}
		// An attended visit keeps its time.
		if got := mustBookings(t, s, at(0, 0, 0), at(1, 0, 0)); len(got) != 1 || got[0].Status != calendar.StatusAttended || got[0].Paid != 1200 {
			t.Errorf("Bookings after marking = %v, want the attended visit", show(got...))
		}
		if _, err := s.Book(ctx, visit("olga", "c2", at(0, 10, 30), at(0, 11, 30))); !errors.Is(err, calendar.ErrSlotTaken) {
			t.Errorf("Book(over an attended visit) = %v, want %v", err, calendar.ErrSlotTaken)
		}
		// Cancelling through Update frees it; making it active again checks for clashes.
		if _, err := s.Update(ctx, b.ID, now, func(x *calendar.Booking) error { x.Status = calendar.StatusCancelled; return nil }); err != nil {
			t.Fatal(err)
		}
		if got := mustBookings(t, s, at(0, 0, 0), at(1, 0, 0)); len(got) != 0 {
			t.Errorf("Bookings after Update(cancelled) = %v, want none", show(got...))
		}
		mustBook(t, s, visit("olga", "c2", at(0, 10, 30), at(0, 11, 30)))
		if _, err := s.Update(ctx, b.ID, now, func(x *calendar.Booking) error { x.Status = calendar.StatusBooked; return nil }); !errors.Is(err, calendar.ErrSlotTaken) {
			t.Errorf("Update(cancelled to booked over c2) = %v, want %v", err, calendar.ErrSlotTaken)
		}
		// Cancel works on any active status.
		ns := visit("anna", "c3", at(0, 10, 0), at(0, 11, 0))
		ns.Status = calendar.StatusNoShow
		ns = mustBook(t, s, ns)
		if err := s.Cancel(ctx, ns.ID); err != nil {
			t.Fatal(err)
		}
		if got := mustBookings(t, s, at(0, 0, 0), at(1, 0, 0)); len(got) != 1 {
			t.Errorf("Bookings after Cancel(no-show) = %v, want only c2", show(got...))
		}
	})

	t.Run("UpdateConcurrent", func(t *testing.T) {
		s := newStore(t)
		const n = 20
		ids := make([]string, n)
		for i := range n {
			ids[i] = mustBook(t, s, visit(fmt.Sprintf("m%d", i%2), fmt.Sprintf("c%d", i), at(1+i, 10, 0), at(1+i, 11, 0))).ID
		}
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				_, errs[i] = s.Update(ctx, ids[i], now, func(x *calendar.Booking) error {
					x.Master, x.Start, x.End = "m0", at(0, 10, 0), at(0, 11, 0)
					return nil
				})
			})
		}
		wg.Wait()
		won := 0
		for i, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, calendar.ErrSlotTaken):
				t.Errorf("Update(%s) = %v, want nil or %v", ids[i], err, calendar.ErrSlotTaken)
			}
		}
		if won != 1 {
			t.Errorf("%d of %d concurrent moves to one slot won, want 1", won, n)
		}
	})
}

// testHolds checks Hold, Release, Holds, ClientHold and how holds bear on Book and Update.
func testHolds(t *testing.T, newStore func(t *testing.T) calendar.Store, at func(days, h, m int) time.Time) {
	ctx := context.Background()
	now := at(-1, 12, 0)
	ttl := 10 * time.Minute
	hold := func(master, owner string, start, end time.Time) calendar.Hold {
		return calendar.Hold{Service: "mens-haircut", Master: master, Start: start, End: end, Expires: now.Add(ttl), Owner: owner}
	}
	mustHold := func(t *testing.T, s calendar.Store, h calendar.Hold) calendar.Hold {
		t.Helper()
		got, err := s.Hold(ctx, h, now)
		if err != nil {
			t.Fatalf("Hold(%v) = %v", showHold(h), err)
		}
		return got
	}
	// booking returns an active booking made at when.
	booking := func(master, client string, start, end, when time.Time) calendar.Booking {
		b := visit(master, client, start, end)
		b.CreatedAt = when
		return b
	}

	t.Run("BlocksOthers", func(t *testing.T) {
		s := newStore(t)
		h := mustHold(t, s, hold("olga", "alice", at(0, 15, 0), at(0, 15, 45)))
		if h.ID == "" || h.Owner != "alice" || !h.Start.Equal(at(0, 15, 0)) || !h.Expires.Equal(now.Add(ttl)) {
			t.Errorf("Hold = %v, want an ID and the hold as asked", showHold(h))
		}
		if name := h.Start.Location().String(); name != "Asia/Krasnoyarsk" {
			t.Errorf("Hold().Start.Location() = %q, want %q", name, "Asia/Krasnoyarsk")
		}
		for _, tt := range []struct {
			name string
			b    calendar.Booking
			want error
		}{
			{"other client, overlapping", booking("olga", "bob", at(0, 15, 30), at(0, 16, 15), now.Add(time.Minute)), calendar.ErrSlotTaken},
			{"other client, last live instant", booking("olga", "bob", at(0, 15, 0), at(0, 15, 45), now.Add(ttl-time.Nanosecond)), calendar.ErrSlotTaken},
			{"other client, touching", booking("olga", "bob", at(0, 15, 45), at(0, 16, 30), now.Add(time.Minute)), nil},
			{"other master", booking("anna", "bob", at(0, 15, 0), at(0, 15, 45), now.Add(time.Minute)), nil},
		} {
			_, err := s.Book(ctx, tt.b)
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Errorf("Book(%s) = %v, want %v", tt.name, err, tt.want)
			}
		}
		if _, err := s.Hold(ctx, hold("olga", "bob", at(0, 14, 30), at(0, 15, 15)), now.Add(time.Minute)); !errors.Is(err, calendar.ErrSlotTaken) {
			t.Errorf("Hold(bob over alice's hold) = %v, want %v", err, calendar.ErrSlotTaken)
		}
		if got, ok, err := s.ClientHold(ctx, "alice", now.Add(time.Minute)); err != nil || !ok || got.ID != h.ID {
			t.Errorf("ClientHold(alice) = %v, %v, %v; want %s", showHold(got), ok, err, h.ID)
		}
		if got, ok, err := s.ClientHold(ctx, "bob", now); err != nil || ok {
			t.Errorf("ClientHold(bob) = %v, %v, %v; want none", showHold(got), ok, err)
		}
		// Expired, the hold counts for nothing.
		later := now.Add(ttl)
		if _, ok, _ := s.ClientHold(ctx, "alice", later); ok {
			t.Errorf("ClientHold(alice) at expiry found a hold, want none")
		}
		if got, err := s.Holds(ctx, at(0, 0, 0), at(1, 0, 0), later); err != nil || len(got) != 0 {
			t.Errorf("Holds at expiry = %v, %v; want none", showHold(got...), err)
		}
		if _, err := s.Book(ctx, booking("olga", "bob", at(0, 15, 0), at(0, 15, 45), later)); err != nil {
			t.Errorf("Book(bob) once alice's hold expired = %v, want nil", err)
		}
	})

	t.Run("OwnerBookingConsumes", func(t *testing.T) {
		s := newStore(t)
		mustHold(t, s, hold("olga", "alice", at(0, 15, 0), at(0, 15, 45)))
		b, err := s.Book(ctx, booking("olga", "alice", at(0, 15, 0), at(0, 15, 45), now.Add(time.Minute)))
		if err != nil {
			t.Fatalf("Book(alice on her hold) = %v", err)
		}
		if h, ok, _ := s.ClientHold(ctx, "alice", now.Add(time.Minute)); ok {
			t.Errorf("ClientHold(alice) after her Book = %v, want none: the booking consumes it", showHold(h))
		}
		if got, _ := s.Holds(ctx, at(0, 0, 0), at(1, 0, 0), now); len(got) != 0 {
			t.Errorf("Holds after the owner's Book = %v, want none", showHold(got...))
		}
		if b.Status != calendar.StatusBooked {
			t.Errorf("Book(alice).Status = %q, want %q", b.Status, calendar.StatusBooked)
		}
	})

	t.Run("Replace", func(t *testing.T) {
		s := newStore(t)
		first := mustHold(t, s, hold("olga", "alice", at(0, 15, 0), at(0, 15, 45)))
		mustHold(t, s, hold("anna", "bob", at(0, 17, 0), at(0, 17, 45)))
		second := mustHold(t, s, hold("olga", "alice", at(0, 16, 0), at(0, 16, 45)))
		if second.ID == first.ID {
			t.Errorf("second Hold reused ID %q", first.ID)
		}
		got, err := s.Holds(ctx, at(0, 0, 0), at(1, 0, 0), now)
		if err != nil || len(got) != 2 {
			t.Errorf("Holds = %v, %v; want alice's second and bob's", showHold(got...), err)
		}
		for _, h := range got {
			if h.ID == first.ID {
				t.Errorf("Holds has the replaced hold %v", showHold(h))
			}
		}
		// A failed new hold leaves the old one.
		if _, err := s.Hold(ctx, hold("anna", "alice", at(0, 17, 0), at(0, 17, 45)), now); !errors.Is(err, calendar.ErrSlotTaken) {
			t.Fatalf("Hold(alice over bob) = %v, want %v", err, calendar.ErrSlotTaken)
		}
		if h, ok, _ := s.ClientHold(ctx, "alice", now); !ok || h.ID != second.ID {
			t.Errorf("ClientHold(alice) after a failed Hold = %v, %v; want %s", showHold(h), ok, second.ID)
		}
		// The first slot is free again.
		if _, err := s.Book(ctx, booking("olga", "carol", at(0, 15, 0), at(0, 15, 45), now)); err != nil {
			t.Errorf("Book(carol on alice's replaced hold) = %v, want nil", err)
		}
	})

	t.Run("Bookings", func(t *testing.T) {
		s := newStore(t)
		mine := mustBook(t, s, booking("olga", "alice", at(0, 15, 0), at(0, 15, 45), now))
		theirs := mustBook(t, s, booking("olga", "bob", at(0, 16, 0), at(0, 16, 45), now))
		h := hold("olga", "alice", at(0, 15, 30), at(0, 16, 0))
		if _, err := s.Hold(ctx, h, now); !errors.Is(err, calendar.ErrSlotTaken) {
			t.Errorf("Hold(over own booking, not moving) = %v, want %v", err, calendar.ErrSlotTaken)
		}
		h.Moving = theirs.ID
		if _, err := s.Hold(ctx, h, now); !errors.Is(err, calendar.ErrSlotTaken) {
			t.Errorf("Hold(over own booking, moving bob's) = %v, want %v", err, calendar.ErrSlotTaken)
		}
		h.Moving = mine.ID
		got := mustHold(t, s, h)
		if got.Moving != mine.ID {
			t.Errorf("Hold().Moving = %q, want %q", got.Moving, mine.ID)
		}
		// Others cannot move onto the hold; the owner can, consuming it.
		if _, err := s.Update(ctx, theirs.ID, now, func(x *calendar.Booking) error {
			x.Start, x.End = at(0, 15, 45), at(0, 16, 30)
			return nil
		}); !errors.Is(err, calendar.ErrSlotTaken) {
			t.Errorf("Update(bob onto alice's hold) = %v, want %v", err, calendar.ErrSlotTaken)
		}
		moved, err := s.Update(ctx, mine.ID, now, func(x *calendar.Booking) error {
			x.Start, x.End = at(0, 15, 15), at(0, 16, 0)
			return nil
		})
		if err != nil || !moved.Start.Equal(at(0, 15, 15)) {
			t.Fatalf("Update(alice onto her hold) = %v, %v; want moved to 15:15", show(moved), err)
		}
		if h, ok, _ := s.ClientHold(ctx, "alice", now); ok {
			t.Errorf("ClientHold(alice) after her move = %v, want none: the move consumes it", showHold(h))
		}
		// A hold never overlaps a booking.
		if _, err := s.Hold(ctx, hold("olga", "carol", at(0, 16, 30), at(0, 17, 0)), now); !errors.Is(err, calendar.ErrSlotTaken) {
			t.Errorf("Hold(over bob's booking) = %v, want %v", err, calendar.ErrSlotTaken)
		}
		// Statuses other than booked do not lift the hold check.
		mustHold(t, s, hold("anna", "carol", at(0, 10, 0), at(0, 11, 0)))
		ns := booking("anna", "dan", at(0, 10, 0), at(0, 11, 0), now)
		ns.Status = calendar.StatusCancelled
		if _, err := s.Book(ctx, ns); err != nil {
			t.Errorf("Book(cancelled, over carol's hold) = %v, want nil: only active bookings clash", err)
		}
	})

	t.Run("Release", func(t *testing.T) {
		s := newStore(t)
		h := mustHold(t, s, hold("olga", "alice", at(0, 15, 0), at(0, 15, 45)))
		for _, id := range []string{h.ID, h.ID, "", "h999", "nope"} {
			if err := s.Release(ctx, id); err != nil {
				t.Errorf("Release(%q) = %v, want nil", id, err)
			}
		}
		if _, ok, _ := s.ClientHold(ctx, "alice", now); ok {
			t.Errorf("ClientHold(alice) after Release found a hold")
		}
		mustBook(t, s, booking("olga", "bob", at(0, 15, 0), at(0, 15, 45), now))
	})

	t.Run("Holds", func(t *testing.T) {
		s := newStore(t)
		a := mustHold(t, s, hold("olga", "alice", at(0, 15, 0), at(0, 15, 45)))
		b := mustHold(t, s, hold("anna", "bob", at(0, 10, 0), at(0, 10, 45)))
		short := hold("maria", "carol", at(0, 12, 0), at(0, 12, 30))
		short.Expires = now.Add(time.Minute)
		c := mustHold(t, s, short)
		for _, tt := range []struct {
			from, to, now time.Time
			want          []string
		}{
			{at(0, 0, 0), at(1, 0, 0), now, []string{b.ID, c.ID, a.ID}},
			{at(0, 10, 30), at(0, 15, 1), now, []string{b.ID, c.ID, a.ID}},
			{at(0, 10, 45), at(0, 15, 0), now, []string{c.ID}},
			{at(0, 0, 0), at(1, 0, 0), now.Add(time.Minute), []string{b.ID, a.ID}},
			{at(1, 0, 0), at(2, 0, 0), now, nil},
			{at(0, 15, 0), at(0, 15, 0), now, nil},
		} {
			got, err := s.Holds(ctx, tt.from, tt.to, tt.now)
			if err != nil || holdIDs(got) != strings.Join(tt.want, ",") {
				t.Errorf("Holds(%s, %s, now %s) = %v, %v; want %v", tt.from.Format(time.DateTime), tt.to.Format(time.DateTime),
					tt.now.Format(time.DateTime), showHold(got...), err, tt.want)
			}
		}
		// A write at a later time prunes the expired hold; the live ones stay.
		mustBook(t, s, booking("maria", "dan", at(1, 12, 0), at(1, 12, 30), now.Add(2*time.Minute)))
		if got, _ := s.Holds(ctx, at(0, 0, 0), at(1, 0, 0), now); holdIDs(got) != b.ID+","+a.ID {
			t.Errorf("Holds after a later write = %v, want %s,%s", showHold(got...), b.ID, a.ID)
		}
	})

	t.Run("Invalid", func(t *testing.T) {
		s := newStore(t)
		dead := hold("olga", "alice", at(0, 15, 0), at(0, 15, 45))
		dead.Expires = now
		for name, h := range map[string]calendar.Hold{
			"expired":   dead,
			"no owner":  hold("olga", "", at(0, 15, 0), at(0, 15, 45)),
			"no master": hold("", "alice", at(0, 15, 0), at(0, 15, 45)),
			"backwards": hold("olga", "alice", at(0, 15, 45), at(0, 15, 0)),
		} {
			if got, err := s.Hold(ctx, h, now); err == nil {
				t.Errorf("Hold(%s) = %v, want an error", name, showHold(got))
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
				if i%2 == 0 {
					_, errs[i] = s.Hold(ctx, hold("olga", fmt.Sprintf("c%d", i), at(0, 10, 0), at(0, 10, 45)), now)
				} else {
					_, errs[i] = s.Book(ctx, booking("olga", fmt.Sprintf("c%d", i), at(0, 10, 15), at(0, 11, 0), now))
				}
			})
		}
		wg.Wait()
		won := 0
		for i, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, calendar.ErrSlotTaken):
				t.Errorf("Hold or Book(c%d) = %v, want nil or %v", i, err, calendar.ErrSlotTaken)
			}
		}
		if won != 1 {
			t.Errorf("%d of %d concurrent holds and bookings of one slot won, want 1", won, n)
		}
	})
}

// testWaitlist checks Wait, Waits and Unwait.
func testWaitlist(t *testing.T, newStore func(t *testing.T) calendar.Store, at func(days, h, m int) time.Time) {
	ctx := context.Background()
	now := at(-1, 12, 0)
	wait := func(client, master string, from, to time.Time) calendar.Wait {
		return calendar.Wait{Client: calendar.Client{ID: client, Name: "Имя " + client, Phone: "+79130000000"},
			Service: "mens-haircut", Master: master, From: from, To: to, CreatedAt: now}
	}
	mustWait := func(t *testing.T, s calendar.Store, w calendar.Wait, now time.Time) calendar.Wait {
		t.Helper()
		got, err := s.Wait(ctx, w, now)
		if err != nil {
			t.Fatalf("Wait(%s) = %v", w.Client.ID, err)
		}
		return got
	}

	t.Run("Order", func(t *testing.T) {
		s := newStore(t)
		// Stored out of time order: first come, first served is the order of Wait.
		c := mustWait(t, s, wait("carol", "olga", at(0, 15, 0), at(0, 18, 0)), now)
		a := mustWait(t, s, wait("alice", "", at(0, 10, 0), at(0, 20, 0)), now)
		b := mustWait(t, s, wait("bob", "anna", at(0, 9, 0), at(0, 12, 0)), now)
		if a.ID == "" || a.ID == b.ID || a.ID == c.ID || b.ID == c.ID {
			t.Fatalf("Wait IDs = %q, %q, %q; want distinct", a.ID, b.ID, c.ID)
		}
		got, err := s.Waits(ctx, at(-1, 0, 0), at(1, 0, 0))
		if err != nil || len(got) != 3 {
			t.Fatalf("Waits = %v, %v; want 3", got, err)
		}
		want := wait("carol", "olga", at(0, 15, 0), at(0, 18, 0))
		want.ID = c.ID
		if g := got[0]; g.ID != want.ID || g.Client != want.Client || g.Service != want.Service || g.Master != want.Master ||
			!g.From.Equal(want.From) || !g.To.Equal(want.To) || !g.CreatedAt.Equal(want.CreatedAt) ||
			g.From.Location().String() != "Asia/Krasnoyarsk" {
			t.Errorf("Waits()[0] = %+v, want %+v in Asia/Krasnoyarsk", g, want)
		}
		for _, tt := range []struct {
			from, to time.Time
			want     []string
		}{
			{at(-1, 0, 0), at(1, 0, 0), []string{c.ID, a.ID, b.ID}},
			{at(0, 11, 0), at(0, 11, 45), []string{a.ID, b.ID}},
			{at(0, 12, 0), at(0, 15, 0), []string{a.ID}},
			{at(0, 17, 0), at(0, 21, 0), []string{c.ID, a.ID}},
			{at(0, 20, 0), at(0, 21, 0), nil},
			{at(0, 16, 0), at(0, 16, 0), nil},
		} {
			got, err := s.Waits(ctx, tt.from, tt.to)
			if err != nil || waitIDs(got) != strings.Join(tt.want, ",") {
				t.Errorf("Waits(%s, %s) = %v, %v; want %v", tt.from.Format(time.DateTime), tt.to.Format(time.DateTime), waitIDs(got), err, tt.want)
			}
		}
		// Asking again for the same thing keeps the place in the queue.
		if again := mustWait(t, s, wait("carol", "olga", at(0, 15, 0), at(0, 18, 0)), now); again.ID != c.ID {
			t.Errorf("Wait(same again).ID = %q, want %q", again.ID, c.ID)
		}
		if err := s.Unwait(ctx, a.ID); err != nil {
			t.Fatalf("Unwait(%q) = %v", a.ID, err)
		}
		for _, id := range []string{a.ID, "", "w999", "nope"} {
			if err := s.Unwait(ctx, id); err != nil {
				t.Errorf("Unwait(%q) = %v, want nil", id, err)
			}
		}
		if got, _ := s.Waits(ctx, at(-1, 0, 0), at(1, 0, 0)); waitIDs(got) != c.ID+","+b.ID {
			t.Errorf("Waits after Unwait = %v, want %s,%s", waitIDs(got), c.ID, b.ID)
		}
		d := mustWait(t, s, wait("dan", "", at(0, 10, 0), at(0, 11, 0)), now)
		if d.ID == a.ID || d.ID == b.ID || d.ID == c.ID {
			t.Errorf("Wait after Unwait reused ID %q", d.ID)
		}
	})

	t.Run("Prune", func(t *testing.T) {
		s := newStore(t)
		mustWait(t, s, wait("alice", "", at(0, 10, 0), at(0, 11, 0)), now)
		b := mustWait(t, s, wait("bob", "", at(0, 10, 0), at(0, 13, 0)), now)
		c := mustWait(t, s, wait("carol", "", at(0, 12, 0), at(0, 14, 0)), at(0, 11, 0))
		if got, _ := s.Waits(ctx, at(-1, 0, 0), at(1, 0, 0)); waitIDs(got) != b.ID+","+c.ID {
			t.Errorf("Waits after a Wait at 11:00 = %v, want %s,%s: the past window is gone", waitIDs(got), b.ID, c.ID)
		}
	})

	t.Run("Invalid", func(t *testing.T) {
		s := newStore(t)
		for name, w := range map[string]calendar.Wait{
			"no client": wait("", "", at(0, 10, 0), at(0, 11, 0)),
			"empty":     wait("alice", "", at(0, 11, 0), at(0, 11, 0)),
		} {
			if got, err := s.Wait(ctx, w, now); err == nil {
				t.Errorf("Wait(%s) = %+v, want an error", name, got)
			}
		}
	})
}

func bookingIDs(bs []calendar.Booking) string {
	ids := make([]string, len(bs))
	for i, b := range bs {
		ids[i] = b.ID
	}
	return strings.Join(ids, ",")
}

func holdIDs(hs []calendar.Hold) string {
	ids := make([]string, len(hs))
	for i, h := range hs {
		ids[i] = h.ID
	}
	return strings.Join(ids, ",")
}

func waitIDs(ws []calendar.Wait) string {
	ids := make([]string, len(ws))
	for i, w := range ws {
		ids[i] = w.ID
	}
	return strings.Join(ids, ",")
}

// showHold formats holds for test messages.
func showHold(hs ...calendar.Hold) string {
	parts := make([]string, len(hs))
	for i, h := range hs {
		parts[i] = fmt.Sprintf("{%s %s %s %s–%s owner=%s expires=%s moving=%s}", h.ID, h.Service, h.Master,
			h.Start.Format("2006-01-02 15:04 MST"), h.End.Format("15:04"), h.Owner, h.Expires.Format("15:04:05.999"), h.Moving)
	}
	return "[" + strings.Join(parts, " ") + "]"
}
