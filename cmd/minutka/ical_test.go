package main

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/minutka/minutka/calendar/ical"
)

// TestCalendarFeed books a visit and reads it back from the master's secret feed URL, as a
// phone's calendar app would.
func TestCalendarFeed(t *testing.T) {
	const secret = "0123456789abcdef0123456789abcdef-test"
	m := NewMain()
	m.Config.DataDir = t.TempDir()
	m.Config.HTTPAddr = "127.0.0.1:0"
	m.Config.CalendarSecret = secret
	m.Config.PublicURL = "https://salon.example"
	ch := bottestChannel(m)
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	say(t, ch, "ivan", "мужская стрижка к Ольге завтра в 15:00")
	say(t, ch, "ivan", "Иван")
	r := say(t, ch, "ivan", "+79131234567")
	press(t, ch, "ivan", option(t, r, "Да, записать"))

	links := m.Config.feedLinks()
	if len(links) != 4 || !strings.HasPrefix(links[1].URL, "https://salon.example/calendar/") || !strings.HasSuffix(links[1].URL, "/olga.ics") {
		t.Fatalf("feedLinks = %+v, want the salon and three masters on the public URL", links)
	}
	base := "http://" + m.Addr()
	path := strings.TrimPrefix(links[1].URL, "https://salon.example")
	resp, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body strings.Builder
	buf := make([]byte, 64<<10)
	for {
		n, err := resp.Body.Read(buf)
		body.Write(buf[:n])
		if err != nil {
			break
		}
	}
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != ical.ContentType {
		t.Fatalf("GET olga.ics = %d %q, want 200 %q", resp.StatusCode, resp.Header.Get("Content-Type"), ical.ContentType)
	}
	if !strings.Contains(body.String(), "BEGIN:VEVENT") || !strings.Contains(body.String(), "Иван") {
		t.Errorf("olga.ics = %s, want the booking with the client's name", body.String())
	}
	for _, bad := range []string{"/calendar/" + ical.Token([]byte(secret), "master/anna") + "/olga.ics", "/calendar/x/olga.ics", "/calendar/" + ical.Token([]byte(secret), "master/nobody") + "/nobody.ics"} {
		if code, _ := get(t, base+bad); code != 404 {
			t.Errorf("GET %s = %d, want 404", bad, code)
		}
	}
}
