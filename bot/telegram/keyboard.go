package telegram

import (
	"container/list"
	"crypto/rand"
	"encoding/base64"
	"strconv"
	"strings"
	"sync"

	"github.com/minutka/minutka/bot"
)

const (
	// maxCallbackData is Telegram's limit on callback_data, in bytes.
	maxCallbackData = 64
	// maxTokens bounds the table of long option values.
	maxTokens = 10000
	// tokenMark begins every token; a Value that begins with it goes through the table too.
	tokenMark = "~"
	// maxShown bounds the chats remembered with a contact keyboard on screen.
	maxShown = 10000
	// shortLabel is the longest label (UTF-16 units) put three to a row, like times "10:30".
	shortLabel = 8
)

// The reply markups, as the Bot API reads them. The library's own InlineKeyboardButton always
// sends an empty "copy_text", which Telegram rejects, so the channel has its own.
type (
	inlineKeyboard struct {
		InlineKeyboard [][]inlineButton `json:"inline_keyboard"`
	}
	inlineButton struct {
		Text         string `json:"text"`
		CallbackData string `json:"callback_data"`
	}
	replyKeyboard struct {
		Keyboard        [][]keyButton `json:"keyboard"`
		ResizeKeyboard  bool          `json:"resize_keyboard"`
		OneTimeKeyboard bool          `json:"one_time_keyboard"`
	}
	keyButton struct {
		Text           string `json:"text"`
		RequestContact bool   `json:"request_contact,omitempty"`
	}
	removeKeyboard struct {
		RemoveKeyboard bool `json:"remove_keyboard"`
	}
)

// contactLabel returns the contact button's label in lang.
func contactLabel(lang string) string {
	if lang == "en" {
		return "Share my phone number"
	}
	return "Поделиться номером"
}

// render returns the inline keyboard for r's options, or nil.
func (c *Channel) render(r bot.Reply) any {
	if len(r.Options) == 0 || r.AskPhone {
		return nil
	}
	per := 3
	for _, o := range r.Options {
		if utf16Len(label(o)) > shortLabel {
			per = 1
			break
		}
	}
	var kb inlineKeyboard
	for i, o := range r.Options {
		b := inlineButton{Text: label(o), CallbackData: c.tokens.data(o.Value)}
		if i%per == 0 {
			kb.InlineKeyboard = append(kb.InlineKeyboard, nil)
		}
		row := &kb.InlineKeyboard[len(kb.InlineKeyboard)-1]
		*row = append(*row, b)
	}
	return kb
}

// label is what a button for o shows.
func label(o bot.Option) string {
	if strings.TrimSpace(o.Label) != "" {
		return o.Label
	}
	return o.Value
}

// keyboards remembers the chats that have the contact keyboard on screen, to remove it once
// the client has answered, and to read a tap on one of its option buttons as that option.
type keyboards struct {
	mu    sync.Mutex
	chats map[int64]*shown
}

// shown is a contact keyboard on a chat's screen.
type shown struct {
	answered bool              // a message came after it: remove it with the next reply
	labels   map[string]string // its option buttons: label → Option.Value
}

// plan says which markup goes with each part of one reply.
type plan struct {
	markups []any // by part; nil: none
	ask     bool  // the last part shows the contact keyboard
	labels  map[string]string
	remove  int // the part that removes the contact keyboard, or -1
}

func newKeyboards() *keyboards { return &keyboards{chats: make(map[int64]*shown)} }

// plan places the markups of a reply of n parts to chat: the contact keyboard if r asks for
// the phone (its options become buttons under it), else the inline keyboard; and, if the client
// has answered a contact keyboard, its removal on the last part without other markup.
func (c *Channel) plan(chat int64, r bot.Reply, n int) plan {
	p := plan{markups: make([]any, n), remove: -1}
	if r.AskPhone {
		kb := replyKeyboard{
			Keyboard:        [][]keyButton{{{Text: contactLabel(c.opts.Lang), RequestContact: true}}},
			ResizeKeyboard:  true,
			OneTimeKeyboard: true,
		}
		p.labels = make(map[string]string, len(r.Options))
		for _, o := range r.Options {
			kb.Keyboard = append(kb.Keyboard, []keyButton{{Text: label(o)}})
			p.labels[label(o)] = o.Value
		}
		p.markups[n-1], p.ask = kb, true
		return p
	}
	if kb := c.render(r); kb != nil {
		p.markups[n-1] = kb
	}
	c.keys.mu.Lock()
	s := c.keys.chats[chat]
	c.keys.mu.Unlock()
	if s != nil && s.answered {
		for i := n - 1; i >= 0; i-- {
			if p.markups[i] == nil {
				p.markups[i], p.remove = removeKeyboard{RemoveKeyboard: true}, i
				break
			}
		}
	}
	return p
}

// sent records that part i of a reply planned as p was sent to chat.
func (k *keyboards) sent(chat int64, p plan, i int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	switch {
	case p.ask && i == len(p.markups)-1:
		if len(k.chats) >= maxShown {
			for id := range k.chats { // forget one at random: its keyboard just stays
				delete(k.chats, id)
				break
			}
		}
		k.chats[chat] = &shown{labels: p.labels}
	case i == p.remove:
		delete(k.chats, chat)
	}
}

// inbound notes a message from chat: a contact keyboard there is answered, and a tap on one
// of its option buttons (which sends the label as text) becomes that option.
func (k *keyboards) inbound(chat int64, m *bot.Message) {
	k.mu.Lock()
	defer k.mu.Unlock()
	s := k.chats[chat]
	if s == nil {
		return
	}
	if v, ok := s.labels[m.Text]; ok && m.Kind == bot.KindText && m.Option == "" {
		m.Option = v
	}
	s.answered = true
}

// tokens maps option values too long for callback_data (64 bytes) to short tokens and back.
// It keeps the latest maxTokens values; a token from before a restart or evicted is unknown.
// Tokens carry a random per-process prefix, so an old button never maps to a new value.
type tokens struct {
	mu      sync.Mutex
	prefix  string
	seq     uint64
	max     int
	byToken map[string]*list.Element
	byValue map[string]*list.Element
	lru     *list.List // of *tokenEntry, most recently used first
}

type tokenEntry struct{ token, value string }

func newTokens(max int) *tokens {
	nonce := make([]byte, 6)
	rand.Read(nonce)
	return &tokens{
		prefix:  tokenMark + base64.RawURLEncoding.EncodeToString(nonce) + ".",
		max:     max,
		byToken: make(map[string]*list.Element),
		byValue: make(map[string]*list.Element),
		lru:     list.New(),
	}
}

// data returns the callback_data for value: value itself if it fits, else a token.
func (t *tokens) data(value string) string {
	if value != "" && len(value) <= maxCallbackData && !strings.HasPrefix(value, tokenMark) {
		return value
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if e, ok := t.byValue[value]; ok {
		t.lru.MoveToFront(e)
		return e.Value.(*tokenEntry).token
	}
	t.seq++
	te := &tokenEntry{token: t.prefix + strconv.FormatUint(t.seq, 36), value: value}
	e := t.lru.PushFront(te)
	t.byToken[te.token], t.byValue[value] = e, e
	for t.lru.Len() > t.max {
		old := t.lru.Remove(t.lru.Back()).(*tokenEntry)
		delete(t.byToken, old.token)
		delete(t.byValue, old.value)
	}
	return te.token
}

// value returns the option value of callback data, and false for an unknown token.
func (t *tokens) value(data string) (string, bool) {
	if !strings.HasPrefix(data, tokenMark) {
		return data, true
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.byToken[data]
	if !ok {
		return "", false
	}
	t.lru.MoveToFront(e)
	return e.Value.(*tokenEntry).value, true
}
