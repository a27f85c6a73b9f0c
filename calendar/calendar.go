// Package calendar holds the business: its services, masters and their schedules, free slots
// and bookings. It is pure domain code; storage sits behind Store (see calendar/bolt).
package calendar

import (
	"context"
	"errors"
	"time"
)

// Errors returned by the calendar. Check them with errors.Is.
var (
	ErrSlotTaken      = errors.New("calendar: slot taken")
	ErrOutsideHours   = errors.New("calendar: outside working hours")
	ErrInPast         = errors.New("calendar: time is in the past")
	ErrUnknownService = errors.New("calendar: unknown service")
	ErrUnknownMaster  = errors.New("calendar: unknown master")
	ErrNotFound       = errors.New("calendar: booking not found")
	ErrWrongMaster    = errors.New("calendar: master does not do that service") // a known master, another service
	ErrTooFar         = errors.New("calendar: too far ahead")                   // past Business.Horizon
	ErrTooLate        = errors.New("calendar: too late to cancel")              // inside Business.CancelCutoff
	ErrNotBooked      = errors.New("calendar: visit is not booked")             // cancelled, or already attended or missed
	ErrHoldExpired    = errors.New("calendar: hold expired")                    // the hold is gone and the request names no time
)

// Clock is a time of day in minutes after midnight, 0 to 1440.
type Clock int

// Span is a part of a day, [Start, End).
type Span struct {
	Start, End Clock
}

// Service is something the business sells.
type Service struct {
	ID       string        // stable identifier, e.g. "mens-haircut"
	Name     string        // name in the business language, e.g. "Мужская стрижка"
	NameEN   string        // English name, e.g. "Men's haircut"
	Duration time.Duration // how long a visit takes
	Price    int           // price in whole currency units (roubles)
	Aliases  []string      // other words clients use for it, e.g. "подстричься", "стрижка мужская"
}

// Master is a member of staff who serves clients.
type Master struct {
	ID       string
	Name     string
	NameEN   string
	Services []string              // IDs of the services this master does
	Hours    map[time.Weekday]Span // nil: the business hours; a missing weekday: day off
	Breaks   []Span                // daily breaks, e.g. lunch 14:00–15:00
}

// Business is everything the calendar knows about the business it books for.
type Business struct {
	Name     string
	NameEN   string
	City     string
	Address  string
	Phone    string
	Location *time.Location // all wall-clock times are in this zone
	Language string         // "ru" or "en": the default language of client-facing text
	Hours    map[time.Weekday]Span
	Services []Service
	Masters  []Master
	SlotStep time.Duration // granularity of offered start times; 0 means 15 minutes
	MinLead  time.Duration // how soon from now a visit may start; 0 means none
	Horizon  int           // how many days ahead bookings are taken; 0 means 60
	// HoldTTL is how long Calendar.Hold keeps a slot for a client who is still giving their
	// name and phone; 0 means DefaultHoldTTL (10 minutes).
	HoldTTL time.Duration
	// CancelCutoff is how long before a visit a client may still cancel or move it themselves
	// (Calendar.CancelByClient, RescheduleRequest.ByClient); later, staff must. 0 means until the
	// visit starts.
	CancelCutoff time.Duration
}

// Client identifies who a booking is for.
type Client struct {
	ID    string // the conversation key, e.g. "webchat:4f0c…"
	Name  string
	Phone string // E.164, e.g. "+79131234567"
}

// Status is a booking's state.
type Status string

// Booking states. Every state but StatusCancelled is active: the booking holds its master's time.
const (
	StatusBooked    Status = "booked"    // the visit is ahead, or not marked yet
	StatusCancelled Status = "cancelled" // the slot is free again
	StatusAttended  Status = "attended"  // staff marked the client as come (Calendar.MarkVisit)
	StatusNoShow    Status = "no_show"   // staff marked the client as not come
)

// Active reports whether a booking in state s holds its master's time: every state but
// StatusCancelled.
func (s Status) Active() bool { return s != StatusCancelled }

// Booking is one visit of one client to one master for one service.
type Booking struct {
	ID        string // assigned by the Store: a short number a client can say on the phone
	Service   string
	Master    string
	Start     time.Time
	End       time.Time
	Client    Client
	Status    Status
	New       bool // a new client: no attended visit yet by this client ID or phone (see Book, SetNew)
	CreatedAt time.Time

	Paid          int       // what the client paid, in whole currency units; set by Calendar.MarkVisit
	MarkedAt      time.Time // when the visit was marked attended or no-show; zero before
	RescheduledAt time.Time // when the booking was last moved (Calendar.Reschedule); zero if never
	Reschedules   int       // how many times the booking was moved
	MovedFrom     Slot      // the master and time the last Reschedule freed; zero if never moved
}

// Hold keeps a slot for one client for a few minutes while the dialog collects their name and
// phone (Calendar.Hold). Until Expires nobody else can book or hold an overlapping time with that
// master; the owner's next booking consumes it. An expired hold counts for nothing and is
// deleted by the Store's next write.
type Hold struct {
	ID      string // assigned by the Store
	Service string
	Master  string
	Start   time.Time
	End     time.Time
	Expires time.Time // the hold counts while Expires is after the present
	Owner   string    // the client ID that may book the held time
	// Moving is the ID of the owner's booking this hold is for moving: that booking's own time
	// does not count as taken for the hold. "" for a new visit.
	Moving string
}

// Live reports whether the hold still counts at now: Expires is after now.
func (h Hold) Live(now time.Time) bool { return h.Expires.After(now) }

// Wait is a client's wish to be told when a time frees up (Calendar.Wait).
type Wait struct {
	ID        string // assigned by the Store
	Client    Client
	Service   string
	Master    string    // "" = any master who does the service
	From, To  time.Time // the visit may start at From or later, and must start before To
	CreatedAt time.Time
}

// Slot is a free start time with a master.
type Slot struct {
	Start  time.Time
	End    time.Time
	Master string
}

// Store persists bookings, holds and the waitlist. It is declared here, by its caller;
// calendar/bolt implements it and calendar/calendartest holds an in-memory one and the
// conformance suite both pass.
//
// A booking is active when its Status is not StatusCancelled (see Status.Active): it holds its
// master's time. A hold counts while it is live (Hold.Live) at the present the caller passes;
// a Store never reads a clock. Times come back as the same instants; they come back in the
// location of the stored Start (of From for a Wait) when the store can restore it (a named zone
// such as Asia/Krasnoyarsk), else in UTC. A Store is safe for concurrent use, and every check
// below happens atomically with the write it guards.
type Store interface {
	// Book stores b with a fresh ID and returns it. An empty Status is stored as StatusBooked.
	// If b is active and overlaps an active booking of the same master, it stores nothing and
	// returns ErrSlotTaken; bookings that only touch ([10:00, 11:00) and [11:00, 12:00)) do not
	// overlap. The check and the write are atomic.
	//
	// Book takes b.CreatedAt as the present for holds: an active b that overlaps a hold of the
	// same master live at b.CreatedAt whose Owner is not b.Client.ID is ErrSlotTaken too. When an
	// active b is stored, the hold of b.Client.ID, if any, is deleted: the booking consumes it.
	// When Book stores b, the holds that are not live at b.CreatedAt are deleted.
	Book(ctx context.Context, b Booking) (Booking, error)
	// Bookings returns the active bookings of all masters that overlap [from, to), by start.
	Bookings(ctx context.Context, from, to time.Time) ([]Booking, error)
	// ClientBookings returns every booking of the client with that ID, by start.
	ClientBookings(ctx context.Context, clientID string) ([]Booking, error)
	// Cancel marks the booking cancelled, freeing its slot. ErrNotFound if there is none;
	// cancelling a cancelled booking is not an error.
	Cancel(ctx context.Context, id string) error

	// Booking returns the booking with that ID, in any status; ErrNotFound if there is none.
	Booking(ctx context.Context, id string) (Booking, error)
	// PhoneBookings returns every booking whose Client.Phone is phone, by start; none for "".
	PhoneBookings(ctx context.Context, phone string) ([]Booking, error)
	// Update changes the booking with that ID in one atomic step: it reads it (ErrNotFound if
	// there is none), calls f on a copy and stores the copy as f left it, and returns it. If f
	// returns an error Update stores nothing and returns that error as it is. f runs inside the
	// Store's transaction or lock: it must be quick and must not call the Store. f must not
	// change ID or Client.ID (an error); an empty Status becomes StatusBooked.
	//
	// If the result is active and the booking was not, or its Master, Start or End changed, it is
	// checked as Book checks a new booking, except that it never clashes with itself and now is
	// the present for holds: ErrSlotTaken and nothing stored. Then, as with Book, the hold of its
	// client is consumed. A booking that leaves the active states frees its time. Holds that are
	// not live at now may be deleted (the zero now deletes none).
	Update(ctx context.Context, id string, now time.Time, f func(*Booking) error) (Booking, error)

	// Hold stores h with a fresh ID and returns it, unless h overlaps an active booking of
	// h.Master (other than h.Moving when that booking is h.Owner's) or a hold of h.Master live at
	// now whose Owner is not h.Owner: then it returns ErrSlotTaken and changes nothing. A
	// successful Hold deletes h.Owner's earlier hold: an owner has at most one. h must be live
	// at now. Holds that are not live at now may be deleted.
	Hold(ctx context.Context, h Hold, now time.Time) (Hold, error)
	// Release deletes the hold with that ID; an unknown or expired ID is not an error.
	Release(ctx context.Context, id string) error
	// Holds returns the holds live at now that overlap [from, to), by start.
	Holds(ctx context.Context, from, to, now time.Time) ([]Hold, error)
	// ClientHold returns the hold of that owner live at now, and false if there is none.
	ClientHold(ctx context.Context, owner string, now time.Time) (Hold, bool, error)

	// Wait stores w with a fresh ID and returns it. If the same client already waits for the
	// same Service, Master, From and To it stores nothing and returns that entry. Entries whose
	// To is not after now may be deleted.
	Wait(ctx context.Context, w Wait, now time.Time) (Wait, error)
	// Waits returns the entries whose [From, To) overlaps [from, to), first come first served:
	// in the order Wait stored them.
	Waits(ctx context.Context, from, to time.Time) ([]Wait, error)
	// Unwait deletes the entry with that ID; an unknown ID is not an error.
	Unwait(ctx context.Context, id string) error
}
