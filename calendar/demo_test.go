package calendar_test

import (
	"testing"
	"time"
	_ "time/tzdata" // the tests run in Asia/Krasnoyarsk and Europe/Berlin wherever they run

	"github.com/minutka/minutka/calendar"
	"github.com/minutka/minutka/calendar/calendartest"
)

// krasnoyarsk is the demo salon's zone: UTC+7 all year.
var krasnoyarsk = calendartest.Demo().Location

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// DemoBusiness returns a fresh copy of the demo salon (calendartest.Demo): a one-hour minimum
// lead, Mon–Sat 10:00–20:00, Sun 10:00–18:00, three masters with lunch 14:00–15:00.
func DemoBusiness() calendar.Business { return calendartest.Demo() }

// Days of the tests' week in Krasnoyarsk: Sunday 1 March 2026 to Sunday 8 March.
var (
	sun0 = date(2026, 3, 1)
	mon  = date(2026, 3, 2)
	tue  = date(2026, 3, 3)
	sun  = date(2026, 3, 8)
	// now is the default "now" of the tests: the Sunday before, at noon.
	now = sun0.at(12, 0)
)

// day is a local date in Krasnoyarsk.
type day struct{ y, m, d int }

func date(y, m, d int) day { return day{y, m, d} }

// at returns h:m on the day in Krasnoyarsk.
func (d day) at(h, m int) time.Time {
	return time.Date(d.y, time.Month(d.m), d.d, h, m, 0, 0, krasnoyarsk)
}

func TestDemoBusinessDays(t *testing.T) {
	for _, tt := range []struct {
		d    day
		want time.Weekday
	}{{sun0, time.Sunday}, {mon, time.Monday}, {tue, time.Tuesday}, {sun, time.Sunday}} {
		if got := tt.d.at(12, 0).Weekday(); got != tt.want {
			t.Errorf("%v.Weekday() = %v, want %v", tt.d, got, tt.want)
		}
	}
	b := DemoBusiness()
	if err := b.Validate(); err != nil {
		t.Errorf("DemoBusiness().Validate() = %v, want nil", err)
	}
}
