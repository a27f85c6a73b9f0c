package main

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

// TestImports enforces the import rules of DESIGN.md: which of our packages each package may
// import, and that every outside SDK is imported only by the package that wraps it.
func TestImports(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	const mod = "github.com/minutka/minutka"
	// allowed lists, per package, the project packages and outside modules it may import.
	// Standard library imports are always allowed.
	allowed := map[string][]string{
		"bot":                       {"dialogs", "calendar", "events", "prompts", "github.com/prometheus/client_golang"},
		"bot/webchat":               {"bot", "github.com/coder/websocket"},
		"bot/whatsapp":              {"bot", "go.mau.fi/whatsmeow", "modernc.org/sqlite", "github.com/mdp/qrterminal/v3", "golang.org/x/time"},
		"bot/telegram":              {"bot", "github.com/go-telegram/bot", "golang.org/x/time"},
		"bot/telegram/bolt":         {"bot/telegram", "go.etcd.io/bbolt"},
		"bot/telegram/telegramtest": {"bot/telegram"},
		"bot/console":               {"bot"},
		"bot/bottest":               {"bot"},
		"dialogs":                   {"intents", "calendar", "prompts"},
		"dialogs/bolt":              {"dialogs", "go.etcd.io/bbolt"},
		"dialogs/dialogstest":       {"dialogs", "intents"},
		"intents/gpt":               {"intents", "prompts", "github.com/sashabaranov/go-openai"},
		"intents/evaluate":          {"intents"},
		"intents":                   {"github.com/nyaruka/phonenumbers", "golang.org/x/text"},
		"calendar":                  {},
		"calendar/ical":             {"calendar"},
		"calendar/bolt":             {"calendar", "go.etcd.io/bbolt"},
		"calendar/calendartest":     {"calendar"},
		"prompts":                   {},
		"events":                    {},
		"events/bolt":               {"events", "go.etcd.io/bbolt"},
		"cmd/minutka":               {"*"},
	}
	out, err := exec.Command("go", "list", "-json", mod+"/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	seen := 0
	for {
		var p struct {
			ImportPath string
			Imports    []string
			Standard   bool
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		seen++
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, mod), "/")
		rules, ok := allowed[rel]
		if !ok {
			t.Errorf("package %s has no import rule: add it to this test and to the README's package table", rel)
			continue
		}
		for _, imp := range p.Imports {
			if !strings.Contains(strings.Split(imp, "/")[0], ".") {
				continue // the standard library
			}
			if !permitted(imp, mod, rules) {
				t.Errorf("%s imports %s; allowed: %v", rel, imp, rules)
			}
		}
	}
	if seen < len(allowed) {
		t.Errorf("go list found %d packages, the rules name %d: a package was removed or renamed?", seen, len(allowed))
	}
}

func permitted(imp, mod string, rules []string) bool {
	for _, r := range rules {
		if r == "*" {
			return true
		}
		full := r
		if !strings.Contains(strings.Split(r, "/")[0], ".") {
			full = mod + "/" + r
		}
		if imp == full || strings.HasPrefix(imp, full+"/") && !strings.HasPrefix(imp, mod+"/") {
			return true
		}
	}
	return false
}
