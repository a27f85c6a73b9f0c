package calendartest

import (
	"time"
	_ "time/tzdata" // the demo runs in Asia/Krasnoyarsk wherever the tests run

	"github.com/minutka/minutka/calendar"
)

// krasnoyarsk is loaded once, so every Demo shares one *time.Location.
var krasnoyarsk = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Krasnoyarsk")
	if err != nil {
		panic(err)
	}
	return loc
}()

// Demo returns a fresh copy of the demo salon for tests, as in cmd/minutka/demo.yaml but with a
// one-hour minimum lead: Mon–Sat 10:00–20:00, Sun 10:00–18:00, three masters with lunch
// 14:00–15:00, in Asia/Krasnoyarsk (UTC+7 all year).
func Demo() calendar.Business {
	loc := krasnoyarsk
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
		NameEN:   "Minutka Salon",
		City:     "Красноярск",
		Address:  "ул. Карла Маркса, 95",
		Phone:    "+73912000000",
		Location: loc,
		Language: "ru",
		Hours:    week(calendar.Span{Start: 10 * 60, End: 20 * 60}, calendar.Span{Start: 10 * 60, End: 18 * 60}),
		Services: []calendar.Service{
			{ID: "mens-haircut", Name: "Мужская стрижка", NameEN: "Men's haircut", Duration: 45 * time.Minute, Price: 1200,
				Aliases: []string{"мужская", "подстричься", "стрижка машинкой"}},
			{ID: "womens-haircut", Name: "Женская стрижка", NameEN: "Women's haircut", Duration: 60 * time.Minute, Price: 1800},
			{ID: "colouring", Name: "Окрашивание", NameEN: "Colouring", Duration: 120 * time.Minute, Price: 4500,
				Aliases: []string{"покраска", "покрасить"}},
			{ID: "manicure", Name: "Маникюр с покрытием", NameEN: "Manicure with polish", Duration: 90 * time.Minute, Price: 2000,
				Aliases: []string{"маникюр", "ногти", "гель-лак"}},
			{ID: "brows", Name: "Оформление бровей", NameEN: "Eyebrow shaping", Duration: 30 * time.Minute, Price: 900,
				Aliases: []string{"брови"}},
		},
		Masters: []calendar.Master{
			{ID: "olga", Name: "Ольга", NameEN: "Olga", Services: []string{"mens-haircut", "womens-haircut"}, Breaks: lunch},
			{ID: "anna", Name: "Анна", NameEN: "Anna", Services: []string{"mens-haircut", "womens-haircut", "colouring"}, Breaks: lunch},
			{ID: "maria", Name: "Мария", NameEN: "Maria", Services: []string{"manicure", "brows"}, Breaks: lunch},
		},
		MinLead: time.Hour,
	}
}
