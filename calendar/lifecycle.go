package calendar

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Booking returns the booking with that ID in any status, its times in Business.Location: what a
// cancelled booking freed, for the waitlist. Errors wrap ErrNotFound if there is none.
func (c *Calendar) Booking(ctx context.Context, id string) (Booking, error) {
	b, err := c.store.Booking(ctx, id)
	if err != nil {
		return Booking{}, fmt.Errorf("calendar: booking %q: %w", id, err)
	}
	return c.local(b), nil
}

// HasAttended reports whether the client has attended a visit: a booking with StatusAttended
// under cl.ID or, across channels, under cl.Phone when it is set. Such a client is a returning
// one; any other is new, even with bookings still ahead.
func (c *Calendar) HasAttended(ctx context.Context, cl Client) (bool, error) {
	bs, err := c.store.ClientBookings(ctx, cl.ID)
	if err != nil {
		return false, fmt.Errorf("calendar: has attended: %w", err)
	}
	if cl.Phone != "" {
		byPhone, err := c.store.PhoneBookings(ctx, cl.Phone)
		if err != nil {
			return false, fmt.Errorf("calendar: has attended: %w", err)
		}
		bs = append(bs, byPhone...)
	}
	for _, b := range bs {
		if b.Status == StatusAttended {
			return true, nil
		}
	}
	return false, nil
}

// RescheduleRequest asks to move a booking to another time, keeping its ID.
type RescheduleRequest struct {
	ID     string    // the booking to move
	Start  time.Time // the new start; it need not be on the SlotStep grid
	Master string    // the new master; "" keeps the booking's master
	Now    time.Time // required
	// ByClient applies the client's limit: moving a visit that starts within
	// Business.CancelCutoff of Now (or has started) is ErrTooLate, as CancelByClient.
	ByClient bool
}

// Reschedule moves the booking r.ID to r.Start (and r.Master) and returns it, its times in
// Business.Location. The old time is freed and the new one taken in one atomic step of the
// Store: nobody can take either in between, and the booking never clashes with itself, so a
// visit can move within its own slot (15:00 → 15:30). The client's own hold on the new time,
// if any, is consumed; other clients' live holds are taken time.
//
// The booking keeps its ID, service, client, New and CreatedAt; End follows the service
// duration; RescheduledAt becomes Now, Reschedules grows by one and MovedFrom records the time
// freed (for the waitlist: see Waiting). Moving to the time it has already is a no-op.
//
// The new time is checked as Book checks one: ErrUnknownMaster, ErrWrongMaster, ErrInPast,
// ErrTooFar, ErrOutsideHours, ErrSlotTaken. The booking must exist (ErrNotFound) and be booked,
// not cancelled nor marked (ErrNotBooked); with ByClient, ErrTooLate inside the cut-off. Errors
// wrap the sentinels; check them with errors.Is.
func (c *Calendar) Reschedule(ctx context.Context, r RescheduleRequest) (Booking, error) {
	if r.Now.IsZero() {
		return Booking{}, errors.New("calendar: reschedule: now not set")
	}
	cur, err := c.store.Booking(ctx, r.ID)
	if err != nil {
		return Booking{}, fmt.Errorf("calendar: reschedule %q: %w", r.ID, err)
	}
	master := r.Master
	if master == "" {
		master = cur.Master
	}
	svc, masters, err := c.resolve(cur.Service, master)
	if err != nil {
		return Booking{}, fmt.Errorf("calendar: reschedule %q: %w", r.ID, err)
	}
	loc := c.b.Location
	start, now := r.Start.In(loc), r.Now.In(loc)
	end := start.Add(svc.Duration)
	if err := c.when(start, now, c.b.MinLead); err != nil {
		return Booking{}, fmt.Errorf("calendar: reschedule %q: %w", r.ID, err)
	}
	if !c.fits(masters[0], start, end) {
		return Booking{}, fmt.Errorf("calendar: reschedule %q: %w: %s with %s at %s", r.ID, ErrOutsideHours,
			svc.ID, master, start.Format(time.DateTime))
	}
	b, err := c.store.Update(ctx, r.ID, now, func(b *Booking) error {
		if b.Status != StatusBooked {
			return fmt.Errorf("%w: %s", ErrNotBooked, b.Status)
		}
		if r.ByClient {
			if err := c.cutoff(*b, now); err != nil {
				return err
			}
		}
		if b.Master == master && b.Start.Equal(start) && b.End.Equal(end) {
			return nil
		}
		b.MovedFrom = Slot{Start: b.Start, End: b.End, Master: b.Master}
		b.Master, b.Start, b.End = master, start, end
		b.RescheduledAt = now
		b.Reschedules++
		return nil
	})
	if err != nil {
		return Booking{}, fmt.Errorf("calendar: reschedule %q: %w", r.ID, err)
	}
	return c.local(b), nil
}

// CancelByClient cancels the booking with that ID for the client and returns it, its times in
// Business.Location, so the caller can offer the freed time to the waitlist (see Waiting). A
// visit that starts within Business.CancelCutoff of now, or has started, is ErrTooLate: the
// dialog hands the client to staff, who use Cancel. It returns ErrNotFound if there is none
// and ErrNotBooked for a visit already marked attended or no-show; cancelling a cancelled
// booking returns it and no error. Errors wrap the sentinels.
func (c *Calendar) CancelByClient(ctx context.Context, id string, now time.Time) (Booking, error) {
	if now.IsZero() {
		return Booking{}, errors.New("calendar: cancel: now not set")
	}
	b, err := c.store.Update(ctx, id, now, func(b *Booking) error {
		switch b.Status {
		case StatusCancelled:
			return nil
		case StatusBooked:
		default:
			return fmt.Errorf("%w: %s", ErrNotBooked, b.Status)
		}
		if err := c.cutoff(*b, now); err != nil {
			return err
		}
		b.Status = StatusCancelled
		return nil
	})
	if err != nil {
		return Booking{}, fmt.Errorf("calendar: cancel %q: %w", id, err)
	}
	return c.local(b), nil
}

// cutoff returns ErrTooLate when b starts within the cancel cut-off of now, or has started.
func (c *Calendar) cutoff(b Booking, now time.Time) error {
	if last := b.Start.Add(-c.b.CancelCutoff); !now.Before(last) {
		return fmt.Errorf("%w: the visit at %s could be changed until %s", ErrTooLate,
			b.Start.In(c.b.Location).Format(time.DateTime), last.In(c.b.Location).Format(time.DateTime))
	}
	return nil
}

// VisitResult is what staff report about a visit.
type VisitResult struct {
	Attended bool      // the client came (StatusAttended); false: a no-show (StatusNoShow)
	Paid     int       // what the client paid, in whole currency units; not negative
	At       time.Time // when it was marked; required
}

// MarkVisit records that the client of the booking with that ID came (StatusAttended) or did
// not (StatusNoShow), with the amount paid, and returns the booking. The visit keeps its time
// either way. It is for booked visits: a cancelled one is ErrNotBooked. Marking again
// overwrites the mark, so staff can correct it. An attended visit makes the client a returning
// one for later bookings (see HasAttended). Errors wrap ErrNotFound and ErrNotBooked.
func (c *Calendar) MarkVisit(ctx context.Context, id string, v VisitResult) (Booking, error) {
	switch {
	case v.At.IsZero():
		return Booking{}, errors.New("calendar: mark visit: time not set")
	case v.Paid < 0:
		return Booking{}, fmt.Errorf("calendar: mark visit: paid %d must not be negative", v.Paid)
	}
	status := StatusNoShow
	if v.Attended {
		status = StatusAttended
	}
	b, err := c.store.Update(ctx, id, v.At, func(b *Booking) error {
		if b.Status == StatusCancelled {
			return fmt.Errorf("%w: %s", ErrNotBooked, b.Status)
		}
		b.Status, b.Paid, b.MarkedAt = status, v.Paid, v.At
		return nil
	})
	if err != nil {
		return Booking{}, fmt.Errorf("calendar: mark visit %q: %w", id, err)
	}
	return c.local(b), nil
}

// SetNew sets the new-client tag of the booking with that ID, in any status, overriding what
// Book computed: staff know better. Errors wrap ErrNotFound.
func (c *Calendar) SetNew(ctx context.Context, id string, isNew bool) (Booking, error) {
	b, err := c.store.Update(ctx, id, time.Time{}, func(b *Booking) error {
		b.New = isNew
		return nil
	})
	if err != nil {
		return Booking{}, fmt.Errorf("calendar: set new %q: %w", id, err)
	}
	return c.local(b), nil
}
