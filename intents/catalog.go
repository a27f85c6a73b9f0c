package intents

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// catalog finds the services a message names, by word stems rather than exact strings, so that
// «на мужскую стрижку», «стрижки мужской» and «маникюрчик» all count; by everyday synonyms
// («ноготочки» for a service called «ногти», «подстричься» for «стрижка»); and through typos
// («маникур»).
type catalog struct {
	services []catalogService
	typos    *typoIndex       // the catalog's words, as typo targets
	nWords   int              // catalog words are numbered 0..nWords-1
	byStart  map[string][]int // the first two bytes of a word → the words' numbers
	starts   []*catalogWord   // each word by number
}

type catalogService struct {
	id    string
	names [][]catalogWord // each name's content words, normalised
}

// catalogWord is one content word of a service name.
type catalogWord struct {
	id     int // the word's number in its catalog
	text   string
	need   int    // how many leading runes a token must share with it (see stemMatch)
	groups uint64 // the synonym groups it belongs to
}

// serviceSynonyms are the everyday names of beauty services, one group per service kind: a
// catalog word in a group is matched by any word of the group. Words end in * for a prefix.
// A message naming any of them is about a service even when the catalog calls it otherwise
// (the @beauty feature of the rules).
var serviceSynonyms = [][]string{
	{"стрижка", "стрижк*", "стрижеч*", "стричь", "стричься", "стригу*", "подстри*", "постри*", "haircut*"},
	{"маникюр", "маникюр*", "маник", "ногти", "ногт*", "ногот*", "manicure*", "nail*"},
	{"педикюр", "педикюр*", "педик", "pedicure*"},
	{"окрашивание", "окрашиван*", "покраска", "покрас*", "покраш*", "окрас*", "colouring", "coloring", "dye"},
	{"брови", "бров*", "brow*", "eyebrow*"},
	{"ресницы", "ресниц*", "ресничк*", "lash*", "eyelash*"},
	{"массаж", "массаж*", "massage*"},
	{"депиляция", "депиляц*", "эпиляц*", "шугаринг*", "воск", "воском", "wax*"},
	{"укладка", "укладк*", "укладочк*", "уложить", "прическ*", "причес*"},
	{"наращивание", "наращиван*", "нарастить"},
	{"макияж", "макияж*", "мейкап*", "makeup"},
	{"чистка", "чистк*", "пилинг*", "косметолог*", "facial"},
	{"ламинирование", "ламинир*", "ламинац*"},
	{"кератин", "кератин*", "ботокс*"},
	{"борода", "бород*", "beard*"},
}

// synonymMatchers are serviceSynonyms compiled: exact words and prefixes, by group.
var synonymExact, synonymPrefixes, synonymTypos = func() (map[string]uint64, map[string]uint64, *typoIndex) {
	exact, prefixes := map[string]uint64{}, map[string]uint64{}
	typos := newTypoIndex()
	for g, group := range serviceSynonyms {
		for _, w := range group {
			if p, ok := strings.CutSuffix(w, "*"); ok {
				prefixes[p] |= 1 << g
			} else {
				exact[w] |= 1 << g
				typos.add(w)
			}
		}
	}
	return exact, prefixes, typos
}()

// synonymGroups returns the synonym groups a word belongs to.
func synonymGroups(w string) uint64 {
	g := synonymExact[w]
	n := 0
	for i := range w {
		if n > 0 {
			g |= synonymPrefixes[w[:i]]
		}
		n++
	}
	return g | synonymPrefixes[w]
}

// synonymOf returns the first synonym group w belongs to, or -1.
func synonymOf(w string) int {
	g := synonymGroups(w)
	for i := 0; g != 0; i++ {
		if g&1 != 0 {
			return i
		}
		g >>= 1
	}
	return -1
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
	c := catalog{typos: newTypoIndex(), byStart: map[string][]int{}}
	for _, s := range list {
		cs := catalogService{id: s.ID}
		for _, name := range s.Names {
			var words []catalogWord
			for _, w := range tokenize(name) {
				if nameStopwords[w] || isNumber(w) {
					continue
				}
				n := utf8.RuneCountInString(w)
				words = append(words, catalogWord{id: c.nWords, text: w, need: stemNeed(n), groups: synonymGroups(w)})
				c.nWords++
				c.typos.add(w)
			}
			if len(words) > 0 {
				cs.names = append(cs.names, words)
			}
		}
		if s.ID != "" && len(cs.names) > 0 {
			c.services = append(c.services, cs)
		}
	}
	c.starts = make([]*catalogWord, c.nWords)
	for i := range c.services {
		for _, name := range c.services[i].names {
			for k := range name {
				w := &name[k]
				c.starts[w.id] = w
				c.byStart[start2(w.text)] = append(c.byStart[start2(w.text)], w.id)
			}
		}
	}
	return c
}

// start2 is the first two bytes of w, the key of catalog.byStart: a form of a word begins as
// the word does.
func start2(w string) string { return w[:min(2, len(w))] }

// stemNeed is how many leading runes a token must share with a catalog word of n runes: the
// stem, long enough not to be an accident ("муж" is not "мужская").
func stemNeed(n int) int {
	need := min(n, max(4, min(n-2, 6)))
	if need < 3 {
		return 0 // short words match exactly
	}
	return need
}

// stemMatch reports whether a message token is a form of a catalog word: they share a prefix
// long enough to be the stem ("стрижку"/"стрижка", "маникюрчик"/"маникюр", "маник"/"маникюр",
// "бровей"/"брови"), but not a short accident ("муж"/"мужская").
func stemMatch(tok string, w *catalogWord) bool {
	if w.need == 0 {
		return tok == w.text
	}
	if len(tok) < 2 || len(w.text) < 2 || tok[:2] != w.text[:2] {
		return false
	}
	return commonPrefix(tok, w.text) >= w.need
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

// knows reports whether tok is a form of a catalog word or a service synonym.
func (c catalog) knows(tok string) bool {
	if synonymGroups(tok) != 0 {
		return true
	}
	for _, id := range c.byStart[start2(tok)] {
		if stemMatch(tok, c.starts[id]) {
			return true
		}
	}
	return false
}

type mention struct {
	id  string
	pos int
}

// catalogMatch holds what one message's tokens are, for the catalog: each token's synonym
// groups, of the token and of its typo correction, and the catalog words it is a form of.
type catalogMatch struct {
	m      *message
	groups []uint64
	words  []uint64 // w words per token: bit k is set when the token is a form of word k
	w      int
}

// word reports whether token p is a form of catalog word w, or (with synonyms) a word of the
// same synonym group.
func (cm *catalogMatch) word(p int, w *catalogWord, synonyms bool) bool {
	if synonyms && cm.groups[p]&w.groups != 0 {
		return true
	}
	return cm.words[p*cm.w+w.id>>6]&(1<<(uint(w.id)&63)) != 0
}

// forms sets the bits of the catalog words that tok is a form of in row.
func (c catalog) forms(tok string, row []uint64) {
	for _, id := range c.byStart[start2(tok)] {
		if stemMatch(tok, c.starts[id]) {
			row[id>>6] |= 1 << (uint(id) & 63)
		}
	}
}

// find returns the IDs of the services named in m, in order of first mention, and whether m
// names any beauty service at all (a synonym, even one the catalog lacks). A name counts when
// all its words appear close together, in some form. A lone word of a name, or a synonym of
// one (a generic «стрижка», «ноготочки»), counts only when exactly one service has that word,
// so it is never forced onto one of several.
func (c catalog) find(m *message) (ids []string, beauty bool) {
	cm := catalogMatch{m: m, groups: make([]uint64, len(m.toks))}
	for p := range m.toks {
		cm.groups[p] = synonymGroups(m.toks[p])
		if m.fix[p] != "" {
			cm.groups[p] |= synonymGroups(m.fix[p])
		}
		beauty = beauty || cm.groups[p] != 0
	}
	if len(c.services) == 0 || len(m.toks) == 0 {
		return nil, beauty
	}
	cm.w = (c.nWords + 63) / 64
	cm.words = make([]uint64, len(m.toks)*cm.w)
	for p, t := range m.toks {
		row := cm.words[p*cm.w : (p+1)*cm.w]
		c.forms(t, row)
		if m.fix[p] != "" {
			c.forms(m.fix[p], row)
		}
	}
	consumed := make([]bool, len(m.toks))
	var found []mention
	for _, s := range c.services {
		for _, name := range s.names {
			for p := range m.toks {
				at, ok := cm.matchName(name, p)
				if !ok {
					continue
				}
				first := len(m.toks)
				for _, k := range at {
					consumed[k] = true
					first = min(first, k)
				}
				found = append(found, mention{s.id, first})
			}
		}
	}
	for p, tok := range m.toks {
		if consumed[p] || (utf8.RuneCountInString(tok) < 4 && cm.groups[p] == 0) {
			continue
		}
		var one string
		n := 0
		for _, s := range c.services {
			if s.hasWord(&cm, p) {
				one = s.id
				n++
			}
		}
		if n == 1 {
			found = append(found, mention{one, p})
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].pos < found[j].pos })
	seen := map[string]bool{}
	for _, f := range found {
		if !seen[f.id] {
			seen[f.id] = true
			ids = append(ids, f.id)
		}
	}
	return ids, beauty || len(ids) > 0
}

// matchName reports whether every word of name appears within mentionWindow of token p, which
// must itself match the name's first word; it returns the positions used.
func (cm *catalogMatch) matchName(name []catalogWord, p int) ([]int, bool) {
	if !cm.word(p, &name[0], false) {
		return nil, false
	}
	at := []int{p}
	for k := 1; k < len(name); k++ {
		best := -1
		for q := max(0, p-mentionWindow); q <= min(len(cm.m.toks)-1, p+mentionWindow); q++ {
			if q != p && !contains(at, q) && cm.word(q, &name[k], false) {
				best = q
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

// hasWord reports whether token p is a form of one of the service's words of 4 or more
// letters, or a synonym of one.
func (s catalogService) hasWord(cm *catalogMatch, p int) bool {
	for _, name := range s.names {
		for k := range name {
			w := &name[k]
			if (w.need >= 4 || w.groups != 0) && cm.word(p, w, true) {
				return true
			}
		}
	}
	return false
}
