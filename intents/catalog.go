package intents

import (
	"sort"
	"unicode/utf8"
)

// catalog finds the services a message names, by word stems rather than exact strings, so that
// «на мужскую стрижку», «стрижки мужской» and «маникюрчик» all count.
type catalog struct {
	services []catalogService
}

type catalogService struct {
	id    string
	names [][]string // each name's content words, normalised
}

// nameStopwords are words in a service name that say nothing about which service it is.
var nameStopwords = map[string]bool{
	"с": true, "со": true, "и": true, "на": true, "в": true, "во": true, "для": true, "по": true,
	"из": true, "от": true, "до": true, "за": true, "под": true, "без": true, "или": true,
	"of": true, "the": true, "a": true, "an": true, "and": true, "with": true, "for": true,
	"s": true, "or": true,
}

// mentionWindow is how far apart the words of a multi-word name may be ("стрижку, пожалуйста,
// мужскую").
const mentionWindow = 3

func newCatalog(list []ServiceName) catalog {
	var c catalog
	for _, s := range list {
		cs := catalogService{id: s.ID}
		for _, name := range s.Names {
			var words []string
			for _, w := range tokenize(name) {
				if !nameStopwords[w] && !isNumber(w) {
					words = append(words, w)
				}
			}
			if len(words) > 0 {
				cs.names = append(cs.names, words)
			}
		}
		if s.ID != "" && len(cs.names) > 0 {
			c.services = append(c.services, cs)
		}
	}
	return c
}

// stemMatch reports whether a message token is a form of a catalog word: they share a prefix
// long enough to be the stem ("стрижку"/"стрижка", "маникюрчик"/"маникюр", "маник"/"маникюр",
// "бровей"/"брови"), but not a short accident ("муж"/"мужская").
func stemMatch(tok, word string) bool {
	n := utf8.RuneCountInString(word)
	need := min(n, max(4, min(n-2, 6)))
	if need < 3 {
		return tok == word
	}
	return commonPrefix(tok, word) >= need
}

func commonPrefix(a, b string) int {
	n := 0
	for a != "" && b != "" {
		ra, sa := utf8.DecodeRuneInString(a)
		rb, sb := utf8.DecodeRuneInString(b)
		if ra != rb {
			break
		}
		n++
		a, b = a[sa:], b[sb:]
	}
	return n
}

type mention struct {
	id  string
	pos int
}

// find returns the IDs of the services named in toks, in order of first mention. A name counts
// when all its words appear close together. A lone word of a name (a generic «стрижка») counts
// only when exactly one service has that word, so it is never forced onto one of several.
func (c catalog) find(toks []string) []string {
	if len(c.services) == 0 || len(toks) == 0 {
		return nil
	}
	consumed := make([]bool, len(toks))
	var found []mention
	for _, s := range c.services {
		for _, name := range s.names {
			for p := range toks {
				at, ok := matchName(toks, name, p)
				if !ok {
					continue
				}
				first := len(toks)
				for _, k := range at {
					consumed[k] = true
					first = min(first, k)
				}
				found = append(found, mention{s.id, first})
			}
		}
	}
	for p, tok := range toks {
		if consumed[p] || utf8.RuneCountInString(tok) < 4 {
			continue
		}
		var ids []string
		for _, s := range c.services {
			if s.hasWord(tok) {
				ids = append(ids, s.id)
			}
		}
		if len(ids) == 1 {
			found = append(found, mention{ids[0], p})
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].pos < found[j].pos })
	var ids []string
	seen := map[string]bool{}
	for _, m := range found {
		if !seen[m.id] {
			seen[m.id] = true
			ids = append(ids, m.id)
		}
	}
	return ids
}

// matchName reports whether every word of name appears within mentionWindow of toks[p], which
// must itself match the name's first word; it returns the positions used.
func matchName(toks []string, name []string, p int) ([]int, bool) {
	if !stemMatch(toks[p], name[0]) {
		return nil, false
	}
	at := []int{p}
	for _, w := range name[1:] {
		best := -1
		for k := max(0, p-mentionWindow); k <= min(len(toks)-1, p+mentionWindow); k++ {
			if k != p && stemMatch(toks[k], w) && !contains(at, k) {
				best = k
				break
			}
		}
		if best < 0 {
			return nil, false
		}
		at = append(at, best)
	}
	return at, true
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (s catalogService) hasWord(tok string) bool {
	for _, name := range s.names {
		for _, w := range name {
			if utf8.RuneCountInString(w) >= 4 && stemMatch(tok, w) {
				return true
			}
		}
	}
	return false
}
