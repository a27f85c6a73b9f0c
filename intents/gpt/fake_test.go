package gpt

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/minutka/minutka/intents"
)

// fakeOpenAI is an OpenAI-compatible server at its protocol edge: POST /v1/chat/completions (or
// /chat/completions) with a JSON request, a JSON chat completion or an error in OpenAI's shape
// back. It records every request body.
type fakeOpenAI struct {
	t   *testing.T
	key string // the bearer token it expects; "" expects no Authorization header

	mu     sync.Mutex
	reply  http.HandlerFunc
	bodies [][]byte
}

func newFake(t *testing.T, reply http.HandlerFunc) *fakeOpenAI {
	t.Helper()
	return &fakeOpenAI{t: t, key: "test-key", reply: reply}
}

func (f *fakeOpenAI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || (r.URL.Path != "/v1/chat/completions" && r.URL.Path != "/chat/completions") {
		f.t.Errorf("fake OpenAI: %s %s, want POST /v1/chat/completions", r.Method, r.URL.Path)
		writeError(w, http.StatusNotFound, "invalid_request_error", "unknown_url", "Unknown request URL")
		return
	}
	want := ""
	if f.key != "" {
		want = "Bearer " + f.key
	}
	if got := r.Header.Get("Authorization"); got != want {
		f.t.Errorf("fake OpenAI: Authorization = %q, want %q", got, want)
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		f.t.Errorf("fake OpenAI: reading body: %v", err)
	}
	f.mu.Lock()
	f.bodies = append(f.bodies, body)
	reply := f.reply
	f.mu.Unlock()
	reply(w, r)
}

func (f *fakeOpenAI) setReply(h http.HandlerFunc) {
	f.mu.Lock()
	f.reply = h
	f.mu.Unlock()
}

func (f *fakeOpenAI) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.bodies)
}

// allBodies returns every request body so far, joined.
func (f *fakeOpenAI) allBodies() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return string(bytes.Join(f.bodies, []byte("\n")))
}

// wireRequest is the part of a chat completion request the tests look at.
type wireRequest struct {
	Model    string `json:"model"`
	Messages []struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	} `json:"messages"`
	ResponseFormat map[string]any `json:"response_format"`
}

// last decodes the last request.
func (f *fakeOpenAI) last() wireRequest {
	f.t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.bodies) == 0 {
		f.t.Fatal("fake OpenAI: no request")
	}
	var req wireRequest
	if err := json.Unmarshal(f.bodies[len(f.bodies)-1], &req); err != nil {
		f.t.Fatalf("fake OpenAI: request is not JSON: %v", err)
	}
	return req
}

// answer replies with a chat completion whose message content is content.
func answer(content string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"id":      "chatcmpl-test",
			"object":  "chat.completion",
			"created": 1764000000,
			"model":   "test-model",
			"choices": []map[string]any{{
				"index":         0,
				"message":       map[string]any{"role": "assistant", "content": content},
				"finish_reason": "stop",
			}},
			"usage": map[string]int{"prompt_tokens": 900, "completion_tokens": 40, "total_tokens": 940},
		})
	}
}

// answerJSON replies with v, marshalled, as the message content.
func answerJSON(v any) http.HandlerFunc {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return answer(string(b))
}

// failWith replies with an error status in OpenAI's error shape.
func failWith(status int, typ, code, message string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		writeError(w, status, typ, code, message)
	}
}

func writeError(w http.ResponseWriter, status int, typ, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{
		"error": map[string]any{"message": message, "type": typ, "param": nil, "code": code},
	})
}

// hang replies only when the request is abandoned, or after a minute.
func hang(w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(time.Minute):
	}
}

// handlerTransport serves requests in process with a handler, for tests in a synctest bubble,
// where a real network connection would never let the fake clock advance.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		t.h.ServeHTTP(rec, r)
	}()
	select {
	case <-done:
		return rec.Result(), nil
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
}

// stubRules is a rules detector that always finds the same result.
type stubRules intents.Result

func (s stubRules) Detect(ctx context.Context, text string, now time.Time) (intents.Result, error) {
	return intents.Result(s), nil
}

var testCatalog = intents.Catalog{
	Services: []intents.ServiceName{
		{ID: "haircut_men", Names: []string{"Мужская стрижка", "Men's haircut", "подстричься"}},
		{ID: "manicure", Names: []string{"Маникюр", "маник"}},
		{ID: "coloring", Names: []string{"Окрашивание"}},
	},
	Masters: []intents.MasterName{{ID: "anna", Names: []string{"Анна", "Аня"}}, {ID: "irina", Names: []string{"Ирина"}}},
}

// testNow is a Monday morning in Krasnoyarsk.
func testNow(t *testing.T) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Krasnoyarsk")
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(2026, 11, 23, 10, 5, 0, 0, loc)
}

// newDetector returns a Detector that talks to f over a real httptest server, with rules that
// always find rules, and edit applied to its options.
func newDetector(t *testing.T, f *fakeOpenAI, rules intents.Result, edit func(*Options)) *Detector {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	o := Options{
		BaseURL:    srv.URL + "/v1",
		Model:      "test-model",
		APIKey:     f.key,
		Rules:      stubRules(rules),
		Catalog:    testCatalog,
		JSONSchema: true,
		Timeout:    2 * time.Second,
	}
	if edit != nil {
		edit(&o)
	}
	d, err := New(o)
	if err != nil {
		t.Fatalf("New(%+v) = %v", o, err)
	}
	return d
}

// logBuffer collects log output across goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func (l *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewJSONHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// fmtResult prints a Result for failure messages.
func fmtResult(r intents.Result) string {
	w := "nil"
	if r.When != nil {
		w = fmt.Sprintf("%+v", *r.When)
	}
	return fmt.Sprintf("{Intent:%s Score:%v Greeting:%v Services:%q When:%s Phone:%q Name:%q Answer:%d}",
		r.Intent, r.Score, r.Greeting, r.Services, w, r.Phone, r.Name, r.Answer)
}
