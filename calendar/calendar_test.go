package calendar_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/minutka/minutka/calendar"
	"github.com/minutka/minutka/calendar/calendartest"
)

func TestParseClock(t *testing.T) {
	good := []struct {
		in   string
		want calendar.Clock
		str  string
	}{
		{"10:00", 600, "10:00"},
		{"9:30", 570, "09:30"},
		{"09:30", 570, "09:30"},
		{"0:00", 0, "00:00"},
		{"23:59", 1439, "23:59"},
		{"24:00", 1440, "24:00"},
	}
	for _, tt := range good {
		got, err := calendar.ParseClock(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseClock(%q) = %v, %v; want %v", tt.in, int(got), err, int(tt.want))
		}
		if s := got.String(); s != tt.str {
			t.Errorf("Clock(%d).String() = %q, want %q", int(got), s, tt.str)
		}
	}
	for _, in := range []string{"", "10", "1000", "10:0", "10:000", "100:00", "24:01", "25:00", "10:60",
		"-1:00", "+9:30", "9:3x", "a9:30", " 9:30", "9:30 ", "10.00", "10-00", "１０:００"} {
		if got, err := calendar.ParseClock(in); err == nil {
			t.Errorf("ParseClock(%q) = %v, want an error", in, got)
		}
	}
}

func TestClockText(t *testing.T) {
	var c calendar.Clock
	if err := c.UnmarshalText([]byte("9:45")); err != nil || c != 585 {
		t.Errorf("UnmarshalText(%q) = %v, Clock %d; want 585", "9:45", err, int(c))
	}
	if err := c.UnmarshalText([]byte("junk")); err == nil {
		t.Errorf("UnmarshalText(%q) = nil, want an error", "junk")
	}
	if b, _ := calendar.Clock(600).MarshalText(); string(b) != "10:00" {
		t.Errorf("MarshalText(600) = %q, want %q", b, "10:00")
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(b *calendar.Business)
		want   string // a substring of the error
	}{
		{"no location", func(b *calendar.Business) { b.Location = nil }, "calendar: location not set"},
		{"no hours", func(b *calendar.Business) { b.Hours = nil }, "no business hours"},
		{"hours backwards", func(b *calendar.Business) { b.Hours[time.Monday] = calendar.Span{Start: 20 * 60, End: 10 * 60} },
			"hours on Monday: 20:00–10:00"},
		{"hours empty", func(b *calendar.Business) { b.Hours[time.Friday] = calendar.Span{Start: 600, End: 600} },
			"hours on Friday"},
		{"hours past midnight", func(b *calendar.Business) { b.Hours[time.Sunday] = calendar.Span{Start: 600, End: 25 * 60} },
			"hours on Sunday"},
		{"not a weekday", func(b *calendar.Business) { b.Hours[9] = calendar.Span{Start: 600, End: 700} },
			"9 is not a weekday"},
		{"service without ID", func(b *calendar.Business) { b.Services[1].ID = "" }, `service 2 ("Женская стрижка"): empty ID`},
		{"service without name", func(b *calendar.Business) { b.Services[0].Name = "" }, `service "mens-haircut": empty name`},
		{"duplicate service", func(b *calendar.Business) { b.Services[1].ID = "mens-haircut" }, `service "mens-haircut": duplicate ID`},
		{"zero duration", func(b *calendar.Business) { b.Services[4].Duration = 0 }, `calendar: service "brows": duration must be positive`},
		{"negative price", func(b *calendar.Business) { b.Services[3].Price = -1 }, `service "manicure": price must not be negative`},
		{"unknown service", func(b *calendar.Business) { b.Masters[2].Services = append(b.Masters[2].Services, "nails") },
			`master "maria": unknown service "nails"`},
		{"master without ID", func(b *calendar.Business) { b.Masters[0].ID = "" }, `master 1 ("Ольга"): empty ID`},
		{"duplicate master", func(b *calendar.Business) { b.Masters[1].ID = "olga" }, `master "olga": duplicate ID`},
		{"break backwards", func(b *calendar.Business) { b.Masters[0].Breaks = []calendar.Span{{Start: 15 * 60, End: 14 * 60}} },
			`master "olga": break 15:00–14:00`},
		{"break past midnight", func(b *calendar.Business) { b.Masters[1].Breaks = []calendar.Span{{Start: 23 * 60, End: 25 * 60}} },
			`master "anna": break 23:00–25:00`},
		{"master hours", func(b *calendar.Business) {
			b.Masters[2].Hours = map[time.Weekday]calendar.Span{time.Tuesday: {Start: 18 * 60, End: 12 * 60}}
		}, `master "maria": hours on Tuesday: 18:00–12:00`},
		{"negative step", func(b *calendar.Business) { b.SlotStep = -time.Minute }, "slot step"},
		{"negative lead", func(b *calendar.Business) { b.MinLead = -time.Minute }, "minimum lead"},
		{"negative horizon", func(b *calendar.Business) { b.Horizon = -1 }, "horizon"},
		{"negative hold TTL", func(b *calendar.Business) { b.HoldTTL = -time.Minute }, "hold TTL -1m0s must not be negative"},
		{"negative cut-off", func(b *calendar.Business) { b.CancelCutoff = -time.Hour }, "cancel cut-off -1h0m0s must not be negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := DemoBusiness()
			tt.change(&b)
			err := b.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate() = %v, want an error containing %q", err, tt.want)
			}
		})
	}

	b := DemoBusiness()
	b.Location, b.Services[0].Duration = nil, 0
	err := b.Validate()
	for _, want := range []string{"location not set", `service "mens-haircut": duration must be positive`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v, want it to report %q too", err, want)
		}
	}
}

func TestBusinessLookups(t *testing.T) {
	b := DemoBusiness()
	if s, ok := b.Service("colouring"); !ok || s.Duration != 2*time.Hour {
		t.Errorf("Service(%q) = %v, %v; want colouring, true", "colouring", s, ok)
	}
	if _, ok := b.Service("nails"); ok {
		t.Errorf("Service(%q) found, want false", "nails")
	}
	if m, ok := b.Master("anna"); !ok || m.Name != "Анна" {
		t.Errorf("Master(%q) = %v, %v; want Анна, true", "anna", m, ok)
	}
	if _, ok := b.Master("ivan"); ok {
		t.Errorf("Master(%q) found, want false", "ivan")
	}
	for _, tt := range []struct {
		service string
		want    []string
	}{
		{"mens-haircut", []string{"olga", "anna"}},
		{"colouring", []string{"anna"}},
		{"brows", []string{"maria"}},
		{"nails", nil},
	} {
		var got []string
		for _, m := range b.MastersFor(tt.service) {
			got = append(got, m.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("MastersFor(%q) = %v, want %v", tt.service, got, tt.want)
		}
	}
	for _, tt := range []struct {
		at   time.Time
		want calendar.Span
	}{
		{mon.at(12, 0), calendar.Span{Start: 600, End: 1200}},
		{sun.at(12, 0), calendar.Span{Start: 600, End: 1080}},
		// Monday 02:00 in Krasnoyarsk is Sunday 19:00 in UTC: the local date counts.
		{mon.at(2, 0).UTC(), calendar.Span{Start: 600, End: 1200}},
	} {
		if got, ok := b.OpenOn(tt.at); !ok || got != tt.want {
			t.Errorf("OpenOn(%v) = %v, %v; want %v, true", tt.at, got, ok, tt.want)
		}
	}
	delete(b.Hours, time.Sunday)
	if got, ok := b.OpenOn(sun.at(12, 0)); ok {
		t.Errorf("OpenOn(Sunday) = %v, true; want closed", got)
	}
}

// newCalendar returns a calendar for b on an in-memory store.
func newCalendar(t *testing.T, b calendar.Business) *calendar.Calendar {
	t.Helper()
	if err := b.Validate(); err != nil {
		t.Fatalf("Validate() = %v", err)
	}
	return calendar.New(b, calendartest.NewStore())
}

// book books or fails the test.
func book(t *testing.T, c *calendar.Calendar, service, master string, start time.Time) calendar.Booking {
	t.Helper()
	b, err := c.Book(context.Background(), calendar.Request{Service: service, Master: master, Start: start,
		Client: calendar.Client{ID: "test:" + master + start.Format("0102T1504")}, Now: now})
	if err != nil {
		t.Fatalf("Book(%s, %q, %v) = %v", service, master, start, err)
	}
	return b
}

// slotStrings formats slots as "Mon 15:04 master".
func slotStrings(slots []calendar.Slot) []string {
	out := make([]string, len(slots))
	for i, s := range slots {
		out[i] = s.Start.Format("Mon 15:04") + " " + s.Master
	}
	return out
}

// between returns the slots that start in [from, to).
func between(slots []calendar.Slot, from, to time.Time) []calendar.Slot {
	var out []calendar.Slot
	for _, s := range slots {
		if !s.Start.Before(from) && s.Start.Before(to) {
			out = append(out, s)
		}
	}
	return out
}

func TestNew(t *testing.T) {
	b := DemoBusiness()
	b.Location = nil
	got := calendar.New(b, calendartest.NewStore()).Business()
	if got.SlotStep != 15*time.Minute || got.Horizon != 60 || got.Location != time.UTC || got.MinLead != time.Hour {
		t.Errorf("New().Business() = step %v, horizon %d, location %v, lead %v; want 15m0s, 60, UTC, 1h0m0s",
			got.SlotStep, got.Horizon, got.Location, got.MinLead)
	}
}

func TestFreeSlots(t *testing.T) {
	type booked struct {
		service, master string
		start           time.Time
	}
	tests := []struct {
		name     string
		booked   []booked
		q        calendar.Query
		from, to time.Time // if set, compare only the slots starting in [from, to)
		want     []string
	}{
		{
			name: "lunch",
			q:    calendar.Query{Service: "mens-haircut", Master: "olga", From: mon.at(0, 0), To: tue.at(0, 0)},
			from: mon.at(12, 50), to: mon.at(15, 10),
			want: []string{"Mon 13:00 olga", "Mon 13:15 olga", "Mon 15:00 olga"},
		},
		{
			name: "opening and closing weekday",
			q:    calendar.Query{Service: "mens-haircut", Master: "olga", From: mon.at(0, 0), To: tue.at(0, 0)},
			from: mon.at(0, 0), to: mon.at(10, 30),
			want: []string{"Mon 10:00 olga", "Mon 10:15 olga"},
		},
		{
			name: "last slot weekday",
			q:    calendar.Query{Service: "mens-haircut", Master: "olga", From: mon.at(0, 0), To: tue.at(0, 0)},
			from: mon.at(19, 0), to: tue.at(0, 0),
			want: []string{"Mon 19:00 olga", "Mon 19:15 olga"},
		},
		{
			name: "last slot Sunday",
			q:    calendar.Query{Service: "mens-haircut", Master: "anna", From: sun.at(0, 0), To: sun.at(23, 0)},
			from: sun.at(16, 55), to: sun.at(23, 0),
			want: []string{"Sun 17:00 anna", "Sun 17:15 anna"},
		},
		{
			name: "colouring around lunch and close",
			q:    calendar.Query{Service: "colouring", From: mon.at(0, 0), To: tue.at(0, 0)},
			from: mon.at(11, 50), to: mon.at(15, 10),
			want: []string{"Mon 12:00 anna", "Mon 15:00 anna"},
		},
		{
			name: "colouring last",
			q:    calendar.Query{Service: "colouring", Master: "anna", From: mon.at(17, 40), To: tue.at(0, 0)},
			want: []string{"Mon 17:45 anna", "Mon 18:00 anna"},
		},
		{
			name:   "booked slot disappears",
			booked: []booked{{"mens-haircut", "olga", mon.at(11, 0)}},
			q:      calendar.Query{Service: "mens-haircut", Master: "olga", From: mon.at(10, 0), Limit: 3},
			want:   []string{"Mon 10:00 olga", "Mon 10:15 olga", "Mon 11:45 olga"},
		},
		{
			name:   "cancelled booking is free",
			booked: []booked{{"mens-haircut", "olga", mon.at(10, 0)}}, // cancelled below
			q:      calendar.Query{Service: "mens-haircut", Master: "olga", From: mon.at(10, 0), Limit: 1},
			want:   []string{"Mon 10:00 olga"},
		},
		{
			name: "any master, one slot each",
			q:    calendar.Query{Service: "mens-haircut", From: mon.at(10, 0), Limit: 4},
			want: []string{"Mon 10:00 olga", "Mon 10:00 anna", "Mon 10:15 olga", "Mon 10:15 anna"},
		},
		{
			name:   "any master, one busy",
			booked: []booked{{"womens-haircut", "olga", mon.at(10, 0)}},
			q:      calendar.Query{Service: "mens-haircut", From: mon.at(10, 0), Limit: 6},
			want: []string{"Mon 10:00 anna", "Mon 10:15 anna", "Mon 10:30 anna", "Mon 10:45 anna",
				"Mon 11:00 olga", "Mon 11:00 anna"},
		},
		{
			name: "lead time",
			q:    calendar.Query{Service: "brows", Now: mon.at(11, 5), Limit: 2},
			want: []string{"Mon 12:15 maria", "Mon 12:30 maria"},
		},
		{
			name: "lead time over From",
			q:    calendar.Query{Service: "brows", From: mon.at(10, 0), Now: mon.at(11, 0), Limit: 1},
			want: []string{"Mon 12:00 maria"},
		},
		{
			name: "From off the grid",
			q:    calendar.Query{Service: "brows", From: mon.at(16, 1), Limit: 1},
			want: []string{"Mon 16:15 maria"},
		},
		{
			name: "From in UTC",
			q:    calendar.Query{Service: "brows", From: mon.at(16, 0).UTC(), Now: now.UTC(), Limit: 1},
			want: []string{"Mon 16:00 maria"},
		},
		{
			name: "To is exclusive",
			q:    calendar.Query{Service: "brows", From: mon.at(10, 0), To: mon.at(10, 30)},
			want: []string{"Mon 10:00 maria", "Mon 10:15 maria"},
		},
		{
			name: "next day",
			q:    calendar.Query{Service: "womens-haircut", Master: "olga", From: mon.at(19, 5), Limit: 2},
			want: []string{"Tue 10:00 olga", "Tue 10:15 olga"},
		},
		{
			name: "after the horizon",
			q:    calendar.Query{Service: "brows", From: sun0.at(0, 0).AddDate(0, 0, 61), Now: now},
			want: []string{},
		},
		{
			name: "last day of the horizon",
			q:    calendar.Query{Service: "brows", From: sun0.at(17, 0).AddDate(0, 0, 60), Now: now},
			want: []string{"Thu 17:00 maria", "Thu 17:15 maria", "Thu 17:30 maria", "Thu 17:45 maria",
				"Thu 18:00 maria", "Thu 18:15 maria", "Thu 18:30 maria", "Thu 18:45 maria",
				"Thu 19:00 maria", "Thu 19:15 maria", "Thu 19:30 maria"},
		},
		{
			name: "before now",
			q:    calendar.Query{Service: "brows", From: sun0.at(10, 0), To: sun0.at(18, 0), Now: sun0.at(17, 0)},
			want: []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			c := newCalendar(t, DemoBusiness())
			for _, b := range tt.booked {
				bk := book(t, c, b.service, b.master, b.start)
				if strings.HasPrefix(tt.name, "cancelled") {
					if err := c.Cancel(ctx, bk.ID); err != nil {
						t.Fatal(err)
					}
				}
			}
			if tt.q.Now.IsZero() {
				tt.q.Now = now
			}
			got, err := c.FreeSlots(ctx, tt.q)
			if err != nil {
				t.Fatalf("FreeSlots(%+v) = %v", tt.q, err)
			}
			for _, s := range got {
				if s.Start.Location() != krasnoyarsk || !s.End.Equal(s.Start.Add(mustService(t, tt.q.Service).Duration)) {
					t.Errorf("FreeSlots(%+v) has %v, want slots in Krasnoyarsk lasting the service", tt.q, s)
				}
			}
			if !tt.from.IsZero() {
				got = between(got, tt.from, tt.to)
			}
			if g := slotStrings(got); !slices.Equal(g, tt.want) {
				t.Errorf("FreeSlots(%+v) = %q, want %q", tt.q, g, tt.want)
			}
		})
	}
}

func mustService(t *testing.T, id string) calendar.Service {
	t.Helper()
	b := DemoBusiness()
	s, ok := b.Service(id)
	if !ok {
		t.Fatalf("Service(%q) not found", id)
	}
	return s
}

func TestFreeSlotsWholeDay(t *testing.T) {
	c := newCalendar(t, DemoBusiness())
	q := calendar.Query{Service: "mens-haircut", From: mon.at(0, 0), To: tue.at(0, 0), Now: now}
	got, err := c.FreeSlots(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	// 10:00–13:15 is 14 starts and 15:00–19:15 is 18, for each of two masters.
	if len(got) != 2*(14+18) {
		t.Errorf("len(FreeSlots(%+v)) = %d, want %d", q, len(got), 2*(14+18))
	}
	for i := 1; i < len(got); i++ {
		if got[i].Start.Before(got[i-1].Start) ||
			(got[i].Start.Equal(got[i-1].Start) && got[i-1].Master != "olga") {
			t.Errorf("FreeSlots(%+v)[%d:%d] = %q, want start order, Olga first", q, i-1, i+1, slotStrings(got[i-1:i+1]))
		}
	}
}

func TestFreeSlotsErrors(t *testing.T) {
	c := newCalendar(t, DemoBusiness())
	tests := []struct {
		q    calendar.Query
		want error
	}{
		{calendar.Query{Service: "nails", From: mon.at(10, 0)}, calendar.ErrUnknownService},
		{calendar.Query{Service: "brows", Master: "ivan", From: mon.at(10, 0)}, calendar.ErrUnknownMaster},
		{calendar.Query{Service: "brows", Master: "olga", From: mon.at(10, 0)}, calendar.ErrWrongMaster},
	}
	for _, tt := range tests {
		if _, err := c.FreeSlots(context.Background(), tt.q); !errors.Is(err, tt.want) {
			t.Errorf("FreeSlots(%+v) = %v, want %v", tt.q, err, tt.want)
		}
	}
	q := calendar.Query{Service: "brows"}
	if _, err := c.FreeSlots(context.Background(), q); err == nil {
		t.Errorf("FreeSlots(%+v) = nil error, want one: no From or Now", q)
	}
}

func TestMasterHours(t *testing.T) {
	b := DemoBusiness()
	// Maria works Tuesday to Saturday 12:00–21:00; the salon closes at 20:00.
	b.Masters[2].Hours = map[time.Weekday]calendar.Span{}
	for wd := time.Tuesday; wd <= time.Saturday; wd++ {
		b.Masters[2].Hours[wd] = calendar.Span{Start: 12 * 60, End: 21 * 60}
	}
	if got, ok := b.MasterHours("maria", mon.at(12, 0)); ok {
		t.Errorf("MasterHours(%q, Monday) = %v, true; want a day off", "maria", got)
	}
	want := calendar.Span{Start: 12 * 60, End: 20 * 60}
	if got, ok := b.MasterHours("maria", tue.at(12, 0)); !ok || got != want {
		t.Errorf("MasterHours(%q, Tuesday) = %v, %v; want %v, true", "maria", got, ok, want)
	}
	if got, ok := b.MasterHours("olga", sun.at(12, 0)); !ok || got != (calendar.Span{Start: 600, End: 1080}) {
		t.Errorf("MasterHours(%q, Sunday) = %v, %v; want 10:00–18:00, true", "olga", got, ok)
	}
	if _, ok := b.MasterHours("ivan", mon.at(12, 0)); ok {
		t.Errorf("MasterHours(%q) = true, want false", "ivan")
	}

	c := newCalendar(t, b)
	ctx := context.Background()
	q := calendar.Query{Service: "manicure", From: mon.at(0, 0), Limit: 1, Now: now}
	got, err := c.FreeSlots(ctx, q)
	if g, want := slotStrings(got), []string{"Tue 12:00 maria"}; err != nil || !slices.Equal(g, want) {
		t.Errorf("FreeSlots(%+v) = %q, %v; want %q", q, g, err, want)
	}
	q = calendar.Query{Service: "manicure", From: tue.at(18, 0), To: tue.at(23, 0), Now: now}
	got, err = c.FreeSlots(ctx, q)
	if g, want := slotStrings(got), []string{"Tue 18:00 maria", "Tue 18:15 maria", "Tue 18:30 maria"}; err != nil || !slices.Equal(g, want) {
		t.Errorf("FreeSlots(%+v) = %q, %v; want %q", q, g, err, want)
	}
	r := calendar.Request{Service: "brows", Master: "maria", Start: mon.at(12, 0), Client: calendar.Client{ID: "c"}, Now: now}
	if _, err := c.Book(ctx, r); !errors.Is(err, calendar.ErrOutsideHours) {
		t.Errorf("Book(%+v) = %v, want %v", r, err, calendar.ErrOutsideHours)
	}
}

func TestNearest(t *testing.T) {
	tests := []struct {
		name    string
		booked  []time.Time // Olga's men's haircuts
		service string
		master  string
		at, now time.Time
		n       int
		want    []string
	}{
		{
			name:    "around a taken time",
			booked:  []time.Time{mon.at(15, 0)},
			service: "mens-haircut", master: "olga", at: mon.at(15, 0), now: now, n: 3,
			want: []string{"Mon 15:45 olga", "Mon 16:00 olga", "Mon 16:15 olga"},
		},
		{
			name:    "earlier wins a tie",
			booked:  []time.Time{mon.at(15, 0)},
			service: "mens-haircut", master: "olga", at: mon.at(15, 0), now: now, n: 5,
			want: []string{"Mon 13:15 olga", "Mon 15:45 olga", "Mon 16:00 olga", "Mon 16:15 olga", "Mon 16:30 olga"},
		},
		{
			name:    "free at that time",
			service: "mens-haircut", master: "olga", at: mon.at(11, 0), now: now, n: 3,
			want: []string{"Mon 10:45 olga", "Mon 11:00 olga", "Mon 11:15 olga"},
		},
		{
			name:    "any master, distinct starts",
			booked:  []time.Time{mon.at(10, 0)},
			service: "mens-haircut", at: mon.at(10, 20), now: now, n: 3,
			want: []string{"Mon 10:00 anna", "Mon 10:15 anna", "Mon 10:30 anna"},
		},
		{
			name:    "any master, first in config order",
			service: "mens-haircut", at: mon.at(12, 0), now: now, n: 3,
			want: []string{"Mon 11:45 olga", "Mon 12:00 olga", "Mon 12:15 olga"},
		},
		{
			name:    "never before now",
			service: "mens-haircut", master: "olga", at: mon.at(11, 0), now: mon.at(10, 40), n: 3,
			want: []string{"Mon 11:45 olga", "Mon 12:00 olga", "Mon 12:15 olga"},
		},
		{
			name:    "rolls over to the next day",
			service: "mens-haircut", master: "olga", at: mon.at(19, 0), now: mon.at(18, 30), n: 3,
			want: []string{"Tue 10:00 olga", "Tue 10:15 olga", "Tue 10:30 olga"},
		},
		{
			name:    "part today, part tomorrow",
			service: "mens-haircut", at: mon.at(19, 0), now: mon.at(18, 0), n: 3,
			want: []string{"Mon 19:00 olga", "Mon 19:15 olga", "Tue 10:00 olga"},
		},
		{
			name:    "none asked",
			service: "mens-haircut", at: mon.at(19, 0), now: now, n: 0,
			want: []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCalendar(t, DemoBusiness())
			for _, start := range tt.booked {
				book(t, c, "mens-haircut", "olga", start)
			}
			got, err := c.Nearest(context.Background(), tt.service, tt.master, tt.at, tt.now, tt.n)
			if err != nil {
				t.Fatalf("Nearest(%q, %q, %v, %v, %d) = %v", tt.service, tt.master, tt.at, tt.now, tt.n, err)
			}
			if g := slotStrings(got); !slices.Equal(g, tt.want) {
				t.Errorf("Nearest(%q, %q, %s, %d) = %q, want %q", tt.service, tt.master, tt.at.Format("Mon 15:04"), tt.n, g, tt.want)
			}
		})
	}
}

func TestBook(t *testing.T) {
	client := calendar.Client{ID: "telegram:42", Name: "Пётр", Phone: "+79131234567"}
	tests := []struct {
		name string
		r    calendar.Request
		want error // nil: booked
	}{
		{"ok", calendar.Request{Service: "mens-haircut", Master: "olga", Start: mon.at(10, 0)}, nil},
		{"off the grid", calendar.Request{Service: "mens-haircut", Master: "olga", Start: mon.at(10, 10)}, nil},
		{"ends at lunch", calendar.Request{Service: "mens-haircut", Master: "olga", Start: mon.at(13, 15)}, nil},
		{"ends at closing", calendar.Request{Service: "mens-haircut", Master: "olga", Start: mon.at(19, 15)}, nil},
		{"ends at Sunday closing", calendar.Request{Service: "mens-haircut", Master: "olga", Start: sun.at(17, 15)}, nil},
		{"start in UTC", calendar.Request{Service: "brows", Master: "maria", Start: mon.at(10, 0).UTC()}, nil},
		{"unknown service", calendar.Request{Service: "nails", Start: mon.at(10, 0)}, calendar.ErrUnknownService},
		{"unknown master", calendar.Request{Service: "brows", Master: "ivan", Start: mon.at(10, 0)}, calendar.ErrUnknownMaster},
		{"wrong master", calendar.Request{Service: "manicure", Master: "anna", Start: mon.at(10, 0)}, calendar.ErrWrongMaster},
		{"past", calendar.Request{Service: "brows", Master: "maria", Start: sun0.at(10, 0)}, calendar.ErrInPast},
		{"inside lead time", calendar.Request{Service: "brows", Master: "maria", Start: sun0.at(12, 45)}, calendar.ErrInPast},
		{"lunch", calendar.Request{Service: "mens-haircut", Master: "olga", Start: mon.at(13, 30)}, calendar.ErrOutsideHours},
		{"during lunch", calendar.Request{Service: "brows", Master: "maria", Start: mon.at(14, 15)}, calendar.ErrOutsideHours},
		{"before opening", calendar.Request{Service: "mens-haircut", Master: "olga", Start: mon.at(9, 45)}, calendar.ErrOutsideHours},
		{"past closing", calendar.Request{Service: "mens-haircut", Master: "olga", Start: mon.at(19, 30)}, calendar.ErrOutsideHours},
		{"past Sunday closing", calendar.Request{Service: "mens-haircut", Master: "olga", Start: sun.at(17, 30)}, calendar.ErrOutsideHours},
		{"night", calendar.Request{Service: "brows", Start: mon.at(3, 0)}, calendar.ErrOutsideHours},
		{"any master at lunch", calendar.Request{Service: "mens-haircut", Start: mon.at(14, 0)}, calendar.ErrOutsideHours},
		{"beyond the horizon", calendar.Request{Service: "brows", Start: sun0.at(10, 0).AddDate(0, 0, 61)}, calendar.ErrTooFar},
		{"last day of the horizon", calendar.Request{Service: "brows", Start: sun0.at(19, 30).AddDate(0, 0, 60)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCalendar(t, DemoBusiness())
			tt.r.Client, tt.r.Now = client, now
			got, err := c.Book(context.Background(), tt.r)
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Fatalf("Book(%+v) = %v, want %v", tt.r, err, tt.want)
			}
			if err != nil {
				return
			}
			svc := mustService(t, tt.r.Service)
			want := calendar.Booking{ID: got.ID, Service: tt.r.Service, Master: got.Master, Start: tt.r.Start,
				End: tt.r.Start.Add(svc.Duration), Client: client, Status: calendar.StatusBooked, New: true, CreatedAt: now}
			if got.ID == "" || got.Master == "" || !got.Start.Equal(want.Start) || !got.End.Equal(want.End) ||
				got.Client != want.Client || got.Status != want.Status || !got.New || !got.CreatedAt.Equal(want.CreatedAt) ||
				got.Start.Location() != krasnoyarsk {
				t.Errorf("Book(%+v) = %+v, want %+v in Krasnoyarsk", tt.r, got, want)
			}
		})
	}
}

func TestBookRequires(t *testing.T) {
	c := newCalendar(t, DemoBusiness())
	for _, r := range []calendar.Request{
		{Service: "brows", Start: mon.at(10, 0), Now: now},
		{Service: "brows", Start: mon.at(10, 0), Client: calendar.Client{ID: "c"}},
	} {
		if b, err := c.Book(context.Background(), r); err == nil {
			t.Errorf("Book(%+v) = %+v, want an error", r, b)
		}
	}
}

func TestBookTaken(t *testing.T) {
	ctx := context.Background()
	c := newCalendar(t, DemoBusiness())
	req := func(service, master string, start time.Time, client string) calendar.Request {
		return calendar.Request{Service: service, Master: master, Start: start, Client: calendar.Client{ID: client}, Now: now}
	}
	steps := []struct {
		r          calendar.Request
		wantMaster string // "" wants wantErr
		wantErr    error
	}{
		{req("mens-haircut", "olga", mon.at(10, 0), "a"), "olga", nil},
		{req("mens-haircut", "olga", mon.at(10, 30), "b"), "", calendar.ErrSlotTaken},
		{req("mens-haircut", "", mon.at(10, 0), "b"), "anna", nil},
		{req("womens-haircut", "", mon.at(10, 30), "c"), "", calendar.ErrSlotTaken},
		{req("womens-haircut", "", mon.at(10, 45), "c"), "olga", nil},
		{req("colouring", "", mon.at(10, 15), "d"), "", calendar.ErrSlotTaken},
		{req("colouring", "", mon.at(10, 45), "d"), "anna", nil},
		{req("brows", "", mon.at(10, 0), "e"), "maria", nil},
		{req("brows", "", mon.at(10, 0), "f"), "", calendar.ErrSlotTaken},
	}
	for _, s := range steps {
		got, err := c.Book(ctx, s.r)
		if s.wantMaster == "" {
			if !errors.Is(err, s.wantErr) {
				t.Errorf("Book(%s, %q, %s) = %+v, %v; want %v", s.r.Service, s.r.Master, s.r.Start.Format("15:04"), got, err, s.wantErr)
			}
			continue
		}
		if err != nil || got.Master != s.wantMaster {
			t.Errorf("Book(%s, %q, %s) = master %q, %v; want %q", s.r.Service, s.r.Master, s.r.Start.Format("15:04"), got.Master, err, s.wantMaster)
		}
	}
}

func TestNewAndReturning(t *testing.T) {
	ctx := context.Background()
	c := newCalendar(t, DemoBusiness())
	client := calendar.Client{ID: "whatsapp:79131234567", Name: "Ирина"}
	returning := func(want bool) {
		t.Helper()
		if got, err := c.Returning(ctx, client.ID); err != nil || got != want {
			t.Errorf("Returning(%q) = %v, %v; want %v", client.ID, got, err, want)
		}
	}
	returning(false)
	var ids []string
	for i, start := range []time.Time{tue.at(12, 0), mon.at(12, 0), mon.at(16, 0)} {
		b, err := c.Book(ctx, calendar.Request{Service: "womens-haircut", Start: start, Client: client, Now: now})
		if err != nil {
			t.Fatalf("Book(%v) = %v", start, err)
		}
		if !b.New { // nothing attended yet: still a new client
			t.Errorf("Book #%d.New = %v, want %v", i+1, b.New, true)
		}
		ids = append(ids, b.ID)
		returning(true)
	}
	if err := c.Cancel(ctx, ids[2]); err != nil {
		t.Fatalf("Cancel(%q) = %v", ids[2], err)
	}
	returning(true)

	for _, tt := range []struct {
		now  time.Time
		want []string
	}{
		{now, []string{ids[1], ids[0]}},
		{mon.at(12, 0), []string{ids[1], ids[0]}},
		{mon.at(12, 1), []string{ids[0]}},
		{tue.at(13, 0), nil},
	} {
		up, err := c.Upcoming(ctx, client.ID, tt.now)
		var got []string
		for _, b := range up {
			got = append(got, b.ID)
			if b.Start.Location() != krasnoyarsk {
				t.Errorf("Upcoming(%q, %v) has start %v, want it in Krasnoyarsk", client.ID, tt.now, b.Start)
			}
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("Upcoming(%q, %v) = %v, %v; want %v", client.ID, tt.now, got, err, tt.want)
		}
	}

	// A cancelled booking makes the client known in the chat (Returning), not a returning client.
	other := calendar.Client{ID: "webchat:1"}
	b, err := c.Book(ctx, calendar.Request{Service: "brows", Start: mon.at(10, 0), Client: other, Now: now})
	if err != nil || !b.New {
		t.Fatalf("Book(first) = %+v, %v; want New", b, err)
	}
	if err := c.Cancel(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	b, err = c.Book(ctx, calendar.Request{Service: "brows", Start: mon.at(10, 0), Client: other, Now: now})
	if err != nil || !b.New {
		t.Errorf("Book(after a cancelled one) = %+v, %v; want New", b, err)
	}
}

func TestCancel(t *testing.T) {
	ctx := context.Background()
	c := newCalendar(t, DemoBusiness())
	if err := c.Cancel(ctx, "17"); !errors.Is(err, calendar.ErrNotFound) {
		t.Errorf("Cancel(%q) = %v, want %v", "17", err, calendar.ErrNotFound)
	}
	b := book(t, c, "brows", "maria", mon.at(10, 0))
	q := calendar.Query{Service: "brows", From: mon.at(10, 0), Limit: 1, Now: now}
	if got, _ := c.FreeSlots(ctx, q); len(got) != 1 || !got[0].Start.Equal(mon.at(10, 30)) {
		t.Errorf("FreeSlots(%+v) = %q, want Mon 10:30", q, slotStrings(got))
	}
	if err := c.Cancel(ctx, b.ID); err != nil {
		t.Fatalf("Cancel(%q) = %v", b.ID, err)
	}
	if got, _ := c.FreeSlots(ctx, q); len(got) != 1 || !got[0].Start.Equal(mon.at(10, 0)) {
		t.Errorf("FreeSlots(%+v) after Cancel = %q, want Mon 10:00", q, slotStrings(got))
	}
	bs, err := c.Bookings(ctx, mon.at(0, 0), tue.at(0, 0))
	if err != nil || len(bs) != 0 {
		t.Errorf("Bookings(Monday) after Cancel = %v, %v; want none", bs, err)
	}
}

// TestDaylightSaving checks wall-clock hours on days of 23 and 25 hours.
func TestDaylightSaving(t *testing.T) {
	berlin := mustLoad("Europe/Berlin")
	b := DemoBusiness()
	b.Location = berlin
	b.MinLead = 0
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		b.Hours[wd] = calendar.Span{Start: 0, End: 24 * 60}
	}
	b.Masters = b.Masters[2:] // Maria, lunch 14:00–15:00
	c := newCalendar(t, b)
	ctx := context.Background()
	for _, d := range []time.Time{
		time.Date(2026, 3, 28, 0, 0, 0, 0, berlin),  // 24 hours
		time.Date(2026, 3, 29, 0, 0, 0, 0, berlin),  // 23 hours: 02:00 → 03:00
		time.Date(2026, 10, 25, 0, 0, 0, 0, berlin), // 25 hours: 03:00 → 02:00
	} {
		q := calendar.Query{Service: "brows", From: d, To: d.AddDate(0, 0, 1), Now: d.AddDate(0, 0, -1)}
		got, err := c.FreeSlots(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		hours := d.AddDate(0, 0, 1).Sub(d).Hours()
		// Every 15 minutes of the day but the last, and not 13:45 to 14:45 (lunch).
		want := int(hours*4) - 1 - 5
		if len(got) != want {
			t.Errorf("len(FreeSlots(%s)) = %d, want %d on a %v-hour day", d.Format(time.DateOnly), len(got), want, hours)
		}
		last := got[len(got)-1]
		if s := last.Start.Format("15:04 MST"); s[:5] != "23:30" || last.Start.Location() != berlin {
			t.Errorf("FreeSlots(%s) last = %v, want 23:30 in Berlin", d.Format(time.DateOnly), last.Start)
		}
		lunch := between(got, time.Date(d.Year(), d.Month(), d.Day(), 13, 30, 0, 0, berlin), time.Date(d.Year(), d.Month(), d.Day(), 15, 15, 0, 0, berlin))
		if g, w := slotStrings(lunch), []string{d.Format("Mon") + " 13:30 maria", d.Format("Mon") + " 15:00 maria"}; !slices.Equal(g, w) {
			t.Errorf("FreeSlots(%s) around lunch = %q, want %q", d.Format(time.DateOnly), g, w)
		}
	}

	// Opening at 10:00 the day the clocks go forward: the grid stays on the wall clock.
	b.Hours[time.Sunday] = calendar.Span{Start: 10 * 60, End: 20 * 60}
	c = newCalendar(t, b)
	d := time.Date(2026, 3, 29, 0, 0, 0, 0, berlin)
	got, err := c.FreeSlots(ctx, calendar.Query{Service: "brows", From: d, Limit: 1, Now: d})
	if err != nil || len(got) != 1 || got[0].Start.Format("15:04") != "10:00" {
		t.Errorf("FreeSlots(%s) = %q, %v; want 10:00", d.Format(time.DateOnly), slotStrings(got), err)
	}
	bk, err := c.Book(ctx, calendar.Request{Service: "brows", Start: time.Date(2026, 3, 29, 19, 30, 0, 0, berlin),
		Client: calendar.Client{ID: "c"}, Now: d})
	if err != nil || bk.End.Format("15:04") != "20:00" {
		t.Errorf("Book(19:30) = %+v, %v; want it to end at 20:00", bk, err)
	}
}

func ExampleCalendar_FreeSlots() {
	c := calendar.New(DemoBusiness(), calendartest.NewStore())
	monday := time.Date(2026, 3, 2, 13, 0, 0, 0, krasnoyarsk)
	slots, _ := c.FreeSlots(context.Background(), calendar.Query{
		Service: "mens-haircut",
		From:    monday,
		Limit:   5,
		Now:     monday.Add(-24 * time.Hour),
	})
	for _, s := range slots {
		fmt.Println(s.Start.Format("Mon 15:04"), s.Master)
	}
	// Output:
	// Mon 13:00 olga
	// Mon 13:00 anna
	// Mon 13:15 olga
	// Mon 13:15 anna
	// Mon 15:00 olga
}
