package intents_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/minutka/minutka/intents"
)

func TestProbe(t *testing.T) {
	f, err := os.Open("/tmp/probe.txt")
	if err != nil {
		t.Skip()
	}
	defer f.Close()
	det := intents.NewRules(demoCatalog)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, krasnoyarsk(t))
	sc := bufio.NewScanner(f)
	ok, n := 0, 0
	for sc.Scan() {
		want, line, _ := strings.Cut(sc.Text(), "\t")
		r, _ := det.Detect(context.Background(), line, now)
		n++
		if string(r.Intent) == want {
			ok++
			continue
		}
		fmt.Printf("MISS %-50s got %-13s %.2f want %s svc=%v\n", line, r.Intent, r.Score, want, r.Services)
	}
	fmt.Printf("probe %d/%d\n", ok, n)
}
