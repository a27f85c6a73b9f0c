package bolt

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/minutka/minutka/events"
	bbolt "go.etcd.io/bbolt"
)

func openDB(t *testing.T, path string) *bbolt.DB {
	t.Helper()
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestLogAndContacts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "minutka.db")
	db := openDB(t, path)
	s := New(db)
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	// Appended out of order: the log must read back in time order.
	in := []events.Event{
		{Type: events.FirstResponse, At: t0.Add(2 * time.Second), Channel: "webchat", Client: "webchat:a", Responder: "bot", Seconds: 2},
		{Type: events.MessageReceived, At: t0.Add(time.Second), Channel: "webchat", Client: "webchat:a", Sent: t0},
		{Type: events.BookingCreated, At: t0.Add(time.Hour), Client: "webchat:a", Data: map[string]string{"booking_id": "1"}},
	}
	for _, e := range in {
		if err := s.Append(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.PutContact(ctx, events.Contact{Client: "webchat:a", Channel: "webchat", Opened: t0, LastInbound: t0, Answered: true}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	s = New(openDB(t, path)) // survives a restart
	got, err := s.Events(ctx, t0, t0.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Type != events.MessageReceived || got[1].Type != events.FirstResponse {
		t.Fatalf("Events(first minute) = %+v, want received then first_response", got)
	}
	if !got[0].Sent.Equal(t0) || got[1].Seconds != 2 || got[1].Responder != "bot" {
		t.Errorf("Events fields = %+v, want Sent %v, Seconds 2, Responder bot", got, t0)
	}
	all, err := s.Events(ctx, time.Time{}, t0.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || all[2].Data["booking_id"] != "1" {
		t.Errorf("Events(all) = %+v, want 3 with booking_id 1 last", all)
	}
	c, ok, err := s.Contact(ctx, "webchat:a")
	if err != nil || !ok || !c.Answered || !c.Opened.Equal(t0) {
		t.Errorf("Contact = %+v, %v, %v; want answered, opened %v", c, ok, err, t0)
	}
	if _, ok, err := s.Contact(ctx, "webchat:nobody"); ok || err != nil {
		t.Errorf("Contact(unknown) = _, %v, %v; want false, nil", ok, err)
	}
}
