package gpt

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/minutka/minutka/intents"
)

func TestWhen(t *testing.T) {
	now := testNow(t) // Monday 2026-11-23 10:05
	loc := now.Location()
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, loc) }
	tests := []struct {
		date, clock string
		want        *intents.When
	}{
		{"", "", nil},
		{"2026-11-24", "", &intents.When{At: day(11, 24), HasDate: true, Grain: intents.GrainDay}},
		{"2026-11-23", "09:00", &intents.When{At: day(11, 23).Add(9 * time.Hour), HasDate: true, HasTime: true, Grain: intents.GrainMinute}},
		{"", "15:30", &intents.When{At: day(11, 23).Add(15*time.Hour + 30*time.Minute), HasTime: true, Grain: intents.GrainMinute}},
		{"", "9:05:00", &intents.When{At: day(11, 23).Add(9*time.Hour + 5*time.Minute), HasTime: true, Grain: intents.GrainMinute}},
		{"2027-11-24", "", &intents.When{At: time.Date(2027, 11, 24, 0, 0, 0, 0, loc), HasDate: true, Grain: intents.GrainDay}},
		{"2027-11-25", "", nil}, // beyond a year
		{"2026-11-22", "", nil}, // yesterday
		{"2026-11-22", "12:00", &intents.When{At: day(11, 23).Add(12 * time.Hour), HasTime: true, Grain: intents.GrainMinute}},
		{"2026-02-30", "", nil},
		{"24.11.2026", "", nil},
		{"2026-11-24T15:00", "", nil},
		{"", "24:00", nil},
		{"", "12:60", nil},
		{"", "15", nil},
		{"", "15:0", nil},
		{"", "-1:00", nil},
		{"", "3pm", nil},
	}
	for _, tt := range tests {
		got := when(tt.date, tt.clock, now)
		if (got == nil) != (tt.want == nil) ||
			got != nil && (!got.At.Equal(tt.want.At) || got.HasDate != tt.want.HasDate || got.HasTime != tt.want.HasTime || got.Grain != tt.want.Grain) {
			t.Errorf("when(%q, %q) = %+v, want %+v", tt.date, tt.clock, got, tt.want)
		}
	}
}

func TestParseVerdict(t *testing.T) {
	ids := map[string]bool{"manicure": true, "haircut_men": true}
	now := testNow(t)
	tests := []struct {
		content string
		want    verdict
		err     bool
	}{
		{`{"intent":"price","confidence":0.8,"services":["manicure"],"date":"","time":"","answer":"none"}`,
			verdict{Intent: intents.Price, Score: 0.8, Services: []string{"manicure"}}, false},
		{`{"intent":" Cancel ","confidence":1,"answer":"NO"}`, verdict{Intent: intents.Cancel, Score: MaxScore, Answer: intents.No}, false},
		{`{"answer":"yes"}`, verdict{Score: defaultConfidence, Answer: intents.Yes}, false},
		{`{"masters":["anna","manicure","anna","boss"]}`, verdict{Score: defaultConfidence, Masters: []string{"anna"}}, false},
		{`{"intent":"book","services":["a","b","manicure","haircut_men","manicure"]}`,
			verdict{Intent: intents.Book, Score: defaultConfidence, Services: []string{"manicure", "haircut_men"}}, false},
		{"```json\n{\"intent\":\"greeting\"}\n```", verdict{Intent: intents.Greeting, Score: defaultConfidence}, false},
		{`{"intent":"book","intent":"admin"}`, verdict{Score: defaultConfidence}, false}, // the last key wins, and is rejected
		{`{"intent":"` + strings.Repeat("x", 100) + `"}`, verdict{Score: defaultConfidence}, false},
		{`{}`, verdict{Score: defaultConfidence}, false},
		{``, verdict{}, true},
		{`null`, verdict{}, true},
		{`{"intent":`, verdict{}, true},
		{`I think it is "book".`, verdict{}, true},
		{`{"intent":"book","x":"` + strings.Repeat("x", maxReplyBytes) + `"}`, verdict{}, true},
	}
	for _, tt := range tests {
		got, err := parseVerdict(tt.content, ids, map[string]bool{"anna": true}, now)
		if (err != nil) != tt.err || got.Intent != tt.want.Intent || got.Score != tt.want.Score ||
			!slices.Equal(got.Services, tt.want.Services) || !slices.Equal(got.Masters, tt.want.Masters) || got.Answer != tt.want.Answer || got.When != nil {
			short := tt.content
			if len(short) > 80 {
				short = short[:80] + "…"
			}
			t.Errorf("parseVerdict(%q) = %+v, %v, want %+v, error %v", short, got, err, tt.want, tt.err)
		}
	}
}

func TestMerge(t *testing.T) {
	now := testNow(t)
	rulesWhen := &intents.When{At: now, HasDate: true}
	modelWhen := &intents.When{At: now.AddDate(0, 0, 1), HasDate: true}
	tests := []struct {
		name  string
		rules intents.Result
		v     verdict
		want  intents.Result
	}{
		{"no label keeps the rules",
			intents.Result{Intent: intents.Book, Score: 0.4}, verdict{Score: 0.9},
			intents.Result{Intent: intents.Book, Score: 0.4}},
		{"agreement raises the score",
			intents.Result{Intent: intents.Book, Score: 0.4}, verdict{Intent: intents.Book, Score: 0.7},
			intents.Result{Intent: intents.Book, Score: 0.7}},
		{"agreement never lowers it",
			intents.Result{Intent: intents.Book, Score: 0.5}, verdict{Intent: intents.Book, Score: 0.2},
			intents.Result{Intent: intents.Book, Score: 0.5}},
		{"a surer model wins",
			intents.Result{Intent: intents.Book, Score: 0.4}, verdict{Intent: intents.Price, Score: 0.6},
			intents.Result{Intent: intents.Price, Score: 0.6}},
		{"a less sure model loses",
			intents.Result{Intent: intents.Book, Score: 0.55}, verdict{Intent: intents.Price, Score: 0.5},
			intents.Result{Intent: intents.Book, Score: 0.55}},
		{"a greeting label greets",
			intents.Result{Intent: intents.Other}, verdict{Intent: intents.Greeting, Score: 0.8},
			intents.Result{Intent: intents.Greeting, Score: 0.8, Greeting: true}},
		{"a new intent leaves Also",
			intents.Result{Intent: intents.Book, Score: 0.4, Also: []intents.Intent{intents.Price, intents.Greeting}}, verdict{Intent: intents.Price, Score: 0.6},
			intents.Result{Intent: intents.Price, Score: 0.6, Also: []intents.Intent{intents.Greeting}}},
		{"entities fill only gaps",
			intents.Result{Intent: intents.Book, Score: 0.4, Services: []string{"coloring"}, Masters: []string{"irina"}, When: rulesWhen, Answer: intents.No, Phone: "+79131234567", Name: "Ольга"},
			verdict{Services: []string{"manicure"}, Masters: []string{"anna"}, When: modelWhen, Answer: intents.Yes},
			intents.Result{Intent: intents.Book, Score: 0.4, Services: []string{"coloring"}, Masters: []string{"irina"}, When: rulesWhen, Answer: intents.No, Phone: "+79131234567", Name: "Ольга"}},
		{"entities added",
			intents.Result{Intent: intents.Book, Score: 0.4}, verdict{Services: []string{"manicure"}, Masters: []string{"anna"}, When: modelWhen, Answer: intents.Yes},
			intents.Result{Intent: intents.Book, Score: 0.4, Services: []string{"manicure"}, Masters: []string{"anna"}, When: modelWhen, Answer: intents.Yes}},
	}
	for _, tt := range tests {
		got := merge(tt.rules, tt.v)
		if !sameResult(got, tt.want) {
			t.Errorf("%s: merge(%s, %+v) = %s, want %s", tt.name, fmtResult(tt.rules), tt.v, fmtResult(got), fmtResult(tt.want))
		}
	}
	// The merged result shares nothing with the cached verdict.
	v := verdict{Services: []string{"manicure"}, Masters: []string{"anna"}, When: modelWhen}
	got := merge(intents.Result{}, v)
	got.Services[0], got.Masters[0] = "changed", "changed"
	got.When.HasTime = true
	if v.Services[0] != "manicure" || v.Masters[0] != "anna" || v.When.HasTime {
		t.Errorf("merge shares its verdict's slices or pointers with the result")
	}
}

func TestBreakerStates(t *testing.T) {
	clock := &fakeClock{}
	b := newBreaker(2, time.Minute, clock.now)
	step := func(what string, wantTrial, wantOK bool) bool {
		t.Helper()
		trial, ok := b.allow()
		if trial != wantTrial || ok != wantOK {
			t.Errorf("%s: allow() = %v, %v, want %v, %v", what, trial, ok, wantTrial, wantOK)
		}
		return trial
	}
	step("closed", false, true)
	if b.done(false, false) {
		t.Errorf("done(first failure) opened the breaker")
	}
	step("one failure", false, true)
	b.done(false, true)
	step("reset by a success", false, true)
	b.done(false, false)
	if !b.done(false, false) {
		t.Errorf("done(second failure) did not open the breaker")
	}
	step("open", false, false)
	if b.done(false, false) {
		t.Errorf("a late failure reopened the breaker")
	}
	clock.advance(time.Minute)
	trial := step("half-open", true, true)
	step("half-open with a trial in flight", false, false)
	b.release(trial)
	trial = step("half-open after a released trial", true, true)
	if !b.done(trial, false) {
		t.Errorf("a failed trial did not reopen the breaker")
	}
	step("reopened", false, false)
	clock.advance(time.Minute)
	trial = step("half-open again", true, true)
	b.done(trial, true)
	step("closed after a good trial", false, true)
	step("closed, concurrently", false, true)
}

func TestCacheLRU(t *testing.T) {
	c := newCache(2)
	c.put("a", verdict{Intent: intents.Book})
	c.put("b", verdict{Intent: intents.Price})
	c.get("a") // a is now the most recent
	c.put("c", verdict{Intent: intents.Cancel})
	for key, want := range map[string]intents.Intent{"a": intents.Book, "b": "", "c": intents.Cancel} {
		v, ok := c.get(key)
		if ok != (want != "") || v.Intent != want {
			t.Errorf("get(%q) = %v, %v, want %q", key, v.Intent, ok, want)
		}
	}
	c.put("c", verdict{Intent: intents.Human})
	if v, _ := c.get("c"); v.Intent != intents.Human || c.order.Len() != 2 {
		t.Errorf("put(existing) = %v with %d entries, want human in 2", v.Intent, c.order.Len())
	}
	none := newCache(-1)
	none.put("a", verdict{})
	if _, ok := none.get("a"); ok {
		t.Errorf("a cache of size -1 remembered an entry")
	}
}

func TestCacheKey(t *testing.T) {
	now := testNow(t)
	same := [][2]string{
		{"Почём маникюр?!", "почем маникюр"},
		{"ЁЛКИ", "елки"},
	}
	for _, p := range same {
		if cacheKey(p[0], "", now) != cacheKey(p[1], "", now) {
			t.Errorf("cacheKey(%q) != cacheKey(%q), want equal", p[0], p[1])
		}
	}
	base := cacheKey("почем", "", now)
	for name, k := range map[string]string{
		"another day":      cacheKey("почем", "", now.AddDate(0, 0, 1)),
		"another zone":     cacheKey("почем", "", now.In(time.FixedZone("MSK", 3*3600))),
		"after a question": cacheKey("почем", "Записать?", now),
		"another text":     cacheKey("почем стрижка", "", now),
	} {
		if k == base {
			t.Errorf("cacheKey for %s equals the base key", name)
		}
	}
}

type bodyOf struct {
	io.Reader
}

func (bodyOf) Close() error { return nil }

func TestLimitedBody(t *testing.T) {
	tests := []struct {
		size int
		err  error
	}{
		{0, nil},
		{maxBodyBytes, nil},
		{maxBodyBytes + 1, errBodyTooLarge},
		{4 * maxBodyBytes, errBodyTooLarge},
	}
	for _, tt := range tests {
		b := &limitedBody{rc: bodyOf{strings.NewReader(strings.Repeat("x", tt.size))}, left: maxBodyBytes}
		got, err := io.ReadAll(b)
		if !errors.Is(err, tt.err) || len(got) > maxBodyBytes {
			t.Errorf("ReadAll(%d bytes) = %d bytes, %v, want at most %d, %v", tt.size, len(got), err, maxBodyBytes, tt.err)
		}
	}
}
