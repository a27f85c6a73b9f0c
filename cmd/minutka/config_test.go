package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDemoConfig(t *testing.T) {
	c, err := ParseConfig("demo.yaml", demoConfig)
	if err != nil {
		t.Fatal(err)
	}
	b := c.Business
	if b.Name != "Салон Минутка" || b.Location.String() != "Asia/Krasnoyarsk" || b.Language != "ru" {
		t.Errorf("business = %q %v %q, want Салон Минутка, Asia/Krasnoyarsk, ru", b.Name, b.Location, b.Language)
	}
	if len(b.Services) != 5 || len(b.Masters) != 3 {
		t.Errorf("got %d services and %d masters, want 5 and 3", len(b.Services), len(b.Masters))
	}
	if h := b.Hours[time.Sunday]; h.Start.String() != "10:00" || h.End.String() != "18:00" {
		t.Errorf("Sunday hours = %v, want 10:00–18:00", h)
	}
	if h := b.Hours[time.Saturday]; h.End.String() != "20:00" {
		t.Errorf("Saturday hours = %v, want to 20:00", h)
	}
	if b.HoldTTL != 10*time.Minute || b.CancelCutoff != 3*time.Hour {
		t.Errorf("hold, cancel cut-off = %v, %v; want 10m, 3h", b.HoldTTL, b.CancelCutoff)
	}
	if s, _ := b.Service("colouring"); s.Duration != 2*time.Hour || s.Price != 4500 {
		t.Errorf("colouring = %+v, want 2h, 4500", s)
	}
	if c.HTTPAddr != "127.0.0.1:8080" || c.DataDir != "./minutka-data" || !c.Webchat.Enabled {
		t.Errorf("config = %q %q %v, want 127.0.0.1:8080, ./minutka-data, web chat on", c.HTTPAddr, c.DataDir, c.Webchat.Enabled)
	}
}

// TestConfigErrors checks a bad config names the line and the reason.
func TestConfigErrors(t *testing.T) {
	demo := string(demoConfig)
	tests := []struct {
		name, from, to, want string
	}{
		{"unknown field", "  city: Красноярск", "  citty: Красноярск", "field citty not found"},
		{"bad timezone", "timezone: Asia/Krasnoyarsk", "timezone: Asia/Krasnoyarks", `business.timezone "Asia/Krasnoyarks": unknown time zone`},
		{"bad hours", `sun: "10:00-18:00"`, `sun: "10-18"`, `business.hours: sun "10-18": want HH:MM-HH:MM`},
		{"bad day", `sun: "10:00-18:00"`, `sunday: "10:00-18:00"`, `business.hours: "sunday": unknown day`},
		{"bad duration", "duration: 45m", "duration: 45 minutes", `services "mens-haircut": duration "45 minutes"`},
		{"unknown service", "services: [manicure, brows]", "services: [manicure, pedicure]", `masters "maria": service "pedicure" is not in services`},
		{"bad break", `breaks: ["14:00-15:00"]`, `breaks: ["15:00-14:00"]`, `masters "olga": break "15:00-14:00": the end must be after the start`},
		{"bad yaml", "  language: ru", "  language: [ru", ""},
		{"staff chat positive", "  staff_chat: 0", "  staff_chat: 12345", `telegram.staff_chat 12345: want a group's chat id`},
		{"bad webhook", `  webhook: ""`, "  webhook: http://x", `telegram.webhook "http://x": want the public https URL`},
		{"bad public url", `  public_url: ""`, "  public_url: salon.example", `http.public_url "salon.example": want the server's public root`},
		{"duplicate id", "- id: womens-haircut", "- id: mens-haircut", `services: id "mens-haircut" is used twice`},
	}
	for _, tt := range tests {
		if !strings.Contains(demo, tt.from) {
			t.Fatalf("%s: demo.yaml has no %q", tt.name, tt.from)
		}
		bad := strings.Replace(demo, tt.from, tt.to, 1)
		line := strings.Count(demo[:strings.Index(demo, tt.from)], "\n") + 1 // where the change is
		want := fmt.Sprintf("line %d: %s", line, tt.want)
		if tt.name == "bad yaml" {
			want = "line " // the YAML parser names the line where it noticed
		}
		_, err := ParseConfig("x.yaml", []byte(bad))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: ParseConfig = %v, want an error containing %q", tt.name, err, want)
		}
	}
}

func TestMessengerConfig(t *testing.T) {
	yaml := string(demoConfig)
	yaml = strings.Replace(yaml, "  owners: []", "  owners: [123456789]", 1)
	yaml = strings.Replace(yaml, "  staff_chat: 0", "  staff_chat: -1001234567890", 1)
	yaml = strings.Replace(yaml, `  webhook: ""`, "  webhook: https://salon.example/telegram/webhook", 1)
	yaml = strings.Replace(yaml, "  enabled: false", "  enabled: true", 1)
	path := filepath.Join(t.TempDir(), "salon.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"MINUTKA_TELEGRAM_TOKEN": "123:abc", "MINUTKA_TELEGRAM_WEBHOOK_SECRET": "s3cr3t-token"}
	c, err := LoadConfig(path, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	tg := c.Telegram
	if tg.Token != "123:abc" || tg.WebhookURL != "https://salon.example/telegram/webhook" || tg.WebhookSecret != "s3cr3t-token" ||
		len(tg.Owners) != 1 || tg.Owners[0] != 123456789 || tg.StaffChat != -1001234567890 {
		t.Errorf("Telegram = %+v, want token, webhook, secret, owner and staff chat from the file and env", tg)
	}
	if !c.WhatsApp.Enabled || c.WhatsApp.PerMinute != 20 {
		t.Errorf("WhatsApp = %+v, want enabled, 20 per minute", c.WhatsApp)
	}
	r := c.roles()
	if len(r.Owners) != 1 || r.Owners[0] != "telegram:123456789" || r.StaffChats[0] != "telegram:-1001234567890" {
		t.Errorf("roles = %+v, want the owner and the staff chat on telegram", r)
	}

	delete(env, "MINUTKA_TELEGRAM_WEBHOOK_SECRET")
	if _, err := LoadConfig(path, func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), "MINUTKA_TELEGRAM_WEBHOOK_SECRET") {
		t.Errorf("webhook without a secret: LoadConfig = %v, want an error naming MINUTKA_TELEGRAM_WEBHOOK_SECRET", err)
	}
	env["MINUTKA_TELEGRAM_API_URL"] = "localhost:8081"
	if _, err := LoadConfig("", func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), "MINUTKA_TELEGRAM_API_URL") {
		t.Errorf("bad API URL: LoadConfig = %v, want an error naming MINUTKA_TELEGRAM_API_URL", err)
	}
	if c, err := LoadConfig("", func(string) string { return "" }); err != nil || c.Telegram.Token != "" {
		t.Errorf("demo without env = %+v, %v; want Telegram off", c.Telegram, err)
	}
}
