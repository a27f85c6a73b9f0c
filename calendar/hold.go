package calendar

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// HoldRequest asks to hold a slot for a client while the dialog finishes the booking.
type HoldRequest struct {
	Service string
	Master  string        // "" = the first master in config order who does it and is free then, as Book
	Start   time.Time     // the visit's start
	Owner   string        // the client ID that will book it; required
	Now     time.Time     // required
	TTL     time.Duration // how long the hold lasts; 0 means Business.HoldTTL
	// Moving is the ID of the owner's booking this hold is for moving (see Reschedule): its own
	// time does not count as taken. "" for a new visit.
	Moving string
}

// Hold keeps the slot r asks for to r.Owner until Now+TTL and returns the hold, its times in
// Business.Location. Until then Book, Hold and Reschedule by anybody else on an overlapping time
// of that master are ErrSlotTaken, and FreeSlots and Nearest do not offer it to others (see
// Query.Owner). The owner's Book (best with Request.Hold set to the hold's ID) or Reschedule
// consumes it; Release gives it up; otherwise it simply expires: nothing needs to run.
//
// An owner has one hold at a time: a new hold replaces the previous one, which stays if the new
// one fails. The time is checked as Book checks it, with the same errors (ErrUnknownService,
// ErrUnknownMaster, ErrWrongMaster, ErrInPast, ErrTooFar, ErrOutsideHours, ErrSlotTaken),
// wrapped.
func (c *Calendar) Hold(ctx context.Context, r HoldRequest) (Hold, error) {
	svc, masters, err := c.resolve(r.Service, r.Master)
	if err != nil {
		return Hold{}, err
	}
	switch {
	case r.Now.IsZero():
		return Hold{}, errors.New("calendar: hold: now not set")
	case r.Owner == "":
		return Hold{}, errors.New("calendar: hold: no owner")
	case r.TTL < 0:
		return Hold{}, fmt.Errorf("calendar: hold: negative TTL %v", r.TTL)
	}
	ttl := r.TTL
	if ttl == 0 {
		ttl = c.b.HoldTTL
	}
	loc := c.b.Location
	start, now := r.Start.In(loc), r.Now.In(loc)
	end := start.Add(svc.Duration)
	if err := c.when(start, now, c.b.MinLead); err != nil {
		return Hold{}, fmt.Errorf("calendar: hold: %w", err)
	}
	h := Hold{Service: svc.ID, Start: start, End: end, Expires: now.Add(ttl), Owner: r.Owner, Moving: r.Moving}
	var stored Hold
	err = c.firstFree("hold", masters, r.Master, svc.ID, start, end, func(m Master) (err error) {
		h.Master = m.ID
		stored, err = c.store.Hold(ctx, h, now)
		return err
	})
	if err != nil {
		return Hold{}, err
	}
	return c.localHold(stored), nil
}

// Release gives up the hold with that ID, freeing its slot at once. An unknown or expired ID is
// not an error, so a dialog may release whatever it last held.
func (c *Calendar) Release(ctx context.Context, holdID string) error {
	if err := c.store.Release(ctx, holdID); err != nil {
		return fmt.Errorf("calendar: release %q: %w", holdID, err)
	}
	return nil
}

// ClientHold returns the client's hold live at now, its times in Business.Location, and false
// if there is none.
func (c *Calendar) ClientHold(ctx context.Context, clientID string, now time.Time) (Hold, bool, error) {
	h, ok, err := c.store.ClientHold(ctx, clientID, now)
	if err != nil {
		return Hold{}, false, fmt.Errorf("calendar: client hold: %w", err)
	}
	return c.localHold(h), ok, nil
}

// localHold returns h with its times in the business location.
func (c *Calendar) localHold(h Hold) Hold {
	loc := c.b.Location
	h.Start, h.End, h.Expires = in(h.Start, loc), in(h.End, loc), in(h.Expires, loc)
	return h
}
