package ical

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/minutka/minutka/calendar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// A client name that needs every TEXT escape, then a suffix long enough to fold.
const trickyName = "Анна; «Ромашка», \\ VIP\nзвонить заранее, после 18:00 — лучше в Telegram 🌼"

func testBusiness(t *testing.T) *calendar.Business {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Krasnoyarsk")
	if err != nil {
		t.Fatal(err)
	}
	return &calendar.Business{
		Name:     "Салон Минутка",
		NameEN:   "Salon Minutka",
		City:     "Красноярск",
		Address:  "ул. Карла Маркса, д. 95, вход со двора, второй этаж, кабинет 12",
		Phone:    "+73912000000",
		Location: loc,
		Language: "ru",
		Services: []calendar.Service{
			{ID: "mens-haircut", Name: "Мужская стрижка", NameEN: "Men's haircut", Duration: time.Hour, Price: 1500},
			{ID: "balayage", Name: "Окрашивание волос в технике балаяж с тонированием и уходом",
				NameEN: "Balayage", Duration: 3 * time.Hour, Price: 7000},
		},
		Masters: []calendar.Master{
			{ID: "ivan", Name: "Иван", NameEN: "Ivan", Services: []string{"mens-haircut", "balayage"}},
		},
	}
}

// testBookings returns a booked visit of a new client, a cancelled one of a client whose name
// needs escaping, and an attended one that was moved twice.
func testBookings(biz *calendar.Business) []calendar.Booking {
	at := func(day, hour int) time.Time { return time.Date(2026, 3, day, hour, 0, 0, 0, biz.Location) }
	return []calendar.Booking{
		{ID: "101", Service: "mens-haircut", Master: "ivan", Start: at(16, 10), End: at(16, 11),
			Client: calendar.Client{ID: "tg:1", Name: "Пётр Сидоров", Phone: "+79131234567"},
			Status: calendar.StatusBooked, New: true},
		{ID: "102", Service: "balayage", Master: "ivan", Start: at(16, 12), End: at(16, 15),
			Client: calendar.Client{ID: "tg:2", Name: trickyName, Phone: "+79137654321"},
			Status: calendar.StatusCancelled},
		{ID: "103", Service: "mens-haircut", Master: "ivan", Start: at(17, 9), End: at(17, 10),
			Client: calendar.Client{ID: "tg:3", Name: "Олег", Phone: "+79130001122"},
			Status: calendar.StatusAttended, Reschedules: 2},
	}
}

var testNow = time.Date(2026, 3, 15, 8, 30, 0, 0, time.UTC)

func staffFeed(t *testing.T, staff bool) []byte {
	t.Helper()
	biz := testBusiness(t)
	var buf bytes.Buffer
	f := FeedInfo{Name: "Иван — Салон Минутка", Business: biz, Staff: staff, Now: testNow, Host: "minutka.example"}
	if err := Feed(&buf, f, testBookings(biz)); err != nil {
		t.Fatalf("Feed() = %v", err)
	}
	return buf.Bytes()
}

func clientEvent(t *testing.T, b calendar.Booking) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Event(&buf, b, testBusiness(t), testNow, "minutka.example"); err != nil {
		t.Fatalf("Event() = %v", err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	biz := testBusiness(t)
	for _, tt := range []struct {
		file string
		got  []byte
	}{
		{"feed.ics", staffFeed(t, true)},
		{"event.ics", clientEvent(t, testBookings(biz)[0])},
	} {
		golden := filepath.Join("testdata", tt.file)
		if *update {
			if err := os.WriteFile(golden, tt.got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(tt.got, want) {
			t.Errorf("%s differs from the output; run go test -update and review the diff\ngot:\n%s", golden, tt.got)
		}
	}
}

// prop is one unfolded content line.
type prop struct {
	name, params, value string
}

// parse checks the physical lines of an iCalendar object, unfolds them and splits each content
// line into name, parameters and value. Besides RFC 5545, it checks that no line ends in
// whitespace and no continuation line has more than its leading space, which folding can
// always avoid in the text minutka writes.
func parse(t *testing.T, ics []byte) []prop {
	t.Helper()
	return parseLines(t, ics, true)
}

// parseLines is parse, checking whitespace at the folds only if strict.
func parseLines(t *testing.T, ics []byte, strict bool) []prop {
	t.Helper()
	s := string(ics)
	if !strings.HasSuffix(s, "\r\n") {
		t.Errorf("output does not end in CRLF: %q", s[max(0, len(s)-20):])
	}
	for i, l := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		switch {
		case len(l) > maxLine:
			t.Errorf("line %d is %d octets, want at most %d: %q", i+1, len(l), maxLine, l)
		case !utf8.ValidString(l):
			t.Errorf("line %d is not valid UTF-8: %q", i+1, l)
		case strings.ContainsAny(l, "\r\n"):
			t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		case l == "" || l == " ":
			t.Errorf("line %d is empty", i+1)
		case !strict:
		case strings.HasSuffix(l, " ") || strings.HasSuffix(l, "\t"):
			t.Errorf("line %d ends in whitespace: %q", i+1, l)
		case strings.HasPrefix(l, "  ") || strings.HasPrefix(l, " \t"):
			t.Errorf("continuation line %d has whitespace after the fold: %q", i+1, l)
		}
	}
	var props []prop
	unfolded := strings.ReplaceAll(s, "\r\n ", "")
	for _, l := range strings.Split(strings.TrimSuffix(unfolded, "\r\n"), "\r\n") {
		i := strings.IndexAny(l, ";:")
		if i <= 0 {
			t.Errorf("content line without a name: %q", l)
			continue
		}
		p := prop{name: l[:i]}
		rest := l[i:]
		if rest[0] == ';' {
			j := strings.IndexByte(rest, ':')
			if j < 0 {
				t.Errorf("content line without a value: %q", l)
				continue
			}
			p.params, rest = rest[1:j], rest[j:]
		}
		p.value = rest[1:]
		props = append(props, p)
	}
	return props
}

// unescape decodes a TEXT value.
func unescape(t *testing.T, v string) string {
	t.Helper()
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == ';' || c == ',':
			t.Errorf("unescaped %q in TEXT %q", c, v)
		case c != '\\':
		case i+1 == len(v):
			t.Errorf("TEXT %q ends in a backslash", v)
		default:
			i++
			switch v[i] {
			case '\\', ';', ',':
				c = v[i]
			case 'n', 'N':
				c = '\n'
			default:
				t.Errorf("bad escape \\%c in TEXT %q", v[i], v)
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// component is the properties of a VCALENDAR or VEVENT by name; those of a nested VALARM are
// named "VALARM/NAME".
type component map[string]string

// split returns the calendar's own properties and its events, checking BEGIN and END match.
func split(t *testing.T, props []prop) (component, []component) {
	t.Helper()
	cal := component{}
	var events []component
	var stack []string
	for _, p := range props {
		switch p.name {
		case "BEGIN":
			stack = append(stack, p.value)
			if p.value == "VEVENT" {
				events = append(events, component{})
			}
			continue
		case "END":
			if len(stack) == 0 || stack[len(stack)-1] != p.value {
				t.Fatalf("END:%s does not close %v", p.value, stack)
			}
			stack = stack[:len(stack)-1]
			continue
		}
		name := p.name
		if p.params != "" {
			name += ";" + p.params
		}
		switch {
		case len(stack) == 1 && stack[0] == "VCALENDAR":
			cal[name] = p.value
		case len(stack) >= 2 && stack[1] == "VEVENT":
			if len(stack) == 3 {
				name = stack[2] + "/" + name
			}
			events[len(events)-1][name] = p.value
		default:
			t.Errorf("property %s outside a known component: %v", name, stack)
		}
	}
	if len(stack) != 0 {
		t.Errorf("components left open: %v", stack)
	}
	return cal, events
}

func TestFeed(t *testing.T) {
	biz := testBusiness(t)
	bookings := testBookings(biz)
	cal, events := split(t, parse(t, staffFeed(t, true)))

	for name, want := range map[string]string{
		"VERSION":                         "2.0",
		"PRODID":                          "-//minutka//RU",
		"CALSCALE":                        "GREGORIAN",
		"METHOD":                          "PUBLISH",
		"X-WR-CALNAME":                    "Иван — Салон Минутка",
		"X-WR-TIMEZONE":                   "Asia/Krasnoyarsk",
		"REFRESH-INTERVAL;VALUE=DURATION": "PT15M",
		"X-PUBLISHED-TTL":                 "PT15M",
	} {
		if got := cal[name]; got != want {
			t.Errorf("Feed() calendar %s = %q, want %q", name, got, want)
		}
	}
	if len(events) != len(bookings) {
		t.Fatalf("Feed() wrote %d events, want %d", len(events), len(bookings))
	}
	want := []component{
		{"UID": "101@minutka.example", "DTSTART": "20260316T030000Z", "DTEND": "20260316T040000Z",
			"STATUS": "CONFIRMED", "SEQUENCE": "0", "SUMMARY": "Мужская стрижка — Пётр Сидоров",
			"DESCRIPTION": "Услуга: Мужская стрижка\nМастер: Иван\nКлиент: Пётр Сидоров\nТелефон: +79131234567\nНовый клиент\nЦена: 1500 ₽"},
		{"UID": "102@minutka.example", "DTSTART": "20260316T050000Z", "DTEND": "20260316T080000Z",
			"STATUS": "CANCELLED", "SEQUENCE": "1",
			"SUMMARY": "Окрашивание волос в технике балаяж с тонированием и уходом — " + trickyName,
			"DESCRIPTION": "Услуга: Окрашивание волос в технике балаяж с тонированием и уходом\nМастер: Иван\nКлиент: " +
				trickyName + "\nТелефон: +79137654321\nЦена: 7000 ₽"},
		{"UID": "103@minutka.example", "DTSTART": "20260317T020000Z", "DTEND": "20260317T030000Z",
			"STATUS": "CONFIRMED", "SEQUENCE": "2", "SUMMARY": "Мужская стрижка — Олег"},
	}
	text := []string{"UID", "SUMMARY", "DESCRIPTION", "LOCATION"}
	for i, ev := range events {
		for _, name := range text {
			if v, ok := ev[name]; ok {
				ev[name] = unescape(t, v)
			}
		}
		if got := ev["DTSTAMP"]; got != "20260315T083000Z" {
			t.Errorf("Feed() event %d DTSTAMP = %q, want %q", i, got, "20260315T083000Z")
		}
		if got, want := ev["LOCATION"], "Красноярск, "+biz.Address; got != want {
			t.Errorf("Feed() event %d LOCATION = %q, want %q", i, got, want)
		}
		for name, w := range want[i] {
			if got := ev[name]; got != w {
				t.Errorf("Feed() event %d %s = %q, want %q", i, name, got, w)
			}
		}
		for name := range ev {
			if strings.HasPrefix(name, "VALARM/") {
				t.Errorf("Feed() event %d has an alarm: %s", i, name)
			}
		}
	}
}

func TestFeedPrivacy(t *testing.T) {
	biz := testBusiness(t)
	for _, staff := range []bool{true, false} {
		ics := staffFeed(t, staff)
		body := unfold(ics)
		for _, b := range testBookings(biz) {
			for _, secret := range []string{b.Client.Phone, "Сидоров", "Ромашка", "Олег"} {
				if got := strings.Contains(body, secret); got != staff {
					t.Errorf("Feed(Staff: %v) has %q: %v, want %v", staff, secret, got, staff)
				}
			}
		}
		_, events := split(t, parse(t, ics))
		if !staff {
			if got, want := unescape(t, events[0]["SUMMARY"]), "Мужская стрижка — Иван"; got != want {
				t.Errorf("Feed(Staff: false) SUMMARY = %q, want %q", got, want)
			}
		}
	}
}

func TestEvent(t *testing.T) {
	biz := testBusiness(t)
	bookings := testBookings(biz)
	body := clientEvent(t, bookings[0])
	cal, events := split(t, parse(t, body))
	for name, want := range map[string]string{
		"METHOD":                          "PUBLISH",
		"X-WR-CALNAME":                    "",
		"REFRESH-INTERVAL;VALUE=DURATION": "",
	} {
		if got := cal[name]; got != want {
			t.Errorf("Event() calendar %s = %q, want %q", name, got, want)
		}
	}
	if len(events) != 1 {
		t.Fatalf("Event() wrote %d events, want 1", len(events))
	}
	ev := events[0]
	for name, want := range map[string]string{
		"UID":                  "101@minutka.example",
		"SUMMARY":              "Мужская стрижка в Салон Минутка",
		"DESCRIPTION":          "Услуга: Мужская стрижка\nМастер: Иван\nЦена: 1500 ₽",
		"STATUS":               "CONFIRMED",
		"VALARM/ACTION":        "DISPLAY",
		"VALARM/TRIGGER":       "-PT3H",
		"VALARM/DESCRIPTION":   "Мужская стрижка в Салон Минутка",
		"DTSTART":              "20260316T030000Z",
		"REFRESH-INTERVAL":     "",
		"X-WR-CALNAME":         "",
		"DESCRIPTION;LANGUAGE": "",
	} {
		got := ev[name]
		if name == "SUMMARY" || name == "DESCRIPTION" || name == "VALARM/DESCRIPTION" {
			got = unescape(t, got)
		}
		if got != want {
			t.Errorf("Event() %s = %q, want %q", name, got, want)
		}
	}
	for _, secret := range []string{"+79131234567", "Сидоров", "Пётр"} {
		if strings.Contains(unfold(body), secret) {
			t.Errorf("Event() has the client's %q", secret)
		}
	}

	// A cancelled visit: no alarm.
	_, events = split(t, parse(t, clientEvent(t, bookings[1])))
	if got := events[0]["STATUS"]; got != "CANCELLED" {
		t.Errorf("Event(cancelled) STATUS = %q, want CANCELLED", got)
	}
	if got := events[0]["VALARM/ACTION"]; got != "" {
		t.Errorf("Event(cancelled) has an alarm: ACTION %q", got)
	}

	// English.
	biz.Language = "en"
	var buf bytes.Buffer
	if err := Event(&buf, bookings[0], biz, testNow, ""); err != nil {
		t.Fatal(err)
	}
	_, events = split(t, parse(t, buf.Bytes()))
	for name, want := range map[string]string{
		"SUMMARY": "Men's haircut at Salon Minutka",
		"UID":     "101@salon-minutka",
	} {
		if got := unescape(t, events[0][name]); got != want {
			t.Errorf("Event(en) %s = %q, want %q", name, got, want)
		}
	}
}

func TestErrors(t *testing.T) {
	biz := testBusiness(t)
	good := testBookings(biz)[0]
	noID, noStart := good, good
	noID.ID = ""
	noStart.Start = time.Time{}
	for _, tt := range []struct {
		name string
		f    FeedInfo
		b    calendar.Booking
	}{
		{"no business", FeedInfo{Now: testNow}, good},
		{"no now", FeedInfo{Business: biz}, good},
		{"no ID", FeedInfo{Business: biz, Now: testNow}, noID},
		{"no start", FeedInfo{Business: biz, Now: testNow}, noStart},
	} {
		if err := Feed(&bytes.Buffer{}, tt.f, []calendar.Booking{tt.b}); err == nil {
			t.Errorf("Feed(%s) = nil, want an error", tt.name)
		}
		if err := Event(&bytes.Buffer{}, tt.b, tt.f.Business, tt.f.Now, ""); err == nil {
			t.Errorf("Event(%s) = nil, want an error", tt.name)
		}
	}
}

func TestUIDDomain(t *testing.T) {
	biz := &calendar.Business{Name: "Салон Минутка"}
	for _, tt := range []struct {
		host, nameEN, want string
	}{
		{"minutka.example", "", "minutka.example"},
		{"Minutka.Example:8443", "", "minutka.example"},
		{"", "Salon «Minutka» No. 1", "salon-minutka-no-1"},
		{"", "", "minutka"},
		{"::::", "", "minutka"},
	} {
		biz.NameEN = tt.nameEN
		if got := uidDomain(tt.host, biz); got != tt.want {
			t.Errorf("uidDomain(%q, %q) = %q, want %q", tt.host, tt.nameEN, got, tt.want)
		}
	}
}

func unfold(ics []byte) string { return strings.ReplaceAll(string(ics), "\r\n ", "") }

// textSeeds are values for a TEXT property: folds on each side of multi-byte runes, whitespace
// and escapes at the fold, and broken UTF-8.
var textSeeds = []string{
	"",
	"short",
	strings.Repeat("a", 74),
	strings.Repeat("a", 75),
	strings.Repeat("a", 200),
	strings.Repeat("ж", 100),
	"a" + strings.Repeat("ж", 100),
	strings.Repeat("🌼", 60),
	"ab" + strings.Repeat("🌼", 60),
	strings.Repeat("a ", 100),
	strings.Repeat("ж ", 100),
	strings.Repeat(`\`, 100),
	strings.Repeat("a,", 100),
	strings.Repeat("ж\n", 100),
	strings.Repeat(" ", 100) + "x",
	strings.Repeat("a", 70) + "     " + strings.Repeat("b", 100),
	strings.Repeat("a", 70) + strings.Repeat(" ", 40) + "b",
	"  padded  ",
	"line\r\nbreaks\rand\nmore",
	"bad \xff\xfe utf-8 \xd0",
	"ctrl\x00\x07\x1b\x7f chars\ttab",
	trickyName + trickyName,
}

func TestText(t *testing.T) {
	for _, s := range textSeeds {
		checkText(t, s)
	}
	// Prose folds off whitespace and escapes, however it falls on the line.
	prose := "Окрашивание волос в технике балаяж, с тонированием; уход \\ укладка.\n"
	for n := range 80 {
		var e encoder
		e.text("DESCRIPTION", strings.Repeat("x", n)+strings.Repeat(prose, 4))
		parse(t, e.buf.Bytes())
	}
}

func FuzzText(f *testing.F) {
	for _, s := range textSeeds {
		f.Add(s)
	}
	f.Fuzz(checkText)
}

// checkText writes s as a TEXT property and checks that it parses back as clean(s). Text like
// "a a a" leaves folding no point free of whitespace, so it checks RFC 5545 only.
func checkText(t *testing.T, s string) {
	t.Helper()
	var e encoder
	e.text("DESCRIPTION", s)
	props := parseLines(t, e.buf.Bytes(), false)
	if len(props) != 1 || props[0].name != "DESCRIPTION" {
		t.Fatalf("text(%q) = %q, want one DESCRIPTION line", s, e.buf.Bytes())
	}
	if got, want := unescape(t, props[0].value), clean(s); got != want {
		t.Errorf("text(%q) parses back as %q, want %q", s, got, want)
	}
}

func TestClean(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"  Иван  ", "Иван"},
		{"a\r\nb\rc\nd", "a\nb\nc\nd"},
		{"\xffx", "\uFFFDx"},
		{"a\x00b\x1bc\x7fd\te", "abcd\te"},
		{"\n\nx\n\n", "x"},
	} {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	in, want := `a\b;c,d`+"\n", `a\\b\;c\,d\n`
	if got := escape(in); got != want {
		t.Errorf("escape(%q) = %q, want %q", in, got, want)
	}
}
