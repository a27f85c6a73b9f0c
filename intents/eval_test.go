package intents_test

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/minutka/minutka/intents"
)

// The shared evaluation files sit beside the repository: /work/shared/eval next to /work/main.
const evalDir = "../../shared/eval"

// Floors the current rules reach; a change that drops below one is a regression. Raise them as
// the rules improve, never lower them to make a change pass.
const (
	intentsFloor  = 0.95
	datetimeFloor = 0.77
)

// readTSV reads an eval file in the format of shared/eval/README.md, skipping the header; it
// skips the test when the file is not there.
func readTSV(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(evalDir + "/" + name)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s not found beside the repository", name)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma, r.Comment, r.FieldsPerRecord, r.LazyQuotes = '\t', '#', -1, true
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	if len(rows) < 2 {
		t.Fatalf("%s: no rows", name)
	}
	return rows[1:]
}

func TestEvalIntents(t *testing.T) {
	rows := readTSV(t, "ru_intents.tsv")
	det := intents.NewRules(demoCatalog)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, krasnoyarsk(t))
	confusion := map[[2]string]int{} // [want, got]
	correct := 0
	for _, row := range rows {
		if len(row) < 2 {
			t.Fatalf("short row %q", row)
		}
		text, want := row[0], row[1]
		r, err := det.Detect(context.Background(), text, now)
		if err != nil {
			t.Fatalf("Detect(%q) error: %v", text, err)
		}
		got := string(r.Intent)
		confusion[[2]string{want, got}]++
		if got == want {
			correct++
		} else if testing.Verbose() {
			t.Logf("miss: Detect(%q) = %v (%.2f), want %v", text, got, r.Score, want)
		}
	}
	acc := float64(correct) / float64(len(rows))
	var labels []string
	seen := map[string]bool{}
	for k := range confusion {
		for _, l := range k {
			if !seen[l] {
				seen[l] = true
				labels = append(labels, l)
			}
		}
	}
	sort.Strings(labels)
	for _, l := range labels {
		tp, fp, fn := confusion[[2]string{l, l}], 0, 0
		for k, n := range confusion {
			if k[0] != k[1] && k[1] == l {
				fp += n
			}
			if k[0] != k[1] && k[0] == l {
				fn += n
			}
		}
		t.Logf("%-14s precision %s recall %s (%d rows)", l, ratio(tp, tp+fp), ratio(tp, tp+fn), tp+fn)
	}
	t.Logf("intents accuracy: %.3f (%d/%d)", acc, correct, len(rows))
	if acc < intentsFloor {
		t.Errorf("intents accuracy %.3f fell below the floor %.2f", acc, intentsFloor)
	}
}

func ratio(a, b int) string {
	if b == 0 {
		return "  -  "
	}
	return fmt.Sprintf("%.3f", float64(a)/float64(b))
}

// conventionFlags mark rows where public parsers disagree; they are reported separately.
var conventionFlags = []string{
	"part_of_day_convention", "next_weekday_convention", "bare_hour", "same_weekday_convention",
	"next_week_convention", "relative_offset_keeps_clock_time",
}

func TestEvalDatetime(t *testing.T) {
	rows := readTSV(t, "ru_datetime.tsv")
	var strict, strictOK, flagged, flaggedOK int
	for _, row := range rows {
		if len(row) < 5 {
			t.Fatalf("short row %q", row)
		}
		phrase, expected, grain, ref := row[0], row[1], row[2], row[4]
		notes := ""
		if len(row) > 5 {
			notes = row[5]
		}
		now, err := refTime(ref)
		if err != nil {
			t.Fatalf("row %q: %v", phrase, err)
		}
		w, found := intents.ParseWhen(phrase, now)
		ok := found && scoreWhen(w, expected, grain)
		isFlagged := false
		for _, f := range conventionFlags {
			if strings.Contains(notes, f) {
				isFlagged = true
			}
		}
		if isFlagged {
			flagged++
			if ok {
				flaggedOK++
			}
			continue
		}
		strict++
		if ok {
			strictOK++
		} else if testing.Verbose() {
			t.Logf("miss: ParseWhen(%q, %s) = %v %v, want %s (%s)", phrase, ref, describe(w), found, expected, grain)
		}
	}
	acc := float64(strictOK) / float64(strict)
	t.Logf("datetime convention-flagged rows matching our policies: %d/%d", flaggedOK, flagged)
	t.Logf("datetime accuracy: %.3f (%d/%d)", acc, strictOK, strict)
	if acc < datetimeFloor {
		t.Errorf("datetime accuracy %.3f fell below the floor %.2f", acc, datetimeFloor)
	}
}

func describe(w intents.When) string {
	return fmt.Sprintf("{%s date=%v time=%v pod=%q}", w.At.Format("2006-01-02T15:04"), w.HasDate, w.HasTime, w.PartOfDay)
}

// refTime reads a row's ref_time: with an offset, in that offset; without, in UTC; "any" and
// "now" (the source fixed no date) as an arbitrary fixed day.
func refTime(s string) (time.Time, error) {
	switch s {
	case "any", "now":
		return time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC), nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			if strings.HasSuffix(s, "Z") || strings.ContainsAny(s[10:], "+-") {
				return t.In(time.FixedZone("", offsetOf(t))), nil
			}
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad ref_time %q", s)
}

func offsetOf(t time.Time) int { _, off := t.Zone(); return off }

// scoreWhen compares a parse with a row's expected value at the row's grain, as far as When can
// express it: intervals, open bounds, weeks and months are not supported and count as misses.
func scoreWhen(w intents.When, expected, grain string) bool {
	switch grain {
	case "day":
		if !w.HasDate {
			return false
		}
		if md, ok := strings.CutPrefix(expected, "--"); ok {
			return w.At.Format("01-02") == md
		}
		return w.At.Format("2006-01-02") == expected
	case "hour", "minute", "second":
		if !w.HasTime {
			return false
		}
		if hm, ok := strings.CutPrefix(expected, "T"); ok {
			return w.At.Format("15:04") == hm[:5]
		}
		return w.At.Format("2006-01-02T15:04") == expected[:16]
	case "part_of_day":
		if len(expected) < 16 || w.At.Format("2006-01-02") != expected[:10] {
			return false
		}
		var h int
		fmt.Sscanf(expected[11:13], "%d", &h)
		want := partOfDay(h)
		if w.HasTime {
			return partOfDay(w.At.Hour()) == want
		}
		return w.PartOfDay == want
	}
	return false
}

// partOfDay buckets an hour as the README does: morning 05–12, day 12–17, evening 17–23, night.
func partOfDay(h int) string {
	switch {
	case h >= 5 && h < 12:
		return "morning"
	case h >= 12 && h < 17:
		return "day"
	case h >= 17 && h < 23:
		return "evening"
	}
	return "night"
}
