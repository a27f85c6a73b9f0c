package whatsapp

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/minutka/minutka/bot"
)

// toMessage converts a WhatsApp message to the hub's, received at now. It reports false for
// what the bot must not answer: groups, status updates, broadcast lists, newsletters, our own
// messages, edits, reactions and protocol messages.
func toMessage(evt *events.Message, now time.Time) (bot.Message, bool) {
	info := evt.Info
	if info.IsFromMe || info.IsGroup || evt.IsEdit {
		return bot.Message{}, false
	}
	chat, phone, ok := conversation(info.MessageSource)
	if !ok {
		return bot.Message{}, false
	}
	kind, text, ok := content(evt.Message)
	if !ok {
		return bot.Message{}, false
	}
	return bot.Message{
		ID:       info.ID,
		From:     bot.Address{Channel: Name, Chat: chat},
		User:     chat,
		Name:     info.PushName,
		Phone:    phone,
		Kind:     kind,
		Text:     text,
		Sent:     info.Timestamp,
		Received: now,
	}, true
}

// conversation returns the Address.Chat of a private chat (see the package doc) and the
// sender's phone in E.164 when WhatsApp tells it.
func conversation(src types.MessageSource) (chat, phone string, ok bool) {
	jid := src.Chat.ToNonAD()
	switch jid.Server {
	case types.DefaultUserServer:
		if !isDigits(jid.User) || jid == types.PSAJID {
			return "", "", false
		}
		return jid.User, "+" + jid.User, true
	case types.HiddenUserServer:
		if jid.User == "" {
			return "", "", false
		}
		if alt := src.SenderAlt; alt.Server == types.DefaultUserServer && isDigits(alt.User) {
			return alt.User, "+" + alt.User, true
		}
		return jid.String(), "", true
	}
	return "", "", false // groups, broadcasts, newsletters, bots
}

// content returns what a message carries. Captions become the text; a shared contact's text
// is its phone number.
func content(m *waE2E.Message) (bot.Kind, string, bool) {
	switch {
	case m == nil:
		return "", "", false
	case m.Conversation != nil || m.ExtendedTextMessage != nil:
		text := m.GetConversation()
		if text == "" {
			text = m.GetExtendedTextMessage().GetText() // also replies: the quote does not matter
		}
		return bot.KindText, text, strings.TrimSpace(text) != ""
	case m.ButtonsResponseMessage != nil:
		return textReply(m.GetButtonsResponseMessage().GetSelectedDisplayText())
	case m.ListResponseMessage != nil:
		return textReply(m.GetListResponseMessage().GetTitle())
	case m.TemplateButtonReplyMessage != nil:
		return textReply(m.GetTemplateButtonReplyMessage().GetSelectedDisplayText())
	case m.InteractiveResponseMessage != nil:
		return textReply(m.GetInteractiveResponseMessage().GetBody().GetText())
	case m.ImageMessage != nil:
		return bot.KindPhoto, m.GetImageMessage().GetCaption(), true
	case m.VideoMessage != nil:
		return bot.KindPhoto, m.GetVideoMessage().GetCaption(), true
	case m.PtvMessage != nil: // a round video note
		return bot.KindPhoto, m.GetPtvMessage().GetCaption(), true
	case m.AudioMessage != nil:
		if m.GetAudioMessage().GetPTT() {
			return bot.KindVoice, "", true
		}
		return bot.KindFile, "", true // a music or audio file
	case m.DocumentMessage != nil:
		return bot.KindFile, m.GetDocumentMessage().GetCaption(), true
	case m.StickerMessage != nil:
		return bot.KindSticker, "", true
	case m.LocationMessage != nil, m.LiveLocationMessage != nil:
		return bot.KindLocation, "", true
	case m.ContactMessage != nil:
		return bot.KindContact, vcardPhone(m.GetContactMessage().GetVcard()), true
	case m.ContactsArrayMessage != nil:
		for _, cm := range m.GetContactsArrayMessage().GetContacts() {
			if p := vcardPhone(cm.GetVcard()); p != "" {
				return bot.KindContact, p, true
			}
		}
		return bot.KindContact, "", true
	case m.PollCreationMessage != nil, m.PollCreationMessageV2 != nil, m.PollCreationMessageV3 != nil,
		m.PollCreationMessageV4 != nil, m.PollCreationMessageV5 != nil, m.EventMessage != nil,
		m.GroupInviteMessage != nil, m.ProductMessage != nil, m.OrderMessage != nil:
		return bot.KindOther, "", true
	}
	// Reactions, revokes, edits, poll votes, key distribution, albums (their photos come one
	// by one) and other protocol traffic: nothing to answer.
	return "", "", false
}

func textReply(s string) (bot.Kind, string, bool) {
	return bot.KindText, s, strings.TrimSpace(s) != ""
}

// vcardPhone returns the phone number of a vCard: "+" and the WhatsApp id when the card has
// one (TEL;waid=79991234567:+7 999 123-45-67), else the first TEL value as written.
func vcardPhone(vcard string) string {
	first := ""
	for line := range strings.Lines(vcard) {
		line = strings.TrimRight(line, "\r\n")
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		params := strings.Split(name, ";")
		prop := params[0]
		if _, p, ok := strings.Cut(prop, "."); ok { // grouped: item1.TEL
			prop = p
		}
		if !strings.EqualFold(prop, "TEL") {
			continue
		}
		for _, param := range params[1:] {
			if k, v, ok := strings.Cut(param, "="); ok && strings.EqualFold(k, "waid") && isDigits(v) {
				return "+" + v
			}
		}
		if value = strings.TrimSpace(value); first == "" && value != "" {
			first = value
		}
	}
	return first
}

// render returns the text of r with its options as numbered lines: "1. Label".
func render(r bot.Reply) string {
	if len(r.Options) == 0 {
		return r.Text
	}
	var b strings.Builder
	b.WriteString(strings.TrimRight(r.Text, " \t\r\n"))
	for i, o := range r.Options {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%d. %s", i+1, o.Label)
	}
	return b.String()
}

// pressed returns the option a client's text chooses: its number as rendered ("2", "2.",
// "2)", spaces around) or its label exactly, ignoring case.
func pressed(options []bot.Option, text string) (bot.Option, bool) {
	s := strings.TrimSpace(text)
	if n := strings.TrimRight(s, ".)"); len(n) >= len(s)-1 && len(n) <= 3 && isDigits(n) {
		i, _ := strconv.Atoi(n)
		if i >= 1 && i <= len(options) {
			return options[i-1], true
		}
		return bot.Option{}, false
	}
	for _, o := range options {
		if s != "" && strings.EqualFold(s, strings.TrimSpace(o.Label)) {
			return o, true
		}
	}
	return bot.Option{}, false
}

// parseChat returns the JID to send to for an Address.Chat: phone digits (a "+", spaces,
// dashes and brackets allowed) or a private-chat JID string.
func parseChat(chat string) (types.JID, error) {
	if strings.Contains(chat, "@") {
		jid, err := types.ParseJID(chat)
		if err != nil {
			return types.JID{}, fmt.Errorf("chat %q: %w", chat, err)
		}
		jid = jid.ToNonAD()
		if jid.Server != types.DefaultUserServer && jid.Server != types.HiddenUserServer || jid.User == "" {
			return types.JID{}, fmt.Errorf("chat %q is not a private chat", chat)
		}
		return jid, nil
	}
	digits := strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return r
		case r == '+' || r == ' ' || r == '-' || r == '(' || r == ')':
			return -1
		}
		return 'x'
	}, chat)
	if !isDigits(digits) || len(digits) < 7 || len(digits) > 15 || digits[0] == '0' {
		return types.JID{}, errors.New("chat " + strconv.Quote(chat) + " is not a phone number in international format")
	}
	return types.NewJID(digits, types.DefaultUserServer), nil
}

// isDigits reports whether s is non-empty and all ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
