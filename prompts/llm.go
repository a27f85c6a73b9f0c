package prompts

import (
	"bytes"
	"embed"
	"fmt"
	"strings"
	"text/template"
	"time"
)

// The LLM prompts are a separate set from the client texts: they are not translated, so they
// are not part of Languages and TestTemplatesMatch does not see them.
//
//go:embed templates/llm_*.tmpl
var llmFiles embed.FS

var llm = func() *template.Template {
	var t *template.Template
	t = template.New("llm").Funcs(template.FuncMap{
		// meaning renders the explanation of an intent label, the template "intent:LABEL",
		// or nothing for a label the prompt does not explain.
		"meaning": func(label string) (string, error) {
			if t.Lookup("intent:"+label) == nil {
				return "", nil
			}
			var b strings.Builder
			err := t.ExecuteTemplate(&b, "intent:"+label, nil)
			return strings.TrimSpace(b.String()), err
		},
	})
	return template.Must(t.ParseFS(llmFiles, "templates/llm_*.tmpl"))
}()

// CatalogItem is one service or master named in an LLM prompt.
type CatalogItem struct {
	ID   string
	Name string // names and aliases, already joined ("Маникюр, маник")
}

// ClassifyData is what the classifier's system prompt says about the moment and the business.
// It carries nothing about the client: the client's text goes in its own message.
type ClassifyData struct {
	Now          time.Time // the client's current time, in the business's location
	Services     []CatalogItem
	Masters      []CatalogItem
	Intents      []string // the labels the model may answer, e.g. "book", "price", "other"
	LastQuestion string   // the bot's last question to the client, if the message may answer it
	// Schema is the JSON schema of the answer, spelled out in the prompt for servers that cannot
	// enforce one (response_format json_object); empty when the server enforces it.
	Schema string
}

// Today is Now's date as YYYY-MM-DD.
func (d ClassifyData) Today() string { return d.Now.Format(time.DateOnly) }

// Clock is Now's time of day as HH:MM.
func (d ClassifyData) Clock() string { return d.Now.Format("15:04") }

// Weekday is Now's day of the week in Russian ("понедельник").
func (d ClassifyData) Weekday() string { return ruWeekdays[d.Now.Weekday()] }

// Timezone names Now's location with its UTC offset: "Asia/Krasnoyarsk, UTC+07:00".
func (d ClassifyData) Timezone() string {
	return d.Now.Location().String() + ", UTC" + d.Now.Format("-07:00")
}

// PromptDay is one line of the short calendar in the classifier's prompt.
type PromptDay struct {
	Date    string // YYYY-MM-DD
	Weekday string // "вторник"
	Note    string // "сегодня", "завтра", "послезавтра" or ""
}

// calendarDays is how many days, from today, the prompt's calendar lists: two weeks cover «в
// следующую пятницу», and a model needs no arithmetic on weekdays for them.
const calendarDays = 14

// Days lists the dates of the next two weeks from Now with their weekdays.
func (d ClassifyData) Days() []PromptDay {
	out := make([]PromptDay, 0, calendarDays)
	y, m, day := d.Now.Date()
	for i := range calendarDays {
		t := time.Date(y, m, day+i, 12, 0, 0, 0, d.Now.Location())
		p := PromptDay{Date: t.Format(time.DateOnly), Weekday: ruWeekdays[t.Weekday()]}
		switch i {
		case 0:
			p.Note = "сегодня"
		case 1:
			p.Note = "завтра"
		case 2:
			p.Note = "послезавтра"
		}
		out = append(out, p)
	}
	return out
}

// Classify renders the Russian system prompt of the GPT fallback classifier: the labels and
// what they mean, the date, weekday and timezone, the catalogue, the answer's fields, and the
// rule that the client's text is data, never instructions. It is safe for concurrent use.
func Classify(d ClassifyData) string {
	var b bytes.Buffer
	if err := llm.ExecuteTemplate(&b, "llm_classify", d); err != nil {
		// The template is checked by tests: an error is a programming error.
		panic(fmt.Sprintf("prompts: llm_classify: %v", err))
	}
	return strings.TrimSpace(b.String())
}
