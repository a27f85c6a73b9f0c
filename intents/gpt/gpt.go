// Package gpt is the GPT fallback of intent detection: when the rules are unsure, it asks an
// OpenAI-compatible chat model to label the message, and trusts only what validates.
//
// The model never acts. Its answer is read as an intent and a few entities, each checked against
// the vocabulary, the catalogue and the calendar; everything else in it is dropped. Only the
// client's message and the bot's last question leave the process, cut to a paragraph, with phone
// numbers, e-mails, @usernames and the name the rules found replaced by placeholders: no
// history, no client record.
package gpt

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/minutka/minutka/intents"
	"github.com/minutka/minutka/prompts"
)

// Defaults for Options.
const (
	DefaultBaseURL     = "https://api.openai.com/v1"
	DefaultThreshold   = 0.6
	DefaultTimeout     = 5 * time.Second
	DefaultMaxFailures = 5
	DefaultCoolDown    = time.Minute
	DefaultCacheSize   = 512
)

// MaxScore bounds the Score of a result labelled by the model: however sure it says it is, a
// model's label is never as certain as a strong rule.
const MaxScore = 0.9

// Options configure a Detector. BaseURL, Model and APIKey come from the caller's configuration
// (cmd reads them from MINUTKA_LLM_BASE_URL, MINUTKA_LLM_MODEL and OPENAI_API_KEY).
type Options struct {
	// BaseURL is the OpenAI-compatible API root, with its version path: "https://api.openai.com/v1",
	// "http://127.0.0.1:11434/v1" (Ollama), "http://vllm:8000/v1". Empty means DefaultBaseURL.
	BaseURL string
	Model   string // required, e.g. "gpt-4o-mini", "qwen2.5:7b-instruct"
	APIKey  string // sent as a bearer token; may be empty for a local server

	// Rules is asked first; the model only when the rules' Score is below Threshold or their
	// intent is Other. Required.
	Rules     intents.Detector
	Threshold float64 // in (0, 1]; 0 means DefaultThreshold

	// Catalog lists the services and masters (IDs and names, no prices) the model is told
	// about and may answer; the same catalogue the rules are built from.
	Catalog intents.Catalog

	Timeout time.Duration // the deadline of one model call; 0 means DefaultTimeout

	// JSONSchema asks the server to enforce the answer's schema (response_format json_schema,
	// strict), as OpenAI and recent vLLM and Ollama do. False sends response_format json_object
	// and spells the schema out in the prompt, for servers and gateways without json_schema.
	JSONSchema bool

	// The circuit breaker: after MaxFailures consecutive failed calls the model is not asked for
	// CoolDown; then one trial call decides whether to close it again. Zero values mean
	// DefaultMaxFailures and DefaultCoolDown.
	MaxFailures int
	CoolDown    time.Duration

	CacheSize int // answers remembered, by normalised text and date; 0 means DefaultCacheSize, <0 none

	Logger     *slog.Logger     // nil discards
	Now        func() time.Time // the clock of the circuit breaker; nil means time.Now
	HTTPClient *http.Client     // nil means a default client; its Timeout, if any, also applies
}

// Detector is the rules-then-GPT intents.Detector. It is safe for concurrent use.
type Detector struct {
	client     *openai.Client
	model      string
	rules      intents.Detector
	threshold  float64
	timeout    time.Duration
	jsonSchema bool
	log        *slog.Logger
	now        func() time.Time

	services   []prompts.CatalogItem
	masters    []prompts.CatalogItem
	serviceIDs map[string]bool
	masterIDs  map[string]bool
	schema     schemaDoc

	breaker *breaker
	cache   *cache
}

var _ intents.Detector = (*Detector)(nil)

// New returns a Detector for o. It does no I/O: a wrong URL, model or key shows as failed calls
// (logged at Warn) while the rules keep answering. It fails when o is unusable: no Rules, no
// Model, a BaseURL that is not http(s), or a Threshold outside (0, 1].
func New(o Options) (*Detector, error) {
	if o.Rules == nil {
		return nil, errors.New("gpt: no rules detector")
	}
	if strings.TrimSpace(o.Model) == "" {
		return nil, errors.New("gpt: no model")
	}
	if o.BaseURL == "" {
		o.BaseURL = DefaultBaseURL
	}
	u, err := url.Parse(o.BaseURL)
	if err != nil {
		return nil, errors.New("gpt: base URL: not a URL")
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("gpt: base URL %q: want http(s)://host/path", u.Redacted())
	}
	switch {
	case o.Threshold == 0:
		o.Threshold = DefaultThreshold
	case !(o.Threshold > 0 && o.Threshold <= 1):
		return nil, fmt.Errorf("gpt: threshold %v: want a value in (0, 1]", o.Threshold)
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxFailures <= 0 {
		o.MaxFailures = DefaultMaxFailures
	}
	if o.CoolDown <= 0 {
		o.CoolDown = DefaultCoolDown
	}
	if o.CacheSize == 0 {
		o.CacheSize = DefaultCacheSize
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}

	cfg := openai.DefaultConfig(o.APIKey)
	cfg.BaseURL = strings.TrimRight(o.BaseURL, "/")
	cfg.HTTPClient = limitedClient(o.HTTPClient)

	d := &Detector{
		client:     openai.NewClientWithConfig(cfg),
		model:      o.Model,
		rules:      o.Rules,
		threshold:  o.Threshold,
		timeout:    o.Timeout,
		jsonSchema: o.JSONSchema,
		log:        o.Logger,
		now:        o.Now,
		serviceIDs: map[string]bool{},
		masterIDs:  map[string]bool{},
		breaker:    newBreaker(o.MaxFailures, o.CoolDown, o.Now),
		cache:      newCache(o.CacheSize),
	}
	var serviceIDs, masterIDs []string
	for _, s := range o.Catalog.Services {
		if s.ID == "" || d.serviceIDs[s.ID] {
			continue
		}
		d.serviceIDs[s.ID] = true
		serviceIDs = append(serviceIDs, s.ID)
		d.services = append(d.services, prompts.CatalogItem{ID: s.ID, Name: joinNames(s.Names)})
	}
	for _, m := range o.Catalog.Masters {
		if m.ID == "" || d.masterIDs[m.ID] {
			continue
		}
		d.masterIDs[m.ID] = true
		masterIDs = append(masterIDs, m.ID)
		d.masters = append(d.masters, prompts.CatalogItem{ID: m.ID, Name: joinNames(m.Names)})
	}
	d.schema = newSchema(serviceIDs, masterIDs)
	return d, nil
}

// joinNames lists the names of a service or master once each, in their order.
func joinNames(names []string) string {
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n != "" && !seen[strings.ToLower(n)] {
			seen[strings.ToLower(n)] = true
			out = append(out, n)
		}
	}
	return strings.Join(out, ", ")
}

// Detect classifies text: by the rules, and by the model when the rules are unsure (Score below
// the threshold) or found nothing (Other). The model's answer is validated and merged: the rules'
// entities stand, and the model adds only the intent (when it is surer than the rules), and the
// services, masters, date or time and yes/no the rules missed. The Score of the model's intent is
// its confidence, at most MaxScore.
//
// Detect blocks for at most the Timeout (or until ctx is done). On any trouble with the model
// (timeout, error status, unusable answer) it returns the rules' result and logs at Warn, never
// quoting the message; while the circuit breaker is open it returns the rules' result at once.
// The only error it returns is the rules' own.
func (d *Detector) Detect(ctx context.Context, text string, now time.Time) (intents.Result, error) {
	return d.DetectReply(ctx, "", text, now)
}

// DetectReply is Detect for a message that may answer the bot's question (e.g. "Записать вас на
// завтра в 15:00?"): the question is sent with the message, so that the model can read "ну
// давайте" as a yes. question is scrubbed like the message; it may be empty.
func (d *Detector) DetectReply(ctx context.Context, question, text string, now time.Time) (intents.Result, error) {
	res, err := d.rules.Detect(ctx, text, now)
	if err != nil || !d.unsure(res) {
		return res, err
	}
	msg := prepare(text, maxTextRunes, res.Name)
	if msg == "" {
		return res, nil
	}
	question = prepare(question, maxQuestionRunes, res.Name)

	key := cacheKey(msg, question, now)
	if v, ok := d.cache.get(key); ok {
		return merge(res, v), nil
	}
	trial, ok := d.breaker.allow()
	if !ok {
		d.log.DebugContext(ctx, "gpt: circuit open, rules stand")
		return res, nil
	}
	start := d.now()
	v, err := d.classify(ctx, question, msg, now)
	switch {
	case err == nil:
		d.breaker.done(trial, true)
		d.cache.put(key, v)
		d.log.DebugContext(ctx, "gpt: classified", slog.String("intent", string(v.Intent)),
			slog.Float64("score", v.Score), slog.Duration("elapsed", d.now().Sub(start)))
		return merge(res, v), nil
	case ctx.Err() != nil:
		// The caller gave up: not the server's failure.
		d.breaker.release(trial)
		return res, nil
	}
	if d.breaker.done(trial, false) {
		d.log.WarnContext(ctx, "gpt: circuit breaker open", slog.Int("failures", d.breaker.max),
			slog.Duration("cool_down", d.breaker.coolDown))
	}
	d.log.WarnContext(ctx, "gpt: classify failed, rules stand", slog.String("error", describe(err)),
		slog.Duration("elapsed", d.now().Sub(start)))
	return res, nil
}

// unsure reports whether the model should be asked about a rules result.
func (d *Detector) unsure(r intents.Result) bool {
	return r.Score < d.threshold || r.Intent == intents.Other
}

// describe says what went wrong with a call without quoting the server: its messages and bodies
// may echo the client's text.
func describe(err error) string {
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	var urlErr *url.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "deadline exceeded"
	case errors.As(err, &apiErr):
		return fmt.Sprintf("api error: status %d, type %.40q, code %.40v", apiErr.HTTPStatusCode, apiErr.Type, apiErr.Code)
	case errors.As(err, &reqErr):
		return fmt.Sprintf("request error: status %d", reqErr.HTTPStatusCode)
	case errors.As(err, &urlErr):
		return "transport: " + urlErr.Err.Error()
	}
	return err.Error() // our own errors, which quote nothing
}
