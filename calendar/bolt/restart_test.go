package bolt_test

import (
	"context"
	"encoding/binary"
	"errors"
	"path/filepath"
	"testing"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/minutka/minutka/calendar"
	"github.com/minutka/minutka/calendar/bolt"
	"github.com/minutka/minutka/calendar/calendartest"
)

// TestRestart works through the Calendar on a file, closes it and opens it again: every
// booking comes back as it was, in every state; the waitlist is kept; a hold that expired
// meanwhile is simply gone and one still live still counts.
func TestRestart(t *testing.T) {
	ctx := context.Background()
	b := calendartest.Demo()
	path := filepath.Join(t.TempDir(), "minutka.db")
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, b.Location)
	day := func(d, h, m int) time.Time { return time.Date(2026, 11, 24+d, h, m, 0, 0, b.Location) }
	alice := calendar.Client{ID: "telegram:1", Name: "Алиса", Phone: "+79131111111"}
	bob := calendar.Client{ID: "whatsapp:2", Name: "Боб", Phone: "+79132222222"}

	db := open(t, path)
	cal := calendar.New(b, bolt.New(db))
	mustBook := func(cl calendar.Client, service, master string, start time.Time) calendar.Booking {
		t.Helper()
		bk, err := cal.Book(ctx, calendar.Request{Service: service, Master: master, Start: start, Client: cl, Now: now})
		if err != nil {
			t.Fatalf("Book(%s, %s) = %v", cl.ID, start.Format(time.DateTime), err)
		}
		return bk
	}
	kept := mustBook(alice, "mens-haircut", "olga", day(0, 10, 0))
	moved := mustBook(alice, "womens-haircut", "olga", day(0, 15, 0))
	cancelled := mustBook(bob, "brows", "maria", day(0, 11, 0))
	attended := mustBook(bob, "manicure", "maria", day(1, 12, 0))
	var err error
	if moved, err = cal.Reschedule(ctx, calendar.RescheduleRequest{ID: moved.ID, Start: day(0, 15, 30), Master: "anna", Now: now}); err != nil {
		t.Fatal(err)
	}
	if cancelled, err = cal.CancelByClient(ctx, cancelled.ID, now); err != nil {
		t.Fatal(err)
	}
	if attended, err = cal.MarkVisit(ctx, attended.ID, calendar.VisitResult{Attended: true, Paid: 2000, At: day(1, 13, 30)}); err != nil {
		t.Fatal(err)
	}
	short, err := cal.Hold(ctx, calendar.HoldRequest{Service: "brows", Master: "maria", Start: day(0, 16, 0), Owner: "webchat:3", Now: now, TTL: 5 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	long, err := cal.Hold(ctx, calendar.HoldRequest{Service: "brows", Master: "maria", Start: day(0, 17, 0), Owner: "webchat:4", Now: now, TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	w, err := cal.Wait(ctx, calendar.WaitRequest{Client: bob, Service: "brows", Master: "maria", From: day(0, 11, 0), To: day(0, 12, 0), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db = open(t, path)
	cal = calendar.New(b, bolt.New(db))
	later := now.Add(10 * time.Minute) // the short hold has expired, the long one not
	for _, want := range []calendar.Booking{kept, moved, cancelled, attended} {
		got, err := cal.Booking(ctx, want.ID)
		if err != nil || !sameBooking(got, want) {
			t.Errorf("Booking(%q) after reopening = %+v, %v; want %+v", want.ID, got, err, want)
		}
	}
	if bs, err := cal.Bookings(ctx, day(0, 0, 0), day(2, 0, 0)); err != nil || len(bs) != 3 {
		t.Errorf("Bookings after reopening = %d, %v; want 3 active (kept, moved, attended)", len(bs), err)
	}
	if ws, err := cal.Waiting(ctx, "brows", "maria", day(0, 11, 0), day(0, 11, 30)); err != nil || len(ws) != 1 || ws[0].ID != w.ID || ws[0].Client != bob {
		t.Errorf("Waiting after reopening = %+v, %v; want bob's entry %s", ws, err, w.ID)
	}
	// The attended visit makes bob a returning client, whatever channel he writes from.
	if bk := mustBookAt(t, cal, calendar.Client{ID: "webchat:9", Phone: bob.Phone}, "brows", "maria", day(2, 10, 0), later); bk.New {
		t.Errorf("Book(bob's phone on another channel) after reopening: New = true, want false")
	}

	// The expired hold is gone: not offered as taken, not blocking, not found.
	if _, ok, err := cal.ClientHold(ctx, short.Owner, later); ok || err != nil {
		t.Errorf("ClientHold(%q) after expiry = %v, %v; want none", short.Owner, ok, err)
	}
	q := calendar.Query{Service: "brows", Master: "maria", From: day(0, 16, 0), To: day(0, 17, 1), Now: later}
	slots, err := cal.FreeSlots(ctx, q)
	if err != nil || len(slots) != 3 || !slots[0].Start.Equal(day(0, 16, 0)) {
		t.Errorf("FreeSlots(16:00–17:00) after reopening = %q, %v; want 16:00, 16:15, 16:30 (16:45 and 17:00 run into the live hold)", slotStrings(slots), err)
	}
	mustBookAt(t, cal, alice, "brows", "maria", day(0, 16, 0), later)
	if _, err := cal.Book(ctx, calendar.Request{Service: "brows", Master: "maria", Start: day(0, 17, 0), Client: alice, Now: later}); !errors.Is(err, calendar.ErrSlotTaken) {
		t.Errorf("Book(over the live hold) after reopening = %v, want %v", err, calendar.ErrSlotTaken)
	}
	if bk, err := cal.Book(ctx, calendar.Request{Hold: long.ID, Client: calendar.Client{ID: long.Owner}, Now: later}); err != nil || !bk.Start.Equal(day(0, 17, 0)) {
		t.Errorf("Book(the live hold) after reopening = %+v, %v; want 17:00", bk, err)
	}
	// The expired hold's records were pruned by those writes.
	err = db.View(func(tx *bbolt.Tx) error {
		for _, name := range []string{"calendar.holds", "calendar.hold_ids", "calendar.hold_owners", "calendar.hold_expiry"} {
			if n := tx.Bucket([]byte(name)).Stats().KeyN; n != 0 {
				t.Errorf("bucket %s has %d keys after the holds expired or were used, want 0", name, n)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestUpgrade opens a file written before holds, visits and the phone index existed: its
// records read as before, phones are found by scanning until the first write builds the index.
func TestUpgrade(t *testing.T) {
	ctx := context.Background()
	b := calendartest.Demo()
	path := filepath.Join(t.TempDir(), "minutka.db")
	db := open(t, path)
	old := `{"v":1,"id":"1","service":"brows","master":"maria","start":"2026-11-24T03:00:00Z","end":"2026-11-24T03:30:00Z",` +
		`"zone":"Asia/Krasnoyarsk","client_id":"telegram:1","client_name":"Алиса","client_phone":"+79131111111",` +
		`"status":"booked","new":true,"created_at":"2026-11-23T03:00:00Z"}`
	err := db.Update(func(tx *bbolt.Tx) error {
		bookings, err := tx.CreateBucket([]byte("calendar.bookings"))
		if err != nil {
			return err
		}
		if _, err := bookings.NextSequence(); err != nil {
			return err
		}
		if err := bookings.Put([]byte("1"), []byte(old)); err != nil {
			return err
		}
		masters, err := tx.CreateBucket([]byte("calendar.by_master"))
		if err != nil {
			return err
		}
		start := time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)
		if err := masters.Put(append(binary.BigEndian.AppendUint64([]byte("maria\x00"), uint64(start.Unix())), '1'), nil); err != nil {
			return err
		}
		clients, err := tx.CreateBucket([]byte("calendar.by_client"))
		if err != nil {
			return err
		}
		if err := clients.Put([]byte("telegram:1\x001"), nil); err != nil {
			return err
		}
		meta, err := tx.CreateBucket([]byte("calendar.meta"))
		if err != nil {
			return err
		}
		return meta.Put([]byte("max_duration"), binary.BigEndian.AppendUint64(nil, 1800))
	})
	if err != nil {
		t.Fatal(err)
	}

	s := bolt.New(db)
	cal := calendar.New(b, s)
	got, err := cal.Booking(ctx, "1")
	if err != nil || got.Master != "maria" || got.Status != calendar.StatusBooked || !got.New || got.Reschedules != 0 ||
		!got.MovedFrom.Start.IsZero() || !got.MarkedAt.IsZero() || got.Start.Hour() != 10 {
		t.Fatalf("Booking(%q) from an old file = %+v, %v", "1", got, err)
	}
	if bs, err := s.PhoneBookings(ctx, "+79131111111"); err != nil || len(bs) != 1 {
		t.Errorf("PhoneBookings before any write = %d, %v; want 1 by scanning", len(bs), err)
	}
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, b.Location)
	if _, err := cal.MarkVisit(ctx, "1", calendar.VisitResult{Attended: true, Paid: 900, At: now}); err != nil {
		t.Fatal(err)
	}
	bk := mustBookAt(t, cal, calendar.Client{ID: "whatsapp:1", Phone: "+79131111111"}, "brows", "maria", time.Date(2026, 11, 25, 10, 0, 0, 0, b.Location), now)
	if bk.ID != "2" || bk.New {
		t.Errorf("Book(same phone, other channel) on an old file = ID %q, New %v; want ID 2, not New", bk.ID, bk.New)
	}
	if bs, err := s.PhoneBookings(ctx, "+79131111111"); err != nil || len(bs) != 2 {
		t.Errorf("PhoneBookings after writes = %d, %v; want 2 from the index", len(bs), err)
	}
	err = db.View(func(tx *bbolt.Tx) error {
		if n := tx.Bucket([]byte("calendar.by_phone")).Stats().KeyN; n != 2 {
			t.Errorf("calendar.by_phone has %d keys, want 2 (the old booking filled in)", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func mustBookAt(t *testing.T, cal *calendar.Calendar, cl calendar.Client, service, master string, start, now time.Time) calendar.Booking {
	t.Helper()
	bk, err := cal.Book(context.Background(), calendar.Request{Service: service, Master: master, Start: start, Client: cl, Now: now})
	if err != nil {
		t.Fatalf("Book(%s, %s, %s) = %v", cl.ID, service, start.Format(time.DateTime), err)
	}
	return bk
}

// sameBooking reports whether a and b are the same booking, times compared as instants.
func sameBooking(a, b calendar.Booking) bool {
	return a.ID == b.ID && a.Service == b.Service && a.Master == b.Master &&
		a.Start.Equal(b.Start) && a.End.Equal(b.End) && a.Client == b.Client &&
		a.Status == b.Status && a.New == b.New && a.CreatedAt.Equal(b.CreatedAt) &&
		a.Paid == b.Paid && a.MarkedAt.Equal(b.MarkedAt) && a.RescheduledAt.Equal(b.RescheduledAt) &&
		a.Reschedules == b.Reschedules && a.MovedFrom.Master == b.MovedFrom.Master &&
		a.MovedFrom.Start.Equal(b.MovedFrom.Start) && a.MovedFrom.End.Equal(b.MovedFrom.End)
}

// slotStrings formats slots as "15:04 master".
func slotStrings(slots []calendar.Slot) []string {
	out := make([]string, len(slots))
	for i, s := range slots {
		out[i] = s.Start.Format("15:04") + " " + s.Master
	}
	return out
}
