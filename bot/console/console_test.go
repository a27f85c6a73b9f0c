package console

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minutka/minutka/bot"
)

// echo plays the hub: it answers every delivered message on the channel, with buttons.
func TestScript(t *testing.T) {
	in := strings.NewReader("привет\n\n2\nпока\n")
	var out syncBuffer
	c := New(in, &out, "me", false)
	var got []bot.Message
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := c.Run(ctx, func(m bot.Message) {
		got = append(got, m)
		go func() {
			c.Send(ctx, m.From, bot.Reply{Text: "ответ на " + m.Text, Options: []bot.Option{{Label: "Да", Value: "yes"}, {Label: "Нет", Value: "no"}}})
			c.TurnDone(m)
		}()
	})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-c.Done():
	default:
		t.Error("Done not closed after the input ended")
	}
	if len(got) != 3 {
		t.Fatalf("delivered %d messages, want 3 (the empty line skipped): %+v", len(got), got)
	}
	if got[1].Option != "no" || got[1].Text != "Нет" {
		t.Errorf("line %q delivered as %+v, want the second button pressed", "2", got[1])
	}
	if got[2].From != (bot.Address{Channel: "console", Chat: "me"}) {
		t.Errorf("From = %v, want console:me", got[2].From)
	}
	want := "ответ на привет\n  1) Да\n  2) Нет\nответ на Нет\n  1) Да\n  2) Нет\nответ на пока\n  1) Да\n  2) Нет\n"
	if out.String() != want {
		t.Errorf("output = %q, want %q", out.String(), want)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
