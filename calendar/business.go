package calendar

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// Service returns the service with that ID and whether there is one.
func (b *Business) Service(id string) (Service, bool) {
	for _, s := range b.Services {
		if s.ID == id {
			return s, true
		}
	}
	return Service{}, false
}

// Master returns the master with that ID and whether there is one.
func (b *Business) Master(id string) (Master, bool) {
	for _, m := range b.Masters {
		if m.ID == id {
			return m, true
		}
	}
	return Master{}, false
}

// MastersFor returns the masters who do the service, in configuration order; none if nobody does
// it or there is no such service.
func (b *Business) MastersFor(service string) []Master {
	var ms []Master
	for _, m := range b.Masters {
		if slices.Contains(m.Services, service) {
			ms = append(ms, m)
		}
	}
	return ms
}

// OpenOn returns the business hours on day's local date in b.Location, and false if the business
// is closed that day.
func (b *Business) OpenOn(day time.Time) (Span, bool) {
	s, ok := b.Hours[day.In(b.location()).Weekday()]
	return s, ok
}

// MasterHours returns the hours the master with that ID works on day's local date: the master's
// own hours for that weekday (or the business hours if the master has none set) intersected with
// the business hours. It returns false on the master's day off, when the business is closed, or
// when there is no such master. Breaks are not subtracted.
func (b *Business) MasterHours(id string, day time.Time) (Span, bool) {
	m, ok := b.Master(id)
	if !ok {
		return Span{}, false
	}
	return b.masterHours(m, day.In(b.location()).Weekday())
}

func (b *Business) masterHours(m Master, wd time.Weekday) (Span, bool) {
	open, ok := b.Hours[wd]
	if !ok {
		return Span{}, false
	}
	work := open
	if m.Hours != nil {
		if work, ok = m.Hours[wd]; !ok {
			return Span{}, false
		}
	}
	s := Span{Start: max(open.Start, work.Start), End: min(open.End, work.End)}
	if s.Start >= s.End {
		return Span{}, false
	}
	return s, true
}

// location returns b.Location, or UTC when it is not set.
func (b *Business) location() *time.Location {
	if b.Location == nil {
		return time.UTC
	}
	return b.Location
}

// Validate reports everything wrong with the configuration, joined into one error (see
// errors.Join); nil means it is usable. It checks that the location is set; that the business is
// open on at least one day and every day's hours and every master's hours and breaks lie inside
// one day with the start before the end; that services and masters have non-empty, unique IDs
// and names; that durations are positive and prices not negative; that masters' service IDs
// exist; and that SlotStep, MinLead, Horizon, HoldTTL and CancelCutoff are not negative. Each
// error names the thing, e.g. `calendar: service "x": duration must be positive`.
func (b *Business) Validate() error {
	var errs []error
	add := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("calendar: "+format, args...))
	}
	if b.Location == nil {
		add("location not set")
	}
	if len(b.Hours) == 0 {
		add("no business hours: closed every day")
	}
	checkHours(b.Hours, add)
	services := make(map[string]bool)
	for i, s := range b.Services {
		switch {
		case s.ID == "":
			add("service %d (%q): empty ID", i+1, s.Name)
			continue
		case services[s.ID]:
			add("service %q: duplicate ID", s.ID)
		}
		services[s.ID] = true
		if s.Name == "" {
			add("service %q: empty name", s.ID)
		}
		if s.Duration <= 0 {
			add("service %q: duration must be positive", s.ID)
		}
		if s.Price < 0 {
			add("service %q: price must not be negative", s.ID)
		}
	}
	masters := make(map[string]bool)
	for i, m := range b.Masters {
		switch {
		case m.ID == "":
			add("master %d (%q): empty ID", i+1, m.Name)
			continue
		case masters[m.ID]:
			add("master %q: duplicate ID", m.ID)
		}
		masters[m.ID] = true
		if m.Name == "" {
			add("master %q: empty name", m.ID)
		}
		for _, id := range m.Services {
			if !services[id] {
				add("master %q: unknown service %q", m.ID, id)
			}
		}
		checkHours(m.Hours, func(format string, args ...any) {
			add("master %q: "+format, append([]any{m.ID}, args...)...)
		})
		for _, br := range m.Breaks {
			if !br.valid() {
				add("master %q: break %s is not a span inside one day", m.ID, br)
			}
		}
	}
	if b.SlotStep < 0 {
		add("slot step %v must not be negative", b.SlotStep)
	}
	if b.MinLead < 0 {
		add("minimum lead %v must not be negative", b.MinLead)
	}
	if b.Horizon < 0 {
		add("horizon %d days must not be negative", b.Horizon)
	}
	if b.HoldTTL < 0 {
		add("hold TTL %v must not be negative", b.HoldTTL)
	}
	if b.CancelCutoff < 0 {
		add("cancel cut-off %v must not be negative", b.CancelCutoff)
	}
	return errors.Join(errs...)
}

// weekdays returns the keys of hours in order, Sunday first, for stable error messages.
func weekdays(hours map[time.Weekday]Span) []time.Weekday {
	wds := make([]time.Weekday, 0, len(hours))
	for wd := range hours {
		wds = append(wds, wd)
	}
	slices.Sort(wds)
	return wds
}

// checkHours reports a key that is not a weekday or a span that is not inside one day.
func checkHours(hours map[time.Weekday]Span, add func(format string, args ...any)) {
	for _, wd := range weekdays(hours) {
		s := hours[wd]
		switch {
		case wd < time.Sunday || wd > time.Saturday:
			add("hours: %d is not a weekday", int(wd))
		case !s.valid():
			add("hours on %s: %s is not a span inside one day", wd, s)
		}
	}
}
