package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
)

// Server is a fake Telegram Bot API server for one bot. It serves POST /bot<token>/<method>
// with multipart/form-data, JSON or URL-encoded parameters, as the real one does, and answers
// {"ok":true,"result":…} or {"ok":false,"error_code":…,"description":…}. It implements
// getMe, getUpdates (long polling with offsets: an update stays until an offset above it
// confirms it), sendMessage (validating text length and inline buttons), answerCallbackQuery,
// setWebhook and deleteWebhook (getUpdates answers 409 while a webhook is set). Every call is
// recorded. Use it through Client and URL (in memory, fit for testing/synctest), or mount it on
// an httptest.Server. It is safe for concurrent use.
type Server struct {
	token string
	botID int64

	// Username is what getMe reports; set it before use.
	Username string

	mu        sync.Mutex
	updates   []pending // not confirmed, ascending ids
	confirmed int64     // updates below are forgotten
	calls     []Call
	faults    map[string][]Fault
	webhook   string
	nextMsg   int
	changed   chan struct{} // closed and replaced on every change
}

type pending struct {
	id  int64
	raw json.RawMessage
}

// Call is one request the server received.
type Call struct {
	Method      string
	ContentType string            // the media type, e.g. "multipart/form-data"
	Params      map[string]string // each parameter as sent: JSON values as their JSON text
	At          time.Time
}

// Fault is an error answer to inject (see Fail).
type Fault struct {
	Code        int    // error_code, and the HTTP status
	Description string // e.g. "Bad Request: chat not found"
	RetryAfter  int    // parameters.retry_after, in seconds
	Body        string // if set, sent as is instead of the JSON error (an HTML 502 page, say)
}

// TooManyRequests returns the fault Telegram answers when flood control hits.
func TooManyRequests(retryAfter int) Fault {
	return Fault{Code: http.StatusTooManyRequests, RetryAfter: retryAfter,
		Description: fmt.Sprintf("Too Many Requests: retry after %d", retryAfter)}
}

// NewServer returns a server for the bot with token (like "123456:ABC").
func NewServer(token string) *Server {
	id, _, _ := strings.Cut(token, ":")
	botID, _ := strconv.ParseInt(id, 10, 64)
	return &Server{token: token, botID: botID, Username: "minutka_test_bot",
		faults: make(map[string][]Fault), changed: make(chan struct{})}
}

// URL is the base URL to use with Client.
func (s *Server) URL() string { return "http://api.telegram.test" }

// Client returns an HTTP client that reaches the server in memory, whatever the URL's host.
// A request's context cancels it as a network request's would.
func (s *Server) Client() *http.Client { return &http.Client{Transport: transport{s}} }

type transport struct{ h http.Handler }

func (t transport) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	sreq := req.Clone(req.Context())
	sreq.RequestURI = req.URL.RequestURI()
	sreq.RemoteAddr = "192.0.2.1:1234"
	go func() {
		defer close(done)
		t.h.ServeHTTP(rec, sreq)
		if req.Body != nil {
			req.Body.Close()
		}
	}()
	select {
	case <-done:
		return rec.Result(), nil
	case <-req.Context().Done():
		return nil, req.Context().Err()
	}
}

// Add queues updates for getUpdates. Each is a JSON value with an "update_id": a
// json.RawMessage, a string of JSON, or anything encoding/json marshals.
func (s *Server) Add(updates ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range updates {
		var raw []byte
		switch v := u.(type) {
		case json.RawMessage:
			raw = v
		case string:
			raw = []byte(v)
		default:
			var err error
			if raw, err = json.Marshal(v); err != nil {
				panic(fmt.Sprintf("telegramtest: add: %v", err))
			}
		}
		var head struct {
			ID int64 `json:"update_id"`
		}
		if err := json.Unmarshal(raw, &head); err != nil || head.ID == 0 {
			panic(fmt.Sprintf("telegramtest: add: no update_id in %s", raw))
		}
		s.updates = append(s.updates, pending{id: head.ID, raw: raw})
	}
	s.changeLocked()
}

// Fail makes the next calls of method answer with faults, one per call, in order.
func (s *Server) Fail(method string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[method] = append(s.faults[method], faults...)
}

// Calls returns the calls of method so far ("" for all), oldest first.
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.callsLocked(method)
}

// WaitCalls waits until there are at least n calls of method and returns them all.
func (s *Server) WaitCalls(ctx context.Context, method string, n int) ([]Call, error) {
	for {
		s.mu.Lock()
		calls, ch := s.callsLocked(method), s.changed
		s.mu.Unlock()
		if len(calls) >= n {
			return calls, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return calls, fmt.Errorf("telegramtest: %d %s calls, want %d: %w", len(calls), method, n, ctx.Err())
		}
	}
}

// Offset returns the highest offset confirmed by getUpdates: the updates below are forgotten.
func (s *Server) Offset() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.confirmed
}

// Webhook returns the URL set by setWebhook, or "".
func (s *Server) Webhook() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhook
}

func (s *Server) callsLocked(method string) []Call {
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

func (s *Server) changeLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 || method == "" {
		reply(w, Fault{Code: http.StatusNotFound, Description: "Not Found"})
		return
	}
	if token != s.token {
		reply(w, Fault{Code: http.StatusUnauthorized, Description: "Unauthorized"})
		return
	}
	params, ctype, err := parseParams(r)
	if err != nil {
		reply(w, Fault{Code: http.StatusBadRequest, Description: "Bad Request: " + err.Error()})
		return
	}
	s.mu.Lock()
	s.calls = append(s.calls, Call{Method: method, ContentType: ctype, Params: params, At: time.Now()})
	s.changeLocked()
	if fs := s.faults[method]; len(fs) > 0 {
		s.faults[method] = fs[1:]
		s.mu.Unlock()
		reply(w, fs[0])
		return
	}
	s.mu.Unlock()

	switch method {
	case "getMe":
		result(w, map[string]any{"id": s.botID, "is_bot": true, "first_name": "Minutka", "username": s.Username})
	case "getUpdates":
		s.getUpdates(w, r, params)
	case "sendMessage":
		s.sendMessage(w, params)
	case "answerCallbackQuery":
		if params["callback_query_id"] == "" {
			reply(w, Fault{Code: 400, Description: "Bad Request: query is too old and response timeout expired or query ID is invalid"})
			return
		}
		result(w, true)
	case "setWebhook":
		if params["url"] == "" {
			reply(w, Fault{Code: 400, Description: "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"})
			return
		}
		s.mu.Lock()
		s.webhook = params["url"]
		s.mu.Unlock()
		result(w, true)
	case "deleteWebhook":
		s.mu.Lock()
		s.webhook = ""
		s.mu.Unlock()
		result(w, true)
	default:
		reply(w, Fault{Code: http.StatusNotFound, Description: "Not Found"})
	}
}

func (s *Server) getUpdates(w http.ResponseWriter, r *http.Request, p map[string]string) {
	offset, _ := strconv.ParseInt(p["offset"], 10, 64)
	limit, _ := strconv.Atoi(p["limit"])
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, _ := strconv.Atoi(p["timeout"])
	var deadline <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(time.Duration(timeout) * time.Second)
		defer t.Stop()
		deadline = t.C
	}
	for {
		s.mu.Lock()
		if s.webhook != "" {
			s.mu.Unlock()
			reply(w, Fault{Code: http.StatusConflict, Description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"})
			return
		}
		if offset > s.confirmed {
			s.confirmed = offset
			kept := s.updates[:0]
			for _, u := range s.updates {
				if u.id >= offset {
					kept = append(kept, u)
				}
			}
			s.updates = kept
		}
		var out []json.RawMessage
		for _, u := range s.updates {
			if len(out) < limit {
				out = append(out, u.raw)
			}
		}
		ch := s.changed
		s.mu.Unlock()
		if len(out) > 0 || deadline == nil {
			if out == nil {
				out = []json.RawMessage{}
			}
			result(w, out)
			return
		}
		select {
		case <-ch:
		case <-deadline:
			deadline = nil
		case <-r.Context().Done():
			return
		}
	}
}

func (s *Server) sendMessage(w http.ResponseWriter, p map[string]string) {
	chat, err := strconv.ParseInt(p["chat_id"], 10, 64)
	if err != nil || chat == 0 {
		reply(w, Fault{Code: 400, Description: "Bad Request: chat not found"})
		return
	}
	text := p["text"]
	switch n := len(utf16.Encode([]rune(text))); {
	case strings.TrimSpace(text) == "":
		reply(w, Fault{Code: 400, Description: "Bad Request: message text is empty"})
		return
	case n > 4096:
		reply(w, Fault{Code: 400, Description: "Bad Request: message is too long"})
		return
	}
	if m := p["reply_markup"]; m != "" {
		if msg := checkMarkup(m); msg != "" {
			reply(w, Fault{Code: 400, Description: "Bad Request: " + msg})
			return
		}
	}
	s.mu.Lock()
	s.nextMsg++
	id := s.nextMsg
	s.mu.Unlock()
	typ := "private"
	if chat < 0 {
		typ = "supergroup"
	}
	result(w, map[string]any{"message_id": id, "date": time.Now().Unix(), "text": text,
		"chat": map[string]any{"id": chat, "type": typ}})
}

// checkMarkup returns what Telegram would object to in a reply_markup, or "".
func checkMarkup(m string) string {
	var kb struct {
		Inline [][]map[string]json.RawMessage `json:"inline_keyboard"`
	}
	if err := json.Unmarshal([]byte(m), &kb); err != nil {
		return "can't parse reply keyboard markup JSON object"
	}
	for _, row := range kb.Inline {
		for _, b := range row {
			if ct, ok := b["copy_text"]; ok {
				var v struct {
					Text string `json:"text"`
				}
				if json.Unmarshal(ct, &v) != nil || v.Text == "" {
					return "BUTTON_COPY_TEXT_INVALID"
				}
			}
			var data string
			if raw, ok := b["callback_data"]; ok {
				if json.Unmarshal(raw, &data) != nil || len(data) == 0 || len(data) > 64 {
					return "BUTTON_DATA_INVALID"
				}
			} else if _, ok := b["url"]; !ok {
				return "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
			}
		}
	}
	return ""
}

// parseParams reads a request's parameters whatever their encoding.
func parseParams(r *http.Request) (map[string]string, string, error) {
	params := make(map[string]string)
	for k, v := range r.URL.Query() {
		params[k] = v[0]
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, "", err
	}
	ctype, mp, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if len(bytes.TrimSpace(body)) == 0 {
		return params, ctype, nil
	}
	switch ctype {
	case "multipart/form-data":
		form, err := multipart.NewReader(bytes.NewReader(body), mp["boundary"]).ReadForm(32 << 20)
		if err != nil {
			return nil, ctype, err
		}
		for k, v := range form.Value {
			params[k] = v[0]
		}
	case "application/json":
		var m map[string]json.RawMessage
		if err := json.Unmarshal(body, &m); err != nil {
			return nil, ctype, err
		}
		for k, v := range m {
			var s string
			if json.Unmarshal(v, &s) == nil {
				params[k] = s
			} else {
				params[k] = string(v)
			}
		}
	default:
		q, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, ctype, err
		}
		for k, v := range q {
			params[k] = v[0]
		}
	}
	return params, ctype, nil
}

func result(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": v})
}

func reply(w http.ResponseWriter, f Fault) {
	if f.Body != "" {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(f.Code)
		io.WriteString(w, f.Body)
		return
	}
	body := map[string]any{"ok": false, "error_code": f.Code, "description": f.Description}
	if f.RetryAfter > 0 {
		body["parameters"] = map[string]any{"retry_after": f.RetryAfter}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(f.Code)
	json.NewEncoder(w).Encode(body)
}
