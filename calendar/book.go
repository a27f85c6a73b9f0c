package calendar

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Defaults that New applies to a Business that leaves them zero.
const (
	DefaultSlotStep = 15 * time.Minute
	DefaultHorizon  = 60 // days
	DefaultHoldTTL  = 10 * time.Minute
)

// Calendar answers what is free and books visits for one business. It holds no state of its own
// beyond the Business and the Store, so it is safe for concurrent use when the Store is.
//
// Every wall-clock computation happens in Business.Location; slots and the bookings it returns
// are in that location.
type Calendar struct {
	b     Business
	store Store
}

// New returns a calendar for b that keeps its bookings in s. It does no I/O and does not validate
// b (call Business.Validate first); it applies the defaults: SlotStep 15 minutes, Horizon 60 days,
// HoldTTL 10 minutes, and UTC when Location is nil. b's maps and slices are kept, not copied: do
// not modify them afterwards.
func New(b Business, s Store) *Calendar {
	if b.SlotStep <= 0 {
		b.SlotStep = DefaultSlotStep
	}
	if b.HoldTTL <= 0 {
		b.HoldTTL = DefaultHoldTTL
	}
	if b.Horizon <= 0 {
		b.Horizon = DefaultHorizon
	}
	if b.Location == nil {
		b.Location = time.UTC
	}
	return &Calendar{b: b, store: s}
}

// Business returns the business the calendar books for, with the defaults applied. It is shared:
// do not modify it.
func (c *Calendar) Business() *Business { return &c.b }

// Query asks for free slots.
type Query struct {
	Service string    // required
	Master  string    // "" = any master who does the service
	From    time.Time // earliest start wanted; zero means Now
	To      time.Time // zero = From + Horizon days; slots must START before To
	Limit   int       // 0 = no limit
	Now     time.Time // nothing before Now+MinLead is offered; zero means From
	// Owner is the client asking: their own hold (Calendar.Hold) does not hide its slot from
	// them. Everybody else's holds live at Now (From when Now is zero) are taken time; with
	// Owner "" every live hold is.
	Owner string
	// Moving is the ID of a booking being moved: its own time counts as free, so a visit can
	// move within its own slot (see Calendar.Reschedule). "" for a new visit.
	Moving string
}

// FreeSlots returns free slots in start order (ties by master config order). A slot fits
// entirely in the master's hours of that day (master Hours or business Hours, intersected with
// business hours), does not overlap a break, an active booking of that master (but q.Moving) or a
// hold of that master live at Now whose owner is not q.Owner, starts on a
// SlotStep boundary counted from the business opening time of that day, and starts no earlier
// than max(From, Now+MinLead) and before both To and the booking horizon (the end of the day
// Horizon days after Now's date). When Master is "" and several masters are free at the same
// start, it returns one slot per master.
//
// Errors: ErrUnknownService, ErrUnknownMaster, ErrWrongMaster (the master does not do the
// service), or the Store's error. A query with neither From nor Now is an error.
func (c *Calendar) FreeSlots(ctx context.Context, q Query) ([]Slot, error) {
	svc, masters, err := c.resolve(q.Service, q.Master)
	if err != nil {
		return nil, err
	}
	from, now := q.From, q.Now
	switch {
	case from.IsZero() && now.IsZero():
		return nil, errors.New("calendar: free slots: query needs From or Now")
	case from.IsZero():
		from = now
	case now.IsZero():
		now = from
	}
	loc := c.b.Location
	from, now = from.In(loc), now.In(loc)
	to := q.To
	if to.IsZero() {
		to = from.AddDate(0, 0, c.b.Horizon)
	}
	if h := c.horizonEnd(now); h.Before(to) {
		to = h
	}
	earliest := latest(from, now.Add(c.b.MinLead))
	if !earliest.Before(to) {
		return nil, nil
	}

	first := startOfDay(earliest)
	busy, err := c.busy(ctx, first, to.Add(svc.Duration), now, q.Owner, q.Moving)
	if err != nil {
		return nil, err
	}
	var slots []Slot
	for day := first; day.Before(to); day = nextDay(day) {
		n := len(slots)
		slots = c.daySlots(slots, day, svc, masters, busy, earliest, to)
		// Each master's slots are in start order; merging keeps master order on ties.
		slices.SortStableFunc(slots[n:], func(a, b Slot) int { return a.Start.Compare(b.Start) })
		if q.Limit > 0 && len(slots) >= q.Limit {
			return slots[:q.Limit], nil
		}
	}
	return slots, nil
}

// daySlots appends the free slots of the masters on day (local midnight), master by master.
func (c *Calendar) daySlots(slots []Slot, day time.Time, svc Service, masters []Master,
	busy map[string][]interval, earliest, to time.Time) []Slot {
	open, ok := c.b.OpenOn(day)
	if !ok {
		return slots
	}
	y, mon, d := day.Date()
	loc := c.b.Location
	grid := open.Start.on(y, mon, d, loc)
	step := c.b.SlotStep
	for _, m := range masters {
		work, ok := c.b.masterHours(m, day.Weekday())
		if !ok {
			continue
		}
		end := work.End.on(y, mon, d, loc)
		lo := latest(work.Start.on(y, mon, d, loc), earliest)
		k := (lo.Sub(grid) + step - 1) / step // first grid point at or after lo
		blocked := append(breaks(m, day), busy[m.ID]...)
		for s := grid.Add(k * step); s.Before(to); s = s.Add(step) {
			e := s.Add(svc.Duration)
			if e.After(end) {
				break
			}
			if !overlapsAny(blocked, s, e) {
				slots = append(slots, Slot{Start: s, End: e, Master: m.ID})
			}
		}
	}
	return slots
}

// Nearest returns up to n free slots closest in time to at, never before now+MinLead: first the
// ones on at's local date, nearest first (before or after at; on equal distance the earlier),
// then, if that day has fewer than n, the earliest on the following days up to the horizon. The
// result is sorted by start and has distinct start times: one master per start time, the first
// free one in config order. master "" means any master who does the service. Every live hold
// counts as taken (see NearestTo for a client who holds a slot). Errors as FreeSlots.
func (c *Calendar) Nearest(ctx context.Context, service, master string, at, now time.Time, n int) ([]Slot, error) {
	return c.NearestTo(ctx, Query{Service: service, Master: master, Now: now}, at, n)
}

// NearestTo is Nearest for the Service, Master, Now, Owner and Moving of q (its From, To and
// Limit are ignored): q.Owner's own hold and the booking q.Moving do not hide their slots.
func (c *Calendar) NearestTo(ctx context.Context, q Query, at time.Time, n int) ([]Slot, error) {
	if n <= 0 {
		return nil, nil
	}
	if q.Now.IsZero() {
		return nil, errors.New("calendar: nearest: now not set")
	}
	service, master, now := q.Service, q.Master, q.Now
	_, masters, err := c.resolve(service, master)
	if err != nil {
		return nil, err
	}
	at = at.In(c.b.Location)
	day := startOfDay(at)
	tomorrow := nextDay(day)
	slots, err := c.FreeSlots(ctx, Query{Service: service, Master: master, From: day, To: tomorrow, Now: now,
		Owner: q.Owner, Moving: q.Moving})
	if err != nil {
		return nil, err
	}
	slots = distinctStarts(slots)
	slices.SortStableFunc(slots, func(a, b Slot) int {
		return cmp.Compare(absDuration(a.Start.Sub(at)), absDuration(b.Start.Sub(at)))
	})
	slots = slots[:min(n, len(slots))]
	if more := n - len(slots); more > 0 {
		// Each start time has at most len(masters) slots, so this many hold `more` distinct starts.
		later, err := c.FreeSlots(ctx, Query{Service: service, Master: master, From: tomorrow,
			Limit: more * len(masters), Now: now, Owner: q.Owner, Moving: q.Moving})
		if err != nil {
			return nil, err
		}
		later = distinctStarts(later)
		slots = append(slots, later[:min(more, len(later))]...)
	}
	slices.SortFunc(slots, func(a, b Slot) int { return a.Start.Compare(b.Start) })
	return slots, nil
}

// Request asks to book a visit.
type Request struct {
	Service string
	Master  string    // "" = any master who does it and is free then
	Start   time.Time // the visit's start; it need not be on the SlotStep grid
	Client  Client    // Client.ID is required
	Now     time.Time // required
	// Hold is the ID of the client's hold (Calendar.Hold) on the visit. When it names the
	// client's hold, live at Now, and Service, Master and Start are empty or the hold's, Book
	// books exactly the hold's service, master and start. Otherwise (the hold expired, was
	// replaced or is for another time) Book books Service, Master and Start as without a hold,
	// or returns ErrHoldExpired if Start is zero.
	Hold string
}

// Book books the visit r asks for and returns the stored booking, its times in
// Business.Location.
//
// It checks that the service and the master are known (ErrUnknownService, ErrUnknownMaster) and
// that the master does the service (ErrWrongMaster); that Start is not before Now+MinLead
// (ErrInPast) and not past the horizon (ErrTooFar); and that the visit fits in the master's hours
// of that day without touching a break (ErrOutsideHours). End is Start plus the service duration;
// New is true unless the client has attended a visit, found by Client.ID or Client.Phone (see
// HasAttended); Status is StatusBooked and CreatedAt is Now. If the master is busy then, or
// another client holds an overlapping time (Hold), it returns ErrSlotTaken. On success the
// client's own hold, if any, is consumed. A visit booked through its hold (r.Hold) need not
// respect MinLead again, only start after Now: the hold already did.
//
// With Master "" it tries each master who does the service, in config order, and returns the
// first success: ErrSlotTaken when every master working then is taken, ErrOutsideHours when none
// works then. Errors wrap the sentinels; check them with errors.Is.
//
// Two concurrent first bookings of one client may both be marked New.
func (c *Calendar) Book(ctx context.Context, r Request) (Booking, error) {
	held := false
	if r.Hold != "" && r.Client.ID != "" && !r.Now.IsZero() {
		h, ok, err := c.store.ClientHold(ctx, r.Client.ID, r.Now)
		if err != nil {
			return Booking{}, fmt.Errorf("calendar: book: %w", err)
		}
		switch {
		case ok && h.ID == r.Hold && (r.Service == "" || r.Service == h.Service) &&
			(r.Master == "" || r.Master == h.Master) && (r.Start.IsZero() || r.Start.Equal(h.Start)):
			r.Service, r.Master, r.Start, held = h.Service, h.Master, h.Start, true
		case r.Start.IsZero():
			return Booking{}, fmt.Errorf("%w: %q of %q", ErrHoldExpired, r.Hold, r.Client.ID)
		}
	}
	svc, masters, err := c.resolve(r.Service, r.Master)
	if err != nil {
		return Booking{}, err
	}
	if r.Now.IsZero() {
		return Booking{}, errors.New("calendar: book: now not set")
	}
	if r.Client.ID == "" {
		return Booking{}, errors.New("calendar: book: client has no ID")
	}
	loc := c.b.Location
	start, now := r.Start.In(loc), r.Now.In(loc)
	end := start.Add(svc.Duration)
	lead := c.b.MinLead
	if held {
		lead = 0
	}
	if err := c.when(start, now, lead); err != nil {
		return Booking{}, err
	}
	attended, err := c.HasAttended(ctx, r.Client)
	if err != nil {
		return Booking{}, fmt.Errorf("calendar: book: %w", err)
	}
	b := Booking{
		Service:   svc.ID,
		Start:     start,
		End:       end,
		Client:    r.Client,
		Status:    StatusBooked,
		New:       !attended,
		CreatedAt: now,
	}
	var stored Booking
	err = c.firstFree("book", masters, r.Master, svc.ID, start, end, func(m Master) (err error) {
		b.Master = m.ID
		stored, err = c.store.Book(ctx, b)
		return err
	})
	if err != nil {
		return Booking{}, err
	}
	return c.local(stored), nil
}

// firstFree calls try with each of masters whose hours hold [start, end), in order, until one
// succeeds. A try that fails with ErrSlotTaken moves on to the next master; any other error is
// returned wrapped as "calendar: op: …". When none succeeds it returns ErrOutsideHours if no
// master works then, else ErrSlotTaken. asked is the master the client named ("" for any).
func (c *Calendar) firstFree(op string, masters []Master, asked, service string, start, end time.Time, try func(Master) error) error {
	working := false
	for _, m := range masters {
		if !c.fits(m, start, end) {
			continue
		}
		working = true
		err := try(m)
		switch {
		case err == nil:
			return nil
		case !errors.Is(err, ErrSlotTaken):
			return fmt.Errorf("calendar: %s: %w", op, err)
		}
	}
	who := asked
	if who == "" {
		who = "any master"
	}
	why := ErrSlotTaken
	if !working {
		why = ErrOutsideHours
	}
	return fmt.Errorf("%w: %s with %s at %s", why, service, who, start.Format(time.DateTime))
}

// when checks that start is not before now+lead (ErrInPast) nor past the horizon (ErrTooFar).
func (c *Calendar) when(start, now time.Time, lead time.Duration) error {
	if earliest := now.Add(lead); start.Before(earliest) {
		return fmt.Errorf("%w: %s starts before %s", ErrInPast,
			start.Format(time.DateTime), earliest.Format(time.DateTime))
	}
	if !start.Before(c.horizonEnd(now)) {
		return fmt.Errorf("%w: %s is more than %d days ahead", ErrTooFar,
			start.Format(time.DateOnly), c.b.Horizon)
	}
	return nil
}

// fits reports whether [start, end) lies in m's hours of start's day and clear of m's breaks.
func (c *Calendar) fits(m Master, start, end time.Time) bool {
	day := startOfDay(start)
	work, ok := c.b.masterHours(m, day.Weekday())
	if !ok {
		return false
	}
	y, mon, d := day.Date()
	loc := c.b.Location
	if start.Before(work.Start.on(y, mon, d, loc)) || end.After(work.End.on(y, mon, d, loc)) {
		return false
	}
	return !overlapsAny(breaks(m, day), start, end)
}

// Returning reports whether the client with that ID has any booking already, in any status: the
// client has been here in the chat before. It is not the new/return tag of a booking, which
// counts attended visits only (see HasAttended).
func (c *Calendar) Returning(ctx context.Context, clientID string) (bool, error) {
	bs, err := c.store.ClientBookings(ctx, clientID)
	if err != nil {
		return false, fmt.Errorf("calendar: returning: %w", err)
	}
	return len(bs) > 0, nil
}

// Upcoming returns the client's active bookings that start at or after now, by start, their
// times in Business.Location.
func (c *Calendar) Upcoming(ctx context.Context, clientID string, now time.Time) ([]Booking, error) {
	bs, err := c.store.ClientBookings(ctx, clientID)
	if err != nil {
		return nil, fmt.Errorf("calendar: upcoming: %w", err)
	}
	var up []Booking
	for _, b := range bs {
		if b.Status == StatusBooked && !b.Start.Before(now) {
			up = append(up, c.local(b))
		}
	}
	return up, nil
}

// Bookings returns the active bookings of all masters that overlap [from, to), by start, their
// times in Business.Location: a master's day, the reminder scan, staff load.
func (c *Calendar) Bookings(ctx context.Context, from, to time.Time) ([]Booking, error) {
	bs, err := c.store.Bookings(ctx, from, to)
	if err != nil {
		return nil, fmt.Errorf("calendar: bookings: %w", err)
	}
	for i := range bs {
		bs[i] = c.local(bs[i])
	}
	return bs, nil
}

// Cancel cancels the booking with that ID, freeing its slot. It returns an error wrapping
// ErrNotFound if there is none; cancelling a cancelled booking is not an error. It is the staff
// path: no cut-off applies and any status is cancelled (a client's path is CancelByClient).
// Booking then tells what was freed, for the waitlist.
func (c *Calendar) Cancel(ctx context.Context, id string) error {
	if err := c.store.Cancel(ctx, id); err != nil {
		return fmt.Errorf("calendar: cancel %q: %w", id, err)
	}
	return nil
}

// resolve returns the service and the masters a request may use: the one named, or every master
// who does the service when master is "".
func (c *Calendar) resolve(service, master string) (Service, []Master, error) {
	svc, ok := c.b.Service(service)
	if !ok {
		return Service{}, nil, fmt.Errorf("%w: %q", ErrUnknownService, service)
	}
	if master == "" {
		return svc, c.b.MastersFor(service), nil
	}
	m, ok := c.b.Master(master)
	if !ok {
		return Service{}, nil, fmt.Errorf("%w: %q", ErrUnknownMaster, master)
	}
	if !slices.Contains(m.Services, service) {
		return Service{}, nil, fmt.Errorf("%w: %q does not do %q", ErrWrongMaster, master, service)
	}
	return svc, []Master{m}, nil
}

// busy returns as intervals by master the active bookings overlapping [from, to) but the one
// with ID moving, and the holds live at now overlapping it but owner's.
func (c *Calendar) busy(ctx context.Context, from, to, now time.Time, owner, moving string) (map[string][]interval, error) {
	bs, err := c.store.Bookings(ctx, from, to)
	if err != nil {
		return nil, fmt.Errorf("calendar: free slots: %w", err)
	}
	busy := make(map[string][]interval)
	for _, b := range bs {
		if moving == "" || b.ID != moving {
			busy[b.Master] = append(busy[b.Master], interval{b.Start, b.End})
		}
	}
	hs, err := c.store.Holds(ctx, from, to, now)
	if err != nil {
		return nil, fmt.Errorf("calendar: free slots: %w", err)
	}
	for _, h := range hs {
		if owner == "" || h.Owner != owner {
			busy[h.Master] = append(busy[h.Master], interval{h.Start, h.End})
		}
	}
	return busy, nil
}

// horizonEnd returns the first instant bookings are no longer taken for: local midnight after the
// day Horizon days after now's date.
func (c *Calendar) horizonEnd(now time.Time) time.Time {
	y, m, d := now.In(c.b.Location).Date()
	return time.Date(y, m, d+c.b.Horizon+1, 0, 0, 0, 0, c.b.Location)
}

// local returns b with its times in the business location.
func (c *Calendar) local(b Booking) Booking {
	loc := c.b.Location
	b.Start, b.End, b.CreatedAt = b.Start.In(loc), b.End.In(loc), b.CreatedAt.In(loc)
	b.MarkedAt, b.RescheduledAt = in(b.MarkedAt, loc), in(b.RescheduledAt, loc)
	b.MovedFrom.Start, b.MovedFrom.End = in(b.MovedFrom.Start, loc), in(b.MovedFrom.End, loc)
	return b
}

// in returns t in loc, and the zero time as it is.
func in(t time.Time, loc *time.Location) time.Time {
	if t.IsZero() {
		return t
	}
	return t.In(loc)
}

// interval is a busy part of a timeline, [start, end).
type interval struct{ start, end time.Time }

// breaks returns m's breaks on day (local midnight) as intervals.
func breaks(m Master, day time.Time) []interval {
	y, mon, d := day.Date()
	out := make([]interval, 0, len(m.Breaks))
	for _, br := range m.Breaks {
		out = append(out, interval{br.Start.on(y, mon, d, day.Location()), br.End.on(y, mon, d, day.Location())})
	}
	return out
}

// overlapsAny reports whether [start, end) overlaps any of the intervals; touching is not
// overlapping.
func overlapsAny(is []interval, start, end time.Time) bool {
	for _, i := range is {
		if start.Before(i.end) && i.start.Before(end) {
			return true
		}
	}
	return false
}

// distinctStarts keeps the first slot of each start time; slots must be sorted by start.
func distinctStarts(slots []Slot) []Slot {
	return slices.CompactFunc(slots, func(a, b Slot) bool { return a.Start.Equal(b.Start) })
}

// startOfDay returns local midnight of t's date in t's location.
func startOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// nextDay returns local midnight of the date after day's.
func nextDay(day time.Time) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, day.Location())
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
