package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/minutka/minutka/bot"
	"github.com/minutka/minutka/bot/telegram"
	tgbolt "github.com/minutka/minutka/bot/telegram/bolt"
	"github.com/minutka/minutka/bot/webchat"
	"github.com/minutka/minutka/bot/whatsapp"
	"github.com/minutka/minutka/calendar"
	calbolt "github.com/minutka/minutka/calendar/bolt"
	"github.com/minutka/minutka/calendar/ical"
	"github.com/minutka/minutka/dialogs"
	dialogsbolt "github.com/minutka/minutka/dialogs/bolt"
	eventsbolt "github.com/minutka/minutka/events/bolt"
	"github.com/minutka/minutka/intents"
	"github.com/minutka/minutka/intents/gpt"
	"github.com/minutka/minutka/prompts"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	bbolt "go.etcd.io/bbolt"
)

// dbFile is the name of the data file inside the data folder.
const dbFile = "minutka.db"

// Main is the whole service, wired. Set its fields, call Run, and Close when done. Its parts are
// exported so an end-to-end test can drive the service with test channels and a temp data dir.
type Main struct {
	Config   Config
	Logger   *slog.Logger
	Channels []bot.Channel // channels besides the web chat (the terminal, a test channel)
	NoHTTP   bool          // do not serve HTTP (the terminal chat)

	DB       *bbolt.DB
	Calendar *calendar.Calendar
	Engine   *dialogs.Engine
	Hub      *bot.Hub
	Events   *eventsbolt.Store
	Webchat  *webchat.Channel
	WhatsApp *whatsapp.Channel
	Telegram *telegram.Channel
	Registry *prometheus.Registry

	listener net.Listener
	server   *http.Server
	cancel   context.CancelFunc
	done     sync.WaitGroup
}

// NewMain returns a Main on the embedded demo business. It does no I/O.
func NewMain() *Main {
	cfg, err := ParseConfig("embedded demo", demoConfig)
	if err != nil {
		panic(err) // the embedded demo is checked by tests
	}
	return &Main{Config: cfg, Logger: slog.New(slog.DiscardHandler)}
}

// Run opens the data file, wires the service and starts it in the background. It returns once
// the HTTP server is listening; the service runs until Close.
func (m *Main) Run(ctx context.Context) (err error) {
	defer func() {
		if err != nil {
			m.Close()
		}
	}()
	if err := m.openDB(); err != nil {
		return err
	}
	b := m.Config.Business
	m.Calendar = calendar.New(b, calbolt.New(m.DB))
	det, err := m.Config.detector(m.Logger)
	if err != nil {
		return err
	}
	m.Engine = dialogs.New(dialogs.Config{
		Calendar: m.Calendar,
		Detector: det,
		Sessions: dialogsbolt.New(m.DB),
		Logger:   m.Logger,
	})
	m.Events = eventsbolt.New(m.DB)
	m.Registry = prometheus.NewRegistry()
	m.Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.Hub, err = bot.New(bot.Config{
		Engine:   m.Engine,
		Events:   m.Events,
		Contacts: m.Events,
		Metrics:  m.Registry,
		Logger:   m.Logger,
		Sorry:    prompts.For(b.Language).Sorry(),
		Roles:    m.Config.roles(),
		Commands: &bot.Staff{Calendar: m.Calendar, Feeds: m.Config.feedLinks},
	})
	if err != nil {
		return err
	}
	if m.Config.Webchat.Enabled && !m.NoHTTP {
		x := prompts.For(b.Language)
		title := b.Name
		if b.Language == "en" && b.NameEN != "" {
			title = b.NameEN
		}
		m.Webchat = webchat.New(webchat.Options{
			Title:          title,
			Greeting:       x.Greeting(prompts.Business{Name: title}, ""),
			Lang:           b.Language,
			Logger:         m.Logger,
			AllowedOrigins: m.Config.Webchat.AllowedOrigins,
		})
		m.Hub.Add(m.Webchat)
	}
	if m.Config.Telegram.Token != "" && !m.NoHTTP {
		if m.Telegram, err = m.newTelegram(); err != nil {
			return err
		}
		m.Hub.Add(m.Telegram)
	}
	if m.Config.WhatsApp.Enabled && !m.NoHTTP {
		m.WhatsApp = m.newWhatsApp()
		m.Hub.Add(m.WhatsApp)
	}
	for _, ch := range m.Channels {
		m.Hub.Add(ch)
	}
	if !m.NoHTTP {
		ln, err := net.Listen("tcp", m.Config.HTTPAddr)
		if err != nil {
			return fmt.Errorf("listen on %s: %w (is another minutka running? pick another address with --http)", m.Config.HTTPAddr, err)
		}
		m.listener = ln
		m.server = &http.Server{Handler: m.Handler(), ReadHeaderTimeout: 10 * time.Second}
	}

	ctx, m.cancel = context.WithCancel(context.WithoutCancel(ctx))
	m.done.Add(1)
	go func() {
		defer m.done.Done()
		m.Hub.Run(ctx)
	}()
	if m.server != nil {
		m.done.Add(1)
		go func() {
			defer m.done.Done()
			if err := m.server.Serve(m.listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
				m.Logger.Error("http server stopped", "error", err)
			}
		}()
	}
	m.Logger.Info("minutka started", "config", m.Config.Source, "data", m.Config.DataDir, "http", m.Addr())
	return nil
}

// openDB opens the data file, creating the folder (0700) and file (0600) as needed.
func (m *Main) openDB() error {
	dir := m.Config.DataDir
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("data folder: %w", err)
	}
	path := filepath.Join(dir, dbFile)
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: 2 * time.Second})
	if errors.Is(err, bbolt.ErrTimeout) {
		return fmt.Errorf("data folder %s is in use by another minutka process: stop it, or pass another --data", dir)
	}
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		db.Close()
		return fmt.Errorf("data file: %w", err)
	}
	m.DB = db
	return nil
}

// Handler returns the HTTP interface: the web chat at /, /healthz and /metrics.
func (m *Main) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := m.DB.View(func(*bbolt.Tx) error { return nil }); err != nil {
			http.Error(w, "storage unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry}))
	if m.Config.CalendarSecret != "" {
		mux.Handle("GET /calendar/{token}/{file}", ical.Handler(m.calendarFeed))
	}
	if m.Telegram != nil && m.Config.Telegram.WebhookURL != "" {
		mux.Handle("POST "+telegramWebhookPath, m.Telegram.WebhookHandler())
	}
	if m.Webchat != nil {
		mux.Handle("/", m.Webchat.Handler())
	}
	return mux
}

// Addr returns the HTTP address the service listens on, or "" without HTTP.
func (m *Main) Addr() string {
	if m.listener == nil {
		return ""
	}
	return m.listener.Addr().String()
}

// Close stops the service: the channels stop receiving, messages already received are answered,
// then the HTTP server and the data file are closed.
func (m *Main) Close() error {
	if m.cancel != nil {
		m.cancel()
	}
	if m.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		m.server.Shutdown(ctx)
		cancel()
	} else if m.listener != nil {
		m.listener.Close()
	}
	m.done.Wait()
	if m.DB != nil {
		err := m.DB.Close()
		m.DB = nil
		return err
	}
	return nil
}

// roles is who the hub treats as owner and staff: the configured Telegram ids, nobody else.
func (c Config) roles() bot.Roles {
	var r bot.Roles
	for _, id := range c.Telegram.Owners {
		r.Owners = append(r.Owners, fmt.Sprintf("telegram:%d", id))
	}
	if c.Telegram.StaffChat != 0 {
		r.StaffChats = append(r.StaffChats, fmt.Sprintf("telegram:%d", c.Telegram.StaffChat))
	}
	return r
}

// newWhatsApp returns the WhatsApp channel on the data folder's device file. When WhatsApp ends
// the session (logged out, replaced, banned) the owners are alerted.
func (m *Main) newWhatsApp() *whatsapp.Channel {
	return whatsapp.New(whatsapp.Options{
		DBPath: filepath.Join(m.Config.DataDir, "whatsapp.db"),
		Logger: m.Logger.With("channel", "whatsapp"),
		Rate:   whatsapp.Rate{PerMinute: m.Config.WhatsApp.PerMinute},
		OnFatal: func(reason string) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			text := prompts.For(m.Config.Business.Language).WhatsAppStopped(reason)
			if err := m.Hub.Notify(ctx, text); err != nil {
				m.Logger.Error("alert owners", "error", err)
			}
		},
	})
}

// telegramWebhookPath is where Telegram posts updates in webhook mode.
const telegramWebhookPath = "/telegram/webhook"

// newTelegram returns the Telegram channel: long polling, or a webhook on our HTTP server. Only
// the staff chat among groups is answered.
func (m *Main) newTelegram() (*telegram.Channel, error) {
	t := m.Config.Telegram
	var groups []int64
	if t.StaffChat != 0 {
		groups = append(groups, t.StaffChat)
	}
	return telegram.New(telegram.Options{
		Token:         t.Token,
		APIURL:        t.APIURL,
		Webhook:       t.WebhookURL != "",
		WebhookURL:    t.WebhookURL,
		WebhookSecret: t.WebhookSecret,
		Groups:        groups,
		Store:         tgbolt.New(m.DB),
		Lang:          m.Config.Business.Language,
		Logger:        m.Logger.With("channel", "telegram"),
	})
}

// detector returns the understanding of client messages for the business: the rules, with the
// GPT fallback when an LLM is configured.
func (c Config) detector(log *slog.Logger) (intents.Detector, error) {
	var cat intents.Catalog
	for _, s := range c.Business.Services {
		cat.Services = append(cat.Services, intents.ServiceName{ID: s.ID, Names: append([]string{s.Name, s.NameEN}, s.Aliases...)})
	}
	for _, m := range c.Business.Masters {
		cat.Masters = append(cat.Masters, intents.MasterName{ID: m.ID, Names: []string{m.Name, m.NameEN}})
	}
	rules := intents.NewRulesWith(cat)
	if c.LLM.Model == "" {
		return rules, nil
	}
	d, err := gpt.New(gpt.Options{
		BaseURL:    c.LLM.BaseURL,
		Model:      c.LLM.Model,
		APIKey:     c.LLM.APIKey,
		Rules:      rules,
		Catalog:    cat,
		Timeout:    c.LLM.Timeout,
		JSONSchema: c.LLM.JSONSchema,
		Logger:     log.With("component", "gpt"),
	})
	if err != nil {
		return nil, fmt.Errorf("llm: %w", err)
	}
	return d, nil
}

// calendarFeed loads a calendar feed for /calendar/{token}/{file}: "<master id>.ics" for one
// master, "salon.ics" for everyone. A wrong token looks like a missing feed.
func (m *Main) calendarFeed(ctx context.Context, r *http.Request) (ical.FeedInfo, []calendar.Booking, error) {
	secret := []byte(m.Config.CalendarSecret)
	b := m.Calendar.Business()
	id, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	name := "master/" + id
	if id == "salon" {
		name = "salon"
	}
	if !ok || !ical.CheckToken(secret, name, r.PathValue("token")) {
		return ical.FeedInfo{}, nil, ical.ErrNotFound
	}
	title := b.Name
	if id != "salon" {
		master, ok := b.Master(id)
		if !ok {
			return ical.FeedInfo{}, nil, ical.ErrNotFound
		}
		title = master.Name + " — " + b.Name
	}
	now := time.Now()
	all, err := m.Calendar.Bookings(ctx, now.AddDate(0, 0, -7), now.AddDate(0, 0, b.Horizon+1))
	if err != nil {
		m.Logger.Error("calendar feed", "error", err)
		return ical.FeedInfo{}, nil, err
	}
	bookings := all
	if id != "salon" {
		bookings = slices.DeleteFunc(slices.Clone(all), func(bk calendar.Booking) bool { return bk.Master != id })
	}
	host := "minutka"
	if u, err := url.Parse(m.Config.PublicURL); err == nil && u.Host != "" {
		host = u.Host
	}
	return ical.FeedInfo{Name: title, Business: b, Staff: true, Now: now, Host: host}, bookings, nil
}

// feedLinks lists the calendar feed URLs, for the staff's /calendar command; none when feeds are
// off or the server has no public URL.
func (c Config) feedLinks() []bot.Feed {
	if c.CalendarSecret == "" || c.PublicURL == "" {
		return nil
	}
	secret := []byte(c.CalendarSecret)
	feeds := []bot.Feed{{Name: c.Business.Name, URL: c.PublicURL + "/calendar/" + ical.Token(secret, "salon") + "/salon.ics"}}
	for _, master := range c.Business.Masters {
		feeds = append(feeds, bot.Feed{Name: master.Name,
			URL: c.PublicURL + "/calendar/" + ical.Token(secret, "master/"+master.ID) + "/" + master.ID + ".ics"})
	}
	return feeds
}
