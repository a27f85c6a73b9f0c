// Package intents understands what a client writes: the intent of a message and its entities
// (services, dates and times, phone numbers, names). Rules come first; a GPT fallback may follow.
package intents

import (
	"context"
	"time"
)

// Intent is what a client wants with a message.
type Intent string

// The intent vocabulary. The labels match shared/eval/ru_intents.tsv.
const (
	Greeting     Intent = "greeting"      // hello and nothing else
	Book         Intent = "book"          // wants to book a visit
	Reschedule   Intent = "reschedule"    // wants to move an existing visit
	Cancel       Intent = "cancel"        // wants to cancel a visit
	Confirm      Intent = "confirm"       // confirms an existing visit (e.g. answers a reminder)
	Price        Intent = "price"         // asks what something costs
	AddressHours Intent = "address_hours" // asks where the business is or when it is open
	Services     Intent = "services"      // asks what services or masters there are
	Human        Intent = "human"         // asks for a person
	ThanksBye    Intent = "thanks_bye"    // thanks, goodbye
	Other        Intent = "other"         // anything else
)

// Answer is a yes or a no found in a message, for questions the bot asked.
type Answer int

// Answers.
const (
	NoAnswer Answer = iota
	Yes
	No
)

// Catalog entry: one service and every name clients may call it by.
type ServiceName struct {
	ID    string   // the calendar's service ID
	Names []string // names and aliases in any language, e.g. "Мужская стрижка", "подстричься"
}

// When is a date and/or time found in a message: what the client said explicitly, so the
// dialog asks only for what is missing.
type When struct {
	At        time.Time // the start, in now's location: midnight when only a day was named; now plus the offset for «через …» (Grain second)
	HasDate   bool      // a day was named ("завтра", "в пятницу", "5 декабря")
	HasTime   bool      // a time of day was named ("в 15:00", "в 3 часа")
	PartOfDay string    // "morning", "day", "evening" or "night" when a part of the day was named
	Grain     Grain     // the precision of what was said; "" is read as GrainDay or GrainMinute
	// End is the end of an interval ("с 10 до 12", "с 13 по 15 июля", "следующие три дня"):
	// the last day (midnight) for day grains, the end instant for times. Zero if none.
	End time.Time
	// Open marks an open interval: OpenBefore ("до 14:00": At is the bound) or OpenAfter
	// ("после 16": At is the bound).
	Open Open
	// Ask is set when the phrase is ambiguous by policy (e.g. «в следующую среду» said on a
	// Tuesday): At holds the reading chosen, and the dialog should ask back.
	Ask bool
}

// Grain is the precision of a When.
type Grain string

// Grains.
const (
	GrainSecond Grain = "second" // a relative offset from now ("через 30 минут")
	GrainMinute Grain = "minute"
	GrainHour   Grain = "hour"
	GrainDay    Grain = "day"
	GrainWeek   Grain = "week"  // At is the Monday starting the week
	GrainMonth  Grain = "month" // At is the first day of the month
)

// Open says which side of an interval is open.
type Open string

// Open intervals.
const (
	OpenBefore Open = "before"
	OpenAfter  Open = "after"
)

// Result is what Detect found in one message.
type Result struct {
	Intent   Intent
	Score    float64 // 0..1: how sure the detector is
	Greeting bool    // the message also greets ("Здравствуйте, хочу записаться…")
	Services []string
	When     *When
	Phone    string // E.164, e.g. "+79131234567"
	Name     string // a name the client introduced ("меня зовут Ольга")
	Answer   Answer
	Masters  []string // IDs of the masters the message names («к Ольге»), in order of mention
	Also     []Intent // other intents the message also clearly carries, strongest first
}

// Detector finds the intent and entities of a message. now is the client's current time, in
// the business's location, used to resolve relative dates.
type Detector interface {
	Detect(ctx context.Context, text string, now time.Time) (Result, error)
}
