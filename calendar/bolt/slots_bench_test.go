package bolt_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/minutka/minutka/calendar"
	"github.com/minutka/minutka/calendar/bolt"
	"github.com/minutka/minutka/calendar/calendartest"
)

// bigSalon is the demo salon grown to 10 masters who all do every service, with 2,000 random
// bookings over its 60-day horizon, on a real bbolt file.
func bigSalon(b *testing.B) (*calendar.Calendar, time.Time) {
	b.Helper()
	biz := calendartest.Demo()
	var all []string
	for _, s := range biz.Services {
		all = append(all, s.ID)
	}
	lunch := biz.Masters[0].Breaks
	biz.Masters = nil
	for i := range 10 {
		biz.Masters = append(biz.Masters, calendar.Master{ID: fmt.Sprintf("m%d", i), Name: fmt.Sprintf("Мастер %d", i), Services: all, Breaks: lunch})
	}
	biz.Horizon = 60
	db, err := bbolt.Open(filepath.Join(b.TempDir(), "minutka.db"), 0o600, &bbolt.Options{Timeout: time.Second, NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	cal := calendar.New(biz, bolt.New(db))
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, biz.Location)
	rng := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	for n := 0; n < 2000; {
		day := now.AddDate(0, 0, 1+rng.IntN(59))
		start := time.Date(day.Year(), day.Month(), day.Day(), 10+rng.IntN(8), 15*rng.IntN(4), 0, 0, biz.Location)
		_, err := cal.Book(ctx, calendar.Request{Service: all[rng.IntN(len(all))], Master: fmt.Sprintf("m%d", rng.IntN(10)),
			Start: start, Now: now, Client: calendar.Client{ID: fmt.Sprintf("c%d", n)}})
		if err == nil {
			n++
		}
	}
	return cal, now
}

// BenchmarkFreeSlotsDay is «на какое время в пятницу?»: every free start of one day, any of
// 10 masters, with 2,000 bookings on the calendar.
func BenchmarkFreeSlotsDay(b *testing.B) {
	cal, now := bigSalon(b)
	day := time.Date(2026, 12, 4, 0, 0, 0, 0, now.Location())
	ctx := context.Background()
	for b.Loop() {
		if _, err := cal.FreeSlots(ctx, calendar.Query{Service: "womens-haircut", From: day, To: day.AddDate(0, 0, 1), Now: now}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFreeSlotsNearest is «есть ли в 15:00?» answered with the nearest alternatives.
func BenchmarkFreeSlotsNearest(b *testing.B) {
	cal, now := bigSalon(b)
	at := time.Date(2026, 12, 10, 15, 0, 0, 0, now.Location())
	ctx := context.Background()
	for b.Loop() {
		if _, err := cal.NearestTo(ctx, calendar.Query{Service: "colouring", Now: now}, at, 6); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFreeSlotsHorizon searches the whole 60-day horizon for one master's free times.
func BenchmarkFreeSlotsHorizon(b *testing.B) {
	cal, now := bigSalon(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := cal.FreeSlots(ctx, calendar.Query{Service: "manicure", Master: "m3", From: now, Now: now}); err != nil {
			b.Fatal(err)
		}
	}
}
