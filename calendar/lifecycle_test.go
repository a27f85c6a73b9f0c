package calendar_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/minutka/minutka/calendar"
)

var (
	alice = calendar.Client{ID: "telegram:1", Name: "Алиса", Phone: "+79131111111"}
	bob   = calendar.Client{ID: "webchat:2", Name: "Боб", Phone: "+79132222222"}
)

// bookAs books or fails the test.
func bookAs(t *testing.T, c *calendar.Calendar, cl calendar.Client, service, master string, start time.Time) calendar.Booking {
	t.Helper()
	b, err := c.Book(context.Background(), calendar.Request{Service: service, Master: master, Start: start, Client: cl, Now: now})
	if err != nil {
		t.Fatalf("Book(%s, %s, %q, %s) = %v", cl.ID, service, master, start.Format("Mon 15:04"), err)
	}
	return b
}

// holdAs holds or fails the test.
func holdAs(t *testing.T, c *calendar.Calendar, owner, service, master string, start time.Time) calendar.Hold {
	t.Helper()
	h, err := c.Hold(context.Background(), calendar.HoldRequest{Service: service, Master: master, Start: start, Owner: owner, Now: now})
	if err != nil {
		t.Fatalf("Hold(%s, %s, %q, %s) = %v", owner, service, master, start.Format("Mon 15:04"), err)
	}
	return h
}

func TestHold(t *testing.T) {
	ctx := context.Background()
	c := newCalendar(t, DemoBusiness())
	h := holdAs(t, c, alice.ID, "mens-haircut", "", mon.at(15, 0))
	if h.ID == "" || h.Master != "olga" || !h.Start.Equal(mon.at(15, 0)) || !h.End.Equal(mon.at(15, 45)) ||
		!h.Expires.Equal(now.Add(calendar.DefaultHoldTTL)) || h.Owner != alice.ID || h.Start.Location() != krasnoyarsk {
		t.Errorf("Hold(any master, Mon 15:00) = %+v, want olga 15:00–15:45 for 10 minutes, in Krasnoyarsk", h)
	}

	// Others are not offered the held time and cannot book it; the holder sees it.
	q := calendar.Query{Service: "mens-haircut", Master: "olga", From: mon.at(15, 0), To: mon.at(15, 1), Now: now}
	if got, err := c.FreeSlots(ctx, q); err != nil || len(got) != 0 {
		t.Errorf("FreeSlots(olga 15:00) for others = %q, %v; want none", slotStrings(got), err)
	}
	q.Owner = alice.ID
	if got, err := c.FreeSlots(ctx, q); err != nil || len(got) != 1 {
		t.Errorf("FreeSlots(olga 15:00) for the holder = %q, %v; want Mon 15:00 olga", slotStrings(got), err)
	}
	if got, _ := c.Nearest(ctx, "mens-haircut", "olga", mon.at(15, 0), now, 1); len(got) != 1 || got[0].Start.Equal(mon.at(15, 0)) {
		t.Errorf("Nearest(olga, 15:00) for others = %q, want another time", slotStrings(got))
	}
	if got, _ := c.NearestTo(ctx, calendar.Query{Service: "mens-haircut", Master: "olga", Now: now, Owner: alice.ID}, mon.at(15, 0), 1); len(got) != 1 || !got[0].Start.Equal(mon.at(15, 0)) {
		t.Errorf("NearestTo(olga, 15:00) for the holder = %q, want Mon 15:00 olga", slotStrings(got))
	}
	_, err := c.Book(ctx, calendar.Request{Service: "mens-haircut", Master: "olga", Start: mon.at(15, 30), Client: bob, Now: now})
	if !errors.Is(err, calendar.ErrSlotTaken) {
		t.Errorf("Book(bob over alice's hold) = %v, want %v", err, calendar.ErrSlotTaken)
	}
	if b := bookAs(t, c, bob, "mens-haircut", "", mon.at(15, 0)); b.Master != "anna" {
		t.Errorf("Book(bob, any master, 15:00).Master = %q, want %q: olga is held", b.Master, "anna")
	}
	if _, err := c.Hold(ctx, calendar.HoldRequest{Service: "mens-haircut", Start: mon.at(15, 15), Owner: "webchat:3", Now: now}); !errors.Is(err, calendar.ErrSlotTaken) {
		t.Errorf("Hold(any master, 15:15, both taken) = %v, want %v", err, calendar.ErrSlotTaken)
	}

	// The holder books exactly the held master and time, consuming the hold.
	b, err := c.Book(ctx, calendar.Request{Hold: h.ID, Client: alice, Now: now.Add(5 * time.Minute)})
	if err != nil || b.Master != "olga" || !b.Start.Equal(mon.at(15, 0)) || b.Service != "mens-haircut" {
		t.Fatalf("Book(hold %s) = %+v, %v; want olga Mon 15:00", h.ID, b, err)
	}
	if got, ok, err := c.ClientHold(ctx, alice.ID, now); ok || err != nil {
		t.Errorf("ClientHold(alice) after Book = %+v, %v, %v; want none", got, ok, err)
	}
}

func TestHoldBook(t *testing.T) {
	ctx := context.Background()
	t.Run("named master", func(t *testing.T) {
		c := newCalendar(t, DemoBusiness())
		h := holdAs(t, c, alice.ID, "mens-haircut", "anna", mon.at(15, 0))
		// Master "" would take olga; the hold pins anna.
		b, err := c.Book(ctx, calendar.Request{Service: "mens-haircut", Start: mon.at(15, 0), Hold: h.ID, Client: alice, Now: now})
		if err != nil || b.Master != "anna" {
			t.Errorf("Book(hold on anna, master \"\") = %+v, %v; want anna", b, err)
		}
	})
	t.Run("expired without a time", func(t *testing.T) {
		c := newCalendar(t, DemoBusiness())
		h := holdAs(t, c, alice.ID, "mens-haircut", "olga", mon.at(15, 0))
		late := now.Add(calendar.DefaultHoldTTL)
		if _, err := c.Book(ctx, calendar.Request{Hold: h.ID, Client: alice, Now: late}); !errors.Is(err, calendar.ErrHoldExpired) {
			t.Errorf("Book(expired hold, no time) = %v, want %v", err, calendar.ErrHoldExpired)
		}
		// With the time named it books as without a hold.
		b, err := c.Book(ctx, calendar.Request{Service: "mens-haircut", Master: "olga", Start: mon.at(15, 0), Hold: h.ID, Client: alice, Now: late})
		if err != nil || b.Master != "olga" {
			t.Errorf("Book(expired hold, time named) = %+v, %v; want olga", b, err)
		}
	})
	t.Run("someone else's hold", func(t *testing.T) {
		c := newCalendar(t, DemoBusiness())
		h := holdAs(t, c, alice.ID, "mens-haircut", "olga", mon.at(15, 0))
		if _, err := c.Book(ctx, calendar.Request{Hold: h.ID, Client: bob, Now: now}); !errors.Is(err, calendar.ErrHoldExpired) {
			t.Errorf("Book(alice's hold by bob, no time) = %v, want %v", err, calendar.ErrHoldExpired)
		}
		_, err := c.Book(ctx, calendar.Request{Service: "mens-haircut", Master: "olga", Start: mon.at(15, 0), Hold: h.ID, Client: bob, Now: now})
		if !errors.Is(err, calendar.ErrSlotTaken) {
			t.Errorf("Book(alice's hold by bob, time named) = %v, want %v", err, calendar.ErrSlotTaken)
		}
	})
	t.Run("other time", func(t *testing.T) {
		c := newCalendar(t, DemoBusiness())
		h := holdAs(t, c, alice.ID, "mens-haircut", "olga", mon.at(15, 0))
		b, err := c.Book(ctx, calendar.Request{Service: "mens-haircut", Master: "olga", Start: mon.at(16, 0), Hold: h.ID, Client: alice, Now: now})
		if err != nil || !b.Start.Equal(mon.at(16, 0)) {
			t.Errorf("Book(hold for 15:00, asking 16:00) = %+v, %v; want 16:00", b, err)
		}
		if _, ok, _ := c.ClientHold(ctx, alice.ID, now); ok {
			t.Errorf("ClientHold(alice) after booking another time = found, want consumed")
		}
	})
	t.Run("lead", func(t *testing.T) {
		// Held at 12:00 for 13:00 (the one-hour lead), booked at 12:05: the hold stands.
		c := newCalendar(t, DemoBusiness())
		h := holdAs(t, c, alice.ID, "brows", "maria", sun0.at(13, 0))
		if _, err := c.Book(ctx, calendar.Request{Service: "brows", Master: "maria", Start: sun0.at(13, 0), Client: bob, Now: now.Add(5 * time.Minute)}); !errors.Is(err, calendar.ErrInPast) {
			t.Errorf("Book(13:00 at 12:05 without a hold) = %v, want %v", err, calendar.ErrInPast)
		}
		if b, err := c.Book(ctx, calendar.Request{Hold: h.ID, Client: alice, Now: now.Add(5 * time.Minute)}); err != nil {
			t.Errorf("Book(hold for 13:00 at 12:05) = %+v, %v; want booked", b, err)
		}
	})
}

func TestHoldReplaceRelease(t *testing.T) {
	ctx := context.Background()
	b := DemoBusiness()
	b.HoldTTL = 3 * time.Minute
	c := newCalendar(t, b)
	first := holdAs(t, c, alice.ID, "brows", "maria", mon.at(10, 0))
	if !first.Expires.Equal(now.Add(3 * time.Minute)) {
		t.Errorf("Hold().Expires = %v, want now + Business.HoldTTL", first.Expires)
	}
	h, err := c.Hold(ctx, calendar.HoldRequest{Service: "brows", Start: mon.at(11, 0), Owner: alice.ID, Now: now, TTL: time.Minute})
	if err != nil || !h.Expires.Equal(now.Add(time.Minute)) {
		t.Fatalf("Hold(TTL 1m) = %+v, %v; want it to expire in a minute", h, err)
	}
	// The first hold is replaced: 10:00 is free again.
	bookAs(t, c, bob, "brows", "maria", mon.at(10, 0))
	if err := c.Release(ctx, h.ID); err != nil {
		t.Fatalf("Release(%q) = %v", h.ID, err)
	}
	bookAs(t, c, bob, "brows", "maria", mon.at(11, 0))
	if err := c.Release(ctx, h.ID); err != nil {
		t.Errorf("Release(%q) again = %v, want nil", h.ID, err)
	}
	for _, r := range []calendar.HoldRequest{
		{Service: "brows", Start: mon.at(12, 0), Now: now},                                       // no owner
		{Service: "brows", Start: mon.at(12, 0), Owner: alice.ID},                                // no now
		{Service: "brows", Start: mon.at(12, 0), Owner: alice.ID, Now: now, TTL: -time.Minute},   // negative TTL
		{Service: "nails", Start: mon.at(12, 0), Owner: alice.ID, Now: now},                      // unknown service
		{Service: "brows", Start: sun0.at(12, 30), Owner: alice.ID, Now: now},                    // inside the lead
		{Service: "brows", Start: mon.at(14, 0), Owner: alice.ID, Now: now},                      // lunch
		{Service: "brows", Start: mon.at(12, 0).AddDate(0, 0, 90), Owner: alice.ID, Now: now},    // too far
		{Service: "manicure", Master: "olga", Start: mon.at(12, 0), Owner: alice.ID, Now: now},   // wrong master
		{Service: "brows", Master: "maria", Start: mon.at(10, 15), Owner: alice.ID, Now: now},    // bob's booking
		{Service: "brows", Master: "maria", Start: mon.at(10, 0), Owner: bob.ID + "x", Now: now}, // bob's booking
	} {
		if h, err := c.Hold(ctx, r); err == nil {
			t.Errorf("Hold(%+v) = %+v, want an error", r, h)
		}
	}
}

func TestReschedule(t *testing.T) {
	ctx := context.Background()
	b := DemoBusiness()
	b.CancelCutoff = 3 * time.Hour
	c := newCalendar(t, b)
	orig := bookAs(t, c, alice, "mens-haircut", "olga", mon.at(15, 0))
	bookAs(t, c, bob, "mens-haircut", "olga", mon.at(16, 0))
	later := now.Add(time.Hour)

	// Within its own slot.
	got, err := c.Reschedule(ctx, calendar.RescheduleRequest{ID: orig.ID, Start: mon.at(15, 15), Now: later})
	want := orig
	want.Start, want.End, want.RescheduledAt, want.Reschedules = mon.at(15, 15), mon.at(16, 0), later, 1
	want.MovedFrom = calendar.Slot{Start: mon.at(15, 0), End: mon.at(15, 45), Master: "olga"}
	if err != nil || got.ID != orig.ID || got.Master != "olga" || !got.Start.Equal(want.Start) || !got.End.Equal(want.End) ||
		!got.CreatedAt.Equal(orig.CreatedAt) || !got.RescheduledAt.Equal(later) || got.Reschedules != 1 ||
		!sameSlot(got.MovedFrom, want.MovedFrom) || got.Client != alice || got.Status != calendar.StatusBooked || got.Start.Location() != krasnoyarsk {
		t.Fatalf("Reschedule(%s to 15:15) = %+v, %v; want %+v", orig.ID, got, err, want)
	}
	if bs, _ := c.Bookings(ctx, mon.at(0, 0), tue.at(0, 0)); len(bs) != 2 {
		t.Errorf("Bookings after Reschedule = %d bookings, want 2", len(bs))
	}
	// To another master, then again.
	got, err = c.Reschedule(ctx, calendar.RescheduleRequest{ID: orig.ID, Start: mon.at(16, 0), Master: "anna", Now: later})
	if err != nil || got.Master != "anna" || got.Reschedules != 2 || !got.MovedFrom.Start.Equal(mon.at(15, 15)) {
		t.Errorf("Reschedule(to anna 16:00) = %+v, %v; want anna, twice moved, from 15:15", got, err)
	}
	// The same time again changes nothing.
	if again, err := c.Reschedule(ctx, calendar.RescheduleRequest{ID: orig.ID, Start: mon.at(16, 0), Now: later}); err != nil || again.Reschedules != 2 {
		t.Errorf("Reschedule(to where it is) = %+v, %v; want no change", again, err)
	}

	cancelled := bookAs(t, c, bob, "brows", "maria", tue.at(10, 0))
	if err := c.Cancel(ctx, cancelled.ID); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		r    calendar.RescheduleRequest
		want error
	}{
		{"unknown", calendar.RescheduleRequest{ID: "99", Start: mon.at(11, 0), Now: later}, calendar.ErrNotFound},
		{"past", calendar.RescheduleRequest{ID: orig.ID, Start: sun0.at(13, 30), Now: later}, calendar.ErrInPast},
		{"too far", calendar.RescheduleRequest{ID: orig.ID, Start: mon.at(11, 0).AddDate(0, 0, 70), Now: later}, calendar.ErrTooFar},
		{"lunch", calendar.RescheduleRequest{ID: orig.ID, Start: mon.at(13, 30), Now: later}, calendar.ErrOutsideHours},
		{"closed", calendar.RescheduleRequest{ID: orig.ID, Start: mon.at(19, 30), Now: later}, calendar.ErrOutsideHours},
		{"wrong master", calendar.RescheduleRequest{ID: orig.ID, Start: mon.at(11, 0), Master: "maria", Now: later}, calendar.ErrWrongMaster},
		{"unknown master", calendar.RescheduleRequest{ID: orig.ID, Start: mon.at(11, 0), Master: "ivan", Now: later}, calendar.ErrUnknownMaster},
		{"taken", calendar.RescheduleRequest{ID: orig.ID, Start: mon.at(16, 0), Master: "olga", Now: later}, calendar.ErrSlotTaken},
		{"cancelled", calendar.RescheduleRequest{ID: cancelled.ID, Start: tue.at(11, 0), Now: later}, calendar.ErrNotBooked},
		{"by client too late", calendar.RescheduleRequest{ID: orig.ID, Start: tue.at(11, 0), Now: mon.at(13, 30), ByClient: true}, calendar.ErrTooLate},
	} {
		before, _ := c.Booking(ctx, tt.r.ID)
		if got, err := c.Reschedule(ctx, tt.r); !errors.Is(err, tt.want) {
			t.Errorf("Reschedule(%s) = %+v, %v; want %v", tt.name, got, err, tt.want)
		}
		if after, _ := c.Booking(ctx, tt.r.ID); !after.Start.Equal(before.Start) || after.Master != before.Master {
			t.Errorf("Booking(%s) after a failed Reschedule(%s) = %+v, want unchanged", tt.r.ID, tt.name, after)
		}
	}
	// Staff may move it inside the cut-off.
	if _, err := c.Reschedule(ctx, calendar.RescheduleRequest{ID: orig.ID, Start: tue.at(11, 0), Now: mon.at(13, 30)}); err != nil {
		t.Errorf("Reschedule(by staff, inside the cut-off) = %v, want nil", err)
	}
}

func TestRescheduleHolds(t *testing.T) {
	ctx := context.Background()
	c := newCalendar(t, DemoBusiness())
	mine := bookAs(t, c, alice, "mens-haircut", "olga", mon.at(15, 0))
	holdAs(t, c, bob.ID, "mens-haircut", "olga", mon.at(16, 0))
	if _, err := c.Reschedule(ctx, calendar.RescheduleRequest{ID: mine.ID, Start: mon.at(15, 30), Now: now}); !errors.Is(err, calendar.ErrSlotTaken) {
		t.Errorf("Reschedule(onto bob's hold) = %v, want %v", err, calendar.ErrSlotTaken)
	}
	// Alice holds a new time overlapping her own visit while she decides, then moves there.
	h, err := c.Hold(ctx, calendar.HoldRequest{Service: "mens-haircut", Master: "olga", Start: mon.at(15, 15), Owner: alice.ID, Now: now, Moving: mine.ID})
	if err != nil {
		t.Fatalf("Hold(moving her own visit) = %v", err)
	}
	q := calendar.Query{Service: "mens-haircut", Master: "olga", From: mon.at(15, 0), To: mon.at(15, 30), Now: now, Owner: alice.ID, Moving: mine.ID}
	if got, _ := c.FreeSlots(ctx, q); !slices.Equal(slotStrings(got), []string{"Mon 15:00 olga", "Mon 15:15 olga"}) {
		t.Errorf("FreeSlots(%+v) = %q, want 15:00 and 15:15: her own visit and hold do not count", q, slotStrings(got))
	}
	moved, err := c.Reschedule(ctx, calendar.RescheduleRequest{ID: mine.ID, Start: h.Start, Now: now})
	if err != nil || !moved.Start.Equal(mon.at(15, 15)) {
		t.Fatalf("Reschedule(onto her hold) = %+v, %v", moved, err)
	}
	if _, ok, _ := c.ClientHold(ctx, alice.ID, now); ok {
		t.Errorf("ClientHold(alice) after Reschedule = found, want consumed")
	}
}

func TestCancelByClient(t *testing.T) {
	ctx := context.Background()
	b := DemoBusiness()
	b.CancelCutoff = 3 * time.Hour
	c := newCalendar(t, b)
	v := bookAs(t, c, alice, "mens-haircut", "olga", mon.at(15, 0))
	if got, err := c.CancelByClient(ctx, v.ID, mon.at(12, 30)); !errors.Is(err, calendar.ErrTooLate) {
		t.Errorf("CancelByClient(2.5 h before, cut-off 3 h) = %+v, %v; want %v", got, err, calendar.ErrTooLate)
	}
	if got, err := c.CancelByClient(ctx, v.ID, mon.at(12, 0)); !errors.Is(err, calendar.ErrTooLate) {
		t.Errorf("CancelByClient(exactly 3 h before) = %+v, %v; want %v", got, err, calendar.ErrTooLate)
	}
	got, err := c.CancelByClient(ctx, v.ID, mon.at(11, 59))
	if err != nil || got.ID != v.ID || got.Status != calendar.StatusCancelled || got.Master != "olga" ||
		!got.Start.Equal(v.Start) || !got.End.Equal(v.End) || got.Start.Location() != krasnoyarsk {
		t.Fatalf("CancelByClient(3 h 1 m before) = %+v, %v; want the cancelled visit", got, err)
	}
	if again, err := c.CancelByClient(ctx, v.ID, mon.at(14, 0)); err != nil || again.Status != calendar.StatusCancelled {
		t.Errorf("CancelByClient(cancelled) = %+v, %v; want it, no error", again, err)
	}
	bookAs(t, c, bob, "mens-haircut", "olga", mon.at(15, 0)) // the time is free

	if _, err := c.CancelByClient(ctx, "99", now); !errors.Is(err, calendar.ErrNotFound) {
		t.Errorf("CancelByClient(%q) = %v, want %v", "99", err, calendar.ErrNotFound)
	}
	done := bookAs(t, c, alice, "brows", "maria", mon.at(10, 0))
	if _, err := c.MarkVisit(ctx, done.ID, calendar.VisitResult{Attended: true, At: mon.at(10, 30)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CancelByClient(ctx, done.ID, now); !errors.Is(err, calendar.ErrNotBooked) {
		t.Errorf("CancelByClient(attended) = %v, want %v", err, calendar.ErrNotBooked)
	}
	// Staff cancel unconditionally, and can read what was freed.
	late := bookAs(t, c, alice, "brows", "maria", mon.at(16, 0))
	if err := c.Cancel(ctx, late.ID); err != nil {
		t.Errorf("Cancel(inside the cut-off) = %v, want nil", err)
	}
	if got, err := c.Booking(ctx, late.ID); err != nil || got.Status != calendar.StatusCancelled || !got.Start.Equal(mon.at(16, 0)) {
		t.Errorf("Booking(%q) = %+v, %v; want it cancelled at 16:00", late.ID, got, err)
	}

	// Without a cut-off a client may cancel until the visit starts.
	c = newCalendar(t, DemoBusiness())
	v = bookAs(t, c, alice, "mens-haircut", "olga", mon.at(15, 0))
	if _, err := c.CancelByClient(ctx, v.ID, mon.at(15, 0)); !errors.Is(err, calendar.ErrTooLate) {
		t.Errorf("CancelByClient(at the start, no cut-off) = %v, want %v", err, calendar.ErrTooLate)
	}
	if _, err := c.CancelByClient(ctx, v.ID, mon.at(14, 59)); err != nil {
		t.Errorf("CancelByClient(a minute before, no cut-off) = %v, want nil", err)
	}
}

func TestMarkVisit(t *testing.T) {
	ctx := context.Background()
	c := newCalendar(t, DemoBusiness())
	v := bookAs(t, c, alice, "mens-haircut", "olga", mon.at(15, 0))
	got, err := c.MarkVisit(ctx, v.ID, calendar.VisitResult{Attended: true, Paid: 1200, At: mon.at(15, 50)})
	if err != nil || got.Status != calendar.StatusAttended || got.Paid != 1200 || !got.MarkedAt.Equal(mon.at(15, 50)) {
		t.Errorf("MarkVisit(attended, 1200) = %+v, %v; want attended, paid 1200", got, err)
	}
	// Staff correct it; the visit keeps its time either way.
	got, err = c.MarkVisit(ctx, v.ID, calendar.VisitResult{Attended: false, At: mon.at(16, 0)})
	if err != nil || got.Status != calendar.StatusNoShow || got.Paid != 0 {
		t.Errorf("MarkVisit(no-show) = %+v, %v; want no-show, paid 0", got, err)
	}
	if bs, _ := c.Bookings(ctx, mon.at(0, 0), tue.at(0, 0)); len(bs) != 1 || bs[0].Status != calendar.StatusNoShow {
		t.Errorf("Bookings after MarkVisit = %+v, want the no-show visit", bs)
	}
	if up, _ := c.Upcoming(ctx, alice.ID, now); len(up) != 0 {
		t.Errorf("Upcoming after MarkVisit = %+v, want none: the visit is marked", up)
	}
	cancelled := bookAs(t, c, bob, "brows", "maria", mon.at(10, 0))
	if err := c.Cancel(ctx, cancelled.ID); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		id   string
		v    calendar.VisitResult
		want error // nil: any error
	}{
		{"cancelled", cancelled.ID, calendar.VisitResult{Attended: true, At: mon.at(11, 0)}, calendar.ErrNotBooked},
		{"unknown", "99", calendar.VisitResult{Attended: true, At: mon.at(11, 0)}, calendar.ErrNotFound},
		{"negative", v.ID, calendar.VisitResult{Attended: true, Paid: -1, At: mon.at(11, 0)}, nil},
		{"no time", v.ID, calendar.VisitResult{Attended: true}, nil},
	} {
		got, err := c.MarkVisit(ctx, tt.id, tt.v)
		if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Errorf("MarkVisit(%s) = %+v, %v; want an error %v", tt.name, got, err, tt.want)
		}
	}
}

func TestNewClient(t *testing.T) {
	ctx := context.Background()
	c := newCalendar(t, DemoBusiness())
	first := bookAs(t, c, alice, "mens-haircut", "olga", mon.at(10, 0))
	if !first.New {
		t.Errorf("Book(first).New = false, want true")
	}
	second := bookAs(t, c, alice, "mens-haircut", "olga", mon.at(11, 0))
	if !second.New {
		t.Errorf("Book(second, first not attended).New = false, want true")
	}
	// A no-show does not make a returning client; an attended visit does, across channels.
	if _, err := c.MarkVisit(ctx, first.ID, calendar.VisitResult{Attended: false, At: mon.at(10, 45)}); err != nil {
		t.Fatal(err)
	}
	if b := bookAs(t, c, alice, "brows", "maria", mon.at(12, 0)); !b.New {
		t.Errorf("Book(after a no-show).New = false, want true")
	}
	if _, err := c.MarkVisit(ctx, second.ID, calendar.VisitResult{Attended: true, Paid: 1200, At: mon.at(11, 45)}); err != nil {
		t.Fatal(err)
	}
	whatsapp := calendar.Client{ID: "whatsapp:79131111111", Name: "Алиса", Phone: alice.Phone}
	stranger := calendar.Client{ID: "whatsapp:79139999999", Phone: "+79139999999"}
	for _, tt := range []struct {
		cl   calendar.Client
		want bool
	}{
		{alice, false},
		{whatsapp, false},
		{calendar.Client{ID: alice.ID}, false}, // no phone, same ID
		{stranger, true},
		{calendar.Client{ID: "webchat:9"}, true}, // no phone at all
	} {
		if att, err := c.HasAttended(ctx, tt.cl); err != nil || att == tt.want {
			t.Errorf("HasAttended(%+v) = %v, %v; want %v", tt.cl, att, err, !tt.want)
		}
	}
	b := bookAs(t, c, whatsapp, "brows", "maria", tue.at(10, 0))
	if b.New {
		t.Errorf("Book(same phone on WhatsApp).New = true, want false: she attended on Telegram")
	}
	s := bookAs(t, c, stranger, "brows", "maria", tue.at(11, 0))
	if !s.New {
		t.Errorf("Book(stranger).New = false, want true")
	}
	// Staff override.
	if got, err := c.SetNew(ctx, b.ID, true); err != nil || !got.New {
		t.Errorf("SetNew(%q, true) = %+v, %v; want New", b.ID, got, err)
	}
	if got, err := c.Booking(ctx, b.ID); err != nil || !got.New {
		t.Errorf("Booking(%q) after SetNew = %+v, %v; want New", b.ID, got, err)
	}
	if _, err := c.SetNew(ctx, "99", false); !errors.Is(err, calendar.ErrNotFound) {
		t.Errorf("SetNew(%q) = %v, want %v", "99", err, calendar.ErrNotFound)
	}
}

func TestWaitlist(t *testing.T) {
	ctx := context.Background()
	b := DemoBusiness()
	b.CancelCutoff = time.Hour
	c := newCalendar(t, b)
	v := bookAs(t, c, alice, "mens-haircut", "olga", mon.at(15, 0))
	// Bob wanted olga at 15:00; Carol anybody in the afternoon; Dan wanted brows.
	carol := calendar.Client{ID: "webchat:3", Name: "Карина"}
	dan := calendar.Client{ID: "webchat:4"}
	wb, err := c.Wait(ctx, calendar.WaitRequest{Client: bob, Service: "mens-haircut", Master: "olga", From: mon.at(15, 0), To: mon.at(15, 1), Now: now})
	if err != nil || wb.ID == "" || wb.From.Location() != krasnoyarsk {
		t.Fatalf("Wait(bob) = %+v, %v", wb, err)
	}
	wc, err := c.Wait(ctx, calendar.WaitRequest{Client: carol, Service: "mens-haircut", From: mon.at(12, 0), To: mon.at(18, 0), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	wd, err := c.Wait(ctx, calendar.WaitRequest{Client: dan, Service: "brows", From: mon.at(12, 0), To: mon.at(18, 0), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if again, err := c.Wait(ctx, calendar.WaitRequest{Client: bob, Service: "mens-haircut", Master: "olga", From: mon.at(15, 0), To: mon.at(15, 1), Now: now}); err != nil || again.ID != wb.ID {
		t.Errorf("Wait(bob again) = %+v, %v; want the same entry %s", again, err, wb.ID)
	}

	freed, err := c.CancelByClient(ctx, v.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	ids := func(ws []calendar.Wait) []string {
		var out []string
		for _, w := range ws {
			out = append(out, w.ID)
		}
		return out
	}
	for _, tt := range []struct {
		service, master string
		want            []string
	}{
		{"", freed.Master, []string{wb.ID, wc.ID, wd.ID}},
		{"mens-haircut", freed.Master, []string{wb.ID, wc.ID}},
		{"mens-haircut", "anna", []string{wc.ID}},
		{"brows", "", []string{wd.ID}},
	} {
		got, err := c.Waiting(ctx, tt.service, tt.master, freed.Start, freed.End)
		if err != nil || !slices.Equal(ids(got), tt.want) {
			t.Errorf("Waiting(%q, %q, freed) = %v, %v; want %v", tt.service, tt.master, ids(got), err, tt.want)
		}
	}
	if got, _ := c.Waiting(ctx, "", "", mon.at(18, 0), mon.at(19, 0)); len(got) != 0 {
		t.Errorf("Waiting(18:00–19:00) = %v, want none", ids(got))
	}
	if err := c.Unwait(ctx, wb.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.Waiting(ctx, "mens-haircut", "olga", freed.Start, freed.End); !slices.Equal(ids(got), []string{wc.ID}) {
		t.Errorf("Waiting after Unwait(bob) = %v, want [%s]", ids(got), wc.ID)
	}

	for name, r := range map[string]calendar.WaitRequest{
		"unknown service": {Client: bob, Service: "nails", From: mon.at(12, 0), To: mon.at(13, 0), Now: now},
		"wrong master":    {Client: bob, Service: "brows", Master: "olga", From: mon.at(12, 0), To: mon.at(13, 0), Now: now},
		"no client":       {Service: "brows", From: mon.at(12, 0), To: mon.at(13, 0), Now: now},
		"no now":          {Client: bob, Service: "brows", From: mon.at(12, 0), To: mon.at(13, 0)},
		"empty window":    {Client: bob, Service: "brows", From: mon.at(13, 0), To: mon.at(13, 0), Now: now},
		"past":            {Client: bob, Service: "brows", From: sun0.at(10, 0), To: sun0.at(11, 0), Now: now},
		"too far":         {Client: bob, Service: "brows", From: mon.at(12, 0).AddDate(0, 0, 90), To: mon.at(13, 0).AddDate(0, 0, 90), Now: now},
	} {
		if w, err := c.Wait(ctx, r); err == nil {
			t.Errorf("Wait(%s) = %+v, want an error", name, w)
		}
	}
}

// sameSlot reports whether a and b are the same slot, times compared as instants.
func sameSlot(a, b calendar.Slot) bool {
	return a.Master == b.Master && a.Start.Equal(b.Start) && a.End.Equal(b.End)
}
