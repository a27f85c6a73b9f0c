package ical

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/minutka/minutka/calendar"
)

// feedServer serves the test bookings; the test may change now, bookings and err between
// requests.
type feedServer struct {
	biz      *calendar.Business
	now      time.Time
	bookings []calendar.Booking
	err      error
}

func newFeedServer(t *testing.T) *feedServer {
	t.Helper()
	biz := testBusiness(t)
	return &feedServer{biz: biz, now: testNow, bookings: testBookings(biz)}
}

func (s *feedServer) load(ctx context.Context, r *http.Request) (FeedInfo, []calendar.Booking, error) {
	if s.err != nil {
		return FeedInfo{}, nil, s.err
	}
	return FeedInfo{Business: s.biz, Staff: true, Now: s.now, Host: "minutka.example"}, s.bookings, nil
}

func serve(h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestHandler(t *testing.T) {
	s := newFeedServer(t)
	h := Handler(s.load)
	const target = "/calendar/tok/ivan.ics"

	w := serve(h, http.MethodGet, target)
	if w.Code != http.StatusOK {
		t.Fatalf("GET %s = %d, want 200", target, w.Code)
	}
	for name, want := range map[string]string{
		"Content-Type":        "text/calendar; charset=utf-8",
		"Content-Disposition": `inline; filename="ivan.ics"`,
		"Cache-Control":       "private, max-age=300",
	} {
		if got := w.Header().Get(name); got != want {
			t.Errorf("GET %s %s = %q, want %q", target, name, got, want)
		}
	}
	split(t, parse(t, w.Body.Bytes()))
	etag := w.Header().Get("ETag")
	if !strings.HasPrefix(etag, `W/"`) {
		t.Fatalf("GET %s ETag = %q, want a weak tag", target, etag)
	}

	head := serve(h, http.MethodHead, target)
	if head.Code != http.StatusOK || head.Body.Len() != 0 {
		t.Errorf("HEAD %s = %d with %d bytes, want 200 with none", target, head.Code, head.Body.Len())
	}
	if got, want := head.Header().Get("Content-Length"), fmt.Sprint(w.Body.Len()); got != want {
		t.Errorf("HEAD %s Content-Length = %q, want %q", target, got, want)
	}
	if got := head.Header().Get("ETag"); got != etag {
		t.Errorf("HEAD %s ETag = %q, want %q", target, got, etag)
	}

	// A later request writes new DTSTAMPs but the same events: still not modified.
	s.now = s.now.Add(time.Hour)
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		nm := serve(h, method, target, "If-None-Match", etag)
		if nm.Code != http.StatusNotModified || nm.Body.Len() != 0 {
			t.Errorf("%s %s If-None-Match %s = %d with %d bytes, want 304 with none", method, target, etag, nm.Code, nm.Body.Len())
		}
	}

	// A cancellation changes the feed.
	s.bookings[0].Status = calendar.StatusCancelled
	w = serve(h, http.MethodGet, target, "If-None-Match", etag)
	if w.Code != http.StatusOK || w.Header().Get("ETag") == etag {
		t.Errorf("GET %s after a change = %d with ETag %q, want 200 and a new tag", target, w.Code, w.Header().Get("ETag"))
	}

	if w := serve(h, http.MethodPost, target); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST %s = %d, want 405", target, w.Code)
	}
}

func TestHandlerErrors(t *testing.T) {
	s := newFeedServer(t)
	h := Handler(s.load)
	for _, tt := range []struct {
		err  error
		want int
	}{
		{ErrNotFound, http.StatusNotFound},
		{fmt.Errorf("master %q: %w", "ivan", ErrNotFound), http.StatusNotFound},
		{errors.New("bolt: database is closed"), http.StatusInternalServerError},
	} {
		s.err = tt.err
		w := serve(h, http.MethodGet, "/calendar/tok/ivan.ics")
		if w.Code != tt.want {
			t.Errorf("GET with load error %q = %d, want %d", tt.err, w.Code, tt.want)
		}
		if body := w.Body.String(); strings.Contains(body, "ivan") || strings.Contains(body, "bolt") {
			t.Errorf("GET with load error %q leaks it: %q", tt.err, body)
		}
		if got := w.Header().Get("Content-Type"); strings.HasPrefix(got, "text/calendar") {
			t.Errorf("GET with load error %q Content-Type = %q, want no calendar", tt.err, got)
		}
	}

	// A FeedInfo Feed rejects is a server error too.
	s.err, s.biz = nil, nil
	if w := serve(h, http.MethodGet, "/calendar/tok/ivan.ics"); w.Code != http.StatusInternalServerError {
		t.Errorf("GET with no business = %d, want 500", w.Code)
	}
}

func TestFilename(t *testing.T) {
	for _, tt := range []struct{ path, want string }{
		{"/calendar/tok/ivan.ics", "ivan.ics"},
		{"/calendar/tok/salon_1.ics", "salon_1.ics"},
		{"/calendar/tok/", "calendar.ics"},
		{"/calendar/tok/ivan", "calendar.ics"},
		{"/calendar/tok/.ics", "calendar.ics"},
		{`/calendar/tok/a"b.ics`, "calendar.ics"},
		{"/calendar/tok/иван.ics", "calendar.ics"},
		{"", "calendar.ics"},
	} {
		if got := filename(tt.path); got != tt.want {
			t.Errorf("filename(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestToken(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	tok := Token(secret, "master/ivan")
	if len(tok) != 32 {
		t.Errorf("Token(%q) = %q, %d characters, want 32", "master/ivan", tok, len(tok))
	}
	if strings.Trim(tok, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
		t.Errorf("Token(%q) = %q, want URL-safe base64 only", "master/ivan", tok)
	}
	if again := Token(secret, "master/ivan"); again != tok {
		t.Errorf("Token(%q) = %q, then %q", "master/ivan", tok, again)
	}
	if other := Token(secret, "master/olga"); other == tok {
		t.Errorf("Token(%q) = %q, the same as for master/ivan", "master/olga", other)
	}
	if other := Token([]byte("another secret, just as long ok"), "master/ivan"); other == tok {
		t.Errorf("Token with another secret = %q, the same", other)
	}

	for _, tt := range []struct {
		secret      []byte
		name, token string
		want        bool
	}{
		{secret, "master/ivan", tok, true},
		{secret, "master/olga", tok, false},
		{secret, "master/ivan", Token(secret, "master/olga"), false},
		{secret, "master/ivan", tok[:31], false},
		{secret, "master/ivan", tok + "A", false},
		{secret, "master/ivan", strings.ToUpper(tok), tok == strings.ToUpper(tok)},
		{secret, "master/ivan", "", false},
		{[]byte("wrong"), "master/ivan", tok, false},
		{nil, "master/ivan", Token(nil, "master/ivan"), false},
	} {
		if got := CheckToken(tt.secret, tt.name, tt.token); got != tt.want {
			t.Errorf("CheckToken(%q, %q, %q) = %v, want %v", tt.secret, tt.name, tt.token, got, tt.want)
		}
	}
}
