package calendar

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// WaitRequest asks to tell a client when a time frees up.
type WaitRequest struct {
	Client   Client // Client.ID is required
	Service  string
	Master   string    // "" = any master who does the service
	From, To time.Time // the window the visit should start in, [From, To)
	Now      time.Time // required
}

// Wait puts the client on the waitlist for r's service, master and window and returns the
// entry, its times in Business.Location. The entry is stored durably until Unwait or until its
// window has passed; asking again for the same thing returns the same entry. The calendar never
// notifies anybody itself: after Cancel, CancelByClient or Reschedule the caller asks Waiting
// who wants the freed time, checks it with FreeSlots and tells them.
//
// Errors: ErrUnknownService, ErrUnknownMaster, ErrWrongMaster; ErrInPast when To is not after
// Now; ErrTooFar when From is past the booking horizon; wrapped.
func (c *Calendar) Wait(ctx context.Context, r WaitRequest) (Wait, error) {
	if _, _, err := c.resolve(r.Service, r.Master); err != nil {
		return Wait{}, err
	}
	switch {
	case r.Now.IsZero():
		return Wait{}, errors.New("calendar: wait: now not set")
	case r.Client.ID == "":
		return Wait{}, errors.New("calendar: wait: client has no ID")
	case !r.From.Before(r.To):
		return Wait{}, errors.New("calendar: wait: the window is empty")
	case !r.To.After(r.Now):
		return Wait{}, fmt.Errorf("%w: the window ends at %s", ErrInPast, r.To.In(c.b.Location).Format(time.DateTime))
	case !r.From.Before(c.horizonEnd(r.Now)):
		return Wait{}, fmt.Errorf("%w: %s is more than %d days ahead", ErrTooFar,
			r.From.In(c.b.Location).Format(time.DateOnly), c.b.Horizon)
	}
	loc := c.b.Location
	w, err := c.store.Wait(ctx, Wait{Client: r.Client, Service: r.Service, Master: r.Master,
		From: r.From.In(loc), To: r.To.In(loc), CreatedAt: r.Now.In(loc)}, r.Now)
	if err != nil {
		return Wait{}, fmt.Errorf("calendar: wait: %w", err)
	}
	return c.localWait(w), nil
}

// Waiting returns the waitlist entries that want a time in [from, to), first come first
// served: their window overlaps it, their Service is service (any when service is "") and
// their Master is master or "" (any entry when master is ""). For a freed booking b, ask
// Waiting(ctx, "", b.Master, b.Start, b.End), or with b.MovedFrom after a Reschedule; whether
// the entry's service fits is the caller's FreeSlots check.
func (c *Calendar) Waiting(ctx context.Context, service, master string, from, to time.Time) ([]Wait, error) {
	ws, err := c.store.Waits(ctx, from, to)
	if err != nil {
		return nil, fmt.Errorf("calendar: waiting: %w", err)
	}
	out := ws[:0]
	for _, w := range ws {
		if (service == "" || w.Service == service) && (master == "" || w.Master == "" || w.Master == master) {
			out = append(out, c.localWait(w))
		}
	}
	return out, nil
}

// Unwait takes the entry with that ID off the waitlist: the client booked, declined, or was
// told. An unknown ID is not an error.
func (c *Calendar) Unwait(ctx context.Context, waitID string) error {
	if err := c.store.Unwait(ctx, waitID); err != nil {
		return fmt.Errorf("calendar: unwait %q: %w", waitID, err)
	}
	return nil
}

// localWait returns w with its times in the business location.
func (c *Calendar) localWait(w Wait) Wait {
	loc := c.b.Location
	w.From, w.To, w.CreatedAt = in(w.From, loc), in(w.To, loc), in(w.CreatedAt, loc)
	return w
}
