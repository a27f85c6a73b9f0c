package whatsapp

import (
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/minutka/minutka/bot"
)

var (
	client1  = types.NewJID("79991234567", types.DefaultUserServer)
	clientAD = types.JID{User: "79991234567", Device: 3, Server: types.DefaultUserServer}
	hidden   = types.NewJID("123456789012345", types.HiddenUserServer)
	group    = types.NewJID("120363000000000001", types.GroupServer)
	sent     = time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
	received = sent.Add(2 * time.Second)
)

// incoming returns a message from the phone-number client to us.
func incoming(m *waE2E.Message) *events.Message {
	return &events.Message{
		Info: types.MessageInfo{
			MessageSource: types.MessageSource{Chat: client1, Sender: clientAD},
			ID:            "3EB0A1B2C3D4E5F6",
			PushName:      "Анна",
			Timestamp:     sent,
		},
		Message: m,
	}
}

// with returns e after f changed it.
func with(e *events.Message, f func(*events.Message)) *events.Message {
	f(e)
	return e
}

func text(s string) *waE2E.Message { return &waE2E.Message{Conversation: new(s)} }

func TestToMessage(t *testing.T) {
	vcard := "BEGIN:VCARD\nVERSION:3.0\nFN:Мария\nitem1.TEL;waid=79997654321:+7 999 765-43-21\nitem1.X-ABLabel:Mobile\nEND:VCARD"
	base := bot.Message{ID: "3EB0A1B2C3D4E5F6", From: bot.Address{Channel: "whatsapp", Chat: "79991234567"},
		User: "79991234567", Name: "Анна", Phone: "+79991234567", Kind: bot.KindText, Sent: sent, Received: received}
	want := func(kind bot.Kind, text string) bot.Message {
		m := base
		m.Kind, m.Text = kind, text
		return m
	}
	tests := []struct {
		name string
		evt  *events.Message
		want bot.Message
		ok   bool
	}{
		{"conversation", incoming(text("Здравствуйте, можно на стрижку?")), want(bot.KindText, "Здравствуйте, можно на стрижку?"), true},
		{"extended text", incoming(&waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: new("https://example.com цены?")}}),
			want(bot.KindText, "https://example.com цены?"), true},
		{"reply with quote", incoming(&waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{
			Text:        new("Да, подходит"),
			ContextInfo: &waE2E.ContextInfo{StanzaID: new("ABC"), QuotedMessage: text("Завтра в 10:00?")},
		}}), want(bot.KindText, "Да, подходит"), true},
		{"button response", incoming(&waE2E.Message{ButtonsResponseMessage: &waE2E.ButtonsResponseMessage{
			Response: &waE2E.ButtonsResponseMessage_SelectedDisplayText{SelectedDisplayText: "Записаться"}}}),
			want(bot.KindText, "Записаться"), true},
		{"image with caption", incoming(&waE2E.Message{ImageMessage: &waE2E.ImageMessage{Caption: new("Хочу такую стрижку")}}),
			want(bot.KindPhoto, "Хочу такую стрижку"), true},
		{"video", incoming(&waE2E.Message{VideoMessage: &waE2E.VideoMessage{}}), want(bot.KindPhoto, ""), true},
		{"voice PTT", incoming(&waE2E.Message{AudioMessage: &waE2E.AudioMessage{PTT: new(true), Seconds: new(uint32(7))}}),
			want(bot.KindVoice, ""), true},
		{"audio file", incoming(&waE2E.Message{AudioMessage: &waE2E.AudioMessage{}}), want(bot.KindFile, ""), true},
		{"document", incoming(&waE2E.Message{DocumentMessage: &waE2E.DocumentMessage{FileName: new("анализы.pdf"), Caption: new("вот")}}),
			want(bot.KindFile, "вот"), true},
		{"sticker", incoming(&waE2E.Message{StickerMessage: &waE2E.StickerMessage{}}), want(bot.KindSticker, ""), true},
		{"location", incoming(&waE2E.Message{LocationMessage: &waE2E.LocationMessage{DegreesLatitude: new(56.01), DegreesLongitude: new(92.85)}}),
			want(bot.KindLocation, ""), true},
		{"contact vCard", incoming(&waE2E.Message{ContactMessage: &waE2E.ContactMessage{DisplayName: new("Мария"), Vcard: &vcard}}),
			want(bot.KindContact, "+79997654321"), true},
		{"poll", incoming(&waE2E.Message{PollCreationMessageV3: &waE2E.PollCreationMessage{Name: new("?")}}), want(bot.KindOther, ""), true},
		{"LID sender without phone", with(incoming(text("привет")), func(e *events.Message) {
			e.Info.Chat, e.Info.Sender = hidden, hidden
		}), func() bot.Message {
			m := want(bot.KindText, "привет")
			m.From.Chat, m.User, m.Phone = "123456789012345@lid", "123456789012345@lid", ""
			return m
		}(), true},
		{"LID sender with phone", with(incoming(text("привет")), func(e *events.Message) {
			e.Info.Chat, e.Info.Sender, e.Info.SenderAlt = hidden, hidden, clientAD
		}), want(bot.KindText, "привет"), true},
		{"group", with(incoming(text("всем привет")), func(e *events.Message) {
			e.Info.Chat, e.Info.IsGroup = group, true
		}), bot.Message{}, false},
		{"status broadcast", with(incoming(&waE2E.Message{ImageMessage: &waE2E.ImageMessage{}}), func(e *events.Message) {
			e.Info.Chat, e.Info.IsGroup = types.StatusBroadcastJID, true
		}), bot.Message{}, false},
		{"newsletter", with(incoming(text("новости")), func(e *events.Message) {
			e.Info.Chat = types.NewJID("120363000000000002", types.NewsletterServer)
		}), bot.Message{}, false},
		{"from me", with(incoming(text("Ждём вас!")), func(e *events.Message) { e.Info.IsFromMe = true }), bot.Message{}, false},
		{"edit", with(incoming(text("исправлено")), func(e *events.Message) { e.IsEdit = true }), bot.Message{}, false},
		{"reaction", incoming(&waE2E.Message{ReactionMessage: &waE2E.ReactionMessage{Text: new("👍")}}), bot.Message{}, false},
		{"revoke", incoming(&waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{Type: waE2E.ProtocolMessage_REVOKE.Enum()}}), bot.Message{}, false},
		{"empty text", incoming(text("  ")), bot.Message{}, false},
		{"no message", incoming(nil), bot.Message{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := toMessage(tt.evt, received)
			if ok != tt.ok || got != tt.want {
				t.Errorf("toMessage(%q) = %+v, %v, want %+v, %v", tt.name, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestVCardPhone(t *testing.T) {
	tests := []struct{ vcard, want string }{
		{"BEGIN:VCARD\r\nTEL;type=CELL;type=VOICE;waid=79997654321:+7 999 765-43-21\r\nEND:VCARD", "+79997654321"},
		{"BEGIN:VCARD\nTEL;TYPE=HOME:8 (391) 200-00-00\nTEL;waid=79990000000:+7 999 000-00-00\nEND:VCARD", "+79990000000"},
		{"BEGIN:VCARD\nFN:Иван\nTEL:+7 913 000 00 00\nEND:VCARD", "+7 913 000 00 00"},
		{"BEGIN:VCARD\nFN:Без номера\nEND:VCARD", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := vcardPhone(tt.vcard); got != tt.want {
			t.Errorf("vcardPhone(%q) = %q, want %q", tt.vcard, got, tt.want)
		}
	}
}

var slots = []bot.Option{{Label: "Сегодня 15:00", Value: "slot:1500"}, {Label: "Завтра 10:00", Value: "slot:1000"}}

func TestRender(t *testing.T) {
	tests := []struct {
		r    bot.Reply
		want string
	}{
		{bot.Reply{Text: "Здравствуйте!"}, "Здравствуйте!"},
		{bot.Reply{Text: "Когда удобно?\n", Options: slots}, "Когда удобно?\n1. Сегодня 15:00\n2. Завтра 10:00"},
		{bot.Reply{Options: slots}, "1. Сегодня 15:00\n2. Завтра 10:00"},
		{bot.Reply{Text: "Ваш телефон?", AskPhone: true}, "Ваш телефон?"},
	}
	for _, tt := range tests {
		if got := render(tt.r); got != tt.want {
			t.Errorf("render(%q) = %q, want %q", tt.r.Text, got, tt.want)
		}
	}
}

func TestPressed(t *testing.T) {
	tests := []struct {
		text string
		want bot.Option
		ok   bool
	}{
		{"1", slots[0], true},
		{"2", slots[1], true},
		{"2.", slots[1], true},
		{" 2 ", slots[1], true},
		{"2)", slots[1], true},
		{"завтра 10:00", slots[1], true},
		{"3", bot.Option{}, false},
		{"0", bot.Option{}, false},
		{"-1", bot.Option{}, false},
		{"2..", bot.Option{}, false},
		{"2 часа", bot.Option{}, false},
		{"", bot.Option{}, false},
	}
	for _, tt := range tests {
		got, ok := pressed(slots, tt.text)
		if got != tt.want || ok != tt.ok {
			t.Errorf("pressed(%q) = %v, %v, want %v, %v", tt.text, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseChat(t *testing.T) {
	tests := []struct {
		chat string
		want types.JID
		ok   bool
	}{
		{"79991234567", client1, true},
		{"+7 (999) 123-45-67", client1, true},
		{"79991234567@s.whatsapp.net", client1, true},
		{"79991234567:3@s.whatsapp.net", client1, true},
		{"123456789012345@lid", hidden, true},
		{"120363000000000001@g.us", types.JID{}, false},
		{"status@broadcast", types.JID{}, false},
		{"89991234567x", types.JID{}, false},
		{"12345", types.JID{}, false},
		{"", types.JID{}, false},
	}
	for _, tt := range tests {
		got, err := parseChat(tt.chat)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("parseChat(%q) = %v, %v, want %v, ok %v", tt.chat, got, err, tt.want, tt.ok)
		}
	}
}

// TestChatRoundTrip checks that every Chat toMessage makes is one Send can answer.
func TestChatRoundTrip(t *testing.T) {
	for _, src := range []types.MessageSource{
		{Chat: client1, Sender: clientAD},
		{Chat: hidden, Sender: hidden},
		{Chat: hidden, Sender: hidden, SenderAlt: clientAD},
	} {
		evt := incoming(text("привет"))
		evt.Info.MessageSource = src
		m, ok := toMessage(evt, received)
		if !ok {
			t.Fatalf("toMessage(%v) ignored the message", src.Chat)
		}
		jid, err := parseChat(m.From.Chat)
		want := src.Chat
		if !src.SenderAlt.IsEmpty() {
			want = src.SenderAlt.ToNonAD()
		}
		if err != nil || jid != want {
			t.Errorf("parseChat(%q) = %v, %v, want %v", m.From.Chat, jid, err, want)
		}
	}
}
