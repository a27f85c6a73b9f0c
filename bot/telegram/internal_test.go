package telegram

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		text string
		max  int
		want []string
	}{
		{"коротко", 10, []string{"коротко"}},
		{"раз два три", 7, []string{"раз два", "три"}},
		{"первый\n\nвторой абзац", 14, []string{"первый", "второй абзац"}},
		{"строка\nещё строка", 12, []string{"строка", "ещё строка"}},
		{"abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"😀😀😀", 4, []string{"😀😀", "😀"}}, // 2 UTF-16 units each: never cut in half
		{"a 😀😀", 3, []string{"a", "😀", "😀"}},
	}
	for _, tt := range tests {
		if got := split(tt.text, tt.max); !slices.Equal(got, tt.want) {
			t.Errorf("split(%q, %d) = %q, want %q", tt.text, tt.max, got, tt.want)
		}
	}
}

func TestUTF16Len(t *testing.T) {
	for s, want := range map[string]int{"": 0, "abc": 3, "привет": 6, "😀": 2, "a😀b": 4} {
		if got := utf16Len(s); got != want {
			t.Errorf("utf16Len(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestTokens(t *testing.T) {
	tk := newTokens(3)
	long := strings.Repeat("x", 65)
	for _, v := range []string{"menu:book", strings.Repeat("y", 64)} {
		if got := tk.data(v); got != v {
			t.Errorf("data(%q) = %q, want the value itself", v, got)
		}
	}
	for _, v := range []string{long, "~looks-like-a-token", ""} {
		d := tk.data(v)
		if d == v || len(d) > maxCallbackData || !strings.HasPrefix(d, tokenMark) {
			t.Errorf("data(%q) = %q, want a token", v, d)
		}
		if got, ok := tk.value(d); !ok || got != v {
			t.Errorf("value(data(%q)) = %q, %v; want the value back", v, got, ok)
		}
		if again := tk.data(v); again != d {
			t.Errorf("data(%q) twice = %q, %q; want the same token", v, d, again)
		}
	}
	// The table keeps the 3 latest; the oldest is forgotten.
	first := tk.data(long)
	for i := range 3 {
		tk.data(fmt.Sprint(long, i))
	}
	if v, ok := tk.value(first); ok {
		t.Errorf("value(evicted token) = %q, true; want unknown", v)
	}
	// Another process's tokens are unknown, even with the same counter.
	other := newTokens(3)
	if v, ok := other.value(tk.data(long)); ok {
		t.Errorf("other table's value(token) = %q, true; want unknown", v)
	}
}

func TestTracker(t *testing.T) {
	now := time.Now()
	tr := newTracker(true)
	tr.load(Progress{Offset: 10})
	for _, id := range []int64{10, 11, 12} {
		tr.begin(id, 1, now)
	}
	tr.skip(13) // ignored
	if got := tr.next(); got != 10 {
		t.Errorf("next() with 10 in flight = %d, want 10", got)
	}
	tr.finish(11)
	tr.finish(12)
	if got := tr.next(); got != 10 {
		t.Errorf("next() with 11, 12 done and 10 in flight = %d, want 10", got)
	}
	p := tr.snapshot()
	if p.Offset != 10 || !slices.Equal(p.Done, []int64{11, 12, 13}) {
		t.Errorf("snapshot() = %+v, want Offset 10, Done [11 12 13]", p)
	}

	// A restart from that snapshot: 10 comes again, 11-13 are known.
	tr2 := newTracker(true)
	tr2.load(p)
	for _, id := range []int64{11, 12, 13} {
		if f, done := tr2.state(id); f != nil || !done {
			t.Errorf("after load, state(%d) = %v, %v; want done", id, f, done)
		}
	}
	if f, done := tr2.state(10); f != nil || done {
		t.Errorf("after load, state(10) = %v, %v; want unknown", f, done)
	}
	tr2.begin(10, 1, now)
	for _, id := range []int64{11, 12, 13} {
		tr2.skip(id)
	}
	tr2.finish(10)
	if got := tr2.next(); got != 14 {
		t.Errorf("next() after all done = %d, want 14", got)
	}

	// Telegram restarts its numbering after a week of silence: the offset follows.
	tr2.begin(3, 1, now)
	if got := tr2.next(); got != 3 {
		t.Errorf("next() with a renumbered update 3 in flight = %d, want 3", got)
	}
	tr2.finish(3)
	if got := tr2.next(); got != 4 {
		t.Errorf("next() after the renumbered update = %d, want 4", got)
	}
}

func TestTrackerBounds(t *testing.T) {
	now := time.Now()
	tr := newTracker(true)
	for id := int64(1); id <= maxDone+100; id++ {
		tr.begin(id, id, now)
		tr.finish(id)
	}
	if p := tr.snapshot(); len(p.Done) > maxDone || p.Offset != maxDone+101 {
		t.Errorf("snapshot() after %d updates = Offset %d, %d done; want Offset %d, at most %d", maxDone+100, p.Offset, len(p.Done), maxDone+101, maxDone)
	}
	for i := range maxChatFlights {
		tr.begin(int64(10000+i), 7, now)
	}
	if !tr.chatBusy(7) || tr.chatBusy(8) {
		t.Errorf("chatBusy(7), chatBusy(8) = %v, %v; want true, false", tr.chatBusy(7), tr.chatBusy(8))
	}
	if got := tr.stale(now.Add(time.Minute)); len(got) != maxChatFlights {
		t.Errorf("stale(later) = %d ids, want %d", len(got), maxChatFlights)
	}
}

func TestNormalizePhone(t *testing.T) {
	for in, want := range map[string]string{
		"79131234567":       "+79131234567",
		"+7 913 123-45-67":  "+79131234567",
		"8 (913) 123-45-67": "+89131234567",
		"12":                "",
		"":                  "",
	} {
		if got := normalizePhone(in); got != want {
			t.Errorf("normalizePhone(%q) = %q, want %q", in, got, want)
		}
	}
}
