package intents_test

import (
	"bufio"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/minutka/minutka/intents"
)

func TestProbeWhen(t *testing.T) {
	f, err := os.Open("/tmp/probew.txt")
	if err != nil {
		t.Skip()
	}
	defer f.Close()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, krasnoyarsk(t))
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		w, ok := intents.ParseWhen(sc.Text(), now)
		fmt.Printf("%-45s => %v %s d=%v t=%v pod=%s\n", sc.Text(), ok, w.At.Format("Mon 2006-01-02 15:04"), w.HasDate, w.HasTime, w.PartOfDay)
	}
}
