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
}

// Client identifies who a booking is for.
type Client struct {
	ID    string // the conversation key, e.g. "webchat:4f0c…"
	Name  string
	Phone string // E.164, e.g. "+79131234567"
}

// Status is a booking's state.
type Status string

// Booking states.
const (
	StatusBooked    Status = "booked"
	StatusCancelled Status = "cancelled"
)

// Booking is one visit of one client to one master for one service.
type Booking struct {
	ID        string // assigned by the Store: a short number a client can say on the phone
	Service   string
	Master    string
	Start     time.Time
	End       time.Time
	Client    Client
	Status    Status
	New       bool // the client had no earlier booking: a new client, not a returning one
	CreatedAt time.Time
}

// Slot is a free start time with a master.
type Slot struct {
	Start  time.Time
	End    time.Time
	Master string
}

// Store persists bookings. It is declared here, by its caller; calendar/bolt implements it and
// calendar/calendartest holds an in-memory one and the conformance suite both pass.
//
// A booking is active when its Status is StatusBooked. Times come back as the same instants;
// Start, End and CreatedAt come back in the location of the stored Start when the store can
// restore it (a named zone such as Asia/Krasnoyarsk), else in UTC. A Store is safe for
// concurrent use.
type Store interface {
	// Book stores b with a fresh ID and returns it. An empty Status is stored as StatusBooked.
	// If b is active and overlaps an active booking of the same master, it stores nothing and
	// returns ErrSlotTaken; bookings that only touch ([10:00, 11:00) and [11:00, 12:00)) do not
	// overlap. The check and the write are atomic.
	Book(ctx context.Context, b Booking) (Booking, error)
	// Bookings returns the active bookings of all masters that overlap [from, to), by start.
	Bookings(ctx context.Context, from, to time.Time) ([]Booking, error)
	// ClientBookings returns every booking of the client with that ID, by start.
	ClientBookings(ctx context.Context, clientID string) ([]Booking, error)
	// Cancel marks the booking cancelled, freeing its slot. ErrNotFound if there is none;
	// cancelling a cancelled booking is not an error.
	Cancel(ctx context.Context, id string) error
}
