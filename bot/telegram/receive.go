package telegram

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/minutka/minutka/bot"
)

const (
	// pollLimit is the getUpdates batch size (Telegram's maximum).
	pollLimit = 100
	// busyPoll is how long the loop waits before asking again when Telegram returned only
	// updates the hub is still handling (they come back until confirmed).
	busyPoll = 500 * time.Millisecond
	// maxBackoff bounds the wait between failed getUpdates calls.
	maxBackoff = 30 * time.Second
	// maxBatchBytes bounds a getUpdates response.
	maxBatchBytes = 32 << 20
	// maxUpdateBytes bounds a webhook request.
	maxUpdateBytes = 1 << 20
	// webhookWait bounds how long a webhook request waits for the hub to finish its update
	// before answering 503 (Telegram then sends it again, and the repeat waits for the same turn).
	webhookWait = 50 * time.Second
	// callbackTimeout bounds one answerCallbackQuery call.
	callbackTimeout = 10 * time.Second
	// secretHeader carries the webhook secret.
	secretHeader = "X-Telegram-Bot-Api-Secret-Token"
)

// allowedUpdates are the update types the channel reads; Telegram sends no others.
var allowedUpdates = []string{models.AllowedUpdateMessage, models.AllowedUpdateCallbackQuery}

// pollLoop runs getUpdates until ctx is done.
func (c *Channel) pollLoop(ctx context.Context) error {
	var backoff time.Duration
	deleted := false
	for ctx.Err() == nil {
		c.abandonStale()
		batch, err := c.getUpdates(ctx, c.track.next())
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			var ue *updatesError
			isUE := errors.As(err, &ue)
			switch {
			case errors.Is(err, ErrUnauthorized), isUE && ue.code == http.StatusNotFound:
				return err // the token or the API URL is wrong: retrying will not help
			case isUE && ue.code == http.StatusConflict && strings.Contains(strings.ToLower(ue.desc), "webhook") && !deleted:
				deleted = true
				c.log.Warn("telegram: a webhook is set; deleting it to poll")
				if _, err := c.api.DeleteWebhook(ctx, &tg.DeleteWebhookParams{}); err != nil {
					c.log.Warn("telegram: deleteWebhook failed", slog.Any("error", c.apiError("delete webhook", err)))
				}
				continue
			}
			backoff = min(max(2*backoff, time.Second), maxBackoff)
			if isUE && ue.retryAfter > 0 {
				backoff = time.Duration(ue.retryAfter) * time.Second
			}
			c.log.Warn("telegram: getUpdates failed", slog.Any("error", err), slog.Duration("retry_in", backoff))
			if !sleep(ctx, backoff) {
				break
			}
			continue
		}
		backoff = 0
		offset, fresh := c.track.next(), 0
		for _, raw := range batch {
			if out, _ := c.take(raw); out == taken || out == ignored {
				fresh++
			}
		}
		if len(batch) > 0 && fresh == 0 && c.track.next() == offset {
			// Only updates still being handled came back (Telegram keeps returning them until
			// confirmed): wait for one to finish, or a moment for new ones, instead of asking
			// again at once.
			t := time.NewTimer(busyPoll)
			select {
			case <-ctx.Done():
			case <-c.moved:
			case <-t.C:
			}
			t.Stop()
		}
	}
	return nil
}

// getUpdatesParams is the body of a getUpdates call.
type getUpdatesParams struct {
	Offset         int64    `json:"offset,omitempty"`
	Limit          int      `json:"limit"`
	Timeout        int      `json:"timeout"`
	AllowedUpdates []string `json:"allowed_updates"`
}

// updatesError is a getUpdates call that Telegram answered with an error.
type updatesError struct {
	code       int
	desc       string
	retryAfter int
}

func (e *updatesError) Error() string {
	return fmt.Sprintf("telegram: getUpdates: %d %s", e.code, e.desc)
}

// getUpdates asks for the updates from offset on, waiting up to the poll timeout for some.
// It does not go through the library, which confirms updates before they are handled.
func (c *Channel) getUpdates(ctx context.Context, offset int64) ([]json.RawMessage, error) {
	body, err := json.Marshal(getUpdatesParams{
		Offset:         offset,
		Limit:          pollLimit,
		Timeout:        int(c.poll / time.Second),
		AllowedUpdates: allowedUpdates,
	})
	if err != nil {
		return nil, fmt.Errorf("telegram: getUpdates: %w", err)
	}
	rctx, cancel := context.WithTimeout(ctx, c.poll+20*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodPost, c.apiURL+"/bot"+c.token+"/getUpdates", bytes.NewReader(body))
	if err != nil {
		return nil, errors.New("telegram: getUpdates: " + c.redact(err.Error()))
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			ue.URL = c.redact(ue.URL)
		}
		return nil, &apiError{msg: "telegram: getUpdates: " + c.redact(err.Error()), err: err}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBatchBytes))
	if err != nil {
		return nil, &apiError{msg: "telegram: getUpdates: " + c.redact(err.Error()), err: err}
	}
	var env struct {
		OK          bool              `json:"ok"`
		Result      []json.RawMessage `json:"result"`
		ErrorCode   int               `json:"error_code"`
		Description string            `json:"description"`
		Parameters  struct {
			RetryAfter int `json:"retry_after"`
		} `json:"parameters"`
	}
	if err := json.Unmarshal(data, &env); err != nil {
		return nil, &updatesError{code: resp.StatusCode, desc: "unreadable response (" + http.StatusText(resp.StatusCode) + ")"}
	}
	if !env.OK {
		e := &updatesError{code: env.ErrorCode, desc: c.redact(env.Description), retryAfter: env.Parameters.RetryAfter}
		if e.code == 0 {
			e.code = resp.StatusCode
		}
		if e.code == http.StatusUnauthorized {
			return nil, &apiError{msg: e.Error(), kind: ErrUnauthorized, err: e}
		}
		return nil, e
	}
	return env.Result, nil
}

// outcome is what take did with an update.
type outcome int

const (
	taken    outcome = iota // handed to the hub now
	ignored                 // new, but not for the hub
	pending                 // handed to the hub before and not finished yet
	finished                // processed (or ignored) before
	closed                  // the channel is not running: nothing recorded
)

// take handles one update from Telegram: a new one is handed to the hub (or ignored), a
// repeated one is recognised. For taken and pending it returns the update's flight.
func (c *Channel) take(raw []byte) (outcome, *flight) {
	var u models.Update
	if err := json.Unmarshal(raw, &u); err != nil {
		var head struct {
			ID int64 `json:"update_id"`
		}
		if json.Unmarshal(raw, &head) != nil || head.ID == 0 {
			c.log.Warn("telegram: unreadable update", slog.String("error", err.Error()))
			return finished, nil
		}
		c.log.Warn("telegram: unreadable update, skipped", slog.Int64("update_id", head.ID), slog.String("error", err.Error()))
		u = models.Update{ID: head.ID}
	}

	c.dmu.Lock()
	defer c.dmu.Unlock()
	if c.deliver == nil {
		return closed, nil
	}
	if f, done := c.track.state(u.ID); f != nil {
		return pending, f
	} else if done {
		c.track.skip(u.ID)
		return finished, nil
	}
	if cq := u.CallbackQuery; cq != nil {
		c.answer(cq.ID)
	}
	m, chat, why := c.message(&u)
	if why == "" && c.track.chatBusy(chat) {
		c.log.Warn("telegram: too many unanswered messages from one chat, message dropped", slog.Int64("chat", chat))
		why = "flood"
	}
	if why != "" {
		c.log.Debug("telegram: update ignored", slog.Int64("update_id", u.ID), slog.String("why", why))
		c.track.skip(u.ID)
		return ignored, nil
	}
	c.keys.inbound(chat, &m)
	f := c.track.begin(u.ID, chat, m.Received)
	c.log.Debug("telegram: message", slog.Int64("update_id", u.ID), slog.String("chat", m.From.Chat),
		slog.String("kind", string(m.Kind)), slog.String("text", m.Text), slog.String("option", m.Option))
	c.deliver(m)
	return taken, f
}

// answer acknowledges a callback query in the background, so the client's spinner stops.
// c.dmu must be held with the channel running.
func (c *Channel) answer(id string) {
	c.tasks.Add(1)
	go func() {
		defer c.tasks.Done()
		ctx, cancel := context.WithTimeout(context.Background(), callbackTimeout)
		defer cancel()
		if _, err := c.api.AnswerCallbackQuery(ctx, &tg.AnswerCallbackQueryParams{CallbackQueryID: id}); err != nil {
			// After a restart old queries fail with "query is too old": nothing to do.
			c.log.Debug("telegram: answerCallbackQuery failed", slog.Any("error", c.apiError("answer callback query", err)))
		}
	}()
}

// abandonStale gives up the updates in flight for too long (the hub must have dropped them).
func (c *Channel) abandonStale() {
	ids := c.track.stale(c.now().Add(-abandonAfter))
	if len(ids) == 0 {
		return
	}
	var fs []*flight
	for _, id := range ids {
		if f := c.track.finish(id); f != nil {
			c.log.Warn("telegram: message not finished in time, given up", slog.Int64("update_id", id))
			fs = append(fs, f)
		}
	}
	c.save()
	for _, f := range fs {
		close(f.done)
	}
}

// message turns an update into a message for the hub and returns its chat id, or says why it
// is ignored.
func (c *Channel) message(u *models.Update) (m bot.Message, chat int64, why string) {
	switch {
	case u.Message != nil:
		return c.fromMessage(u.ID, u.Message)
	case u.CallbackQuery != nil:
		return c.fromCallback(u.ID, u.CallbackQuery)
	default:
		return m, 0, "update type"
	}
}

// admit checks the chat of a message and fills the fields every message has.
func (c *Channel) admit(m *bot.Message, id int64, ch models.Chat, from *models.User) (why string) {
	private := ch.Type == models.ChatTypePrivate
	switch {
	case ch.Type == models.ChatTypeChannel:
		return "channel"
	case !private && !c.groups[ch.ID]:
		return "group not allowed"
	case from == nil || from.IsBot:
		return "from a bot"
	}
	*m = bot.Message{
		ID:       strconv.FormatInt(id, 10),
		From:     bot.Address{Channel: name, Chat: strconv.FormatInt(ch.ID, 10)},
		User:     strconv.FormatInt(from.ID, 10),
		Group:    !private,
		Name:     strings.TrimSpace(from.FirstName + " " + from.LastName),
		Kind:     bot.KindText,
		Received: c.now(),
	}
	return ""
}

func (c *Channel) fromMessage(id int64, msg *models.Message) (m bot.Message, chat int64, why string) {
	if msg.MigrateToChatID != 0 && c.groups[msg.Chat.ID] {
		c.log.Warn("telegram: a listed group became a supergroup with a new id: list the new id",
			slog.Int64("old", msg.Chat.ID), slog.Int64("new", msg.MigrateToChatID))
	}
	if why := c.admit(&m, id, msg.Chat, msg.From); why != "" {
		return m, 0, why
	}
	if msg.Date > 0 {
		m.Sent = time.Unix(int64(msg.Date), 0)
	}
	m.Text = msg.Caption
	switch {
	case msg.Text != "":
		m.Text = msg.Text
	case len(msg.Photo) > 0:
		m.Kind = bot.KindPhoto
	case msg.Sticker != nil:
		m.Kind = bot.KindSticker
	case msg.Voice != nil, msg.VideoNote != nil:
		m.Kind = bot.KindVoice
	case msg.Animation != nil: // before Document: an animation comes with both
		m.Kind = bot.KindOther
	case msg.Document != nil, msg.Audio != nil:
		m.Kind = bot.KindFile
	case msg.Location != nil, msg.Venue != nil:
		m.Kind = bot.KindLocation
	case msg.Contact != nil:
		m.Kind = bot.KindContact
		raw := strings.TrimSpace(msg.Contact.PhoneNumber)
		m.Text = raw
		if msg.Contact.UserID != 0 && msg.Contact.UserID == msg.From.ID {
			if p := normalizePhone(raw); p != "" {
				m.Text, m.Phone = p, p // the sender's own number: Telegram vouches for it
			}
		}
	case msg.Video != nil, msg.Poll != nil, msg.Dice != nil, msg.Game != nil, msg.Story != nil,
		msg.Invoice != nil, msg.PaidMedia != nil, msg.Checklist != nil:
		m.Kind = bot.KindOther
	default:
		return m, 0, "service message"
	}
	if m.Kind == bot.KindText {
		if m.Group {
			m.Text = c.stripMention(m.Text)
		} else {
			m.Source = startPayload(m.Text)
		}
	}
	return m, msg.Chat.ID, ""
}

func (c *Channel) fromCallback(id int64, cq *models.CallbackQuery) (m bot.Message, chat int64, why string) {
	var ch models.Chat
	var markup *models.InlineKeyboardMarkup
	switch {
	case cq.Message.Message != nil:
		ch, markup = cq.Message.Message.Chat, cq.Message.Message.ReplyMarkup
	case cq.Message.InaccessibleMessage != nil:
		ch = cq.Message.InaccessibleMessage.Chat
	default:
		return m, 0, "inline message"
	}
	from := cq.From
	if why := c.admit(&m, id, ch, &from); why != "" {
		return m, 0, why
	}
	if cq.Data == "" {
		return m, 0, "no callback data"
	}
	label := buttonLabel(markup, cq.Data)
	value, ok := c.tokens.value(cq.Data)
	switch {
	case ok:
		m.Option, m.Text = value, label
		if m.Text == "" {
			m.Text = value
		}
	case label != "":
		m.Text = label // a button from before a restart: its label reads as typed text
	default:
		return m, 0, "stale button"
	}
	return m, ch.ID, ""
}

// buttonLabel finds the text of the button with callback data in markup.
func buttonLabel(markup *models.InlineKeyboardMarkup, data string) string {
	if markup == nil {
		return ""
	}
	for _, row := range markup.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData == data {
				return b.Text
			}
		}
	}
	return ""
}

// stripMention turns "/cmd@thisbot rest" into "/cmd rest".
func (c *Channel) stripMention(text string) string {
	c.mu.Lock()
	user := c.username
	c.mu.Unlock()
	if user == "" || !strings.HasPrefix(text, "/") {
		return text
	}
	word, rest, _ := strings.Cut(text, " ")
	cmd, at, ok := strings.Cut(word, "@")
	if !ok || !strings.EqualFold(at, user) {
		return text
	}
	if rest == "" {
		return cmd
	}
	return cmd + " " + rest
}

// startPayload returns the deep-link payload of "/start <payload>", or "".
func startPayload(text string) string {
	cmd, payload, ok := strings.Cut(strings.TrimSpace(text), " ")
	if !ok || cmd != "/start" {
		return ""
	}
	payload = strings.TrimSpace(payload)
	if len(payload) == 0 || len(payload) > 64 {
		return ""
	}
	for _, r := range payload {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return ""
		}
	}
	return payload
}

// normalizePhone returns "+" and the digits of p, or "" if p has too few digits for a phone.
func normalizePhone(p string) string {
	var b strings.Builder
	b.WriteByte('+')
	for _, r := range p {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	if n := b.Len() - 1; n < 7 || n > 15 {
		return ""
	}
	return b.String()
}

// runWebhook registers the webhook if a URL is set, then lets WebhookHandler deliver until ctx
// is done.
func (c *Channel) runWebhook(ctx context.Context, deliver func(bot.Message)) error {
	c.dmu.Lock()
	c.deliver = deliver
	c.dmu.Unlock()
	if c.opts.WebhookURL != "" {
		if err := c.register(ctx); err != nil {
			return err
		}
	}
	c.log.Info("telegram: receiving by webhook", slog.String("bot", c.botName()))
	<-ctx.Done()
	return nil
}

// register calls setWebhook, retrying failures until ctx is done.
func (c *Channel) register(ctx context.Context) error {
	params := &tg.SetWebhookParams{
		URL:            c.opts.WebhookURL,
		AllowedUpdates: allowedUpdates,
		SecretToken:    c.opts.WebhookSecret,
	}
	var backoff time.Duration
	for {
		_, err := c.api.SetWebhook(ctx, params)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return nil
		}
		err = c.apiError("set webhook", err)
		if errors.Is(err, ErrUnauthorized) || errors.Is(err, tg.ErrorBadRequest) {
			return err // a wrong token, or a URL Telegram refuses
		}
		backoff = min(max(2*backoff, time.Second), maxBackoff)
		c.log.Warn("telegram: setWebhook failed", slog.Any("error", err), slog.Duration("retry_in", backoff))
		if !sleep(ctx, backoff) {
			return nil
		}
	}
}

// WebhookHandler returns the handler Telegram posts updates to in webhook mode; mount it at
// the path of Options.WebhookURL. It answers:
//
//   - 401 if the X-Telegram-Bot-Api-Secret-Token header is not the secret (compared in
//     constant time); nothing is delivered;
//   - 200 once the update is processed: the hub has finished with it (TurnDone) and the
//     progress is saved. A repeated update that was processed gets 200 at once; one still being
//     handled waits for the same turn, so it is delivered once;
//   - 503 if Run is not running (before it starts or after it stops), or if the turn is not
//     finished within 50 seconds: Telegram sends the update again later;
//   - 200 for updates the channel ignores, 400 for a body that is not an update, 404 when the
//     channel is not in webhook mode, 405 for methods other than POST.
//
// Answering only after the turn means an update is never lost to a crash: Telegram keeps it
// until the 200. Telegram sends several updates at once (setWebhook's max_connections), so one
// slow turn does not hold up the others.
func (c *Channel) WebhookHandler() http.Handler { return http.HandlerFunc(c.serveWebhook) }

func (c *Channel) serveWebhook(w http.ResponseWriter, r *http.Request) {
	if !c.opts.Webhook {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	got := hashSecret(r.Header.Get(secretHeader))
	if subtle.ConstantTimeCompare(got[:], c.secret[:]) != 1 {
		c.log.Warn("telegram: webhook request with a wrong secret", slog.String("remote", r.RemoteAddr))
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxUpdateBytes))
	if err != nil {
		http.Error(w, "unreadable body", http.StatusBadRequest)
		return
	}
	if !json.Valid(body) {
		http.Error(w, "not an update", http.StatusBadRequest)
		return
	}
	c.abandonStale()
	out, f := c.take(body)
	switch out {
	case closed:
		http.Error(w, "not running", http.StatusServiceUnavailable)
		return
	case finished, ignored:
		w.WriteHeader(http.StatusOK)
		return
	}
	t := time.NewTimer(webhookWait)
	defer t.Stop()
	select {
	case <-f.done:
		w.WriteHeader(http.StatusOK)
	case <-t.C:
		http.Error(w, "still processing", http.StatusServiceUnavailable)
	case <-r.Context().Done():
	}
}

// hashSecret returns the SHA-256 of a webhook secret: compared in constant time whatever the
// lengths.
func hashSecret(s string) [32]byte { return sha256.Sum256([]byte(s)) }

// sleep waits for d or until ctx is done; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
