// Package dialogs is the conversation state machine: it turns a client's message into replies,
// booking through the calendar. It is pure: no SDK, no storage, no HTTP; those sit behind the
// small interfaces declared here.
package dialogs

import (
	"context"
	"log/slog"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/minutka/minutka/calendar"
	"github.com/minutka/minutka/intents"
)

// Calendar is what the dialogs need of the calendar. *calendar.Calendar implements it.
type Calendar interface {
	Business() *calendar.Business
	FreeSlots(ctx context.Context, q calendar.Query) ([]calendar.Slot, error)
	NearestTo(ctx context.Context, q calendar.Query, at time.Time, n int) ([]calendar.Slot, error)
	Hold(ctx context.Context, r calendar.HoldRequest) (calendar.Hold, error)
	Release(ctx context.Context, holdID string) error
	Book(ctx context.Context, r calendar.Request) (calendar.Booking, error)
	Reschedule(ctx context.Context, r calendar.RescheduleRequest) (calendar.Booking, error)
	Upcoming(ctx context.Context, clientID string, now time.Time) ([]calendar.Booking, error)
	CancelByClient(ctx context.Context, id string, now time.Time) (calendar.Booking, error)
}

// SessionStore keeps one Session per conversation. dialogs/bolt implements it.
type SessionStore interface {
	// Session returns the stored session; ok is false if there is none.
	Session(ctx context.Context, key string) (s Session, ok bool, err error)
	// PutSession stores s under s.Key.
	PutSession(ctx context.Context, s Session) error
}

// State is the question the bot is waiting an answer to.
type State string

// States of the conversation.
const (
	Idle          State = ""
	AskService    State = "service"
	AskTime       State = "time"
	AskName       State = "name"
	AskPhone      State = "phone"
	Confirm       State = "confirm"
	CancelPick    State = "cancel_pick"
	MovePick      State = "move_pick"
	CancelConfirm State = "cancel_confirm"
)

// Session is one conversation's memory between messages.
type Session struct {
	Key     string    `json:"key"`
	Lang    string    `json:"lang"`
	State   State     `json:"state"`
	Draft   Draft     `json:"draft"`
	Profile Profile   `json:"profile"`
	Topic   string    `json:"topic,omitempty"` // the service last talked about («сколько стоит маникюр?» … «запишите»)
	Updated time.Time `json:"updated"`
}

// Draft is the booking (or cancellation) in progress.
type Draft struct {
	Service      string        `json:"service,omitempty"`
	Master       string        `json:"master,omitempty"`
	MasterChosen bool          `json:"master_chosen,omitempty"` // the client asked for this master
	Start        time.Time     `json:"start,omitzero"`
	When         *intents.When `json:"when,omitempty"`    // a time the client named, not yet checked
	Pending      *intents.When `json:"pending,omitempty"` // an ambiguous day asked back about
	CancelID     string        `json:"cancel_id,omitempty"`
	Replaces     string        `json:"replaces,omitempty"` // the booking this one moves
	Hold         string        `json:"hold,omitempty"`     // the hold keeping Start for the client`
}

// Profile is what the client told about themselves.
type Profile struct {
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// Input is one client message as the dialogs see it.
type Input struct {
	Client string    // the conversation key, e.g. "webchat:4f0c…"
	Text   string    // the text; for a button press, its label
	Option string    // the pressed button's value, if any
	Kind   string    // "" or "text"; anything else is a sticker, photo, voice…
	Phone  string    // the client's phone when the platform vouches for it (WhatsApp), E.164
	Time   time.Time // when the client sent it
}

// Option is a button offered with a reply.
type Option struct {
	Label string
	Value string
}

// Reply is one message to the client.
type Reply struct {
	Text     string
	Options  []Option
	AskPhone bool // the reply asks for a phone number: channels may offer a share-contact button
}

// Turn is the outcome of one message.
type Turn struct {
	Replies   []Reply
	Booked    *calendar.Booking // a booking made in this turn
	Cancelled *calendar.Booking // a booking cancelled in this turn
	Moved     *calendar.Booking // the booking Booked replaces, when the client moved a visit
}

// MaxText is the longest message, in characters, the dialogs try to understand.
const MaxText = 2000

// sessionTTL is how long an unfinished booking is remembered.
const sessionTTL = 6 * time.Hour

// Config is what an Engine needs.
type Config struct {
	Calendar Calendar
	Detector intents.Detector
	Sessions SessionStore
	Logger   *slog.Logger // nil: discard
}

// Engine runs the conversations. It is safe for concurrent use on different conversations;
// messages of one conversation must be handled one at a time (the hub guarantees it).
type Engine struct {
	cal      Calendar
	det      intents.Detector
	sessions SessionStore
	log      *slog.Logger
}

// New returns an engine. It does no I/O.
func New(c Config) *Engine {
	log := c.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Engine{cal: c.Calendar, det: c.Detector, sessions: c.Sessions, log: log}
}

// Handle answers one message. It always returns replies for the client; a non-nil error is for
// the owner's log only (the replies then apologise in the client's language).
func (e *Engine) Handle(ctx context.Context, in Input) (Turn, error) {
	biz := e.cal.Business()
	s, ok, err := e.sessions.Session(ctx, in.Client)
	if err != nil {
		return Turn{Replies: []Reply{{Text: textsFor(biz.Language).Sorry()}}}, err
	}
	now := in.Time.In(biz.Location)
	if !ok {
		s = Session{Key: in.Client, Lang: biz.Language}
	}
	if s.State != Idle && now.Sub(s.Updated) > sessionTTL {
		s.State, s.Draft = Idle, Draft{}
	}
	// Follow the client's language, but not on answers like a name, which can be in any script.
	if lang := scriptLang(in.Text); lang != "" && s.State == Idle && !strings.HasPrefix(in.Text, "/") {
		s.Lang = lang
	}
	t := &turn{e: e, ctx: ctx, s: &s, biz: biz, now: now, x: textsFor(s.Lang)}
	err = t.handle(in)
	if err != nil {
		t.out.Replies = append(t.out.Replies, Reply{Text: t.x.Sorry()})
	}
	t.out.Replies = merge(t.out.Replies, t.x.Hello())
	s.Updated = now
	if perr := e.sessions.PutSession(ctx, s); perr != nil && err == nil {
		err = perr
	}
	return t.out, err
}

// scriptLang guesses the language of a client's text from its letters: "ru" for Cyrillic,
// "en" for Latin, "" when there are too few letters to tell.
func scriptLang(s string) string {
	var cyr, lat int
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
		case r < utf8.RuneSelf && unicode.IsLetter(r):
			lat++
		}
	}
	switch {
	case cyr >= 2 && cyr >= lat:
		return "ru"
	case lat >= 4 && cyr == 0:
		return "en"
	}
	return ""
}

// merge joins the replies of one turn into as few messages as a person would send: a reply
// without buttons runs on into the next one. A lone hello stays on the same line.
func merge(rs []Reply, hello string) []Reply {
	var out []Reply
	for _, r := range rs {
		if n := len(out); n > 0 && len(out[n-1].Options) == 0 {
			sep := "\n"
			if out[n-1].Text == hello {
				sep = " "
			}
			out[n-1].Text += sep + r.Text
			out[n-1].Options = r.Options
			out[n-1].AskPhone = out[n-1].AskPhone || r.AskPhone
			continue
		}
		out = append(out, r)
	}
	return out
}
