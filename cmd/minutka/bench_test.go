package main

import (
	"context"
	"fmt"
	"testing"

	"github.com/minutka/minutka/bot/bottest"
)

// BenchmarkFirstResponse measures one client message through the whole service (test channel,
// hub, rules, dialog, calendar and event log on a real bbolt file) until the reply is sent: the
// bot's share of the first-response time.
func BenchmarkFirstResponse(b *testing.B) {
	m := NewMain()
	m.Config.DataDir = b.TempDir()
	m.NoHTTP = true
	ch := bottest.New("test")
	m.Channels = append(m.Channels, ch)
	if err := m.Run(context.Background()); err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		// A new client each time: a new contact, a lead, a session, and a free-time check.
		if _, err := ch.Text(ctx, fmt.Sprint("c", i), "Здравствуйте, хочу записаться на мужскую стрижку завтра в 15:00"); err != nil {
			b.Fatal(err)
		}
	}
}
