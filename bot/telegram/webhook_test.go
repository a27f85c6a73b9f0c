package telegram_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/minutka/minutka/bot/telegram"
	"github.com/minutka/minutka/bot/telegram/telegramtest"
)

const (
	secret  = "s3cret_value-1"
	hookURL = "https://salon.example/telegram/webhook"
)

func webhookOptions(o *telegram.Options) {
	o.Webhook, o.WebhookURL, o.WebhookSecret = true, hookURL, secret
}

// post sends an update to the webhook handler in the background and returns the recorder,
// complete once the returned channel is closed.
func post(h http.Handler, update any, secret string, set bool) (*httptest.ResponseRecorder, <-chan struct{}) {
	body, err := json.Marshal(update)
	if err != nil {
		panic(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/telegram/webhook", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	if set {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.ServeHTTP(rec, req)
	}()
	return rec, done
}

func TestWebhook(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		h := newHarness(t, srv, telegramtest.NewStore(), webhookOptions)
		hook := h.ch.WebhookHandler()

		// Before Run: Telegram is asked to come back later.
		rec, done := post(hook, text(1, "рано"), secret, true)
		<-done
		if rec.Code != http.StatusServiceUnavailable {
			t.Errorf("POST before Run = %d, want 503", rec.Code)
		}

		h.run()
		defer h.stop()
		set := h.calls("setWebhook", 1)[0].Params
		if set["url"] != hookURL || set["secret_token"] != secret || set["allowed_updates"] != `["message","callback_query"]` {
			t.Errorf("setWebhook(%v); want url %s, the secret and allowed_updates [message callback_query]", set, hookURL)
		}
		if n := len(srv.Calls("getUpdates")); n != 0 {
			t.Errorf("getUpdates called %d times in webhook mode, want 0", n)
		}

		for _, tt := range []struct {
			name   string
			secret string
			set    bool
		}{{"missing secret", "", false}, {"wrong secret", "s3cret_value-2", true}, {"empty secret", "", true}} {
			rec, done := post(hook, text(2, "чужой"), tt.secret, tt.set)
			<-done
			if rec.Code != http.StatusUnauthorized {
				t.Errorf("POST with %s = %d, want 401", tt.name, rec.Code)
			}
		}
		h.none()

		rec, done = post(hook, text(3, "Здравствуйте"), secret, true)
		m := h.next()
		if m.ID != "3" || m.Text != "Здравствуйте" {
			t.Errorf("delivered %+v, want update 3", m)
		}
		synctest.Wait()
		select {
		case <-done:
			t.Fatalf("POST answered %d before the hub finished; want the answer after TurnDone", rec.Code)
		default:
		}

		// Telegram repeats an update while the first request waits: the same turn, not a second.
		rec2, done2 := post(hook, text(3, "Здравствуйте"), secret, true)
		h.ch.TurnDone(m)
		<-done
		<-done2
		if rec.Code != http.StatusOK || rec2.Code != http.StatusOK {
			t.Errorf("POST, repeated POST = %d, %d; want 200, 200", rec.Code, rec2.Code)
		}
		if p, _ := h.store.Progress(t.Context(), botID); len(p.Done) != 1 || p.Done[0] != 3 {
			t.Errorf("stored Progress = %+v, want Done [3]", p)
		}

		// Repeated after it was processed: 200 at once, not delivered.
		rec, done = post(hook, text(3, "Здравствуйте"), secret, true)
		<-done
		if rec.Code != http.StatusOK {
			t.Errorf("POST(processed update) = %d, want 200", rec.Code)
		}
		h.none()

		// An update of a chat the bot ignores is answered at once.
		rec, done = post(hook, group(4, -100999, 42, "x"), secret, true)
		<-done
		if rec.Code != http.StatusOK {
			t.Errorf("POST(ignored update) = %d, want 200", rec.Code)
		}
		h.none()
	})
}

func TestWebhookRestart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		store := telegramtest.NewStore()
		h := start(t, srv, store, webhookOptions)
		h.calls("setWebhook", 1) // running
		hook := h.ch.WebhookHandler()
		_, done := post(hook, text(10, "раз"), secret, true)
		h.ch.TurnDone(h.next())
		<-done
		_, done = post(hook, text(11, "два"), secret, true)
		h.next() // never finished: the process dies
		h.stop()
		<-done

		h2 := start(t, srv, store, webhookOptions)
		defer h2.stop()
		h2.calls("setWebhook", 2)
		hook = h2.ch.WebhookHandler()
		rec, done := post(hook, text(10, "раз"), secret, true)
		<-done
		if rec.Code != http.StatusOK {
			t.Errorf("POST(update processed before the restart) = %d, want 200", rec.Code)
		}
		h2.none()
		_, done = post(hook, text(11, "два"), secret, true)
		m := h2.next()
		if m.ID != "11" {
			t.Errorf("after restart delivered %+v, want update 11 again", m)
		}
		h2.ch.TurnDone(m)
		<-done
	})
}

func TestWebhookHandlerMethods(t *testing.T) {
	srv := telegramtest.NewServer(token)
	h := newHarness(t, srv, telegramtest.NewStore(), nil) // polling mode
	rec := httptest.NewRecorder()
	h.ch.WebhookHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/telegram/webhook", strings.NewReader("{}")))
	if rec.Code != http.StatusNotFound {
		t.Errorf("POST in polling mode = %d, want 404", rec.Code)
	}

	h = newHarness(t, srv, telegramtest.NewStore(), webhookOptions)
	rec = httptest.NewRecorder()
	h.ch.WebhookHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/telegram/webhook", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET = %d, want 405", rec.Code)
	}
}
