// Package events is minutka's event log: every fact the KPIs are computed from (messages,
// first responses, leads, bookings), and the contact rule that opens a new contact.
package events

import "time"

// Type names a kind of event. The names are part of the data format: never rename one.
type Type string

// Event types. See DESIGN.md "Events and KPIs".
const (
	MessageReceived Type = "message.received"
	FirstResponse   Type = "message.first_response"
	LeadCreated     Type = "lead.created"
	BookingCreated  Type = "booking.created"
	BookingMoved    Type = "booking.rescheduled"
	BookingCanceled Type = "booking.cancelled"
)

// Responders of a first response.
const (
	ResponderBot   = "bot"
	ResponderHuman = "human"
)

// Event is one fact. Client is the conversation key ("webchat:…"), never a name or a phone.
type Event struct {
	Type      Type
	At        time.Time         // when it happened, by our clock
	Channel   string            // "webchat", "telegram", …
	Client    string            // the conversation key
	Sent      time.Time         // message.received: the platform's timestamp
	Responder string            // message.first_response: ResponderBot or ResponderHuman
	Seconds   float64           // message.first_response: the first-response time
	Data      map[string]string // other attributes, e.g. booking_id, service, new
}

// ContactGap is the silence after which an inbound message opens a new contact.
const ContactGap = 12 * time.Hour

// Contact is the state of a client's current contact, used to measure the first response.
type Contact struct {
	Client      string
	Channel     string
	Opened      time.Time // the platform timestamp of the inbound message that opened it
	LastInbound time.Time // the platform timestamp of the latest inbound message
	Answered    bool      // a first response has been sent
}

// Inbound updates c for an inbound message sent at t and reports whether it opened a new
// contact. A zero c (no earlier message) always opens one.
func (c *Contact) Inbound(t time.Time) (opened bool) {
	if c.LastInbound.IsZero() || t.Sub(c.LastInbound) >= ContactGap {
		c.Opened, c.Answered = t, false
		opened = true
	}
	if t.After(c.LastInbound) {
		c.LastInbound = t
	}
	return opened
}

// Outbound marks c answered at t and returns the first-response time if this is the contact's
// first answer; ok is false when the contact was already answered.
func (c *Contact) Outbound(t time.Time) (frt time.Duration, ok bool) {
	if c.Answered || c.Opened.IsZero() {
		return 0, false
	}
	c.Answered = true
	frt = t.Sub(c.Opened)
	if frt < 0 {
		frt = 0 // the platform clock ran ahead of ours
	}
	return frt, true
}
