// Package telegram is the Telegram channel: it receives clients' and staff messages from the Bot
// API (long polling or a webhook) and sends the hub's replies with buttons, within Telegram's limits.
//
// # Receiving
//
// Each update becomes at most one bot.Message:
//
//   - ID is the update_id in decimal (unique per bot, also for button presses); TurnDone uses it.
//   - From is {Channel: "telegram", Chat: chat.id in decimal}; User is from.id in decimal;
//     Group is true unless chat.type is "private"; Name is the sender's first and last name.
//   - Sent is the message's date (the platform timestamp that starts the first-response clock;
//     zero for a button press, which has none); Received is Options.Now().
//   - Kind: text, or KindPhoto, KindSticker, KindVoice (voice and round video notes), KindFile
//     (documents and audio files), KindLocation (locations and venues), KindContact, KindOther
//     (video, animations, polls, dice, …). Text is the text or the caption.
//   - A shared contact is KindContact. When contact.user_id is the sender's own id (the
//     «Поделиться номером» button), Telegram vouches for the number: Text and Phone hold it as
//     "+" and digits. A contact card of someone else is delivered too, but with Text the raw
//     number as sent and Phone empty: it is not the client's own number.
//   - "/start <payload>" in a private chat (a t.me/<bot>?start=<payload> deep link; the payload
//     is 1-64 of A-Z a-z 0-9 _ -) keeps its Text as is and sets Source to the payload.
//   - A pressed inline button sets Option to the button's Option.Value and Text to its label;
//     every callback query is answered (answerCallbackQuery) so the client's spinner stops.
//   - In group chats, "/cmd@<this bot>" becomes "/cmd".
//
// Ignored: edited messages, channel posts, service messages (members joining, pins, …),
// messages from bots, and everything from group chats not listed in Options.Groups (deny by
// default; private chats are clients and always delivered).
//
// # Nothing lost, nothing twice
//
// Telegram keeps an update until it is confirmed, and the channel confirms (in polling mode, by
// the getUpdates offset; with a webhook, by answering 200) only what the hub has finished with:
// the hub calls TurnDone after the replies to a message are sent, and only then is the update
// recorded as processed in the Store. After a crash the unfinished updates come again and are
// delivered again; the processed ones are recognised by id and dropped. A reply sent just
// before a crash, whose TurnDone did not happen, may thus be sent twice; nothing is lost.
// The go-telegram/bot library's own poller confirms updates before they are handled, so this
// package polls with its own getUpdates loop and uses the library for the other methods.
//
// Telegram returns the unconfirmed updates with every getUpdates call (100 at most), so while
// only those come back the loop asks at most twice a second. To keep one chat from filling
// that window, a chat with 30 unfinished messages has its further messages dropped (logged),
// and an update still unfinished after 30 minutes is given up (logged): the hub must have
// dropped it.
//
// # Sending
//
// Text is sent plain (no parse mode), split into messages of at most 4096 UTF-16 units.
// Reply.Options become an inline keyboard; Reply.AskPhone a one-time reply keyboard with a
// request_contact button, removed with the next reply after the client answers. Sends keep to
// Telegram's limits (Options.Limits), wait out 429 Too Many Requests, retry transient errors
// and send Reply.Bulk messages only when no answer to a client is waiting.
package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	tg "github.com/go-telegram/bot"

	"github.com/minutka/minutka/bot"
)

const name = "telegram"

// defaultAPIURL is Telegram's Bot API server.
const defaultAPIURL = "https://api.telegram.org"

// Errors returned by New, Run and Send.
var (
	ErrInvalidToken   = errors.New("telegram: invalid token (want the 123456:ABC… token from @BotFather)")
	ErrNoStore        = errors.New("telegram: no store")
	ErrInvalidSecret  = errors.New("telegram: webhook secret must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
	ErrInvalidAddress = errors.New("telegram: invalid address")
	ErrEmptyText      = errors.New("telegram: empty text")
	ErrRunning        = errors.New("telegram: already running")
	// ErrUnauthorized means Telegram refused the token: it is wrong or was revoked.
	ErrUnauthorized = errors.New("telegram: unauthorized (check the token)")
	// ErrForbidden means the bot may not write to the chat: the client blocked the bot, or the
	// bot was removed from the group.
	ErrForbidden = errors.New("telegram: forbidden")
)

// Options configures a Channel.
type Options struct {
	// Token is the bot token from @BotFather. Required.
	Token string
	// APIURL is the Bot API server, e.g. a self-hosted one at "http://127.0.0.1:8081";
	// "" means https://api.telegram.org.
	APIURL string
	// Webhook selects webhook mode: Telegram posts updates to WebhookHandler. False means long
	// polling.
	Webhook bool
	// WebhookURL is the public https URL at which WebhookHandler is mounted. If set, Run
	// registers it with setWebhook (with the secret and the update types the channel reads);
	// if empty in webhook mode, the webhook must have been registered by other means.
	WebhookURL string
	// WebhookSecret is the secret Telegram sends in the X-Telegram-Bot-Api-Secret-Token header:
	// 1-256 characters of A-Z, a-z, 0-9, _ and -. Required in webhook mode.
	WebhookSecret string
	// Groups lists the group chats the bot listens to (the staff chat), by chat id.
	// Messages from any other group are ignored.
	Groups []int64
	// Store keeps the polling progress. Required.
	Store Store
	// Lang is "ru" (the default) or "en": the language of the contact button's label.
	Lang string
	// Logger receives the channel's logs; nil discards them. Message texts, names and phone
	// numbers are logged only at Debug; the token never is.
	Logger *slog.Logger
	// Now is the clock for Message.Received; nil means time.Now.
	Now func() time.Time
	// HTTPClient makes the requests to the Bot API; nil means a client with sane timeouts.
	// Its Timeout, if set, must exceed PollTimeout.
	HTTPClient *http.Client
	// PollTimeout is the long-polling timeout; 0 means 30s. It is rounded down to whole
	// seconds, at least one.
	PollTimeout time.Duration
	// Limits are the outbound rate limits; zero fields mean Telegram's documented limits.
	Limits Limits
}

// Limits are outbound message rates. Telegram documents about 30 messages per second overall,
// one per second in a private chat (short bursts allowed) and 20 per minute in a group.
type Limits struct {
	Global  float64 // messages per second to all chats together; 0 means 30
	Private float64 // messages per second to one private chat; 0 means 1
	Group   float64 // messages per minute to one group chat; 0 means 20
	Burst   int     // messages sent at once to one chat before its rate applies; 0 means 3
}

// Progress is how far the channel has got through the bot's updates. See Store.
type Progress struct {
	// Offset is the lowest update id not known to be processed: every update below it has
	// been processed or ignored, so it is the offset of the next getUpdates call. Zero means
	// none yet. In webhook mode the channel does not move it.
	Offset int64
	// Done holds the ids of recently processed updates, ascending: every processed update at
	// or above Offset (finished while an earlier one was still being handled) and the most
	// recent ones below it, normally at most 500 in all. An update whose id is in Done is a
	// duplicate and is not delivered again.
	Done []int64
}

// Store keeps each bot's progress across restarts. telegram/bolt implements it.
//
// PutProgress is called after the hub has finished with a message (from TurnDone), so a
// stored Progress never claims an update that was not processed. Calls for one bot are
// serialised by the Channel; a Store must be safe for concurrent use by several Channels.
type Store interface {
	// Progress returns the progress saved for the bot (the number before the colon in its
	// token), or the zero Progress if none was saved.
	Progress(ctx context.Context, bot int64) (Progress, error)
	// PutProgress saves p as the bot's progress, replacing the previous one.
	PutProgress(ctx context.Context, bot int64, p Progress) error
}

// Channel is the Telegram channel. All methods are safe for concurrent use.
type Channel struct {
	opts    Options
	log     *slog.Logger
	now     func() time.Time
	botID   int64
	apiURL  string // without a trailing slash
	token   string
	secret  [32]byte // sha256 of the webhook secret
	groups  map[int64]bool
	poll    time.Duration
	http    *http.Client
	api     *tg.Bot
	tokens  *tokens
	keys    *keyboards
	limiter *limiter
	track   *tracker

	saveMu sync.Mutex    // serialises PutProgress so saved progress only moves forward
	moved  chan struct{} // signalled when a turn finishes: the poll loop may ask again

	mu       sync.Mutex
	running  bool
	stopped  bool
	username string // the bot's @username, from getMe; "" if unknown

	dmu     sync.Mutex // serialises deliveries
	deliver func(bot.Message)

	tasks sync.WaitGroup // callback answers in flight
}

var (
	_ bot.Channel      = (*Channel)(nil)
	_ bot.TurnObserver = (*Channel)(nil)
)

// New returns a Channel configured by o. It checks the options and does no I/O.
func New(o Options) (*Channel, error) {
	token := strings.TrimSpace(o.Token)
	idPart, rest, ok := strings.Cut(token, ":")
	botID, perr := strconv.ParseInt(idPart, 10, 64)
	if !ok || perr != nil || botID <= 0 || rest == "" || strings.ContainsAny(token, "/?#% \t\r\n") {
		return nil, ErrInvalidToken
	}
	if o.Store == nil {
		return nil, ErrNoStore
	}
	apiURL := strings.TrimRight(strings.TrimSpace(o.APIURL), "/")
	if apiURL == "" {
		apiURL = defaultAPIURL
	}
	if u, err := url.Parse(apiURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("telegram: API URL %q: want an http(s) URL like http://127.0.0.1:8081", o.APIURL)
	}
	if o.Webhook && !ValidSecret(o.WebhookSecret) {
		return nil, ErrInvalidSecret
	}
	if o.WebhookURL != "" {
		if u, err := url.Parse(o.WebhookURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("telegram: webhook URL %q: want an https URL", o.WebhookURL)
		}
	}

	c := &Channel{
		opts:   o,
		log:    o.Logger,
		now:    o.Now,
		botID:  botID,
		apiURL: apiURL,
		token:  token,
		groups: make(map[int64]bool, len(o.Groups)),
		poll:   o.PollTimeout.Truncate(time.Second),
		http:   o.HTTPClient,
		keys:   newKeyboards(),
		track:  newTracker(!o.Webhook),
		moved:  make(chan struct{}, 1),
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.now == nil {
		c.now = time.Now
	}
	switch {
	case o.PollTimeout <= 0:
		c.poll = 30 * time.Second
	case c.poll < time.Second:
		c.poll = time.Second
	}
	if c.http == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		c.http = &http.Client{Transport: tr, Timeout: c.poll + 30*time.Second}
	}
	for _, g := range o.Groups {
		c.groups[g] = true
	}
	c.secret = hashSecret(o.WebhookSecret)
	c.tokens = newTokens(maxTokens)
	c.limiter = newLimiter(o.Limits)

	var err error
	c.api, err = tg.New(token,
		tg.WithSkipGetMe(), // no I/O here; Run calls getMe
		tg.WithServerURL(apiURL),
		tg.WithHTTPClient(c.poll, doer{c: c.http, token: token}),
		tg.WithErrorsHandler(func(err error) {
			c.log.Debug("telegram: library error", slog.String("error", c.redact(err.Error())))
		}),
	)
	if err != nil {
		return nil, fmt.Errorf("telegram: %s", c.redact(err.Error()))
	}
	return c, nil
}

// Name returns "telegram".
func (c *Channel) Name() string { return name }

// Run receives updates until ctx is done and hands each message to deliver, one call at a
// time, in update order; then it returns nil. deliver must not block.
//
// It loads the progress from the Store (an error is returned), asks getMe for the bot's name
// (ErrUnauthorized is returned if Telegram refuses the token; other failures are logged), then
// in polling mode runs the getUpdates loop, retrying failures with backoff and deleting a
// webhook that stands in the way; in webhook mode it registers Options.WebhookURL if set and
// lets WebhookHandler deliver. Run may be called once; a second call returns ErrRunning.
func (c *Channel) Run(ctx context.Context, deliver func(bot.Message)) error {
	if deliver == nil {
		return errors.New("telegram: run: nil deliver")
	}
	c.mu.Lock()
	if c.running || c.stopped {
		c.mu.Unlock()
		return ErrRunning
	}
	c.running = true
	c.mu.Unlock()
	defer c.stop()

	p, err := c.opts.Store.Progress(ctx, c.botID)
	if err != nil {
		return fmt.Errorf("telegram: load progress: %w", err)
	}
	c.track.load(p)

	if err := c.hello(ctx); err != nil {
		return err
	}
	if c.opts.Webhook {
		return c.runWebhook(ctx, deliver)
	}
	c.dmu.Lock()
	c.deliver = deliver
	c.dmu.Unlock()
	c.log.Info("telegram: polling", slog.String("bot", c.botName()), slog.Int64("offset", c.track.next()))
	return c.pollLoop(ctx)
}

// stop ends delivery and waits for the callback answers in flight.
func (c *Channel) stop() {
	c.dmu.Lock()
	c.deliver = nil
	c.dmu.Unlock()
	c.mu.Lock()
	c.stopped = true
	c.mu.Unlock()
	c.tasks.Wait()
	c.log.Info("telegram: stopped")
}

// hello calls getMe to learn the bot's username.
func (c *Channel) hello(ctx context.Context) error {
	hctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	me, err := c.api.GetMe(hctx)
	switch {
	case err == nil:
		c.mu.Lock()
		c.username = me.Username
		c.mu.Unlock()
		return nil
	case errors.Is(err, tg.ErrorUnauthorized):
		return c.apiError("get me", err)
	case ctx.Err() != nil:
		return nil
	default:
		c.log.Warn("telegram: getMe failed", slog.Any("error", c.apiError("get me", err)))
		return nil
	}
}

func (c *Channel) botName() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.username != "" {
		return "@" + c.username
	}
	return strconv.FormatInt(c.botID, 10)
}

// TurnDone implements bot.TurnObserver: the hub has finished with m, so its update is recorded
// as processed and saved to the Store before TurnDone returns. A store failure is logged; the
// update then comes again after a restart. Messages of other channels are ignored.
func (c *Channel) TurnDone(m bot.Message) {
	if m.From.Channel != name {
		return
	}
	id, err := strconv.ParseInt(m.ID, 10, 64)
	if err != nil {
		return
	}
	f := c.track.finish(id)
	if f == nil {
		return
	}
	c.save()
	close(f.done) // a webhook request waiting for it answers 200 now that it is saved
	select {
	case c.moved <- struct{}{}:
	default:
	}
}

// save writes the current progress to the store.
func (c *Channel) save() {
	c.saveMu.Lock()
	defer c.saveMu.Unlock()
	p := c.track.snapshot()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.opts.Store.PutProgress(ctx, c.botID, p); err != nil {
		c.log.Error("telegram: save progress", slog.Any("error", err))
	}
}

// redact removes the token from s.
func (c *Channel) redact(s string) string {
	if c.token == "" {
		return s
	}
	s = strings.ReplaceAll(s, c.token, "<token>")
	return strings.ReplaceAll(s, url.PathEscape(c.token), "<token>")
}

// apiError wraps an error from a Bot API call: its text without the token, and the package's
// sentinel for the kind of failure, if any.
func (c *Channel) apiError(op string, err error) error {
	e := &apiError{msg: "telegram: " + op + ": " + c.redact(err.Error()), err: err}
	switch {
	case errors.Is(err, tg.ErrorUnauthorized):
		e.kind = ErrUnauthorized
	case errors.Is(err, tg.ErrorForbidden):
		e.kind = ErrForbidden
	}
	return e
}

// apiError is an error whose text has no token; errors.Is and errors.As see both its kind and
// the original error.
type apiError struct {
	msg  string
	kind error
	err  error
}

func (e *apiError) Error() string { return e.msg }

func (e *apiError) Unwrap() []error {
	if e.kind != nil {
		return []error{e.kind, e.err}
	}
	return []error{e.err}
}

// doer is the library's HTTP client: it records each call's HTTP status for the caller, who
// cannot otherwise tell a 5xx from a 4xx in the library's errors.
type doer struct {
	c     *http.Client
	token string
}

type callKey struct{}

// call is what doer learned about one request.
type call struct {
	status int  // the HTTP status, 0 if no response
	netErr bool // the request failed without a response
}

func (d doer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.c.Do(req)
	if ci, ok := req.Context().Value(callKey{}).(*call); ok {
		if err != nil {
			ci.netErr = true
		} else {
			ci.status = resp.StatusCode
		}
	}
	if err != nil {
		// The library rewrites a *url.Error's URL to hide the token while its request-body
		// goroutine may be formatting the same error: a data race. Hand it an error of our own,
		// without the token, that unwraps to the cause (context.Canceled, *net.OpError, …).
		var ue *url.Error
		if errors.As(err, &ue) {
			return nil, &netError{msg: strings.ReplaceAll(err.Error(), d.token, "<token>"), err: ue.Err}
		}
	}
	return resp, err
}

// netError is a failed request, its text without the token.
type netError struct {
	msg string
	err error
}

func (e *netError) Error() string { return e.msg }
func (e *netError) Unwrap() error { return e.err }

// ValidSecret reports whether s is a webhook secret Telegram accepts: 1–256 characters of
// A-Z, a-z, 0-9, _ and -.
func ValidSecret(s string) bool {
	if len(s) == 0 || len(s) > 256 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}
