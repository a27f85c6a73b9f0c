package intents_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/minutka/minutka/intents"
	"github.com/minutka/minutka/intents/evaluate"
)

// The shared evaluation files sit beside the repository: shared/eval next to the clone.
const evalDir = "../../shared/eval"

// Floors the current rules reach; a change that drops below one is a regression. Raise them as
// the rules improve, never lower them to make a change pass.
const (
	intentsFloor  = 0.95
	datetimeFloor = 0.978
)

func openEval(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join(evalDir, name))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s not found beside the repository", name)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestEvalIntents scores the rules on shared/eval/ru_intents.tsv, as `minutka eval intents` does.
func TestEvalIntents(t *testing.T) {
	rows, err := evaluate.ReadIntents(openEval(t, "ru_intents.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, krasnoyarsk(t))
	rep := evaluate.Intents(context.Background(), intents.NewRules(demoCatalog), rows, now)
	var out bytes.Buffer
	rep.Write(&out, true)
	t.Log("\n" + out.String())
	if rep.Accuracy() < intentsFloor {
		t.Errorf("intents accuracy %.3f fell below the floor %.2f", rep.Accuracy(), intentsFloor)
	}
}

// TestEvalDatetime scores ParseWhen on shared/eval/ru_datetime.tsv, as `minutka eval datetime`
// does: strict accuracy on the rows without a convention flag.
func TestEvalDatetime(t *testing.T) {
	rows, err := evaluate.ReadDatetime(openEval(t, "ru_datetime.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	rep := evaluate.Datetime(rows, intents.ParseWhen)
	var out bytes.Buffer
	rep.Write(&out, true)
	t.Log("\n" + out.String())
	if rep.Accuracy() < datetimeFloor {
		t.Errorf("datetime accuracy %.3f fell below the floor %.3f", rep.Accuracy(), datetimeFloor)
	}
}
