package bolt_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/minutka/minutka/calendar"
	"github.com/minutka/minutka/calendar/bolt"
	"github.com/minutka/minutka/calendar/calendartest"
)

var (
	guaranteeOps  = flag.Int("guarantee.ops", 10000, "operations of TestNoDoubleBooking")
	guaranteeSeed = flag.Uint64("guarantee.seed", 0, "seed of TestNoDoubleBooking; 0 picks one")
)

// TestNoDoubleBooking runs -guarantee.ops (10,000) random bookings, holds, reschedules,
// cancellations and visit marks from several goroutines through the Calendar on a real bbolt
// file, over five days of the demo salon with a simulated clock, and then checks that
//
//   - no two active bookings of one master overlap, reading the raw records, and the master
//     index agrees with them;
//   - no booking, move or hold succeeded over another owner's hold that was live at the time it
//     was made: for holds by one-shot owners (they never book, move, replace or release), each
//     booking, move or hold that began after the hold was stored and overlaps it must carry a
//     clock at or past the hold's expiry.
//
// A failure prints the seed; -guarantee.seed replays the same choices (the interleaving differs).
// With -short it runs 1,000 operations.
func TestNoDoubleBooking(t *testing.T) {
	ops := *guaranteeOps
	if testing.Short() {
		ops = min(ops, 1000)
	}
	seed := *guaranteeSeed
	if seed == 0 {
		seed = rand.Uint64()
	}
	t.Logf("%d operations, -guarantee.seed=%d", ops, seed)

	b := calendartest.Demo()
	path := filepath.Join(t.TempDir(), "minutka.db")
	db := open(t, path)
	cal := calendar.New(b, bolt.New(db))
	ctx := context.Background()
	// The simulated clock: every operation takes the next tick, two seconds apart, from Monday
	// 08:00; visits go on Tuesday to Saturday, so none is ever in the past or too close.
	base := time.Date(2026, 11, 23, 8, 0, 0, 0, b.Location)
	var ticks atomic.Int64
	clock := func() time.Time { return base.Add(time.Duration(ticks.Add(1)) * 2 * time.Second) }

	var (
		mu     sync.Mutex
		ids    []string               // every booking made
		events []guaranteeEvent       // successful bookings, moves and one-shot holds
		counts = make(map[string]int) // outcome counts for the log
	)
	count := func(op string, err error) {
		outcome := "ok"
		for _, e := range []error{calendar.ErrSlotTaken, calendar.ErrOutsideHours, calendar.ErrNotBooked,
			calendar.ErrHoldExpired, calendar.ErrNotFound} {
			if errors.Is(err, e) {
				outcome = e.Error()
			}
		}
		if err != nil && outcome == "ok" {
			t.Errorf("%s: unexpected error %v", op, err)
			outcome = "error"
		}
		mu.Lock()
		counts[op+": "+outcome]++
		mu.Unlock()
	}
	record := func(e guaranteeEvent) {
		mu.Lock()
		events = append(events, e)
		mu.Unlock()
	}
	anyID := func(r *rand.Rand) string {
		mu.Lock()
		defer mu.Unlock()
		if len(ids) == 0 {
			return "1"
		}
		return ids[r.IntN(len(ids))]
	}

	const workers = 8
	var done atomic.Int64
	var oneShot atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		r := rand.New(rand.NewPCG(seed, uint64(w)))
		wg.Go(func() {
			for done.Add(1) <= int64(ops) {
				svc := b.Services[r.IntN(len(b.Services))]
				master := ""
				if ms := b.MastersFor(svc.ID); r.IntN(4) > 0 {
					master = ms[r.IntN(len(ms))].ID
				}
				minute := 15 * r.IntN(4) // on the grid, or anywhere half the time
				if r.IntN(2) == 0 {
					minute = r.IntN(60)
				}
				start := time.Date(2026, 11, 24+r.IntN(5), 10+r.IntN(10), minute, 0, 0, b.Location)
				n := r.IntN(4)
				client := calendar.Client{ID: fmt.Sprintf("client:%d", n), Phone: fmt.Sprintf("+7913000000%d", n)}
				if r.IntN(2) == 0 {
					n = r.IntN(40)
					client = calendar.Client{ID: fmt.Sprintf("client:%d", n), Phone: fmt.Sprintf("+791300000%02d", n)}
				}
				began := time.Now()
				now := clock()
				switch p := r.IntN(100); {
				case p < 35: // book
					bk, err := cal.Book(ctx, calendar.Request{Service: svc.ID, Master: master, Start: start, Client: client, Now: now})
					count("book", err)
					if err == nil {
						mu.Lock()
						ids = append(ids, bk.ID)
						mu.Unlock()
						record(guaranteeEvent{kind: "book", id: bk.ID, owner: client.ID, master: bk.Master, start: bk.Start, end: bk.End, now: now, began: began})
					}
				case p < 50: // hold, then book through the hold most of the time
					ttl := time.Duration(1+r.IntN(10)) * time.Minute
					h, err := cal.Hold(ctx, calendar.HoldRequest{Service: svc.ID, Master: master, Start: start, Owner: client.ID, Now: now, TTL: ttl})
					count("hold", err)
					if err != nil || r.IntN(10) < 3 {
						continue
					}
					began, now = time.Now(), clock()
					bk, err := cal.Book(ctx, calendar.Request{Hold: h.ID, Client: client, Now: now})
					count("book held", err)
					if err == nil {
						mu.Lock()
						ids = append(ids, bk.ID)
						mu.Unlock()
						record(guaranteeEvent{kind: "book", id: bk.ID, owner: client.ID, master: bk.Master, start: bk.Start, end: bk.End, now: now, began: began})
					}
				case p < 60: // a hold by a one-shot owner, left to expire
					owner := fmt.Sprintf("oneshot:%d", oneShot.Add(1))
					ttl := time.Duration(5+r.IntN(15)) * time.Minute
					h, err := cal.Hold(ctx, calendar.HoldRequest{Service: svc.ID, Master: master, Start: start, Owner: owner, Now: now, TTL: ttl})
					count("one-shot hold", err)
					if err == nil {
						record(guaranteeEvent{kind: "hold", id: h.ID, owner: owner, master: h.Master, start: h.Start, end: h.End,
							now: now, began: began, stored: time.Now(), expires: h.Expires})
					}
				case p < 85: // reschedule
					if r.IntN(3) > 0 {
						master = "" // keep
					}
					id := anyID(r)
					bk, err := cal.Reschedule(ctx, calendar.RescheduleRequest{ID: id, Start: start, Master: master, Now: now, ByClient: r.IntN(2) == 0})
					if errors.Is(err, calendar.ErrWrongMaster) {
						err = nil // the random master does not do that booking's service
					}
					count("reschedule", err)
					if err == nil && bk.ID != "" {
						record(guaranteeEvent{kind: "move", id: bk.ID, owner: bk.Client.ID, master: bk.Master, start: bk.Start, end: bk.End, now: now, began: began})
					}
				case p < 94: // cancel
					id := anyID(r)
					var err error
					if r.IntN(2) == 0 {
						err = cal.Cancel(ctx, id)
					} else {
						_, err = cal.CancelByClient(ctx, id, now)
					}
					count("cancel", err)
				case p < 97: // mark a visit
					_, err := cal.MarkVisit(ctx, anyID(r), calendar.VisitResult{Attended: r.IntN(2) == 0, Paid: 1000, At: now})
					count("mark", err)
				default: // release whatever the client holds
					h, ok, err := cal.ClientHold(ctx, client.ID, now)
					if err == nil && ok {
						err = cal.Release(ctx, h.ID)
					}
					count("release", err)
				}
			}
		})
	}
	wg.Wait()
	outcomes := make([]string, 0, len(counts))
	for k, v := range counts {
		outcomes = append(outcomes, fmt.Sprintf("%s %d", k, v))
	}
	slices.Sort(outcomes)
	t.Logf("outcomes: %v", outcomes)

	active := checkNoOverlap(t, db)
	t.Logf("%d active bookings of %d made at the end; %d bookings, moves and holds checked", active, len(ids), len(events))
	if active == 0 {
		t.Errorf("no active bookings at the end: the test exercised nothing")
	}
	checkHoldsRespected(t, events)

	// The Calendar reads the same active bookings through the index.
	from, to := base, base.AddDate(0, 0, 7)
	bs, err := cal.Bookings(ctx, from, to)
	if err != nil || len(bs) != active {
		t.Errorf("Bookings(the test's days) = %d bookings, %v; want the %d active records", len(bs), err, active)
	}
}

// guaranteeEvent is a successful booking, move or one-shot hold of TestNoDoubleBooking.
type guaranteeEvent struct {
	kind          string // "book", "move", "hold"
	id, owner     string
	master        string
	start, end    time.Time
	now           time.Time // the simulated clock the operation ran with
	began, stored time.Time // wall clock: when the call began; for a hold, when it returned
	expires       time.Time // for a hold
}

// checkNoOverlap reads every booking record in the file and fails the test if two active
// bookings of one master overlap or the master index disagrees with the records. It returns
// the number of active bookings.
func checkNoOverlap(t *testing.T, db *bbolt.DB) int {
	t.Helper()
	type rec struct {
		ID     string    `json:"id"`
		Master string    `json:"master"`
		Start  time.Time `json:"start"`
		End    time.Time `json:"end"`
		Status string    `json:"status"`
	}
	byMaster := make(map[string][]rec)
	active, indexed := 0, 0
	err := db.View(func(tx *bbolt.Tx) error {
		if err := tx.Bucket([]byte("calendar.bookings")).ForEach(func(_, v []byte) error {
			var r rec
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			if calendar.Status(r.Status).Active() {
				byMaster[r.Master] = append(byMaster[r.Master], r)
				active++
			}
			return nil
		}); err != nil {
			return err
		}
		indexed = tx.Bucket([]byte("calendar.by_master")).Stats().KeyN
		return nil
	})
	if err != nil {
		t.Fatalf("reading the bookings: %v", err)
	}
	if indexed != active {
		t.Errorf("master index has %d entries, want one per active booking: %d", indexed, active)
	}
	for master, rs := range byMaster {
		slices.SortFunc(rs, func(a, b rec) int { return a.Start.Compare(b.Start) })
		var last rec
		for i, r := range rs {
			if i > 0 && r.Start.Before(last.End) {
				t.Errorf("double booking of %s: #%s %s–%s overlaps #%s %s–%s", master,
					last.ID, last.Start.Format(time.DateTime), last.End.Format("15:04"),
					r.ID, r.Start.Format(time.DateTime), r.End.Format("15:04"))
			}
			if i == 0 || r.End.After(last.End) {
				last = r
			}
		}
	}
	return active
}

// checkHoldsRespected fails the test if a booking, move or hold of another owner overlapping a
// one-shot hold began after the hold was stored and ran with a clock well before its expiry.
//
// "Well before": the simulated clock is handed out before each call, so concurrent calls can
// reach the store slightly out of clock order, and a call with a later clock may already have
// pruned an expired hold. The margin of five minutes is 150 ticks: that many calls would have to
// overtake one call to make a false alarm.
func checkHoldsRespected(t *testing.T, events []guaranteeEvent) {
	t.Helper()
	const margin = 5 * time.Minute
	var holds []guaranteeEvent
	for _, e := range events {
		if e.kind == "hold" {
			holds = append(holds, e)
		}
	}
	bad := 0
	for _, h := range holds {
		for _, e := range events {
			if e.owner == h.owner || e.master != h.master || !e.start.Before(h.end) || !h.start.Before(e.end) ||
				!e.began.After(h.stored) || !e.now.Before(h.expires.Add(-margin)) {
				continue
			}
			if bad++; bad <= 10 {
				t.Errorf("%s %s by %s (%s–%s with %s at clock %s) overlaps live hold %s by %s (%s–%s, expires %s)",
					e.kind, e.id, e.owner, e.start.Format(time.DateTime), e.end.Format("15:04"), e.master, e.now.Format("15:04:05"),
					h.id, h.owner, h.start.Format(time.DateTime), h.end.Format("15:04"), h.expires.Format("15:04:05"))
			}
		}
	}
	if bad > 10 {
		t.Errorf("… %d violations of holds in all", bad)
	}
}
