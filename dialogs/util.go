package dialogs

import (
	"cmp"
	"slices"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/minutka/minutka/calendar"
	"github.com/minutka/minutka/prompts"
)

func textsFor(lang string) prompts.Texts { return prompts.For(lang) }

func (t *turn) en() bool { return t.x.Lang() == "en" }

func (t *turn) serviceName(id string) string {
	svc, ok := t.biz.Service(id)
	switch {
	case !ok:
		return id
	case t.en() && svc.NameEN != "":
		return svc.NameEN
	}
	return svc.Name
}

func (t *turn) masterName(id string) string {
	m, ok := t.biz.Master(id)
	switch {
	case !ok:
		return id
	case t.en() && m.NameEN != "":
		return m.NameEN
	}
	return m.Name
}

// master is the master to look for free times with: the one the client asked for, or any.
func (t *turn) master() string {
	if t.s.Draft.MasterChosen {
		return t.s.Draft.Master
	}
	return ""
}

func (t *turn) does(master, service string) bool {
	m, ok := t.biz.Master(master)
	if !ok {
		return false
	}
	for _, s := range m.Services {
		if s == service {
			return true
		}
	}
	return false
}

// open reports whether the business works on the day of t.
func (t *turn) open(at time.Time) bool {
	_, ok := t.biz.OpenOn(at)
	return ok
}

func (t *turn) business() prompts.Business {
	b := prompts.Business{Name: t.biz.Name, City: t.biz.City, Address: t.biz.Address, Phone: t.biz.Phone}
	if t.en() && t.biz.NameEN != "" {
		b.Name = t.biz.NameEN
	}
	// Group consecutive weekdays (Monday first) with equal hours.
	order := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	hours := func(d time.Weekday) string {
		span, ok := t.biz.Hours[d]
		if !ok {
			return t.x.ClosedWord()
		}
		return span.Start.String() + "–" + span.End.String()
	}
	for i := 0; i < len(order); {
		j := i
		for j+1 < len(order) && hours(order[j+1]) == hours(order[i]) {
			j++
		}
		b.Hours = append(b.Hours, prompts.HoursLine{Days: t.x.Weekdays(order[i], order[j]), Hours: hours(order[i])})
		i = j + 1
	}
	return b
}

func (t *turn) visit(service, master string, start time.Time, id string) prompts.Visit {
	v := prompts.Visit{ID: id, Service: t.serviceName(service), Master: t.masterName(master),
		When: t.x.When(start.In(t.biz.Location), t.now), Name: t.s.Profile.Name, Phone: t.s.Profile.Phone,
		Address: t.biz.Address}
	if t.biz.City != "" {
		v.Address = t.biz.City + ", " + t.biz.Address
	}
	if svc, ok := t.biz.Service(service); ok {
		v.Price, v.Duration = t.x.Price(svc.Price), t.x.Duration(svc.Duration)
	}
	return v
}

func (t *turn) menu() []Option {
	return []Option{{t.x.ButtonBook(), optMenuBook}, {t.x.ButtonPrices(), optMenuPrices}, {t.x.ButtonAddress(), optMenuAddress}}
}

func (t *turn) serviceOptions() []Option {
	var opts []Option
	for _, svc := range t.biz.Services {
		opts = append(opts, Option{t.serviceName(svc.ID), optService + svc.ID})
	}
	return opts
}

// slotOptions turns free slots into buttons, labelled relative to ref (the day asked about).
func (t *turn) slotOptions(slots []calendar.Slot, ref time.Time) []Option {
	opts := make([]Option, 0, len(slots))
	for _, s := range slots {
		start := s.Start.In(t.biz.Location)
		opts = append(opts, Option{t.x.SlotLabel(start, ref, t.now), optSlot + strconv.FormatInt(start.Unix(), 10)})
	}
	return opts
}

// distinct keeps the first slot of each start time.
func distinct(slots []calendar.Slot) []calendar.Slot {
	var out []calendar.Slot
	for _, s := range slots {
		if len(out) == 0 || !out[len(out)-1].Start.Equal(s.Start) {
			out = append(out, s)
		}
	}
	return out
}

// apart keeps, in start order, the slots at least gap after the previous one kept, up to n.
func apart(slots []calendar.Slot, gap time.Duration, n int) []calendar.Slot {
	var out []calendar.Slot
	for _, s := range slots {
		if len(out) == n {
			break
		}
		if len(out) == 0 || s.Start.Sub(out[len(out)-1].Start) >= gap {
			out = append(out, s)
		}
	}
	return out
}

// nearestApart picks up to n slots nearest to at that are at least gap from each other, and
// returns them in start order.
func nearestApart(slots []calendar.Slot, at time.Time, gap time.Duration, n int) []calendar.Slot {
	byDistance := slices.Clone(slots)
	slices.SortStableFunc(byDistance, func(a, b calendar.Slot) int {
		return cmp.Compare(abs(a.Start.Sub(at)), abs(b.Start.Sub(at)))
	})
	var out []calendar.Slot
	for _, s := range byDistance {
		if len(out) == n {
			break
		}
		if !slices.ContainsFunc(out, func(o calendar.Slot) bool { return abs(o.Start.Sub(s.Start)) < gap }) {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b calendar.Slot) int { return a.Start.Compare(b.Start) })
	return out
}

func abs(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// partOfDay returns the hours of a named part of the day.
func partOfDay(p string) (from, to time.Duration, ok bool) {
	switch p {
	case "morning":
		return 5 * time.Hour, 12 * time.Hour, true
	case "day":
		return 12 * time.Hour, 17 * time.Hour, true
	case "evening":
		return 17 * time.Hour, 23 * time.Hour, true
	}
	return 0, 0, false
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

func utf8Len(s string) int { return utf8.RuneCountInString(s) }

// startOfDay returns midnight of t's day, in t's location.
func startOfDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}
