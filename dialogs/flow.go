package dialogs

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/minutka/minutka/calendar"
	"github.com/minutka/minutka/intents"
	"github.com/minutka/minutka/prompts"
)

// Option values. They travel through the channels and come back in Input.Option.
const (
	optMenuBook    = "menu:book"
	optMenuPrices  = "menu:prices"
	optMenuAddress = "menu:address"
	optMenuHuman   = "menu:human"
	optService     = "svc:"  // + service ID
	optSlot        = "slot:" // + unix seconds
	optBookYes     = "book:yes"
	optBookOther   = "book:other"
	optBookCancel  = "book:cancel"
	optCancelPick  = "cancel:" // + booking ID
	optMovePick    = "move:"   // + booking ID
	optDay         = "day:"    // + YYYY-MM-DD, the reading of an ambiguous day
	optCancelYes   = "cancelconfirm:yes"
	optCancelNo    = "cancelconfirm:no"
)

// offered is how many free times are offered as buttons.
const offered = 6

// turn handles one message of one conversation.
type turn struct {
	e   *Engine
	ctx context.Context
	s   *Session
	biz *calendar.Business
	now time.Time
	x   prompts.Texts
	out Turn
}

func (t *turn) say(text string, opts ...Option) {
	t.out.Replies = append(t.out.Replies, Reply{Text: text, Options: opts})
}

func (t *turn) handle(in Input) error {
	if in.Phone != "" && t.s.Profile.Phone == "" {
		t.s.Profile.Phone = in.Phone
	}
	if cmd, _, _ := strings.Cut(strings.TrimSpace(in.Text), " "); cmd == "/start" && in.Option == "" {
		// A messenger's first contact: a fresh start, whatever was in progress.
		t.s.State, t.s.Draft = Idle, Draft{}
		t.say(t.x.Greeting(t.business(), t.s.Profile.Name), t.menu()...)
		return nil
	}
	if in.Kind != "" && in.Kind != "text" && strings.TrimSpace(in.Text) == "" && in.Option == "" {
		t.say(t.x.NotText())
		return t.reask()
	}
	if in.Option != "" {
		if handled, err := t.option(in.Option); handled {
			return err
		}
	}
	if utf8Len(in.Text) > MaxText {
		t.say(t.x.TooLong())
		return nil
	}
	r, err := t.e.det.Detect(t.ctx, in.Text, t.now)
	if err != nil {
		return fmt.Errorf("detect: %w", err)
	}
	return t.text(in.Text, r)
}

// text handles a typed message with what the detector found in it.
func (t *turn) text(text string, r intents.Result) error {
	if r.Phone != "" {
		t.s.Profile.Phone = r.Phone
	}
	if r.Name != "" {
		t.s.Profile.Name = r.Name
	}
	if len(r.Services) > 0 {
		t.s.Topic = r.Services[0]
	}

	// Answers to the question the bot asked.
	switch t.s.State {
	case AskName:
		if t.s.Profile.Name == "" && (r.Intent == intents.Other || r.Intent == intents.Greeting || r.Intent == intents.Book) {
			if name, ok := intents.ExtractName(text); ok {
				t.s.Profile.Name = name
			}
		}
		if t.s.Profile.Name != "" {
			return t.next()
		}
		if r.Intent == intents.Other && r.When == nil && len(r.Services) == 0 {
			t.say(t.x.AskNameAgain())
			return nil
		}
	case AskPhone:
		if t.s.Profile.Phone != "" {
			return t.next()
		}
		if r.Intent == intents.Other && r.When == nil && len(r.Services) == 0 {
			t.say(t.x.BadPhone())
			return nil
		}
	case Confirm:
		if r.When == nil && len(r.Services) == 0 {
			switch r.Answer {
			case intents.Yes:
				return t.book()
			case intents.No:
				return t.otherTime()
			}
		}
	case CancelConfirm:
		switch r.Answer {
		case intents.Yes:
			return t.cancel()
		case intents.No:
			t.s.State, t.s.Draft = Idle, Draft{}
			t.say(t.x.KeepBooking())
			return nil
		}
	}

	// Questions are answered wherever they stand in the message («сколько стоит маникюр и можно
	// на завтра?»); then the booking goes on if the message also asked for one.
	if t.answerQuestions(r) {
		if r.Intent != intents.Book && !slices.Contains(r.Also, intents.Book) {
			return t.reask()
		}
		r.Intent = intents.Book
	}
	switch r.Intent {
	case intents.Human:
		t.say(t.x.Human(t.business()))
		return nil
	case intents.Reschedule:
		if !t.inBooking() { // while booking, «давайте на другое время» just changes the draft
			return t.startMove(text, r)
		}
	case intents.Cancel:
		if t.inBooking() {
			t.dropBooking()
			return nil
		}
		return t.startCancel()
	case intents.ThanksBye:
		if !t.inBooking() {
			t.say(t.x.ThanksBye())
			return nil
		}
	}

	if r.Intent == intents.Book || len(r.Services) > 0 || r.When != nil || t.inBooking() {
		if r.Greeting && r.Intent != intents.Greeting {
			t.say(t.x.Hello())
		}
		t.merge(r)
		return t.next()
	}
	if r.Intent == intents.Greeting {
		t.say(t.x.Greeting(t.business(), t.s.Profile.Name), t.menu()...)
		return nil
	}
	// Not understood (the rules and, if configured, the LLM): offer the menu and a person.
	t.say(t.x.NotUnderstood(), append(t.menu(), Option{t.x.ButtonHuman(), optMenuHuman})...)
	return nil
}

// answerQuestions answers the price, address and services questions of r, the main one and
// those in Also, and reports whether there was one.
func (t *turn) answerQuestions(r intents.Result) bool {
	answered := false
	for _, i := range append([]intents.Intent{r.Intent}, r.Also...) {
		switch i {
		case intents.Price:
			t.prices(r.Services)
		case intents.AddressHours:
			t.say(t.x.AddressHours(t.business()))
		case intents.Services:
			t.services()
		default:
			continue
		}
		answered = true
	}
	return answered
}

// booking reports whether a booking is in progress.
func (t *turn) inBooking() bool {
	switch t.s.State {
	case AskService, AskTime, AskName, AskPhone, Confirm:
		return true
	}
	return false
}

// merge takes the service, master and time a message names into the draft.
func (t *turn) merge(r intents.Result) {
	d := &t.s.Draft
	if len(r.Services) > 0 && r.Services[0] != d.Service {
		d.Service = r.Services[0]
		if d.Master != "" && !t.does(d.Master, d.Service) {
			d.Master, d.MasterChosen = "", false
		}
		d.Start = time.Time{}
	}
	if d.Service == "" && len(r.Services) == 0 && t.s.Topic != "" {
		d.Service = t.s.Topic // "book it": the service the client just asked about
	}
	for _, m := range r.Masters {
		if d.Service == "" || t.does(m, d.Service) {
			d.Master, d.MasterChosen = m, true
			d.Start = time.Time{}
			break
		}
	}
	if r.When != nil {
		w := *r.When
		d.When, d.Start = &w, time.Time{}
	}
}

// next asks for whatever the booking still lacks, or for confirmation.
func (t *turn) next() error {
	d := &t.s.Draft
	if d.Service == "" {
		t.s.State = AskService
		t.say(t.x.AskService(), t.serviceOptions()...)
		return nil
	}
	if d.Start.IsZero() {
		return t.chooseTime()
	}
	if t.s.Profile.Name == "" {
		t.s.State = AskName
		t.say(t.x.AskName())
		return nil
	}
	if t.s.Profile.Phone == "" {
		t.s.State = AskPhone
		t.out.Replies = append(t.out.Replies, Reply{Text: t.x.AskPhone(t.s.Profile.Name), AskPhone: true})
		return nil
	}
	t.s.State = Confirm
	v := t.visit(d.Service, d.Master, d.Start, "")
	v.Move = d.Replaces != ""
	yes := t.x.ButtonYesBook()
	if v.Move {
		yes = t.x.ButtonYesMove()
	}
	t.say(t.x.ConfirmBooking(v),
		Option{yes, optBookYes},
		Option{t.x.ButtonOtherTime(), optBookOther},
		Option{t.x.ButtonCancel(), optBookCancel})
	return nil
}

// reask repeats the pending question after a side answer.
func (t *turn) reask() error {
	switch t.s.State {
	case AskService, AskTime, AskName, AskPhone, Confirm:
		return t.next()
	case CancelConfirm:
		t.say(t.x.CancelConfirm(t.cancelVisit()), t.cancelConfirmOptions()...)
	}
	return nil
}

// chooseTime checks the time the client named, or offers free times.
func (t *turn) chooseTime() error {
	d := &t.s.Draft
	t.s.State = AskTime
	w := d.When
	d.When = nil
	if w != nil {
		at := w.At.In(t.biz.Location)
		if !w.HasDate && w.HasTime && at.Before(t.now) && w.Grain != intents.GrainSecond {
			at = at.AddDate(0, 0, 1) // "в 15:00" said at 16:00 means tomorrow
		}
		day := startOfDay(at)
		switch {
		case w.Ask:
			return t.askWhichDay(*w)
		case w.Open == intents.OpenAfter:
			return t.offerRange(at, day.AddDate(0, 0, 1), true, t.x.After(at, t.now))
		case w.Open == intents.OpenBefore:
			return t.offerRange(day, at, true, t.x.Before(at, t.now))
		case !w.End.IsZero() && w.HasTime:
			end := w.End.In(t.biz.Location)
			return t.offerRange(at, end, true, t.x.Between(at, end, t.now))
		case !w.End.IsZero():
			last := startOfDay(w.End.In(t.biz.Location))
			return t.offerRange(day, last.AddDate(0, 0, 1), false, t.x.Range(day, last, t.now))
		case w.Grain == intents.GrainWeek:
			return t.offerRange(day, day.AddDate(0, 0, 7), false, t.x.Range(day, day.AddDate(0, 0, 6), t.now))
		case w.Grain == intents.GrainMonth:
			end := day.AddDate(0, 1, 0)
			return t.offerRange(day, end, false, t.x.Range(day, end.AddDate(0, 0, -1), t.now))
		case w.HasTime:
			return t.tryStart(at)
		case w.HasDate:
			return t.offerDay(at, w.PartOfDay)
		case w.PartOfDay != "":
			return t.offerDay(t.now, w.PartOfDay)
		}
	}
	// The first free times of the next days, an hour or more apart, so the buttons are a choice.
	q := t.query(t.now, t.now.AddDate(0, 0, 7))
	q.Limit = 200
	slots, err := t.e.cal.FreeSlots(t.ctx, q)
	if err != nil {
		return fmt.Errorf("free slots: %w", err)
	}
	slots = apart(distinct(slots), time.Hour, offered)
	if len(slots) == 0 {
		return t.offerNear(t.x.AskTime(t.serviceName(d.Service)), t.now)
	}
	t.say(t.x.AskTime(t.serviceName(d.Service)), t.slotOptions(slots, t.now)...)
	return nil
}

// tryStart takes start if it is free, or offers the nearest free times.
func (t *turn) tryStart(start time.Time) error {
	d := &t.s.Draft
	q := t.query(start, start.Add(time.Minute))
	q.Limit = 1
	slots, err := t.e.cal.FreeSlots(t.ctx, q)
	if err != nil {
		return fmt.Errorf("free slots: %w", err)
	}
	if len(slots) > 0 && slots[0].Start.Equal(start) {
		// Keep the time for the client while the bot asks for the rest.
		h, err := t.e.cal.Hold(t.ctx, calendar.HoldRequest{Service: d.Service, Master: slots[0].Master, Start: start,
			Owner: t.s.Key, Now: t.now, Moving: d.Replaces})
		if err == nil {
			d.Start, d.Master, d.Hold = slots[0].Start, slots[0].Master, h.ID
			t.say(capitalize(t.x.SlotOK(t.visit(d.Service, d.Master, d.Start, ""))))
			return t.next()
		}
		if !errors.Is(err, calendar.ErrSlotTaken) {
			return fmt.Errorf("hold: %w", err)
		}
	}
	var why string
	switch {
	case start.Before(t.now):
		why = t.x.InPast()
	case start.Before(t.now.Add(t.biz.MinLead)):
		why = t.x.TooSoon(t.x.When(start, t.now))
	case start.After(t.now.AddDate(0, 0, t.biz.Horizon)):
		return t.offerNear(t.x.TooFar(), t.now)
	case !t.open(start):
		why = t.x.Closed(t.x.When(start, t.now))
	default:
		why = t.x.SlotTaken(t.x.When(start, t.now))
	}
	return t.offerNear(why, start)
}

// offerDay offers the free times of one day, within a part of the day if one was named.
func (t *turn) offerDay(day time.Time, part string) error {
	from := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, t.biz.Location)
	to := from.AddDate(0, 0, 1)
	if lo, hi, ok := partOfDay(part); ok {
		from, to = from.Add(lo), from.Add(hi)
	}
	if to.Before(t.now) {
		return t.offerNear(t.x.InPast(), t.now)
	}
	slots, err := t.e.cal.FreeSlots(t.ctx, t.query(from, to))
	if err != nil {
		return fmt.Errorf("free slots: %w", err)
	}
	slots = distinct(slots)
	if len(slots) > 1 {
		// Cover the whole window with times at least half an hour apart.
		span := slots[len(slots)-1].Start.Sub(slots[0].Start)
		gap := max(30*time.Minute, (span / (offered - 1)).Truncate(15*time.Minute))
		slots = apart(slots, gap, offered)
	}
	if len(slots) == 0 {
		why := t.x.DayFull(capitalize(t.x.Day(from, t.now)))
		if !t.open(from) {
			why = t.x.Closed(t.x.Day(from, t.now))
		}
		return t.offerNear(why, from)
	}
	t.say(t.x.AskTimeOfDay(capitalize(t.x.Day(from, t.now))), t.slotOptions(slots, from)...)
	return nil
}

// offerRange offers free times in [from, to), spread over the range. timed means the client
// named clock times («с 10 до 12», «после 16»): then the visit must also end by to.
func (t *turn) offerRange(from, to time.Time, timed bool, what string) error {
	d := &t.s.Draft
	if to.Before(t.now) {
		return t.offerNear(t.x.InPast(), t.now)
	}
	svc, _ := t.biz.Service(d.Service)
	slots, err := t.e.cal.FreeSlots(t.ctx, t.query(from, to))
	if err != nil {
		return fmt.Errorf("free slots: %w", err)
	}
	if timed {
		slots = slices.DeleteFunc(slots, func(s calendar.Slot) bool { return s.Start.Add(svc.Duration).After(to) })
	}
	slots = distinct(slots)
	if len(slots) > 1 {
		span := slots[len(slots)-1].Start.Sub(slots[0].Start)
		gap := max(30*time.Minute, (span / (offered - 1)).Truncate(15*time.Minute))
		slots = apart(slots, gap, offered)
	}
	what = capitalize(what)
	if len(slots) == 0 {
		return t.offerNear(t.x.RangeFull(what), from)
	}
	ref := from
	if !startOfDay(from).Equal(startOfDay(to.Add(-time.Nanosecond))) {
		ref = t.now // the range spans days: the labels carry the day
	}
	t.say(t.x.AskTimeInRange(what), t.slotOptions(slots, ref)...)
	return nil
}

// askWhichDay asks back about an ambiguous day («в следующую среду» said on a Tuesday),
// offering both readings.
func (t *turn) askWhichDay(w intents.When) error {
	d := &t.s.Draft
	at := w.At.In(t.biz.Location)
	alt := at.AddDate(0, 0, 7)
	if at.Sub(t.now) >= 7*24*time.Hour {
		alt = at.AddDate(0, 0, -7)
	}
	if alt.Before(at) {
		at, alt = alt, at
	}
	w.Ask = false
	d.Pending = &w
	var opts []Option
	for _, day := range []time.Time{at, alt} {
		opts = append(opts, Option{capitalize(t.x.Day(day, t.now)), optDay + day.Format(time.DateOnly)})
	}
	t.say(t.x.WhichDay(t.x.Day(at, t.now), t.x.Day(alt, t.now)), opts...)
	return nil
}

// offerNear says why and offers the free times nearest to at.
func (t *turn) offerNear(why string, at time.Time) error {
	if at.Before(t.now) {
		at = t.now
	}
	slots, err := t.e.cal.NearestTo(t.ctx, t.query(time.Time{}, time.Time{}), at, 4*offered)
	if err != nil {
		return fmt.Errorf("nearest slots: %w", err)
	}
	slots = nearestApart(slots, at, 30*time.Minute, offered)
	if len(slots) == 0 {
		t.s.State, t.s.Draft = Idle, Draft{}
		t.say(t.x.NoSlots(t.business()))
		return nil
	}
	t.say(capitalize(why), t.slotOptions(slots, at)...)
	return nil
}

// book makes the booking in the draft.
func (t *turn) book() error {
	d := &t.s.Draft
	var b calendar.Booking
	var old calendar.Booking
	var err error
	if d.Replaces != "" {
		if old, err = t.booking(d.Replaces); err != nil {
			return err
		}
		master := ""
		if d.MasterChosen {
			master = d.Master
		}
		b, err = t.e.cal.Reschedule(t.ctx, calendar.RescheduleRequest{ID: d.Replaces, Start: d.Start, Master: master, Now: t.now, ByClient: true})
	} else {
		req := calendar.Request{Service: d.Service, Master: d.Master, Start: d.Start, Now: t.now, Hold: d.Hold,
			Client: calendar.Client{ID: t.s.Key, Name: t.s.Profile.Name, Phone: t.s.Profile.Phone}}
		b, err = t.e.cal.Book(t.ctx, req)
		if errors.Is(err, calendar.ErrHoldExpired) {
			req.Hold = "" // the client took long: book it if the time is still free
			b, err = t.e.cal.Book(t.ctx, req)
		}
		if errors.Is(err, calendar.ErrSlotTaken) && !d.MasterChosen {
			req.Master, req.Hold = "", "" // the time may still be free with another master
			b, err = t.e.cal.Book(t.ctx, req)
		}
	}
	switch {
	case errors.Is(err, calendar.ErrSlotTaken):
		t.s.State = AskTime
		start := d.Start
		d.Start, d.Hold = time.Time{}, ""
		return t.offerNear(t.x.SlotLost(), start)
	case errors.Is(err, calendar.ErrTooLate):
		t.s.State, t.s.Draft = Idle, Draft{}
		t.say(t.x.TooLateToChange(t.business()))
		return nil
	case errors.Is(err, calendar.ErrInPast), errors.Is(err, calendar.ErrOutsideHours), errors.Is(err, calendar.ErrTooFar):
		t.s.State = AskTime
		d.Start, d.Hold = time.Time{}, ""
		return t.offerNear(t.x.InPast(), t.now)
	case err != nil:
		return fmt.Errorf("book: %w", err)
	}
	moving := d.Replaces != ""
	t.s.State, t.s.Draft = Idle, Draft{}
	t.out.Booked = &b
	v := t.visit(b.Service, b.Master, b.Start, b.ID)
	if moving {
		t.out.Moved = &old
		v.Move = true
	}
	t.say(t.x.Booked(v))
	return nil
}

// query is a free-time query for the draft from from to to: its service and master, and the
// client's own hold and the visit being moved counted as free.
func (t *turn) query(from, to time.Time) calendar.Query {
	d := t.s.Draft
	return calendar.Query{Service: d.Service, Master: t.master(), From: from, To: to, Now: t.now,
		Owner: t.s.Key, Moving: d.Replaces}
}

// release gives back the time held for the client, if any.
func (t *turn) release() {
	if id := t.s.Draft.Hold; id != "" {
		if err := t.e.cal.Release(t.ctx, id); err != nil && !errors.Is(err, calendar.ErrNotFound) {
			t.e.log.Warn("release hold", "error", err)
		}
		t.s.Draft.Hold = ""
	}
}

// booking returns one of the client's upcoming bookings by ID.
func (t *turn) booking(id string) (calendar.Booking, error) {
	up, err := t.e.cal.Upcoming(t.ctx, t.s.Key, t.now)
	if err != nil {
		return calendar.Booking{}, fmt.Errorf("upcoming: %w", err)
	}
	for _, b := range up {
		if b.ID == id {
			return b, nil
		}
	}
	return calendar.Booking{ID: id}, nil
}

// startMove finds the visit the client wants to move and asks for the new time.
func (t *turn) startMove(text string, r intents.Result) error {
	up, err := t.e.cal.Upcoming(t.ctx, t.s.Key, t.now)
	if err != nil {
		return fmt.Errorf("upcoming: %w", err)
	}
	switch len(up) {
	case 0:
		t.s.State, t.s.Draft = Idle, Draft{}
		t.say(t.x.NothingToMove(), t.menu()...)
		return nil
	case 1:
		return t.move(up[0], r.When)
	}
	t.s.State, t.s.Draft = MovePick, Draft{When: r.When}
	t.say(t.x.MoveWhich(), t.visitOptions(up, optMovePick)...)
	return nil
}

// move starts moving b, to w if the client named a time, with the same master.
func (t *turn) move(b calendar.Booking, w *intents.When) error {
	if w != nil && w.HasTime && !w.HasDate && w.Grain != intents.GrainSecond {
		// «можно на 15:15?» about a visit: the same day, another time.
		day, at := b.Start.In(t.biz.Location), w.At.In(t.biz.Location)
		moved := *w
		moved.At = time.Date(day.Year(), day.Month(), day.Day(), at.Hour(), at.Minute(), 0, 0, t.biz.Location)
		moved.HasDate = true
		w = &moved
	}
	t.s.Draft = Draft{Service: b.Service, Master: b.Master, MasterChosen: true, Replaces: b.ID, When: w}
	if w == nil {
		t.s.State = AskTime
		t.say(t.x.MoveWhen(t.visit(b.Service, b.Master, b.Start, b.ID)))
		return nil
	}
	return t.next()
}

// otherTime drops the chosen time and offers others.
func (t *turn) otherTime() error {
	t.release()
	d := &t.s.Draft
	at := d.Start
	d.Start, d.When = time.Time{}, nil
	t.s.State = AskTime
	if at.IsZero() {
		return t.next()
	}
	return t.offerDay(at, "")
}

func (t *turn) dropBooking() {
	t.release()
	moving := t.s.Draft.Replaces != ""
	t.s.State, t.s.Draft = Idle, Draft{}
	if moving {
		t.say(t.x.KeepBooking())
		return
	}
	t.say(t.x.BookingDropped(), t.menu()...)
}

// startCancel finds the client's upcoming visits and asks which to cancel.
func (t *turn) startCancel() error {
	up, err := t.e.cal.Upcoming(t.ctx, t.s.Key, t.now)
	if err != nil {
		return fmt.Errorf("upcoming: %w", err)
	}
	switch len(up) {
	case 0:
		t.s.State = Idle
		t.say(t.x.NothingToCancel(), t.menu()...)
		return nil
	case 1:
		t.s.State, t.s.Draft = CancelConfirm, Draft{CancelID: up[0].ID, Service: up[0].Service, Master: up[0].Master, Start: up[0].Start}
		t.say(t.x.CancelConfirm(t.cancelVisit()), t.cancelConfirmOptions()...)
		return nil
	}
	t.s.State = CancelPick
	t.say(t.x.CancelWhich(), t.visitOptions(up, optCancelPick)...)
	return nil
}

// visitOptions offers the client's visits as buttons with values prefix + booking ID.
func (t *turn) visitOptions(bs []calendar.Booking, prefix string) []Option {
	var opts []Option
	for _, b := range bs {
		label := t.x.SlotLabel(b.Start.In(t.biz.Location), t.now, t.now) + ", " + t.serviceName(b.Service)
		opts = append(opts, Option{label, prefix + b.ID})
	}
	return opts
}

func (t *turn) cancel() error {
	d := t.s.Draft
	_, err := t.e.cal.CancelByClient(t.ctx, d.CancelID, t.now)
	if errors.Is(err, calendar.ErrTooLate) {
		t.s.State, t.s.Draft = Idle, Draft{}
		t.say(t.x.TooLateToChange(t.business()))
		return nil
	}
	if err != nil && !errors.Is(err, calendar.ErrNotFound) {
		return fmt.Errorf("cancel: %w", err)
	}
	t.s.State, t.s.Draft = Idle, Draft{}
	t.out.Cancelled = &calendar.Booking{ID: d.CancelID, Service: d.Service, Master: d.Master, Start: d.Start, Status: calendar.StatusCancelled}
	t.say(t.x.Cancelled(t.visit(d.Service, d.Master, d.Start, d.CancelID)))
	return nil
}

func (t *turn) cancelVisit() prompts.Visit {
	d := t.s.Draft
	return t.visit(d.Service, d.Master, d.Start, d.CancelID)
}

func (t *turn) cancelConfirmOptions() []Option {
	return []Option{{t.x.ButtonYesCancel(), optCancelYes}, {t.x.ButtonKeep(), optCancelNo}}
}

// option handles a pressed button. handled is false for a value this version does not know
// (an old button in a chat's history): then the label is read as text.
func (t *turn) option(v string) (handled bool, err error) {
	switch {
	case v == optMenuBook:
		if !t.inBooking() {
			t.s.Draft = Draft{}
		}
		return true, t.next()
	case v == optMenuPrices:
		t.prices(nil)
		return true, t.reask()
	case v == optMenuHuman:
		t.say(t.x.Human(t.business()))
		return true, nil
	case v == optMenuAddress:
		t.say(t.x.AddressHours(t.business()))
		return true, t.reask()
	case strings.HasPrefix(v, optService):
		id := strings.TrimPrefix(v, optService)
		if _, ok := t.biz.Service(id); !ok {
			return false, nil
		}
		if t.s.State == CancelPick || t.s.State == CancelConfirm {
			t.s.Draft = Draft{}
		}
		t.merge(intents.Result{Services: []string{id}})
		return true, t.next()
	case strings.HasPrefix(v, optSlot):
		sec, err := strconv.ParseInt(strings.TrimPrefix(v, optSlot), 10, 64)
		if err != nil || t.s.Draft.Service == "" {
			return false, nil
		}
		// Buttons come back from the client untrusted and maybe late: check the time again.
		t.s.Draft.When = nil
		return true, t.tryStart(time.Unix(sec, 0).In(t.biz.Location))
	case strings.HasPrefix(v, optDay):
		day, err := time.ParseInLocation(time.DateOnly, strings.TrimPrefix(v, optDay), t.biz.Location)
		d := &t.s.Draft
		if err != nil || d.Pending == nil || d.Service == "" {
			return false, nil
		}
		w := *d.Pending
		at := w.At.In(t.biz.Location)
		w.At = time.Date(day.Year(), day.Month(), day.Day(), at.Hour(), at.Minute(), 0, 0, t.biz.Location)
		d.Pending, d.When = nil, &w
		return true, t.next()
	case v == optBookYes:
		if t.s.State != Confirm {
			return true, t.reask()
		}
		return true, t.book()
	case v == optBookOther:
		return true, t.otherTime()
	case v == optBookCancel:
		t.dropBooking()
		return true, nil
	case strings.HasPrefix(v, optMovePick):
		b, err := t.booking(strings.TrimPrefix(v, optMovePick))
		if err != nil {
			return true, err
		}
		if b.Service == "" { // not an upcoming visit of this client (any more)
			return true, t.startMove("", intents.Result{})
		}
		return true, t.move(b, t.s.Draft.When)
	case strings.HasPrefix(v, optCancelPick):
		id := strings.TrimPrefix(v, optCancelPick)
		up, err := t.e.cal.Upcoming(t.ctx, t.s.Key, t.now)
		if err != nil {
			return true, fmt.Errorf("upcoming: %w", err)
		}
		for _, b := range up {
			if b.ID == id {
				t.s.State, t.s.Draft = CancelConfirm, Draft{CancelID: b.ID, Service: b.Service, Master: b.Master, Start: b.Start}
				t.say(t.x.CancelConfirm(t.cancelVisit()), t.cancelConfirmOptions()...)
				return true, nil
			}
		}
		return true, t.startCancel()
	case v == optCancelYes && t.s.State == CancelConfirm:
		return true, t.cancel()
	case v == optCancelNo && t.s.State == CancelConfirm:
		t.s.State, t.s.Draft = Idle, Draft{}
		t.say(t.x.KeepBooking())
		return true, nil
	}
	return false, nil
}

// prices answers a price question about the named services, the draft's, or all.
func (t *turn) prices(ids []string) {
	if len(ids) == 0 && t.s.Draft.Service != "" && t.inBooking() {
		ids = []string{t.s.Draft.Service}
	}
	if len(ids) > 0 {
		var lines []string
		for _, id := range ids {
			if svc, ok := t.biz.Service(id); ok {
				lines = append(lines, t.x.PriceOne(t.serviceName(id), t.x.Price(svc.Price), t.x.Duration(svc.Duration)))
			}
		}
		t.say(strings.Join(lines, "\n"))
		return
	}
	var items []prompts.PriceItem
	for _, svc := range t.biz.Services {
		items = append(items, prompts.PriceItem{Service: t.serviceName(svc.ID), Price: t.x.Price(svc.Price), Duration: t.x.Duration(svc.Duration)})
	}
	t.say(t.x.PriceList(items))
}

func (t *turn) services() {
	var items []prompts.ServiceItem
	for _, svc := range t.biz.Services {
		it := prompts.ServiceItem{Service: t.serviceName(svc.ID)}
		for _, m := range t.biz.MastersFor(svc.ID) {
			it.Masters = append(it.Masters, t.masterName(m.ID))
		}
		items = append(items, it)
	}
	t.say(t.x.ServiceList(items))
}
