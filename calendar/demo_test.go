package calendar_test

import (
	"testing"
	"time"
	_ "time/tzdata" // the tests run in Asia/Krasnoyarsk and Europe/Berlin wherever they run

	"github.com/minutka/minutka/calendar"
)

// krasnoyarsk is the demo salon's zone: UTC+7 all year.
var krasnoyarsk = mustLoad("Asia/Krasnoyarsk")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// DemoBusiness returns a fresh copy of the demo salon: Mon–Sat 10:00–20:00, Sun 10:00–18:00,
// three masters with lunch 14:00–15:00, a one-hour minimum lead.
func DemoBusiness() calendar.Business {
	week := func(weekday, sunday calendar.Span) map[time.Weekday]calendar.Span {
		h := map[time.Weekday]calendar.Span{time.Sunday: sunday}
		for wd := time.Monday; wd <= time.Saturday; wd++ {
			h[wd] = weekday
		}
		return h
	}
	lunch := []calendar.Span{{Start: 14 * 60, End: 15 * 60}}
	return calendar.Business{
		Name:     "Салон Минутка",
		NameEN:   "Minutka salon",
		City:     "Красноярск",
		Address:  "ул. Мира, 1",
		Phone:    "+73912000000",
		Location: krasnoyarsk,
		Language: "ru",
		Hours:    week(calendar.Span{Start: 10 * 60, End: 20 * 60}, calendar.Span{Start: 10 * 60, End: 18 * 60}),
		Services: []calendar.Service{
			{ID: "mens-haircut", Name: "Мужская стрижка", NameEN: "Men's haircut", Duration: 45 * time.Minute, Price: 1200},
			{ID: "womens-haircut", Name: "Женская стрижка", NameEN: "Women's haircut", Duration: 60 * time.Minute, Price: 1800},
			{ID: "colouring", Name: "Окрашивание", NameEN: "Colouring", Duration: 120 * time.Minute, Price: 4500},
			{ID: "manicure", Name: "Маникюр", NameEN: "Manicure", Duration: 90 * time.Minute, Price: 2000},
			{ID: "brows", Name: "Брови", NameEN: "Brows", Duration: 30 * time.Minute, Price: 900},
		},
		Masters: []calendar.Master{
			{ID: "olga", Name: "Ольга", NameEN: "Olga", Services: []string{"mens-haircut", "womens-haircut"}, Breaks: lunch},
			{ID: "anna", Name: "Анна", NameEN: "Anna", Services: []string{"mens-haircut", "womens-haircut", "colouring"}, Breaks: lunch},
			{ID: "maria", Name: "Мария", NameEN: "Maria", Services: []string{"manicure", "brows"}, Breaks: lunch},
		},
		MinLead: time.Hour,
	}
}

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
