package webchat

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"html/template"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

//go:embed static
var staticFS embed.FS

var pageTmpl = template.Must(template.ParseFS(staticFS, "static/index.html"))

// asset is one file served under /static/.
type asset struct {
	data  []byte
	ctype string
	etag  string
}

// assets are the files served under /static/; version changes whenever one of them does and
// is appended to their URLs so browsers may cache them for long.
var assets, version = loadAssets("app.js", "app.css", "icon.svg")

func loadAssets(names ...string) (map[string]asset, string) {
	m := make(map[string]asset, len(names))
	all := sha256.New()
	for _, n := range names {
		b, err := staticFS.ReadFile("static/" + n)
		if err != nil {
			panic(err) // embedded at build time: a missing file is a build mistake
		}
		sum := sha256.Sum256(b)
		all.Write(sum[:])
		m[n] = asset{data: b, ctype: contentType(n), etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	}
	return m, hex.EncodeToString(all.Sum(nil)[:6])
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	}
	return "application/octet-stream"
}

// uiStrings are the page's own words, served into it as JSON.
type uiStrings struct {
	DefaultTitle string `json:"-"`
	Placeholder  string `json:"placeholder"`
	Send         string `json:"send"`
	Typing       string `json:"typing"`
	Online       string `json:"online"`
	Connecting   string `json:"connecting"`
	Offline      string `json:"offline"`
	TooLong      string `json:"tooLong"`
	Rejected     string `json:"rejected"`
	Close        string `json:"close"`
	OpenChat     string `json:"openChat"`
}

var ui = map[string]uiStrings{
	"ru": {
		DefaultTitle: "Онлайн-чат",
		Placeholder:  "Напишите сообщение…",
		Send:         "Отправить",
		Typing:       "печатает…",
		Online:       "онлайн",
		Connecting:   "подключение…",
		Offline:      "Нет соединения, переподключаемся…",
		TooLong:      "Сообщение слишком длинное и не отправлено.",
		Rejected:     "Сервер закрыл соединение.",
		Close:        "Закрыть чат",
		OpenChat:     "Открыть чат",
	},
	"en": {
		DefaultTitle: "Chat",
		Placeholder:  "Type a message…",
		Send:         "Send",
		Typing:       "typing…",
		Online:       "online",
		Connecting:   "connecting…",
		Offline:      "No connection, reconnecting…",
		TooLong:      "The message is too long and was not sent.",
		Rejected:     "The server closed the connection.",
		Close:        "Close chat",
		OpenChat:     "Open chat",
	},
}

func langOf(lang string) string {
	if _, ok := ui[lang]; ok {
		return lang
	}
	return "ru"
}

func stringsFor(lang string) uiStrings { return ui[langOf(lang)] }

// pageConfig is read by app.js from the page.
type pageConfig struct {
	Title    string    `json:"title"`
	Greeting string    `json:"greeting"`
	Embed    bool      `json:"embed"`
	Strings  uiStrings `json:"strings"`
}

type pageData struct {
	Lang    string
	Title   string
	Initial string
	Embed   bool
	Version string
	Strings uiStrings
	Config  pageConfig
}

func (c *Channel) newHandler() http.Handler {
	c.widget = c.widgetJS()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", c.servePage)
	mux.HandleFunc("GET /widget.js", c.serveWidget)
	mux.HandleFunc("GET /ws", c.serveWS)
	mux.HandleFunc("GET /static/{file}", serveAsset)
	return mux
}

// Handler returns the chat's HTTP handler. It serves "/" the chat page ("/?embed=1" the compact
// one the widget frames), "/widget.js" the embeddable widget, "/ws?chat=<id>" the WebSocket
// and "/static/…" the page's assets, all embedded in the binary. Mount it at the root or,
// under a prefix, with a trailing slash and http.StripPrefix: the page uses relative URLs.
// The handler is safe for concurrent use and may be served before Run starts.
func (c *Channel) Handler() http.Handler { return c.handler }

func (c *Channel) servePage(w http.ResponseWriter, r *http.Request) {
	embed := r.URL.Query().Get("embed") == "1"
	d := pageData{
		Lang:    langOf(c.opts.Lang),
		Title:   c.opts.Title,
		Initial: initial(c.opts.Title),
		Embed:   embed,
		Version: version,
		Strings: c.ui,
		Config: pageConfig{
			Title:    c.opts.Title,
			Greeting: c.opts.Greeting,
			Embed:    embed,
			Strings:  c.ui,
		},
	}
	var b bytes.Buffer
	if err := pageTmpl.Execute(&b, d); err != nil {
		c.log.Error("webchat: render page", slog.Any("error", err))
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "+
		"img-src 'self' data:; connect-src 'self' ws: wss:; base-uri 'none'; form-action 'none'")
	w.Write(b.Bytes())
}

// widgetConfig is spliced into widget.js.
type widgetConfig struct {
	Title    string `json:"title"`
	Open     string `json:"open"`
	Close    string `json:"close"`
	Version  string `json:"version"`
	Language string `json:"lang"`
}

const widgetPlaceholder = "/*CONFIG*/{}"

// widgetJS returns widget.js with c's configuration spliced in.
func (c *Channel) widgetJS() []byte {
	src, err := staticFS.ReadFile("static/widget.js")
	if err != nil {
		panic(err) // embedded at build time
	}
	cfg, err := json.Marshal(widgetConfig{
		Title:    c.opts.Title,
		Open:     c.ui.OpenChat,
		Close:    c.ui.Close,
		Version:  version,
		Language: langOf(c.opts.Lang),
	})
	if err != nil {
		panic(err) // only strings
	}
	return bytes.Replace(src, []byte(widgetPlaceholder), cfg, 1)
}

func (c *Channel) serveWidget(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=3600")
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(c.widget))
}

func serveAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := assets[r.PathValue("file")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("ETag", a.etag)
	h.Set("X-Content-Type-Options", "nosniff")
	if r.URL.Query().Get("v") == version {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.data))
}

// initial returns the title's first letter, upper-cased, for the avatar.
func initial(title string) string {
	for _, r := range strings.TrimSpace(title) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return string(unicode.ToUpper(r))
		}
	}
	r, _ := utf8.DecodeRuneInString(title)
	if r == utf8.RuneError {
		return ""
	}
	return string(r)
}
