package intents

import "unicode/utf8"

// Typo correction: a word the rules do not know is read as the rule or catalog word it is one
// slip away from («атмените» → «отмените», «сколко» → «сколько», «маникур» → «маникюр»). The
// distance is Damerau-Levenshtein (optimal string alignment): at most 1 edit for words of 5–8
// letters, 2 for longer ones, none for shorter ones, where a slip is as likely to make another
// real word.
//
// Targets are whole words: the plain and =exact words of the rules, and the catalog's words and
// service synonyms. Prefix patterns are not targets: against a prefix, one slip turns too many
// real words into rule words («материал» into «мастер…», «позволите» into «позвонит…»), so a
// pattern family whose typos matter also lists a common full form («отмен*|отмените»). The first
// letter must be right, or a vowel for a vowel («атмените»): a word that differs at its start
// is more often another word than a slip. Real words that happen to lie one slip from a rule
// word are listed in commonWords and never corrected.

// typoLimit is how many edits a word of n letters may carry.
func typoLimit(n int) int {
	switch {
	case n < 5:
		return 0
	case n <= 8:
		return 1
	}
	return 2
}

// maxTypoRunes bounds the words typo correction looks at: longer ones are not words.
const maxTypoRunes = 24

// osaDistance returns the optimal string alignment distance between a and b, or limit+1 when
// it is larger than limit.
func osaDistance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	if len(a) > maxTypoRunes || len(b) > maxTypoRunes {
		return limit + 1
	}
	var rows [3][maxTypoRunes + 1]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], limit+1)
}

// typoIndex finds, for a misspelt word, the known word it was meant to be. Candidates come from
// a symmetric-delete index (every target with up to its limit of letters deleted), so a lookup
// costs a few map reads, not a pass over the vocabulary.
type typoIndex struct {
	targets [][]rune
	words   []string
	deletes map[string][]int32 // a target, or one with letters deleted → targets
	seen    map[string]bool
}

func newTypoIndex() *typoIndex {
	return &typoIndex{deletes: map[string][]int32{}, seen: map[string]bool{}}
}

// add makes word a correction target. Words shorter than 5 letters are never targets.
func (x *typoIndex) add(word string) {
	rs := []rune(word)
	if len(rs) < 5 || len(rs) > maxTypoRunes || x.seen[word] {
		return
	}
	x.seen[word] = true
	id := int32(len(x.targets))
	x.targets = append(x.targets, rs)
	x.words = append(x.words, word)
	forDeletes([]byte(word), typoLimit(len(rs)), func(v []byte) {
		ids := x.deletes[string(v)]
		if len(ids) == 0 || ids[len(ids)-1] != id {
			x.deletes[string(v)] = append(ids, id)
		}
	})
}

// forDeletes calls f with w and with every string made by deleting up to depth runes of w. The
// slice passed to f is only valid during the call.
func forDeletes(w []byte, depth int, f func([]byte)) {
	var buf [8 * maxTypoRunes]byte
	f(w)
	if depth == 0 {
		return
	}
	var offs [maxTypoRunes + 1]int
	n := 0
	for i := 0; i < len(w) && n < maxTypoRunes; {
		offs[n] = i
		_, size := utf8.DecodeRune(w[i:])
		i += size
		n++
	}
	offs[n] = len(w)
	for i := 0; i < n; i++ {
		v := append(append(buf[:0], w[:offs[i]]...), w[offs[i+1]:]...)
		f(v)
		if depth > 1 {
			for j := i + 1; j < n; j++ {
				// Delete runes i and j.
				rest := buf[len(v):len(v)]
				v2 := append(append(append(rest, w[:offs[i]]...), w[offs[i+1]:offs[j]]...), w[offs[j+1]:]...)
				f(v2)
			}
		}
	}
}

// correct returns the target word tok was most likely meant to be, and its distance: the
// closest within the limits of both, the first added on a tie.
func (x *typoIndex) correct(tok string) (string, int, bool) {
	if x == nil || len(x.targets) == 0 {
		return "", 0, false
	}
	var buf [maxTypoRunes]rune
	rs := buf[:0]
	for _, r := range tok {
		if len(rs) == maxTypoRunes {
			return "", 0, false
		}
		rs = append(rs, r)
	}
	limit := typoLimit(len(rs))
	if limit == 0 {
		return "", 0, false
	}
	best, bestD := int32(-1), limit+1
	forDeletes([]byte(tok), limit, func(v []byte) {
		for _, id := range x.deletes[string(v)] {
			t := x.targets[id]
			lim := min(limit, typoLimit(len(t)))
			if !sameStart(rs, t) || (id == best) {
				continue
			}
			if d := osaDistance(rs, t, lim); d <= lim && (d < bestD || (d == bestD && id < best)) {
				best, bestD = id, d
			}
		}
	})
	if best < 0 || bestD == 0 {
		return "", 0, false
	}
	return x.words[best], bestD, true
}

// sameStart reports whether a and b begin with the same letter, or both with a vowel.
func sameStart(a, b []rune) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	return a[0] == b[0] || (isRuVowel(a[0]) && isRuVowel(b[0]))
}
