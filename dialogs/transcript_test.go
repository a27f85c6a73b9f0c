package dialogs_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minutka/minutka/dialogs"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts in testdata")

// TestTranscripts plays each testdata/*.chat script (one client message per line, "[label]"
// presses a button of the last reply) on the demo salon at Monday 23 November 2026, 10:00, and
// compares the whole conversation with its .golden file. Run with -update after a deliberate
// change of wording, and read the diff.
func TestTranscripts(t *testing.T) {
	scripts, err := filepath.Glob("testdata/*.chat")
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no scripts in testdata: %v", err)
	}
	for _, script := range scripts {
		t.Run(filepath.Base(script), func(t *testing.T) {
			data, err := os.ReadFile(script)
			if err != nil {
				t.Fatal(err)
			}
			f := newFixture(t)
			var b strings.Builder
			var last dialogs.Turn
			for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
				line = strings.TrimSpace(line)
				if line == "" || strings.HasPrefix(line, "#") {
					continue
				}
				b.WriteString("> " + line + "\n")
				if label, ok := strings.CutPrefix(line, "["); ok {
					last = f.press("client", last, strings.TrimSuffix(label, "]"))
				} else {
					last = f.say("client", line)
				}
				for _, r := range last.Replies {
					b.WriteString(r.Text + "\n")
					for _, o := range r.Options {
						b.WriteString("  [" + o.Label + "]\n")
					}
				}
				b.WriteString("\n")
			}
			golden := strings.TrimSuffix(script, ".chat") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./dialogs -run TestTranscripts -update to create it)", err)
			}
			if b.String() != string(want) {
				t.Errorf("transcript differs from %s (rerun with -update if the change is meant):\n%s", golden, b.String())
			}
		})
	}
}
