package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minutka/minutka/bot"
	"github.com/minutka/minutka/bot/bottest"
)

// TestLLMFallback runs the service with MINUTKA_LLM_* pointing at a fake OpenAI-compatible
// server: a message the rules are unsure of goes to it, its classification drives the dialog,
// and nothing but the message text (phones scrubbed) is sent.
func TestLLMFallback(t *testing.T) {
	var mu sync.Mutex
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/chat/completions") {
			http.NotFound(w, r)
			return
		}
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
		content, _ := json.Marshal(map[string]any{"intent": "address_hours", "confidence": 0.85, "services": []string{},
			"masters": []string{}, "date": "", "time": "", "answer": ""})
		json.NewEncoder(w).Encode(map[string]any{"id": "x", "object": "chat.completion", "model": "test-model",
			"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
				"message": map[string]any{"role": "assistant", "content": string(content)}}}})
	}))
	defer srv.Close()

	env := map[string]string{"MINUTKA_LLM_BASE_URL": srv.URL + "/v1", "MINUTKA_LLM_MODEL": "test-model"}
	cfg, err := LoadConfig("", func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	m := NewMain()
	m.Config = cfg
	m.Config.DataDir = t.TempDir()
	m.NoHTTP = true
	ch := bottest.New("test")
	m.Channels = []bot.Channel{ch}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	// Confident rules: no call.
	if _, err := ch.Text(ctx, "a", "сколько стоит маникюр?"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	n := len(bodies)
	mu.Unlock()
	if n != 0 {
		t.Errorf("a confident rules answer called the LLM %d times", n)
	}
	// Unsure rules: the LLM's label is used.
	r, err := ch.Text(ctx, "a", "а вы вообще в какой стороне города, мой номер 8 913 123-45-67")
	if err != nil {
		t.Fatal(err)
	}
	if len(r) == 0 || !strings.Contains(r[0].Text, "Карла Маркса") {
		t.Errorf("reply = %+v, want the address (the LLM said address_hours)", r)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(bodies) != 1 {
		t.Fatalf("LLM calls = %d, want 1", len(bodies))
	}
	if strings.Contains(bodies[0], "913") || !strings.Contains(bodies[0], "в какой стороне города") {
		t.Errorf("request body = %s, want the text with the phone scrubbed", bodies[0])
	}
}
