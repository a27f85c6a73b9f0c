package evaluate

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/minutka/minutka/intents"
)

const intentsFile = `# a comment
text	label	source	source_label
сколько стоит маникюр?	price	x	y
привет	greeting	x	y
хочу записаться	book	x	y
отмените запись	cancel	x	y
`

// fixed answers by text, a detector that cannot be wrong about what it says.
type fixed map[string]intents.Intent

func (f fixed) Detect(_ context.Context, text string, _ time.Time) (intents.Result, error) {
	return intents.Result{Intent: f[text], Score: 1}, nil
}

func TestIntentsReport(t *testing.T) {
	rows, err := ReadIntents(strings.NewReader(intentsFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0].Line != 3 || rows[0].Label != intents.Price {
		t.Fatalf("ReadIntents = %+v, want 4 rows, the first on line 3 labelled price", rows)
	}
	det := fixed{"сколько стоит маникюр?": intents.Price, "привет": intents.Greeting, "хочу записаться": intents.Book, "отмените запись": intents.Book}
	rep := Intents(context.Background(), det, rows, time.Now())
	if rep.Correct != 3 || rep.Total != 4 {
		t.Errorf("Intents = %d/%d, want 3/4", rep.Correct, rep.Total)
	}
	if p, r, n := rep.PrecisionRecall(intents.Book); p != 0.5 || r != 1 || n != 1 {
		t.Errorf("book precision, recall, support = %v, %v, %d; want 0.5, 1, 1", p, r, n)
	}
	if p, r, _ := rep.PrecisionRecall(intents.Cancel); p != 0 || r != 0 {
		t.Errorf("cancel precision, recall = %v, %v; want 0, 0", p, r)
	}
	var out bytes.Buffer
	if err := rep.Write(&out, true); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if last := lines[len(lines)-1]; last != "accuracy: 0.750 (3/4)" {
		t.Errorf("last line = %q, want %q", last, "accuracy: 0.750 (3/4)")
	}
	if !strings.Contains(out.String(), `line 6: "отмените запись": want cancel, got book`) {
		t.Errorf("report = %s, want the miss listed with its line", out.String())
	}
	if _, err := ReadIntents(strings.NewReader("text\tlabel\nпривет\tgreet\n")); err == nil {
		t.Error("ReadIntents accepted an unknown label")
	}
}

func TestScoreDatetime(t *testing.T) {
	ref := time.Date(2013, 2, 12, 4, 30, 0, 0, time.FixedZone("", -2*3600))
	at := func(y int, m time.Month, d, h, mi int) time.Time {
		return time.Date(y, m, d, h, mi, 0, 0, ref.Location())
	}
	row := func(exp, grain string) DatetimeRow {
		return DatetimeRow{Expected: exp, Grain: grain, Ref: ref, RefFixed: true}
	}
	tests := []struct {
		name string
		row  DatetimeRow
		w    intents.When
		want bool
	}{
		{"day", row("2013-02-13", "day"), intents.When{At: at(2013, 2, 13, 0, 0), HasDate: true}, true},
		{"day wrong", row("2013-02-13", "day"), intents.When{At: at(2013, 2, 14, 0, 0), HasDate: true}, false},
		{"minute", row("2013-02-12T15:00", "minute"), intents.When{At: at(2013, 2, 12, 15, 0), HasTime: true}, true},
		{"minute needs a time", row("2013-02-12T15:00", "minute"), intents.When{At: at(2013, 2, 12, 15, 0)}, false},
		{"minute in another zone", row("2013-02-12T15:00", "minute"), intents.When{At: at(2013, 2, 12, 15, 0).In(time.UTC), HasTime: true}, true},
		{"month", row("2013-03", "month"), intents.When{At: at(2013, 3, 1, 0, 0), Grain: intents.GrainMonth}, true},
		{"time of day", row("T15:30", "minute"), intents.When{At: at(2020, 1, 1, 15, 30), HasTime: true}, true},
		{"month-day", row("--03-08", "day"), intents.When{At: at(2021, 3, 8, 0, 0), HasDate: true}, true},
		{"part of day", row("2013-02-13T18:00", "part_of_day"), intents.When{At: at(2013, 2, 13, 0, 0), PartOfDay: "evening"}, true},
		{"part of day wrong", row("2013-02-13T18:00", "part_of_day"), intents.When{At: at(2013, 2, 13, 0, 0), PartOfDay: "morning"}, false},
		{"day interval", row("2013-07-13/2013-07-15", "interval_day"), intents.When{At: at(2013, 7, 13, 0, 0), End: at(2013, 7, 15, 0, 0)}, true},
		{"day interval no end", row("2013-07-13/2013-07-15", "interval_day"), intents.When{At: at(2013, 7, 13, 0, 0)}, false},
		{"time interval", row("2013-02-12T11:30/2013-02-12T13:30", "interval_minute"), intents.When{At: at(2013, 2, 12, 11, 30), End: at(2013, 2, 12, 13, 30), HasTime: true}, true},
		{"time interval wrong end", row("2013-02-12T11:30/2013-02-12T13:30", "interval_minute"), intents.When{At: at(2013, 2, 12, 11, 30), End: at(2013, 2, 12, 13, 0), HasTime: true}, false},
		{"before", row("../2013-02-12T14:00", "open_before"), intents.When{At: at(2013, 2, 12, 14, 0), HasTime: true, Open: intents.OpenBefore}, true},
		{"before read as after", row("../2013-02-12T14:00", "open_before"), intents.When{At: at(2013, 2, 12, 14, 0), HasTime: true, Open: intents.OpenAfter}, false},
		{"after", row("2013-02-12T14:00/..", "open_after"), intents.When{At: at(2013, 2, 12, 14, 0), HasTime: true, Open: intents.OpenAfter}, true},
		{"evening for an evening range, flagged", DatetimeRow{Expected: "2013-02-13T18:00/2013-02-14T00:00", Grain: "interval_hour", Ref: ref, Flags: []string{"part_of_day_convention"}},
			intents.When{At: at(2013, 2, 13, 0, 0), PartOfDay: "evening"}, true},
		{"evening for an evening range, unflagged", row("2013-02-13T18:00/2013-02-14T00:00", "interval_hour"),
			intents.When{At: at(2013, 2, 13, 0, 0), PartOfDay: "evening"}, false},
	}
	for _, tt := range tests {
		if got := ScoreDatetime(tt.row, tt.w, true); got != tt.want {
			t.Errorf("%s: ScoreDatetime(%q, %+v) = %v, want %v", tt.name, tt.row.Expected, tt.w, got, tt.want)
		}
	}
	if ScoreDatetime(row("2013-02-13", "day"), intents.When{}, false) {
		t.Error("ScoreDatetime(nothing parsed) = true, want a miss")
	}
}

func TestReadDatetime(t *testing.T) {
	const file = "phrase\texpected\tgrain\tsource\tref_time\tnotes\n" +
		"завтра\t2013-02-13\tday\tx\t2013-02-12T04:30:00-02:00\t\n" +
		"в 3\tT15:00\thour\tx\tany\tbare_hour\n" +
		"в пятницу\t2016-01-08\tday\tx\t2016-01-06T00:00:00Z\tnext_weekday_convention (when)\n" +
		"сегодня\t2017-02-09\tday\tx\t2017-02-09T14:49:13\t\n"
	rows, err := ReadDatetime(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("ReadDatetime = %d rows, want 4", len(rows))
	}
	if _, off := rows[0].Ref.Zone(); off != -2*3600 || !rows[0].RefFixed {
		t.Errorf("row 1 ref = %v, want the -02:00 offset kept", rows[0].Ref)
	}
	if rows[1].RefFixed || len(rows[1].Flags) != 1 || rows[1].Flags[0] != "bare_hour" {
		t.Errorf("row 2 = %+v, want an unfixed ref and the bare_hour flag", rows[1])
	}
	if rows[3].Ref.Location() != time.UTC || rows[3].Ref.Hour() != 14 {
		t.Errorf("row 4 ref = %v, want 14:49 UTC (no offset means UTC)", rows[3].Ref)
	}
	rep := Datetime(rows, func(text string, now time.Time) (intents.When, bool) {
		if text == "завтра" {
			return intents.When{At: now.AddDate(0, 0, 1), HasDate: true}, true
		}
		return intents.When{}, false
	})
	if rep.Strict != 1 || rep.StrictTotal != 2 || rep.FlaggedTotal != 2 {
		t.Errorf("Datetime = %d/%d strict, %d flagged; want 1/2 and 2 flagged", rep.Strict, rep.StrictTotal, rep.FlaggedTotal)
	}
}
