// Package datetime compares minutka's Russian date/time parser with the public Go ones on the
// same file, side by side in one run. It is its own module so that those parsers never enter
// minutka's binary or go.mod:
//
//	cd bench/datetime && go test -run Compare -v              # accuracy
//	cd bench/datetime && go test -run X -bench . -count 5     # ns per phrase
package datetime

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/markusmobius/go-dateparser"
	"github.com/minutka/minutka/intents"
	"github.com/minutka/minutka/intents/evaluate"
	"github.com/olebedev/when"
	"github.com/olebedev/when/rules/common"
	"github.com/olebedev/when/rules/ru"
)

// evalFile is shared/eval beside the repository.
var evalFile = filepath.Join("..", "..", "..", "shared", "eval", "ru_datetime.tsv")

type parser struct {
	name  string
	parse func(text string, now time.Time) (intents.When, bool)
}

func parsers() []parser {
	w := when.New(nil)
	w.Add(ru.All...)
	w.Add(common.All...)
	return []parser{
		{"minutka", intents.ParseWhen},
		{"olebedev/when", func(text string, now time.Time) (intents.When, bool) {
			r, err := w.Parse(text, now)
			if err != nil || r == nil {
				return intents.When{}, false
			}
			return intents.When{At: r.Time, HasDate: true, HasTime: true}, true
		}},
		{"go-dateparser", func(text string, now time.Time) (intents.When, bool) {
			cfg := &dateparser.Configuration{Languages: []string{"ru"}, CurrentTime: now, DefaultTimezone: now.Location(),
				PreferredDateSource: dateparser.Future, ReturnTimeAsPeriod: true} // a booking is in the future
			_, res, err := dateparser.Search(cfg, text)
			if err != nil || len(res) == 0 || res[0].Date.IsZero() {
				return intents.When{}, false
			}
			d := res[0].Date
			w := intents.When{At: d.Time, HasDate: true, HasTime: d.Period.IsTime()}
			if d.Period == 5 { // month
				w.Grain = intents.GrainMonth
			}
			return w, true
		}},
	}
}

func rows(tb testing.TB) []evaluate.DatetimeRow {
	tb.Helper()
	f, err := os.Open(evalFile)
	if err != nil {
		tb.Skipf("no eval file: %v", err)
	}
	defer f.Close()
	rs, err := evaluate.ReadDatetime(f)
	if err != nil {
		tb.Fatal(err)
	}
	return rs
}

// TestCompare prints each parser's strict accuracy on the unflagged rows and its policy matches
// on the flagged ones.
func TestCompare(t *testing.T) {
	rs := rows(t)
	for _, p := range parsers() {
		rep := evaluate.Datetime(rs, p.parse)
		t.Logf("%-14s strict %.3f (%d/%d)   flagged %d/%d", p.name, rep.Accuracy(), rep.Strict, rep.StrictTotal, rep.Flagged, rep.FlaggedTotal)
	}
}

// BenchmarkParse parses every phrase of the file once per op, per parser; ns/op divided by the
// phrase count (reported as ns/phrase) is the cost of one phrase.
func BenchmarkParse(b *testing.B) {
	rs := rows(b)
	for _, p := range parsers() {
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				for _, r := range rs {
					p.parse(r.Phrase, r.Ref)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(rs)), "ns/phrase")
		})
	}
}
