package dialogs_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/minutka/minutka/calendar"
	"github.com/minutka/minutka/calendar/calendartest"
	"github.com/minutka/minutka/dialogs"
	"github.com/minutka/minutka/dialogs/dialogstest"
	"github.com/minutka/minutka/intents"
)

// fixture is an engine on the demo salon with in-memory stores and a settable clock.
type fixture struct {
	t   *testing.T
	cal *calendar.Calendar
	e   *dialogs.Engine
	now time.Time
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureWith(t, nil)
}

// newFixtureWith is newFixture on the demo salon changed by change.
func newFixtureWith(t *testing.T, change func(*calendar.Business)) *fixture {
	t.Helper()
	b := calendartest.Demo()
	if change != nil {
		change(&b)
	}
	cal := calendar.New(b, calendartest.NewStore())
	var cat intents.Catalog
	for _, s := range b.Services {
		cat.Services = append(cat.Services, intents.ServiceName{ID: s.ID, Names: append([]string{s.Name, s.NameEN}, s.Aliases...)})
	}
	for _, m := range b.Masters {
		cat.Masters = append(cat.Masters, intents.MasterName{ID: m.ID, Names: []string{m.Name, m.NameEN}})
	}
	e := dialogs.New(dialogs.Config{Calendar: cal, Detector: intents.NewRulesWith(cat), Sessions: dialogstest.NewSessions()})
	// Monday 23 November 2026, 10:00 in Krasnoyarsk.
	return &fixture{t: t, cal: cal, e: e, now: time.Date(2026, 11, 23, 10, 0, 0, 0, b.Location)}
}

func (f *fixture) at(day, h, m int) time.Time {
	return time.Date(2026, 11, day, h, m, 0, 0, f.now.Location())
}

func (f *fixture) handle(in dialogs.Input) dialogs.Turn {
	f.t.Helper()
	if in.Time.IsZero() {
		in.Time = f.now
	}
	turn, err := f.e.Handle(context.Background(), in)
	if err != nil {
		f.t.Fatalf("Handle(%q) error: %v", in.Text, err)
	}
	if len(turn.Replies) == 0 {
		f.t.Fatalf("Handle(%q): no reply", in.Text)
	}
	return turn
}

func (f *fixture) say(client, text string) dialogs.Turn {
	f.t.Helper()
	return f.handle(dialogs.Input{Client: client, Text: text})
}

func (f *fixture) press(client string, turn dialogs.Turn, label string) dialogs.Turn {
	f.t.Helper()
	for _, r := range turn.Replies {
		for _, o := range r.Options {
			if o.Label == label {
				return f.handle(dialogs.Input{Client: client, Text: o.Label, Option: o.Value})
			}
		}
	}
	f.t.Fatalf("no button %q in %q", label, text(turn))
	return dialogs.Turn{}
}

func text(turn dialogs.Turn) string {
	var b strings.Builder
	for _, r := range turn.Replies {
		b.WriteString(r.Text + "\n")
		for _, o := range r.Options {
			b.WriteString("[" + o.Label + "]\n")
		}
	}
	return b.String()
}

func (f *fixture) want(turn dialogs.Turn, subs ...string) {
	f.t.Helper()
	got := text(turn)
	for _, s := range subs {
		if !strings.Contains(got, s) {
			f.t.Errorf("replies = %q, want them to contain %q", got, s)
		}
	}
}

func (f *fixture) wantNot(turn dialogs.Turn, subs ...string) {
	f.t.Helper()
	got := text(turn)
	for _, s := range subs {
		if strings.Contains(got, s) {
			f.t.Errorf("replies = %q, want them not to contain %q", got, s)
		}
	}
}

func (f *fixture) book(master string, start time.Time) {
	f.t.Helper()
	_, err := f.cal.Book(context.Background(), calendar.Request{Service: "mens-haircut", Master: master, Start: start,
		Client: calendar.Client{ID: "other:" + master}, Now: f.now})
	if err != nil {
		f.t.Fatal(err)
	}
}

func TestBookingConversation(t *testing.T) {
	f := newFixture(t)
	r := f.say("c1", "Здравствуйте, хочу записаться на мужскую стрижку завтра в 15:00")
	f.want(r, "Здравствуйте!", "Здравствуйте! Завтра, 24 ноября, в 15:00 свободно, мастер Ольга.\nКак к вам обращаться?", "Как к вам обращаться?")
	r = f.say("c1", "Иван")
	f.want(r, "Иван, оставьте, пожалуйста, номер телефона")
	// A side question does not lose the booking in progress.
	r = f.say("c1", "а сколько стоит?")
	f.want(r, "Мужская стрижка: 1\u00a0200\u00a0₽, 45 мин", "номер телефона")
	r = f.say("c1", "где вы находитесь?")
	f.want(r, "Красноярск, ул. Карла Маркса, 95", "пн–сб: 10:00–20:00", "вс: 10:00–18:00", "номер телефона")
	r = f.say("c1", "не скажу")
	f.want(r, "Не получилось разобрать номер")
	r = f.say("c1", "8 (913) 123-45-67")
	f.want(r, "Проверьте, пожалуйста", "Мужская стрижка, завтра, 24 ноября, в 15:00", "Мастер: Ольга", "Иван, +79131234567", "Записываю?")
	r = f.press("c1", r, "Да, записать")
	f.want(r, "Готово, вы записаны!", "Номер записи: 1")
	if r.Booked == nil || !r.Booked.New || r.Booked.Master != "olga" || !r.Booked.Start.Equal(f.at(24, 15, 0)) {
		t.Fatalf("Booked = %+v, want a new booking with olga tomorrow at 15:00", r.Booked)
	}

	// A returning client is greeted by name and not asked again for name and phone.
	r = f.say("c1", "Привет!")
	f.want(r, "Иван, здравствуйте!")
	r = f.say("c1", "запишите на брови в среду в 12")
	f.want(r, "Послезавтра, 25 ноября, в 12:00 свободно, мастер Мария", "Иван, +79131234567", "Записываю?")
	r = f.say("c1", "да")
	if r.Booked == nil || !r.Booked.New { // the first visit is not attended yet: still a new client
		t.Errorf("second Booked = %+v, want a booking still tagged new (New true)", r.Booked)
	}
}

func TestTakenTimeOffersNearest(t *testing.T) {
	f := newFixture(t)
	f.book("olga", f.at(24, 15, 0))
	f.book("anna", f.at(24, 15, 0))
	r := f.say("c2", "мужская стрижка завтра в 15:00")
	f.want(r, "завтра, 24 ноября, в 15:00 уже занято", "[завтра 13:15]", "[завтра 15:45]")
	f.wantNot(r, "15:00]", "Как к вам обращаться")
	r = f.press("c2", r, "завтра 15:45")
	f.want(r, "Как к вам обращаться?")
	r = f.say("c2", "меня зовут Пётр, телефон +7 913 000 11 22")
	f.want(r, "Мужская стрижка, завтра, 24 ноября, в 15:45", "+79130001122")

	// The chosen time is held for the client while they answer: nobody else can take it.
	_, err := f.cal.Book(context.Background(), calendar.Request{Service: "mens-haircut", Master: "olga", Start: f.at(24, 15, 45),
		Client: calendar.Client{ID: "someone-else"}, Now: f.now})
	if !errors.Is(err, calendar.ErrSlotTaken) {
		t.Fatalf("another client booking the held time: Book = %v, want ErrSlotTaken", err)
	}
	// The client is gone past the hold and someone else takes the time: others are offered.
	f.now = f.now.Add(15 * time.Minute)
	f.book("olga", f.at(24, 15, 45))
	f.book("anna", f.at(24, 15, 45))
	r = f.press("c2", r, "Да, записать")
	f.want(r, "только что заняли")
	if r.Booked != nil {
		t.Errorf("Booked = %+v after the slot was taken, want nil", r.Booked)
	}
}

func TestAsksWhatIsMissing(t *testing.T) {
	f := newFixture(t)
	r := f.say("c3", "хочу записаться")
	f.want(r, "На какую услугу вас записать?", "[Оформление бровей]", "[Маникюр с покрытием]")
	r = f.press("c3", r, "Оформление бровей")
	f.want(r, "Оформление бровей: когда вам удобно?", "[сегодня 11:00]", "[сегодня 12:00]")
	f.wantNot(r, "[сегодня 11:15]") // offered times are a choice, not a row of neighbours
	r = f.say("c3", "в пятницу")
	f.want(r, "В пятницу, 27 ноября: на какое время?", "[10:00]", "[18:45]")
	r = f.say("c3", "в пятницу вечером")
	f.want(r, "[17:00]")
	f.wantNot(r, "[10:00]")
	r = f.say("c3", "сегодня в 9 утра")
	f.want(r, "уже прошло")
	r = f.say("c3", "отмена")
	f.want(r, "Хорошо, не записываю")
}

func TestCancelVisit(t *testing.T) {
	f := newFixture(t)
	r := f.say("c4", "Запишите на маникюр послезавтра в 11:00, 89131112233")
	f.want(r, "Как к вам обращаться?")
	r = f.say("c4", "Анна")
	f.want(r, "Записываю?")
	r = f.press("c4", r, "Да, записать")
	if r.Booked == nil {
		t.Fatalf("no booking: %q", text(r))
	}
	r = f.say("c4", "хочу отменить запись")
	f.want(r, "Отменить запись: Маникюр с покрытием, послезавтра, 25 ноября, в 11:00, мастер Мария?")
	r = f.press("c4", r, "Да, отменить")
	f.want(r, "Запись отменена")
	if r.Cancelled == nil || r.Cancelled.ID != "1" {
		t.Errorf("Cancelled = %+v, want booking 1", r.Cancelled)
	}
	up, err := f.cal.Upcoming(context.Background(), "c4", f.now)
	if err != nil || len(up) != 0 {
		t.Errorf("Upcoming after cancel = %+v, %v; want none", up, err)
	}
	r = f.say("c4", "отмените запись")
	f.want(r, "нет предстоящих записей")
}

func TestOddInput(t *testing.T) {
	f := newFixture(t)
	f.want(f.handle(dialogs.Input{Client: "c5", Kind: "sticker"}), "только текст")
	f.want(f.say("c5", strings.Repeat("очень длинно ", 500)), "слишком длинное")
	f.want(f.say("c5", "\xff\xfe привет"), "Здравствуйте")
	r0 := f.say("c5", "абырвалг")
	f.want(r0, "не совсем поняла", "[Записаться]", "[Позвать администратора]")
	f.want(f.press("c5", r0, "Позвать администратора"), "передам ваш вопрос администратору")
	r := f.say("c5", "сколько стоит?")
	f.want(r, "Наши цены:", "Окрашивание: 4\u00a0500\u00a0₽ (2 ч)")
	f.want(f.say("c5", "спасибо, до свидания"), "Будем рады вас видеть")
	f.want(f.say("c5", "позовите человека"), "администратору", "+73912000000")
	// A button from an old message that this version does not know is read as its label.
	f.want(f.handle(dialogs.Input{Client: "c5", Text: "Цены", Option: "gone:button"}), "Наши цены:")
}

func TestEnglish(t *testing.T) {
	f := newFixture(t)
	r := f.say("c6", "Hello, I would like to book a men's haircut tomorrow at 3pm")
	f.want(r, "Hello!", "Hello! Tomorrow, 24 November at 15:00 is free, with Olga", "What is your name?")
	r = f.say("c6", "John")
	f.want(r, "John, please leave a phone number")
}

type failingSessions struct{ dialogs.SessionStore }

func (failingSessions) Session(context.Context, string) (dialogs.Session, bool, error) {
	return dialogs.Session{}, false, errors.New("disk on fire")
}

func TestStoreErrorApologises(t *testing.T) {
	b := calendartest.Demo()
	e := dialogs.New(dialogs.Config{Calendar: calendar.New(b, calendartest.NewStore()), Detector: intents.NewRules(nil), Sessions: failingSessions{}})
	turn, err := e.Handle(context.Background(), dialogs.Input{Client: "x", Text: "привет", Time: time.Now()})
	if err == nil {
		t.Error("Handle with a failing store returned no error for the log")
	}
	if len(turn.Replies) != 1 || !strings.Contains(turn.Replies[0].Text, "что-то пошло не так") || strings.Contains(turn.Replies[0].Text, "disk") {
		t.Errorf("replies = %+v, want one apology without the error text", turn.Replies)
	}
}

func TestMoveVisit(t *testing.T) {
	f := newFixture(t)
	r := f.say("c7", "можно перенести запись?")
	f.want(r, "нет предстоящих записей")
	r = f.say("c7", "запишите на женскую стрижку к Анне в четверг в 11:00, меня зовут Вера, 89130001122")
	f.want(r, "Мастер: Анна", "в четверг, 26 ноября, в 11:00", "Записываю?")
	r = f.say("c7", "да")
	if r.Booked == nil {
		t.Fatalf("no booking: %q", text(r))
	}
	first := r.Booked.ID
	r = f.say("c7", "Здравствуйте! Можно перенести мою запись на пятницу в 12?")
	f.want(r, "Мастер: Анна", "в пятницу, 27 ноября, в 12:00", "Переносим на это время?")
	r = f.press("c7", r, "Да, перенести")
	f.want(r, "Готово, запись перенесена!", "в пятницу, 27 ноября, в 12:00")
	if r.Booked == nil || r.Moved == nil || r.Moved.ID != first || r.Booked.Master != "anna" {
		t.Fatalf("Booked = %+v, Moved = %+v; want a booking with anna replacing %s", r.Booked, r.Moved, first)
	}
	up, err := f.cal.Upcoming(context.Background(), "c7", f.now)
	if err != nil || len(up) != 1 || !up[0].Start.Equal(f.at(27, 12, 0)) {
		t.Errorf("Upcoming after the move = %+v, %v; want only Friday 12:00", up, err)
	}

	// Two visits: the client picks which to move, then names the time.
	r = f.say("c7", "и ещё запишите на маникюр в субботу в 10")
	r = f.press("c7", r, "Да, записать")
	r = f.say("c7", "хочу перенести запись")
	f.want(r, "Какую запись перенести?", "[пт 27.11 12:00, Женская стрижка]", "[сб 28.11 10:00, Маникюр с покрытием]")
	r = f.press("c7", r, "сб 28.11 10:00, Маникюр с покрытием")
	f.want(r, "На какое время перенести?")
	r = f.say("c7", "на воскресенье в 16:00")
	f.want(r, "Маникюр с покрытием, в воскресенье, 29 ноября, в 16:00", "Переносим на это время?")
}

func TestMessengerInputs(t *testing.T) {
	f := newFixture(t)
	r := f.say("tg", "/start src_instagram")
	f.want(r, "Здравствуйте! Это Салон Минутка", "[Записаться]")

	// Asking for the phone is flagged, so Telegram can offer its share-contact button; a shared
	// contact arrives as a contact message carrying the number.
	f.say("tg", "брови завтра в 12")
	r = f.say("tg", "Лена")
	if len(r.Replies) != 1 || !r.Replies[0].AskPhone {
		t.Errorf("phone question = %+v, want one reply with AskPhone", r.Replies)
	}
	r = f.handle(dialogs.Input{Client: "tg", Kind: "contact", Text: "79135550011"})
	f.want(r, "Лена, +79135550011", "Записываю?")
	for _, rep := range r.Replies {
		if rep.AskPhone {
			t.Errorf("confirmation %q has AskPhone set", rep.Text)
		}
	}

	// WhatsApp vouches for the number: the bot does not ask for it.
	r = f.handle(dialogs.Input{Client: "wa", Text: "Запишите на маникюр завтра в 16:00", Phone: "+79139998877"})
	f.want(r, "Как к вам обращаться?")
	r = f.say("wa", "Светлана")
	f.want(r, "Светлана, +79139998877", "Записываю?")
}

// TestSeveralThingsAtOnce checks a question and a booking in one message get both answered,
// and a master named in any case form is kept.
func TestSeveralThingsAtOnce(t *testing.T) {
	f := newFixture(t)
	r := f.say("m1", "здравствуйте, сколько стоит маникюр и можно записаться на завтра?")
	f.want(r, "Маникюр с покрытием: 2\u00a0000\u00a0₽", "Завтра, 24 ноября: на какое время?")
	r = f.say("m2", "можно к Анне на женскую стрижку в четверг в 11?")
	f.want(r, "в 11:00 свободно, мастер Анна")
	f.book("olga", f.at(26, 12, 0))
	r = f.say("m3", "мужская стрижка у Ольги в четверг в 12")
	f.want(r, "уже занято")
	f.wantNot(r, "мастер Анна") // the client asked for Olga: Anna's free 12:00 is not offered as the same time
}

// TestMoveWithinOwnSlot moves a visit by a quarter of an hour, overlapping its own time, and
// keeps the booking number; close to the visit only the administrator may move or cancel it.
func TestMoveWithinOwnSlot(t *testing.T) {
	f := newFixtureWith(t, func(b *calendar.Business) { b.CancelCutoff = 2 * time.Hour })
	f.say("w1", "мужская стрижка к Ольге в среду в 15:00")
	f.say("w1", "Олег")
	r := f.say("w1", "89130000000")
	r = f.press("w1", r, "Да, записать")
	if r.Booked == nil {
		t.Fatalf("no booking: %q", text(r))
	}
	id := r.Booked.ID
	r = f.say("w1", "можно перенести на 15:15?")
	f.want(r, "в 15:15", "Переносим на это время?")
	r = f.press("w1", r, "Да, перенести")
	f.want(r, "Готово, запись перенесена!", "Номер записи: "+id)
	if r.Booked == nil || r.Booked.ID != id || !r.Booked.Start.Equal(f.at(25, 15, 15)) {
		t.Fatalf("Booked = %+v, want booking %s moved to 15:15", r.Booked, id)
	}

	f.now = f.at(25, 14, 0) // within the two-hour cut-off: too late to cancel by chat
	r = f.say("w1", "отмените мою запись")
	r = f.press("w1", r, "Да, отменить")
	f.want(r, "может только администратор", "+73912000000")
	if up, _ := f.cal.Upcoming(context.Background(), "w1", f.at(25, 10, 0)); len(up) != 1 {
		t.Errorf("the visit was cancelled after all: upcoming = %+v", up)
	}
}
