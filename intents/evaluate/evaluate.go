// Package evaluate scores minutka's understanding on labelled files in the format of
// shared/eval: intents (accuracy, per-label precision and recall, a confusion matrix) and
// dates and times (strict accuracy at each row's grain, convention-flagged rows apart).
package evaluate

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/minutka/minutka/intents"
)

// readTSV reads a file of the shared/eval format: tab-separated, '#' comments, a header line.
// It returns the rows as maps from column name to value, with their line numbers.
func readTSV(r io.Reader, need ...string) ([]map[string]string, error) {
	cr := csv.NewReader(r)
	cr.Comma, cr.Comment, cr.FieldsPerRecord, cr.LazyQuotes = '\t', '#', -1, true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("evaluate: header: %w", err)
	}
	for _, n := range need {
		if !slices.Contains(header, n) {
			return nil, fmt.Errorf("evaluate: no %q column in the header %q", n, header)
		}
	}
	var rows []map[string]string
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("evaluate: %w", err)
		}
		row := make(map[string]string, len(header))
		for i, h := range header {
			if i < len(rec) {
				row[h] = rec[i]
			}
		}
		line, _ := cr.FieldPos(0)
		row["#line"] = fmt.Sprint(line)
		rows = append(rows, row)
	}
}

// IntentRow is one labelled message.
type IntentRow struct {
	Line  int
	Text  string
	Label intents.Intent
}

// ReadIntents reads a file with the columns text and label.
func ReadIntents(r io.Reader) ([]IntentRow, error) {
	raw, err := readTSV(r, "text", "label")
	if err != nil {
		return nil, err
	}
	rows := make([]IntentRow, 0, len(raw))
	for _, m := range raw {
		var line int
		fmt.Sscan(m["#line"], &line)
		l := intents.Intent(m["label"])
		if !l.Valid() {
			return nil, fmt.Errorf("evaluate: line %d: unknown label %q", line, l)
		}
		rows = append(rows, IntentRow{Line: line, Text: m["text"], Label: l})
	}
	return rows, nil
}

// IntentReport is the outcome of an intents evaluation.
type IntentReport struct {
	Total, Correct int
	Confusion      map[intents.Intent]map[intents.Intent]int // expected → predicted → count
	Misses         []IntentMiss
}

// IntentMiss is a wrongly labelled row.
type IntentMiss struct {
	Row  IntentRow
	Got  intents.Intent
	Conf float64
}

// Intents runs det on every row at now and scores it. A detector error counts as Other.
func Intents(ctx context.Context, det intents.Detector, rows []IntentRow, now time.Time) IntentReport {
	rep := IntentReport{Confusion: make(map[intents.Intent]map[intents.Intent]int)}
	for _, row := range rows {
		got := intents.Other
		score := 0.0
		if r, err := det.Detect(ctx, row.Text, now); err == nil {
			got, score = r.Intent, r.Score
		}
		if rep.Confusion[row.Label] == nil {
			rep.Confusion[row.Label] = make(map[intents.Intent]int)
		}
		rep.Confusion[row.Label][got]++
		rep.Total++
		if got == row.Label {
			rep.Correct++
		} else {
			rep.Misses = append(rep.Misses, IntentMiss{Row: row, Got: got, Conf: score})
		}
	}
	return rep
}

// Accuracy is Correct / Total (0 for no rows).
func (r IntentReport) Accuracy() float64 { return ratio(r.Correct, r.Total) }

// PrecisionRecall returns the precision and recall of one label.
func (r IntentReport) PrecisionRecall(l intents.Intent) (precision, recall float64, support int) {
	var tp, predicted int
	for exp, row := range r.Confusion {
		predicted += row[l]
		if exp == l {
			tp = row[l]
			for _, n := range row {
				support += n
			}
		}
	}
	return ratio(tp, predicted), ratio(tp, support), support
}

// labels returns the labels that occur as expected or predicted, in the vocabulary's order.
func (r IntentReport) labels() []intents.Intent {
	seen := map[intents.Intent]bool{}
	for exp, row := range r.Confusion {
		seen[exp] = true
		for got := range row {
			seen[got] = true
		}
	}
	var out []intents.Intent
	for _, l := range intents.AllIntents {
		if seen[l] {
			out = append(out, l)
		}
	}
	return out
}

// Write prints the report: per-label precision and recall, the confusion matrix, the misses,
// and last the line "accuracy: 0.912 (187/205)".
func (r IntentReport) Write(w io.Writer, misses bool) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "label\tprecision\trecall\tsupport\t")
	for _, l := range r.labels() {
		p, rc, n := r.PrecisionRecall(l)
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%d\t\n", l, p, rc, n)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nconfusion (rows: expected, columns: predicted):")
	labels := r.labels()
	tw = tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "\t")
	for _, l := range labels {
		fmt.Fprintf(tw, "%s\t", abbrev(l))
	}
	fmt.Fprintln(tw)
	for _, exp := range labels {
		fmt.Fprintf(tw, "%s\t", exp)
		for _, got := range labels {
			if n := r.Confusion[exp][got]; n > 0 {
				fmt.Fprintf(tw, "%d\t", n)
			} else {
				fmt.Fprint(tw, ".\t")
			}
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	if misses && len(r.Misses) > 0 {
		fmt.Fprintln(w, "\nmisses:")
		ms := slices.Clone(r.Misses)
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].Row.Label < ms[j].Row.Label })
		for _, m := range ms {
			fmt.Fprintf(w, "  line %d: %q: want %s, got %s (%.2f)\n", m.Row.Line, m.Row.Text, m.Row.Label, m.Got, m.Conf)
		}
	}
	_, err := fmt.Fprintf(w, "\naccuracy: %.3f (%d/%d)\n", r.Accuracy(), r.Correct, r.Total)
	return err
}

func abbrev(l intents.Intent) string {
	s := string(l)
	if len(s) > 6 {
		s = s[:6]
	}
	return s
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// truncate shortens s for a report line.
func truncate(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}
