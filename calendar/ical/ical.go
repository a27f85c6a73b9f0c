// Package ical writes bookings as iCalendar (RFC 5545): a feed a master's phone calendar
// subscribes to at a secret URL, and a client's one-visit .ics file.
//
// Times are written in UTC ("Z" form), not as local times with a TZID: that spares shipping a
// VTIMEZONE for the business zone, which RFC 5545 requires for every TZID used and which phones
// would otherwise have to match against their own tz database. Every calendar app shows UTC
// times in the phone's own zone; X-WR-TIMEZONE names the business zone for the apps that use it.
package ical

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/minutka/minutka/calendar"
)

// FeedInfo describes a feed: whose it is and what it may show.
type FeedInfo struct {
	// Name is the calendar's name in the phone (X-WR-CALNAME), e.g. "Иван — Салон Минутка";
	// "" means Business.Name.
	Name string
	// Business gives the names of services and masters, the address, the zone and the language.
	// Required.
	Business *calendar.Business
	// Staff puts the client's name and phone (and whether they are new) in the events. Leave it
	// false for a feed anyone but the salon's staff may see.
	Staff bool
	// Now is the time of writing, the DTSTAMP of every event. Required.
	Now time.Time
	// Host is the service's public host name, e.g. "minutka.example": the right part of the
	// event UIDs. It must stay the same from request to request (take it from the configuration,
	// not from the request) or phones see new events. "" means a slug of the business name.
	Host string
}

// Feed writes a calendar of the bookings to w as one write: the masters' feed. Each booking
// becomes an event whose UID is "<booking id>@<host>", so edits and moves update the same event
// on the phone; cancelled bookings are written with STATUS:CANCELLED, so pass them to make
// phones remove the visits. SEQUENCE counts the booking's moves, plus one once cancelled.
//
// A staff feed's event reads "Мужская стрижка — <client>"; any other feed's "Мужская стрижка —
// <master>", with no client's name or phone anywhere. Events come in the order given; they carry
// no alarm. Feed returns an error if f has no Business or Now, if a booking has no ID or Start,
// or if the write fails.
func Feed(w io.Writer, f FeedInfo, bookings []calendar.Booking) error {
	if f.Business == nil {
		return errors.New("ical: feed: no business")
	}
	if f.Now.IsZero() {
		return errors.New("ical: feed: now not set")
	}
	v := public
	if f.Staff {
		v = staff
	}
	name := f.Name
	if name == "" {
		name = f.Business.Name
	}
	var e encoder
	e.begin("PUBLISH")
	e.text("X-WR-CALNAME", name)
	if tz := zoneName(f.Business); tz != "" {
		e.text("X-WR-TIMEZONE", tz)
	}
	e.raw("REFRESH-INTERVAL;VALUE=DURATION", "PT15M")
	e.raw("X-PUBLISHED-TTL", "PT15M")
	domain := uidDomain(f.Host, f.Business)
	for _, b := range bookings {
		if err := e.event(b, f.Business, v, f.Now, domain); err != nil {
			return fmt.Errorf("ical: feed: %w", err)
		}
	}
	e.raw("END", "VCALENDAR")
	if _, err := w.Write(e.buf.Bytes()); err != nil {
		return fmt.Errorf("ical: feed: %w", err)
	}
	return nil
}

// Event writes a calendar of one booking for its client to w as one write: the .ics file a
// client opens to add the visit to their calendar. The event reads "Мужская стрижка в Салон
// Минутка", names the master and the price but not the client, and alarms 3 hours before the
// start unless the booking is cancelled. now is the DTSTAMP; host is as FeedInfo.Host. Event
// returns an error if biz is nil, now is zero, the booking has no ID or Start, or the write
// fails.
func Event(w io.Writer, b calendar.Booking, biz *calendar.Business, now time.Time, host string) error {
	if biz == nil {
		return errors.New("ical: event: no business")
	}
	if now.IsZero() {
		return errors.New("ical: event: now not set")
	}
	var e encoder
	e.begin("PUBLISH")
	if err := e.event(b, biz, client, now, uidDomain(host, biz)); err != nil {
		return fmt.Errorf("ical: event: %w", err)
	}
	e.raw("END", "VCALENDAR")
	if _, err := w.Write(e.buf.Bytes()); err != nil {
		return fmt.Errorf("ical: event: %w", err)
	}
	return nil
}

// reminder is how long before a client's visit their .ics file alarms.
const reminder = 3 * time.Hour

// view is who an event is written for.
type view int

const (
	public view = iota // a feed without client details
	staff              // a feed with the client's name and phone
	client             // the client's own file: no client details, an alarm
)

// labels are the words of an event in one language.
type labels struct {
	service, master, client, phone, price, newClient, at string
}

var (
	labelsRU = labels{"Услуга", "Мастер", "Клиент", "Телефон", "Цена", "Новый клиент", "в"}
	labelsEN = labels{"Service", "Master", "Client", "Phone", "Price", "New client", "at"}
)

// event writes the VEVENT of b.
func (e *encoder) event(b calendar.Booking, biz *calendar.Business, v view, now time.Time, domain string) error {
	if b.ID == "" {
		return errors.New("booking has no ID")
	}
	if b.Start.IsZero() {
		return fmt.Errorf("booking %q has no start", b.ID)
	}
	en := biz.Language == "en"
	l := labelsRU
	if en {
		l = labelsEN
	}
	service, price := b.Service, 0
	if s, ok := biz.Service(b.Service); ok {
		service, price = pick(s.Name, s.NameEN, en), s.Price
	}
	master := b.Master
	if m, ok := biz.Master(b.Master); ok {
		master = pick(m.Name, m.NameEN, en)
	}
	service, master = clean(service), clean(master)
	clientName := clean(b.Client.Name)

	var summary string
	switch {
	case v == client:
		summary = service + " " + l.at + " " + clean(pick(biz.Name, biz.NameEN, en))
	case v == staff && clientName != "":
		summary = service + " — " + clientName
	case master != "":
		summary = service + " — " + master
	default:
		summary = service
	}
	desc := []string{l.service + ": " + service}
	if master != "" {
		desc = append(desc, l.master+": "+master)
	}
	if v == staff {
		if clientName != "" {
			desc = append(desc, l.client+": "+clientName)
		}
		if p := clean(b.Client.Phone); p != "" {
			desc = append(desc, l.phone+": "+p)
		}
		if b.New {
			desc = append(desc, l.newClient)
		}
	}
	if price > 0 {
		desc = append(desc, l.price+": "+strconv.Itoa(price)+" ₽")
	}
	var where []string
	for _, s := range []string{biz.City, biz.Address} {
		if s = clean(s); s != "" {
			where = append(where, s)
		}
	}
	status, seq := "CONFIRMED", b.Reschedules
	if !b.Status.Active() {
		status, seq = "CANCELLED", seq+1
	}

	e.raw("BEGIN", "VEVENT")
	e.text("UID", b.ID+"@"+domain)
	e.raw("DTSTAMP", utc(now))
	e.raw("DTSTART", utc(b.Start))
	if b.End.After(b.Start) {
		e.raw("DTEND", utc(b.End))
	}
	e.text("SUMMARY", summary)
	e.text("DESCRIPTION", strings.Join(desc, "\n"))
	if len(where) > 0 {
		e.text("LOCATION", strings.Join(where, ", "))
	}
	e.raw("STATUS", status)
	e.raw("SEQUENCE", strconv.Itoa(max(seq, 0)))
	if v == client && b.Status.Active() {
		e.raw("BEGIN", "VALARM")
		e.raw("ACTION", "DISPLAY")
		e.text("DESCRIPTION", summary)
		e.raw("TRIGGER", "-PT"+strconv.Itoa(int(reminder/time.Hour))+"H")
		e.raw("END", "VALARM")
	}
	e.raw("END", "VEVENT")
	return nil
}

// pick returns the English name when en is set and there is one, else the name.
func pick(name, nameEN string, en bool) string {
	if en && nameEN != "" {
		return nameEN
	}
	return name
}

// utc formats t as an RFC 5545 UTC DATE-TIME, e.g. 20260316T030000Z.
func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// zoneName returns the IANA name of the business zone, or "" when it has none ("Local").
func zoneName(biz *calendar.Business) string {
	if biz.Location == nil {
		return "UTC"
	}
	if name := biz.Location.String(); name != "Local" {
		return name
	}
	return ""
}

// uidDomain returns the right part of event UIDs: host in lower case without a port, else a slug
// of the business name, else "minutka".
func uidDomain(host string, biz *calendar.Business) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if d := slug(host, "."); d != "" {
		return d
	}
	for _, name := range []string{biz.NameEN, biz.Name} {
		if d := slug(name, ""); d != "" {
			return d
		}
	}
	return "minutka"
}

// slug returns s in lower case with runs of anything but ASCII letters, digits and the extra
// characters turned into single hyphens, trimmed of hyphens.
func slug(s, extra string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || strings.ContainsRune(extra, r) {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			hyphen = false
			continue
		}
		hyphen = true
	}
	return b.String()
}

// clean returns s as valid UTF-8 with line breaks as "\n", no other control characters but tabs,
// and no space at either end.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case r < 0x20 || r == 0x7f:
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// escape returns s as an RFC 5545 TEXT value (§3.3.11): backslash, semicolon and comma escaped,
// line breaks as \n. s must be clean.
func escape(s string) string {
	return textEscaper.Replace(s)
}

var textEscaper = strings.NewReplacer(`\`, `\\`, `;`, `\;`, `,`, `\,`, "\n", `\n`)

// encoder builds an iCalendar object in memory, content line by content line.
type encoder struct {
	buf bytes.Buffer
}

// begin writes the start of a VCALENDAR with the given METHOD.
func (e *encoder) begin(method string) {
	e.raw("BEGIN", "VCALENDAR")
	e.raw("VERSION", "2.0")
	e.raw("PRODID", "-//minutka//RU")
	e.raw("CALSCALE", "GREGORIAN")
	e.raw("METHOD", method)
}

// text writes a property whose value is TEXT: cleaned and escaped.
func (e *encoder) text(name, value string) {
	e.raw(name, escape(clean(value)))
}

// raw writes a property whose value is already in its RFC 5545 form.
func (e *encoder) raw(name, value string) {
	e.line(name + ":" + value)
}

// maxLine is the longest a physical line may be, in octets, without its CRLF (RFC 5545 §3.1).
const maxLine = 75

// line writes a content line, folded into physical lines of at most maxLine octets (the space
// that starts a continuation line included), each ending in CRLF. s must be valid UTF-8.
func (e *encoder) line(s string) {
	limit := maxLine
	for len(s) > limit {
		i := foldAt(s, limit)
		e.buf.WriteString(s[:i])
		e.buf.WriteString("\r\n ")
		s = s[i:]
		limit = maxLine - 1
	}
	e.buf.WriteString(s)
	e.buf.WriteString("\r\n")
}

// lookBack is how far, in octets, foldAt moves a fold back to keep it off whitespace.
const lookBack = 16

// foldAt returns where to fold s, which is longer than limit octets: at a rune boundary no
// further than limit, so no UTF-8 sequence is split. Lenient parsers trim lines or unfold by
// dropping all leading whitespace, so it looks back a little for a point with no whitespace or
// backslash ending the line and no whitespace after the continuation line's leading space; else
// for one with no whitespace after it; else it folds as late as it can.
func foldAt(s string, limit int) int {
	last := limit
	for last > 0 && !utf8.RuneStart(s[last]) {
		last--
	}
	second := 0
	for i := last; i > 0 && last-i <= lookBack; i-- {
		if !utf8.RuneStart(s[i]) || s[i] == ' ' || s[i] == '\t' {
			continue
		}
		if c := s[i-1]; c != ' ' && c != '\t' && c != '\\' {
			return i
		}
		if second == 0 {
			second = i
		}
	}
	if second > 0 {
		return second
	}
	return last
}
