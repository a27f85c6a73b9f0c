package bot

import (
	"context"
	"strings"
	"time"

	"github.com/minutka/minutka/calendar"
	"github.com/minutka/minutka/prompts"
)

// StaffCalendar is what the staff commands read of the calendar. *calendar.Calendar implements it.
type StaffCalendar interface {
	Business() *calendar.Business
	Bookings(ctx context.Context, from, to time.Time) ([]calendar.Booking, error)
}

// Staff answers the commands of staff and owners: /today and /tomorrow list the visits, /help
// lists the commands. Plain talk in a staff chat is left alone.
type Staff struct {
	Calendar StaffCalendar
	// Feeds lists the calendar feeds staff can subscribe to (/calendar); nil: none.
	Feeds func() []Feed
}

// Feed is a calendar feed: a name and its secret URL.
type Feed struct {
	Name, URL string
}

var _ Commands = (*Staff)(nil)

// Command implements Commands.
func (s *Staff) Command(ctx context.Context, role Role, m Message, now time.Time) []Reply {
	biz := s.Calendar.Business()
	x := prompts.For(biz.Language)
	word, _, _ := strings.Cut(strings.TrimSpace(m.Text), " ")
	word, _, _ = strings.Cut(strings.ToLower(word), "@") // "/today@minutka_bot" in a group
	if !strings.HasPrefix(word, "/") {
		if m.Group {
			return nil // staff talking among themselves
		}
		word = "/help"
	}
	now = now.In(biz.Location)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, biz.Location)
	switch word {
	case "/start", "/help":
		return []Reply{{Text: x.StaffHelp(role == RoleOwner)}}
	case "/today":
		return []Reply{{Text: s.day(ctx, x, today, now)}}
	case "/tomorrow":
		return []Reply{{Text: s.day(ctx, x, today.AddDate(0, 0, 1), now)}}
	case "/calendar":
		var feeds []prompts.FeedLink
		if s.Feeds != nil {
			for _, f := range s.Feeds() {
				feeds = append(feeds, prompts.FeedLink{Name: f.Name, URL: f.URL})
			}
		}
		return []Reply{{Text: x.StaffFeeds(feeds)}}
	}
	return []Reply{{Text: x.UnknownCommand()}}
}

// day lists the visits of one day.
func (s *Staff) day(ctx context.Context, x prompts.Texts, day, now time.Time) string {
	biz := s.Calendar.Business()
	bs, err := s.Calendar.Bookings(ctx, day, day.AddDate(0, 0, 1))
	if err != nil {
		return x.Sorry()
	}
	var lines []prompts.DayLine
	for _, b := range bs {
		l := prompts.DayLine{Time: b.Start.In(biz.Location).Format("15:04") + "–" + b.End.In(biz.Location).Format("15:04"),
			Client: b.Client.Name, Phone: b.Client.Phone, New: b.New}
		if svc, ok := biz.Service(b.Service); ok {
			l.Service = svc.Name
		}
		if m, ok := biz.Master(b.Master); ok {
			l.Master = m.Name
		}
		lines = append(lines, l)
	}
	return x.StaffDay(x.Day(day, now), lines)
}
