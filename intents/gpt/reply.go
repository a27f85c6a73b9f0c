package gpt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
	"github.com/sashabaranov/go-openai/jsonschema"

	"github.com/minutka/minutka/intents"
	"github.com/minutka/minutka/prompts"
)

// Bounds on what the model's answer may hold; anything beyond is dropped or rejected.
const (
	maxReplyBytes     = 16 << 10 // the answer's JSON; ours is under 300 bytes
	maxFieldBytes     = 64       // one label, ID, date or time
	maxServices       = 5        // and masters
	maxDaysAhead      = 366      // a date further than this from today is not a booking
	defaultConfidence = 0.5      // when the model gives none (or nonsense)
)

// errBadReply is a model answer that is not one JSON object.
var errBadReply = errors.New("gpt: reply is not a JSON object")

// verdict is the model's answer after validation: only known values survive. The zero value
// says nothing.
type verdict struct {
	Intent   intents.Intent // "" when the model's label is not in the vocabulary
	Score    float64        // the model's confidence, within [0, MaxScore]
	Services []string       // catalogue IDs, at most maxServices
	Masters  []string       // catalogue IDs, at most maxServices
	When     *intents.When
	Answer   intents.Answer
}

// schemaDoc is the answer's JSON schema, marshalled once: for response_format json_schema and,
// as text, for the prompt of servers that only know json_object.
type schemaDoc struct {
	raw json.RawMessage
}

func labels() []string {
	out := make([]string, len(intents.AllIntents))
	for i, in := range intents.AllIntents {
		out[i] = string(in)
	}
	return out
}

// newSchema builds the schema of the answer. It is strict in OpenAI's sense: every property
// required, no others allowed.
func newSchema(serviceIDs, masterIDs []string) schemaDoc {
	ids := func(enum []string) *jsonschema.Definition {
		item := jsonschema.Definition{Type: jsonschema.String}
		if len(enum) > 0 {
			item.Enum = enum
		}
		return &item
	}
	def := jsonschema.Definition{
		Type: jsonschema.Object,
		Properties: map[string]jsonschema.Definition{
			"intent":     {Type: jsonschema.String, Enum: labels(), Description: "what the client wants"},
			"confidence": {Type: jsonschema.Number, Description: "0..1"},
			"services":   {Type: jsonschema.Array, Items: ids(serviceIDs), Description: "IDs of the services the client names"},
			"masters":    {Type: jsonschema.Array, Items: ids(masterIDs), Description: "IDs of the masters the client names"},
			"date":       {Type: jsonschema.String, Description: `YYYY-MM-DD or ""`},
			"time":       {Type: jsonschema.String, Description: `HH:MM or ""`},
			"answer":     {Type: jsonschema.String, Enum: []string{"yes", "no", "none"}},
		},
		Required:             []string{"intent", "confidence", "services", "masters", "date", "time", "answer"},
		AdditionalProperties: false,
	}
	raw, err := json.Marshal(&def)
	if err != nil {
		panic(fmt.Sprintf("gpt: schema: %v", err)) // a programming error
	}
	return schemaDoc{raw: raw}
}

// request builds the chat completion request: the system prompt, and the prepared message as the
// only user message.
func (d *Detector) request(question, msg string, now time.Time) openai.ChatCompletionRequest {
	data := prompts.ClassifyData{
		Now:          now,
		Services:     d.services,
		Masters:      d.masters,
		Intents:      labels(),
		LastQuestion: question,
	}
	format := &openai.ChatCompletionResponseFormat{
		Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
		JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
			Name:   "intent",
			Schema: d.schema.raw,
			Strict: true,
		},
	}
	if !d.jsonSchema {
		data.Schema = string(d.schema.raw)
		format = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
	}
	return openai.ChatCompletionRequest{
		Model: d.model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: prompts.Classify(data)},
			{Role: openai.ChatMessageRoleUser, Content: msg},
		},
		ResponseFormat: format,
	}
}

// classify asks the model about msg within the Timeout and validates its answer.
func (d *Detector) classify(ctx context.Context, question, msg string, now time.Time) (verdict, error) {
	ctx, cancel := context.WithTimeout(ctx, d.timeout)
	defer cancel()
	resp, err := d.client.CreateChatCompletion(ctx, d.request(question, msg, now))
	if err != nil {
		return verdict{}, fmt.Errorf("gpt: chat completion: %w", err)
	}
	if len(resp.Choices) == 0 {
		return verdict{}, errors.New("gpt: reply has no choices")
	}
	return parseVerdict(resp.Choices[0].Message.Content, d.serviceIDs, d.masterIDs, now)
}

// parseVerdict reads the model's answer. It fails only when the answer is not a JSON object;
// each field is then checked on its own, and a field that is missing, of the wrong type or not
// an allowed value is dropped. Fields the schema does not name are ignored.
func parseVerdict(content string, serviceIDs, masterIDs map[string]bool, now time.Time) (verdict, error) {
	if len(content) > maxReplyBytes {
		return verdict{}, fmt.Errorf("gpt: reply of %d bytes: too long", len(content))
	}
	body := []byte(strings.TrimSpace(content))
	// Some local models wrap the object in a markdown fence even in JSON mode.
	start, end := bytes.IndexByte(body, '{'), bytes.LastIndexByte(body, '}')
	if start < 0 || end < start {
		return verdict{}, errBadReply
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body[start:end+1], &fields); err != nil {
		return verdict{}, errBadReply
	}

	v := verdict{Score: defaultConfidence}
	if s, ok := field(fields, "intent"); ok {
		if in := intents.Intent(strings.ToLower(s)); in.Valid() {
			v.Intent = in
		}
	}
	var c float64
	if err := json.Unmarshal(fields["confidence"], &c); err == nil && c >= 0 && c <= 1 {
		v.Score = c
	}
	v.Score = min(v.Score, MaxScore)

	v.Services = idList(fields["services"], serviceIDs)
	v.Masters = idList(fields["masters"], masterIDs)

	date, _ := field(fields, "date")
	clock, _ := field(fields, "time")
	v.When = when(date, clock, now)

	if s, ok := field(fields, "answer"); ok {
		switch strings.ToLower(s) {
		case "yes":
			v.Answer = intents.Yes
		case "no":
			v.Answer = intents.No
		}
	}
	return v, nil
}

// idList reads an array of catalogue IDs, keeping the first maxServices known ones, once each.
func idList(raw json.RawMessage, known map[string]bool) []string {
	var ids, out []string
	if err := json.Unmarshal(raw, &ids); err != nil {
		return nil
	}
	for _, id := range ids {
		if len(out) < maxServices && known[id] && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// field returns a short string field, trimmed.
func field(fields map[string]json.RawMessage, name string) (string, bool) {
	raw := fields[name]
	if len(raw) == 0 || len(raw) > maxFieldBytes+2 {
		return "", false
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	s = strings.TrimSpace(s)
	return s, s != ""
}

// when reads the model's date (YYYY-MM-DD) and time (HH:MM) as a When in now's location. A date
// before today or more than maxDaysAhead ahead, or a malformed one, is dropped; so is a
// malformed time. A time with no date is on today's date, as intents.ParseWhen does.
func when(date, clock string, now time.Time) *intents.When {
	loc := now.Location()
	y, m, d := now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, loc)
	var w intents.When
	w.At = today
	if date != "" {
		t, err := time.ParseInLocation(time.DateOnly, date, loc)
		if err == nil && !t.Before(today) && !t.After(today.AddDate(0, 0, maxDaysAhead)) {
			w.At, w.HasDate, w.Grain = t, true, intents.GrainDay
		}
	}
	if h, mm, ok := clockOf(clock); ok {
		y, m, d := w.At.Date()
		w.At = time.Date(y, m, d, h, mm, 0, 0, loc)
		w.HasTime, w.Grain = true, intents.GrainMinute
	}
	if !w.HasDate && !w.HasTime {
		return nil
	}
	return &w
}

// clockOf parses "15:00", "9:30" or "15:00:00".
func clockOf(s string) (h, m int, ok bool) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 || len(parts[0]) < 1 || len(parts[0]) > 2 || len(parts[1]) != 2 {
		return 0, 0, false
	}
	h, err1 := strconv.Atoi(parts[0])
	m, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, 0, false
	}
	return h, m, true
}

// merge adds the model's verdict to the rules' result. The rules' entities stand; the model's
// intent replaces theirs only when the model is surer (and leaves Also), and its services,
// masters, date or time and yes/no fill only what the rules left empty. Phone and name never
// come from the model.
func merge(r intents.Result, v verdict) intents.Result {
	switch {
	case v.Intent == "":
	case v.Intent == r.Intent:
		r.Score = max(r.Score, v.Score)
	case v.Score > r.Score:
		r.Intent, r.Score = v.Intent, v.Score
		if slices.Contains(r.Also, v.Intent) {
			r.Also = slices.DeleteFunc(slices.Clone(r.Also), func(in intents.Intent) bool { return in == v.Intent })
			if len(r.Also) == 0 {
				r.Also = nil
			}
		}
	}
	if r.Intent == intents.Greeting {
		r.Greeting = true
	}
	if len(r.Services) == 0 && len(v.Services) > 0 {
		r.Services = slices.Clone(v.Services)
	}
	if len(r.Masters) == 0 && len(v.Masters) > 0 {
		r.Masters = slices.Clone(v.Masters)
	}
	if r.When == nil && v.When != nil {
		w := *v.When
		r.When = &w
	}
	if r.Answer == intents.NoAnswer {
		r.Answer = v.Answer
	}
	return r
}
