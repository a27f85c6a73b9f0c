package ical

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/minutka/minutka/calendar"
)

// ErrNotFound is the error a Handler's load function returns, wrapped or not, when there is no
// such feed or the token is wrong; the handler answers 404 without details.
var ErrNotFound = errors.New("ical: not found")

// ContentType is the media type of what Feed and Event write.
const ContentType = "text/calendar; charset=utf-8"

// Handler returns a handler that serves the feed load returns for a GET or HEAD request, with
// Content-Type ContentType, Cache-Control "private, max-age=300", a Content-Disposition naming
// the file after the last element of the URL path (e.g. "ivan.ics"; "calendar.ics" when that
// is not a plain *.ics name) and a weak ETag; a request whose If-None-Match matches gets 304.
// The ETag hashes the content but not the DTSTAMPs, which change with every request.
//
// load runs on every request with the request's context. It checks the token (see CheckToken)
// and chooses the bookings; an error wrapping ErrNotFound becomes 404, any other error or a
// FeedInfo Feed rejects becomes 500. The response never tells why. Handler does not log: load
// should log its own failures. Other methods get 405.
func Handler(load func(ctx context.Context, r *http.Request) (FeedInfo, []calendar.Booking, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			fail(w, http.StatusMethodNotAllowed)
			return
		}
		f, bookings, err := load(r.Context(), r)
		if errors.Is(err, ErrNotFound) {
			fail(w, http.StatusNotFound)
			return
		}
		var buf bytes.Buffer
		if err == nil {
			err = Feed(&buf, f, bookings)
		}
		if err != nil {
			fail(w, http.StatusInternalServerError)
			return
		}
		h := w.Header()
		h.Set("Content-Type", ContentType)
		h.Set("Content-Disposition", `inline; filename="`+filename(r.URL.Path)+`"`)
		h.Set("Cache-Control", "private, max-age=300")
		h.Set("ETag", etag(buf.Bytes()))
		h.Set("X-Content-Type-Options", "nosniff")
		// ServeContent answers HEAD and If-None-Match.
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(buf.Bytes()))
	})
}

// fail answers with the status code and its standard text only, not to be cached.
func fail(w http.ResponseWriter, code int) {
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, http.StatusText(code), code)
}

// filename returns the last element of the URL path if it is a plain file name ending in .ics,
// else "calendar.ics".
func filename(urlPath string) string {
	name := path.Base(urlPath)
	ok := len(name) > len(".ics") && len(name) <= 100 && strings.HasSuffix(name, ".ics") && name[0] != '.'
	for _, c := range []byte(name) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == '_') {
			ok = false
		}
	}
	if !ok {
		return "calendar.ics"
	}
	return name
}

// etag returns a weak entity tag for the calendar: a hash of its lines but the DTSTAMPs, so that
// two writes of the same bookings at different times match.
func etag(ics []byte) string {
	h := sha256.New()
	for line := range bytes.Lines(ics) {
		if !bytes.HasPrefix(line, []byte("DTSTAMP:")) {
			h.Write(line)
		}
	}
	return `W/"` + hex.EncodeToString(h.Sum(nil)[:16]) + `"`
}

// tokenLen is the length of a token: 32 base64 characters, 192 bits of the HMAC.
const tokenLen = 32

// Token returns the secret token for the feed with that name: HMAC-SHA256 of name keyed with
// secret, in URL-safe base64 without padding, cut to 32 characters. A URL like
// /calendar/<Token(secret, "master/ivan")>/ivan.ics needs no stored per-feed token; changing
// secret revokes every token at once. Use a secret of at least 32 random bytes, kept for this
// alone.
func Token(secret []byte, name string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(name))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))[:tokenLen]
}

// CheckToken reports whether token is Token(secret, name), in time that does not depend on how
// much of it matches. It rejects every token when secret is empty.
func CheckToken(secret []byte, name, token string) bool {
	if len(secret) == 0 {
		return false
	}
	return hmac.Equal([]byte(Token(secret, name)), []byte(token))
}
