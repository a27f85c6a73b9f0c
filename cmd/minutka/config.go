package main

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/minutka/minutka/bot/telegram"
	"github.com/minutka/minutka/calendar"
	"go.yaml.in/yaml/v3"
)

//go:embed demo.yaml
var demoConfig []byte

// Config is minutka's whole configuration, parsed and validated once, then passed down.
type Config struct {
	Source   string // the file it came from, or "embedded demo"
	Business calendar.Business
	HTTPAddr string
	// PublicURL is where clients and staff reach this server from outside, e.g.
	// https://salon.example; "" when it is not public. Links (calendar feeds) use it.
	PublicURL string
	// CalendarSecret signs the calendar feed URLs (MINUTKA_CALENDAR_SECRET); "" turns feeds off.
	CalendarSecret string
	DataDir        string
	Webchat        WebchatConfig
	Telegram       TelegramConfig
	WhatsApp       WhatsAppConfig
	LLM            LLMConfig
	LogLevel       slog.Level
}

// LLMConfig configures the GPT fallback. It is on when Model is set.
type LLMConfig struct {
	BaseURL    string        // MINUTKA_LLM_BASE_URL: any OpenAI-compatible API root; "" = OpenAI
	Model      string        // MINUTKA_LLM_MODEL
	APIKey     string        // OPENAI_API_KEY; may be empty for a local server
	JSONSchema bool          // llm.json_schema: the server supports structured output
	Timeout    time.Duration // llm.timeout: per call
}

// TelegramConfig configures the Telegram bot. It is on when Token is set.
type TelegramConfig struct {
	Token         string  // MINUTKA_TELEGRAM_TOKEN, from @BotFather
	APIURL        string  // MINUTKA_TELEGRAM_API_URL: a self-hosted Bot API server; "" = Telegram's
	WebhookURL    string  // telegram.webhook: the public https URL of /telegram/webhook; "" = long polling
	WebhookSecret string  // MINUTKA_TELEGRAM_WEBHOOK_SECRET: required with a webhook
	Owners        []int64 // telegram.owners: the owners' user ids
	StaffChat     int64   // telegram.staff_chat: the staff group's chat id; 0 = none
}

// WhatsAppConfig configures the WhatsApp channel.
type WhatsAppConfig struct {
	Enabled   bool
	PerMinute int // outbound messages per minute, to protect the number
}

// WebchatConfig configures the website chat.
type WebchatConfig struct {
	Enabled        bool
	AllowedOrigins []string
}

// LoadConfig reads the config file at path, or the embedded demo business when path is "", and
// takes the secrets from the environment through getenv. Errors name the file, the line and the
// field.
func LoadConfig(path string, getenv func(string) string) (Config, error) {
	name, data := "embedded demo", demoConfig
	if path != "" {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			return Config{}, fmt.Errorf("config: %w", err)
		}
		name = path
	}
	c, err := ParseConfig(name, data)
	if err != nil {
		return Config{}, err
	}
	return c, c.applyEnv(getenv)
}

// applyEnv takes the secrets from the environment.
func (c *Config) applyEnv(getenv func(string) string) error {
	c.CalendarSecret = getenv("MINUTKA_CALENDAR_SECRET")
	if c.CalendarSecret != "" && len(c.CalendarSecret) < 32 {
		return errors.New("MINUTKA_CALENDAR_SECRET: use at least 32 random characters (e.g. openssl rand -hex 32)")
	}
	c.LLM.BaseURL = strings.TrimSpace(getenv("MINUTKA_LLM_BASE_URL"))
	c.LLM.Model = strings.TrimSpace(getenv("MINUTKA_LLM_MODEL"))
	c.LLM.APIKey = strings.TrimSpace(getenv("OPENAI_API_KEY"))
	if u := c.LLM.BaseURL; u != "" {
		if pu, err := url.Parse(u); err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
			return fmt.Errorf("MINUTKA_LLM_BASE_URL: want an http(s) URL like http://127.0.0.1:11434/v1")
		}
		if c.LLM.Model == "" {
			return errors.New("MINUTKA_LLM_BASE_URL is set but MINUTKA_LLM_MODEL is not: name the model to use")
		}
	}
	t := &c.Telegram
	t.Token = strings.TrimSpace(getenv("MINUTKA_TELEGRAM_TOKEN"))
	t.APIURL = strings.TrimSpace(getenv("MINUTKA_TELEGRAM_API_URL"))
	t.WebhookSecret = getenv("MINUTKA_TELEGRAM_WEBHOOK_SECRET")
	if t.Token == "" {
		return nil
	}
	if t.APIURL != "" {
		if u, err := url.Parse(t.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("MINUTKA_TELEGRAM_API_URL %q: want an http(s) URL like http://127.0.0.1:8081", t.APIURL)
		}
	}
	if t.WebhookURL != "" && !telegram.ValidSecret(t.WebhookSecret) {
		return errors.New("telegram.webhook is set: set MINUTKA_TELEGRAM_WEBHOOK_SECRET to 1-256 characters of A-Z, a-z, 0-9, _ and -")
	}
	return nil
}

// pos is a config value with the line it was on, for error messages.
type pos[T any] struct {
	V    T
	Line int
}

func (p *pos[T]) UnmarshalYAML(n *yaml.Node) error {
	p.Line = n.Line
	return n.Decode(&p.V)
}

type fileConfig struct {
	Business struct {
		Name        pos[string] `yaml:"name"`
		NameEN      string      `yaml:"name_en"`
		City        string      `yaml:"city"`
		Address     pos[string] `yaml:"address"`
		Phone       string      `yaml:"phone"`
		Timezone    pos[string] `yaml:"timezone"`
		Language    pos[string] `yaml:"language"`
		Hours       yaml.Node   `yaml:"hours"`
		SlotStep    pos[string] `yaml:"slot_step"`
		MinLead     pos[string] `yaml:"min_lead"`
		HoldTTL     pos[string] `yaml:"hold"`
		Cutoff      pos[string] `yaml:"cancel_cutoff"`
		HorizonDays pos[int]    `yaml:"horizon_days"`
	} `yaml:"business"`
	Services []pos[fileService] `yaml:"services"`
	Masters  []pos[fileMaster]  `yaml:"masters"`
	HTTP     struct {
		Addr      string      `yaml:"addr"`
		PublicURL pos[string] `yaml:"public_url"`
	} `yaml:"http"`
	Data    string `yaml:"data"`
	Webchat struct {
		Enabled        *bool    `yaml:"enabled"`
		AllowedOrigins []string `yaml:"allowed_origins"`
	} `yaml:"webchat"`
	Log struct {
		Level pos[string] `yaml:"level"`
	} `yaml:"log"`
	Telegram struct {
		Owners    []pos[int64] `yaml:"owners"`
		StaffChat pos[int64]   `yaml:"staff_chat"`
		Webhook   pos[string]  `yaml:"webhook"`
	} `yaml:"telegram"`
	WhatsApp struct {
		Enabled   bool     `yaml:"enabled"`
		PerMinute pos[int] `yaml:"messages_per_minute"`
	} `yaml:"whatsapp"`
	LLM struct {
		JSONSchema *bool       `yaml:"json_schema"`
		Timeout    pos[string] `yaml:"timeout"`
	} `yaml:"llm"`
}

type fileService struct {
	ID       string      `yaml:"id"`
	Name     string      `yaml:"name"`
	NameEN   string      `yaml:"name_en"`
	Duration pos[string] `yaml:"duration"`
	Price    int         `yaml:"price"`
	Aliases  []string    `yaml:"aliases"`
}

type fileMaster struct {
	ID       string        `yaml:"id"`
	Name     string        `yaml:"name"`
	NameEN   string        `yaml:"name_en"`
	Services []pos[string] `yaml:"services"`
	Hours    yaml.Node     `yaml:"hours"`
	Breaks   []pos[string] `yaml:"breaks"`
}

// configError is an error at a line of the config file.
type configError struct {
	file string
	line int
	msg  string
}

func (e *configError) Error() string {
	if e.line > 0 {
		return fmt.Sprintf("config %s: line %d: %s", e.file, e.line, e.msg)
	}
	return fmt.Sprintf("config %s: %s", e.file, e.msg)
}

// ParseConfig parses and validates a config file's contents; name is used in errors.
func ParseConfig(name string, data []byte) (Config, error) {
	fail := func(line int, format string, args ...any) (Config, error) {
		return Config{}, &configError{file: name, line: line, msg: fmt.Sprintf(format, args...)}
	}
	var f fileConfig
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			return Config{}, &configError{file: name, msg: strings.Join(te.Errors, "; ")}
		}
		return Config{}, &configError{file: name, msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}

	c := Config{Source: name, HTTPAddr: f.HTTP.Addr, DataDir: f.Data, Webchat: WebchatConfig{Enabled: true, AllowedOrigins: f.Webchat.AllowedOrigins}}
	if f.Webchat.Enabled != nil {
		c.Webchat.Enabled = *f.Webchat.Enabled
	}
	if c.HTTPAddr == "" {
		c.HTTPAddr = "127.0.0.1:8080"
	}
	if c.DataDir == "" {
		c.DataDir = "./minutka-data"
	}
	switch lvl := strings.ToLower(f.Log.Level.V); lvl {
	case "", "info":
		c.LogLevel = slog.LevelInfo
	case "debug":
		c.LogLevel = slog.LevelDebug
	case "warn", "warning":
		c.LogLevel = slog.LevelWarn
	case "error":
		c.LogLevel = slog.LevelError
	default:
		return fail(f.Log.Level.Line, "log.level %q: want debug, info, warn or error", f.Log.Level.V)
	}

	for _, o := range f.Telegram.Owners {
		if o.V <= 0 {
			return fail(o.Line, "telegram.owners %d: want a Telegram user id (a positive number; @userinfobot tells yours)", o.V)
		}
		c.Telegram.Owners = append(c.Telegram.Owners, o.V)
	}
	if sc := f.Telegram.StaffChat; sc.V > 0 {
		return fail(sc.Line, "telegram.staff_chat %d: want a group's chat id, a negative number like -1001234567890", sc.V)
	}
	c.Telegram.StaffChat = f.Telegram.StaffChat.V
	if wh := f.Telegram.Webhook; wh.V != "" {
		u, err := url.Parse(wh.V)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			return fail(wh.Line, "telegram.webhook %q: want the public https URL of this server's /telegram/webhook", wh.V)
		}
		c.Telegram.WebhookURL = wh.V
	}
	if pu := f.HTTP.PublicURL; pu.V != "" {
		u, err := url.Parse(pu.V)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
			return fail(pu.Line, "http.public_url %q: want the server's public root, like https://salon.example", pu.V)
		}
		c.PublicURL = strings.TrimSuffix(pu.V, "/")
	}
	c.LLM = LLMConfig{JSONSchema: true, Timeout: 5 * time.Second}
	if f.LLM.JSONSchema != nil {
		c.LLM.JSONSchema = *f.LLM.JSONSchema
	}
	if to := f.LLM.Timeout; to.V != "" {
		d, err := time.ParseDuration(to.V)
		if err != nil || d < 500*time.Millisecond || d > time.Minute {
			return fail(to.Line, "llm.timeout %q: want a duration from 500ms to 1m, like 5s", to.V)
		}
		c.LLM.Timeout = d
	}
	c.WhatsApp = WhatsAppConfig{Enabled: f.WhatsApp.Enabled, PerMinute: f.WhatsApp.PerMinute.V}
	if pm := f.WhatsApp.PerMinute; pm.V < 0 || pm.V > 600 {
		return fail(pm.Line, "whatsapp.messages_per_minute %d: want 1 to 600 (0: the default)", pm.V)
	}

	fb := f.Business
	b := calendar.Business{Name: fb.Name.V, NameEN: fb.NameEN, City: fb.City, Address: fb.Address.V, Phone: fb.Phone}
	if strings.TrimSpace(b.Name) == "" {
		return fail(fb.Name.Line, "business.name is required")
	}
	if strings.TrimSpace(b.Address) == "" {
		return fail(fb.Address.Line, "business.address is required: clients ask where you are")
	}
	if fb.Timezone.V == "" {
		return fail(fb.Timezone.Line, "business.timezone is required, e.g. Asia/Krasnoyarsk")
	}
	loc, err := time.LoadLocation(fb.Timezone.V)
	if err != nil {
		return fail(fb.Timezone.Line, "business.timezone %q: unknown time zone (use a name like Europe/Moscow)", fb.Timezone.V)
	}
	b.Location = loc
	switch fb.Language.V {
	case "", "ru":
		b.Language = "ru"
	case "en":
		b.Language = "en"
	default:
		return fail(fb.Language.Line, "business.language %q: want ru or en", fb.Language.V)
	}
	if fb.Hours.Kind == 0 {
		return fail(0, "business.hours is required, e.g. mon-sat: \"10:00-20:00\"")
	}
	if b.Hours, err = parseHours(&fb.Hours, "business.hours"); err != nil {
		return fail(lineOf(err), "%v", err)
	}
	for _, d := range []struct {
		p    pos[string]
		name string
		to   *time.Duration
	}{{fb.SlotStep, "business.slot_step", &b.SlotStep}, {fb.MinLead, "business.min_lead", &b.MinLead},
		{fb.HoldTTL, "business.hold", &b.HoldTTL}, {fb.Cutoff, "business.cancel_cutoff", &b.CancelCutoff}} {
		if d.p.V == "" {
			continue
		}
		v, err := time.ParseDuration(d.p.V)
		if err != nil || v < 0 {
			return fail(d.p.Line, "%s %q: want a duration like 15m or 1h", d.name, d.p.V)
		}
		*d.to = v
	}
	if b.SlotStep != 0 && (b.SlotStep < 5*time.Minute || b.SlotStep%time.Minute != 0) {
		return fail(fb.SlotStep.Line, "business.slot_step %v: want whole minutes, at least 5m", b.SlotStep)
	}
	if fb.HorizonDays.V < 0 || fb.HorizonDays.V > 366 {
		return fail(fb.HorizonDays.Line, "business.horizon_days %d: want 1 to 366", fb.HorizonDays.V)
	}
	b.Horizon = fb.HorizonDays.V

	if len(f.Services) == 0 {
		return fail(0, "services: at least one service is required")
	}
	seen := map[string]bool{}
	for _, ps := range f.Services {
		s := ps.V
		switch {
		case s.ID == "":
			return fail(ps.Line, "services: id is required")
		case seen[s.ID]:
			return fail(ps.Line, "services: id %q is used twice", s.ID)
		case strings.TrimSpace(s.Name) == "":
			return fail(ps.Line, "services %q: name is required", s.ID)
		case s.Price < 0:
			return fail(ps.Line, "services %q: price %d must not be negative", s.ID, s.Price)
		}
		seen[s.ID] = true
		d, err := time.ParseDuration(s.Duration.V)
		if err != nil || d <= 0 || d%time.Minute != 0 {
			line := s.Duration.Line
			if line == 0 {
				line = ps.Line
			}
			return fail(line, "services %q: duration %q: want whole minutes like 45m or 1h30m", s.ID, s.Duration.V)
		}
		b.Services = append(b.Services, calendar.Service{ID: s.ID, Name: s.Name, NameEN: s.NameEN, Duration: d, Price: s.Price, Aliases: s.Aliases})
	}

	if len(f.Masters) == 0 {
		return fail(0, "masters: at least one master is required")
	}
	seenM := map[string]bool{}
	for _, pm := range f.Masters {
		m := pm.V
		switch {
		case m.ID == "":
			return fail(pm.Line, "masters: id is required")
		case seenM[m.ID]:
			return fail(pm.Line, "masters: id %q is used twice", m.ID)
		case strings.TrimSpace(m.Name) == "":
			return fail(pm.Line, "masters %q: name is required", m.ID)
		case len(m.Services) == 0:
			return fail(pm.Line, "masters %q: services: list the services this master does", m.ID)
		}
		seenM[m.ID] = true
		cm := calendar.Master{ID: m.ID, Name: m.Name, NameEN: m.NameEN}
		for _, s := range m.Services {
			if !seen[s.V] {
				return fail(s.Line, "masters %q: service %q is not in services", m.ID, s.V)
			}
			cm.Services = append(cm.Services, s.V)
		}
		if m.Hours.Kind != 0 {
			if cm.Hours, err = parseHours(&m.Hours, "masters "+m.ID+" hours"); err != nil {
				return fail(lineOf(err), "%v", err)
			}
		}
		for _, br := range m.Breaks {
			sp, err := parseSpan(br.V)
			if err != nil {
				return fail(br.Line, "masters %q: break %q: %v", m.ID, br.V, err)
			}
			cm.Breaks = append(cm.Breaks, sp)
		}
		b.Masters = append(b.Masters, cm)
	}
	if err := b.Validate(); err != nil {
		return fail(0, "%v", err)
	}
	c.Business = b
	return c, nil
}

// lineError carries a line number out of a helper.
type lineError struct {
	line int
	err  error
}

func (e *lineError) Error() string { return e.err.Error() }

func lineOf(err error) int {
	var le *lineError
	if errors.As(err, &le) {
		return le.line
	}
	return 0
}

var weekdays = map[string]time.Weekday{
	"mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday, "thu": time.Thursday,
	"fri": time.Friday, "sat": time.Saturday, "sun": time.Sunday,
}

// parseHours reads a mapping like {mon-sat: "10:00-20:00", sun: closed}.
func parseHours(n *yaml.Node, field string) (map[time.Weekday]calendar.Span, error) {
	if n.Kind != yaml.MappingNode {
		return nil, &lineError{n.Line, fmt.Errorf("%s: want a mapping like mon-sat: \"10:00-20:00\"", field)}
	}
	hours := make(map[time.Weekday]calendar.Span)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		days, err := parseDays(k.Value)
		if err != nil {
			return nil, &lineError{k.Line, fmt.Errorf("%s: %q: %v", field, k.Value, err)}
		}
		if strings.EqualFold(v.Value, "closed") {
			for _, d := range days {
				delete(hours, d)
			}
			continue
		}
		sp, err := parseSpan(v.Value)
		if err != nil {
			return nil, &lineError{v.Line, fmt.Errorf("%s: %s %q: %v", field, k.Value, v.Value, err)}
		}
		for _, d := range days {
			if _, dup := hours[d]; dup {
				return nil, &lineError{k.Line, fmt.Errorf("%s: %q: %s is listed twice", field, k.Value, d)}
			}
			hours[d] = sp
		}
	}
	return hours, nil
}

// parseDays reads "mon-sat", "sun" or "mon,wed,fri".
func parseDays(s string) ([]time.Weekday, error) {
	var out []time.Weekday
	for _, part := range strings.Split(strings.ToLower(s), ",") {
		part = strings.TrimSpace(part)
		from, to, isRange := strings.Cut(part, "-")
		a, ok := weekdays[strings.TrimSpace(from)]
		if !ok {
			return nil, fmt.Errorf("unknown day %q (use mon, tue, wed, thu, fri, sat, sun)", from)
		}
		if !isRange {
			out = append(out, a)
			continue
		}
		b, ok := weekdays[strings.TrimSpace(to)]
		if !ok {
			return nil, fmt.Errorf("unknown day %q (use mon, tue, wed, thu, fri, sat, sun)", to)
		}
		// Monday-first order, so mon-sun covers the week.
		ia, ib := (int(a)+6)%7, (int(b)+6)%7
		if ib < ia {
			return nil, fmt.Errorf("range %q runs backwards", part)
		}
		for i := ia; i <= ib; i++ {
			out = append(out, time.Weekday((i+1)%7))
		}
	}
	return out, nil
}

// parseSpan reads "10:00-20:00".
func parseSpan(s string) (calendar.Span, error) {
	a, b, ok := strings.Cut(strings.ReplaceAll(s, "–", "-"), "-")
	if !ok {
		return calendar.Span{}, errors.New("want HH:MM-HH:MM")
	}
	start, err := calendar.ParseClock(strings.TrimSpace(a))
	if err != nil {
		return calendar.Span{}, errors.New("want HH:MM-HH:MM")
	}
	end, err := calendar.ParseClock(strings.TrimSpace(b))
	if err != nil {
		return calendar.Span{}, errors.New("want HH:MM-HH:MM")
	}
	if end <= start {
		return calendar.Span{}, errors.New("the end must be after the start")
	}
	return calendar.Span{Start: start, End: end}, nil
}
