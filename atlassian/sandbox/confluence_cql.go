package sandbox

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// A small CQL (Confluence Query Language) implementation: enough of the
// grammar for the queries MCP clients send.
//
//	query   = or [ "ORDER BY" order { "," order } ]
//	or      = and { "OR" and }
//	and     = not { "AND" not }
//	not     = "NOT" not | "(" or ")" | clause
//	clause  = field op value | field ["NOT"] "IN" "(" value { "," value } ")"
//	op      = "=" | "!=" | "~" | "!~" | ">" | ">=" | "<" | "<="
//	value   = string | word | function "(" [ arg { "," arg } ] ")"
//	order   = field [ "ASC" | "DESC" ]
//
// Fields: type, space (space.key), title, text, siteSearch (Cloud), label,
// ancestor, parent, id (content), creator, contributor, mention, created,
// lastmodified. Keywords and field names are case-insensitive.

// cqlError is a CQL syntax or semantic error; Detail says what is wrong.
type cqlError struct{ Detail string }

func (e *cqlError) Error() string { return e.Detail }

func cqlErrorf(format string, args ...any) error {
	return &cqlError{Detail: fmt.Sprintf(format, args...)}
}

// ---- lexer ---------------------------------------------------------------------

type cqlTokKind int

const (
	cqlEOF cqlTokKind = iota
	cqlWord
	cqlString
	cqlOp
	cqlLParen
	cqlRParen
	cqlComma
)

type cqlToken struct {
	kind cqlTokKind
	text string
	pos  int // 0-based byte offset
}

func (t cqlToken) String() string {
	switch t.kind {
	case cqlEOF:
		return "end of query"
	case cqlString:
		return strconv.Quote(t.text)
	}
	return "'" + t.text + "'"
}

func cqlIsWordRune(r rune) bool {
	return !unicode.IsSpace(r) && !strings.ContainsRune(`()=,!~<>"'`, r)
}

func cqlLex(s string) ([]cqlToken, error) {
	var toks []cqlToken
	rs := []rune(s)
	// offsets maps rune index to byte offset, for messages.
	offsets := make([]int, len(rs)+1)
	for i, b := 0, 0; i < len(rs); i++ {
		offsets[i] = b
		b += len(string(rs[i]))
		offsets[i+1] = b
	}
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '(':
			toks = append(toks, cqlToken{cqlLParen, "(", offsets[i]})
			i++
		case r == ')':
			toks = append(toks, cqlToken{cqlRParen, ")", offsets[i]})
			i++
		case r == ',':
			toks = append(toks, cqlToken{cqlComma, ",", offsets[i]})
			i++
		case r == '!' || r == '<' || r == '>':
			if i+1 < len(rs) && (rs[i+1] == '=' || (r == '!' && rs[i+1] == '~')) {
				toks = append(toks, cqlToken{cqlOp, string(rs[i : i+2]), offsets[i]})
				i += 2
				continue
			}
			if r == '!' {
				return nil, cqlErrorf("unexpected character '!' at position %d", offsets[i]+1)
			}
			toks = append(toks, cqlToken{cqlOp, string(r), offsets[i]})
			i++
		case r == '=' || r == '~':
			toks = append(toks, cqlToken{cqlOp, string(r), offsets[i]})
			i++
		case r == '"' || r == '\'':
			start := i
			var b strings.Builder
			i++
			closed := false
			for i < len(rs) {
				if rs[i] == '\\' && i+1 < len(rs) {
					b.WriteRune(rs[i+1])
					i += 2
					continue
				}
				if rs[i] == r {
					closed = true
					i++
					break
				}
				b.WriteRune(rs[i])
				i++
			}
			if !closed {
				return nil, cqlErrorf("unterminated string starting at position %d", offsets[start]+1)
			}
			toks = append(toks, cqlToken{cqlString, b.String(), offsets[start]})
		default:
			start := i
			for i < len(rs) && cqlIsWordRune(rs[i]) {
				i++
			}
			toks = append(toks, cqlToken{cqlWord, string(rs[start:i]), offsets[start]})
		}
	}
	toks = append(toks, cqlToken{cqlEOF, "", len(s)})
	return toks, nil
}

// ---- AST -------------------------------------------------------------------------

type cqlExpr interface{ String() string }

type cqlAnd struct{ L, R cqlExpr }
type cqlOr struct{ L, R cqlExpr }
type cqlNot struct{ X cqlExpr }

// cqlClause is one comparison; Op is one of = != ~ !~ > >= < <= IN "NOT IN".
type cqlClause struct {
	Field  string
	Op     string
	Values []cqlValue
}

// cqlValue is a literal or a function call such as now("-7d").
type cqlValue struct {
	Text string
	Func string // lower-cased function name, "" for literals
	Args []string
}

type cqlOrder struct {
	Field string
	Desc  bool
}

// cqlQuery is a parsed CQL query.
type cqlQuery struct {
	Where cqlExpr
	Order []cqlOrder
}

func (e *cqlAnd) String() string { return "(" + e.L.String() + " AND " + e.R.String() + ")" }
func (e *cqlOr) String() string  { return "(" + e.L.String() + " OR " + e.R.String() + ")" }
func (e *cqlNot) String() string { return "NOT " + e.X.String() }

func (v cqlValue) String() string {
	if v.Func != "" {
		args := make([]string, len(v.Args))
		for i, a := range v.Args {
			args[i] = strconv.Quote(a)
		}
		return v.Func + "(" + strings.Join(args, ", ") + ")"
	}
	return strconv.Quote(v.Text)
}

func (c *cqlClause) String() string {
	if c.Op == "IN" || c.Op == "NOT IN" {
		vals := make([]string, len(c.Values))
		for i, v := range c.Values {
			vals[i] = v.String()
		}
		return c.Field + " " + c.Op + " (" + strings.Join(vals, ", ") + ")"
	}
	return c.Field + " " + c.Op + " " + c.Values[0].String()
}

func (q *cqlQuery) String() string {
	s := q.Where.String()
	if len(q.Order) > 0 {
		parts := make([]string, len(q.Order))
		for i, o := range q.Order {
			parts[i] = o.Field
			if o.Desc {
				parts[i] += " DESC"
			} else {
				parts[i] += " ASC"
			}
		}
		s += " ORDER BY " + strings.Join(parts, ", ")
	}
	return s
}

// ---- fields -------------------------------------------------------------------------

type cqlFieldKind int

const (
	cqlKindKeyword cqlFieldKind = iota // exact values: type, space, label, ids
	cqlKindTitle                       // exact or text match
	cqlKindText                        // text match only
	cqlKindUser                        // users
	cqlKindDate                        // dates
)

type cqlFieldDef struct {
	name      string
	kind      cqlFieldKind
	cloudOnly bool
}

var cqlFields = map[string]cqlFieldDef{
	"type":         {name: "type", kind: cqlKindKeyword},
	"space":        {name: "space", kind: cqlKindKeyword},
	"space.key":    {name: "space", kind: cqlKindKeyword},
	"title":        {name: "title", kind: cqlKindTitle},
	"text":         {name: "text", kind: cqlKindText},
	"sitesearch":   {name: "siteSearch", kind: cqlKindText, cloudOnly: true},
	"label":        {name: "label", kind: cqlKindKeyword},
	"ancestor":     {name: "ancestor", kind: cqlKindKeyword},
	"parent":       {name: "parent", kind: cqlKindKeyword},
	"id":           {name: "id", kind: cqlKindKeyword},
	"content":      {name: "id", kind: cqlKindKeyword},
	"creator":      {name: "creator", kind: cqlKindUser},
	"contributor":  {name: "contributor", kind: cqlKindUser},
	"mention":      {name: "mention", kind: cqlKindUser},
	"created":      {name: "created", kind: cqlKindDate},
	"lastmodified": {name: "lastmodified", kind: cqlKindDate},
}

var cqlOrderFields = map[string]string{"lastmodified": "lastmodified", "created": "created", "title": "title"}

func cqlOpAllowed(kind cqlFieldKind, op string) bool {
	switch kind {
	case cqlKindText:
		return op == "~" || op == "!~"
	case cqlKindDate:
		return op != "~" && op != "!~" && op != "IN" && op != "NOT IN"
	case cqlKindTitle:
		return op != ">" && op != ">=" && op != "<" && op != "<="
	}
	return op == "=" || op == "!=" || op == "IN" || op == "NOT IN"
}

var cqlDateFuncs = map[string]bool{
	"now": true, "startofday": true, "startofweek": true, "startofmonth": true, "startofyear": true,
	"endofday": true, "endofweek": true, "endofmonth": true, "endofyear": true,
}

var cqlIncrement = regexp.MustCompile(`^([+-]?)((?:\d+[yMwdhm])+)$`)

// ---- parser --------------------------------------------------------------------------

type cqlParser struct {
	toks  []cqlToken
	i     int
	cloud bool
}

// parseCQL parses a CQL query for a Cloud or Server/DC site.
func parseCQL(s string, cloud bool) (*cqlQuery, error) {
	if strings.TrimSpace(s) == "" {
		return nil, cqlErrorf("the query is empty")
	}
	toks, err := cqlLex(s)
	if err != nil {
		return nil, err
	}
	p := &cqlParser{toks: toks, cloud: cloud}
	q := &cqlQuery{}
	if p.keyword("ORDER") {
		return nil, cqlErrorf("a query needs at least one clause before ORDER BY")
	}
	if q.Where, err = p.or(); err != nil {
		return nil, err
	}
	if p.keyword("ORDER") {
		p.i++
		if !p.keyword("BY") {
			return nil, p.unexpected("BY")
		}
		p.i++
		for {
			t := p.peek()
			if t.kind != cqlWord && t.kind != cqlString {
				return nil, p.unexpected("a field to order by")
			}
			field, ok := cqlOrderFields[strings.ToLower(t.text)]
			if !ok {
				return nil, cqlErrorf("the field '%s' cannot be used in ORDER BY", t.text)
			}
			p.i++
			o := cqlOrder{Field: field}
			switch {
			case p.keyword("DESC"):
				o.Desc = true
				p.i++
			case p.keyword("ASC"):
				p.i++
			}
			q.Order = append(q.Order, o)
			if p.peek().kind != cqlComma {
				break
			}
			p.i++
		}
	}
	if t := p.peek(); t.kind != cqlEOF {
		return nil, cqlErrorf("unexpected %s at position %d: expected AND, OR, ORDER BY or the end of the query", t, t.pos+1)
	}
	return q, nil
}

func (p *cqlParser) peek() cqlToken { return p.toks[p.i] }

func (p *cqlParser) keyword(k string) bool {
	t := p.peek()
	return t.kind == cqlWord && strings.EqualFold(t.text, k)
}

func (p *cqlParser) unexpected(want string) error {
	t := p.peek()
	return cqlErrorf("unexpected %s at position %d: expected %s", t, t.pos+1, want)
}

// skipKeyword consumes the next token when it is keyword k.
func (p *cqlParser) skipKeyword(k string) bool {
	if !p.keyword(k) {
		return false
	}
	p.i++
	return true
}

func (p *cqlParser) or() (cqlExpr, error) {
	return foldLeftBinary(p.and, func() bool { return p.skipKeyword("OR") },
		func(l, r cqlExpr) cqlExpr { return &cqlOr{l, r} })
}

func (p *cqlParser) and() (cqlExpr, error) {
	return foldLeftBinary(p.not, func() bool { return p.skipKeyword("AND") },
		func(l, r cqlExpr) cqlExpr { return &cqlAnd{l, r} })
}

func (p *cqlParser) not() (cqlExpr, error) {
	if p.keyword("NOT") {
		p.i++
		x, err := p.not()
		if err != nil {
			return nil, err
		}
		return &cqlNot{x}, nil
	}
	if p.peek().kind == cqlLParen {
		p.i++
		x, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.peek().kind != cqlRParen {
			return nil, p.unexpected("')'")
		}
		p.i++
		return x, nil
	}
	return p.clause()
}

var cqlReserved = map[string]bool{"and": true, "or": true, "not": true, "in": true, "order": true, "by": true}

func (p *cqlParser) clause() (cqlExpr, error) {
	t := p.peek()
	if t.kind != cqlWord || cqlReserved[strings.ToLower(t.text)] {
		return nil, p.unexpected("a field name")
	}
	def, ok := cqlFields[strings.ToLower(t.text)]
	if !ok || (def.cloudOnly && !p.cloud) {
		return nil, cqlErrorf("the field '%s' is not supported", t.text)
	}
	p.i++
	c := &cqlClause{Field: def.name}
	switch {
	case p.peek().kind == cqlOp:
		c.Op = p.peek().text
		p.i++
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		c.Values = []cqlValue{v}
	case p.keyword("IN"):
		p.i++
		c.Op = "IN"
	case p.keyword("NOT"):
		p.i++
		if !p.keyword("IN") {
			return nil, p.unexpected("IN")
		}
		p.i++
		c.Op = "NOT IN"
	default:
		return nil, p.unexpected("an operator")
	}
	if c.Op == "IN" || c.Op == "NOT IN" {
		if p.peek().kind != cqlLParen {
			return nil, p.unexpected("'('")
		}
		p.i++
		for {
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			c.Values = append(c.Values, v)
			if p.peek().kind == cqlComma {
				p.i++
				continue
			}
			if p.peek().kind != cqlRParen {
				return nil, p.unexpected("',' or ')'")
			}
			p.i++
			break
		}
	}
	if !cqlOpAllowed(def.kind, c.Op) {
		return nil, cqlErrorf("the operator '%s' is not supported by the field '%s'", c.Op, t.text)
	}
	for _, v := range c.Values {
		if err := cqlCheckValue(def, v); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (p *cqlParser) value() (cqlValue, error) {
	t := p.peek()
	switch t.kind {
	case cqlString:
		p.i++
		return cqlValue{Text: t.text}, nil
	case cqlWord:
		if cqlReserved[strings.ToLower(t.text)] {
			return cqlValue{}, p.unexpected("a value")
		}
		p.i++
		if p.peek().kind != cqlLParen {
			return cqlValue{Text: t.text}, nil
		}
		p.i++
		v := cqlValue{Func: strings.ToLower(t.text), Args: []string{}}
		for p.peek().kind != cqlRParen {
			a := p.peek()
			if a.kind != cqlString && a.kind != cqlWord {
				return cqlValue{}, p.unexpected("a function argument")
			}
			v.Args = append(v.Args, a.text)
			p.i++
			if p.peek().kind == cqlComma {
				p.i++
			} else if p.peek().kind != cqlRParen {
				return cqlValue{}, p.unexpected("',' or ')'")
			}
		}
		p.i++
		return v, nil
	}
	return cqlValue{}, p.unexpected("a value")
}

// cqlCheckValue rejects values a field cannot take.
func cqlCheckValue(def cqlFieldDef, v cqlValue) error {
	switch {
	case def.kind == cqlKindDate && v.Func != "":
		if !cqlDateFuncs[v.Func] {
			return cqlErrorf("the function '%s' cannot be used with the field '%s'", v.Func, def.name)
		}
		if len(v.Args) > 1 {
			return cqlErrorf("the function '%s' takes at most one argument", v.Func)
		}
		if len(v.Args) == 1 && v.Args[0] != "" && !cqlIncrement.MatchString(v.Args[0]) {
			return cqlErrorf("'%s' is not a valid date increment such as \"-7d\"", v.Args[0])
		}
	case def.kind == cqlKindDate:
		if _, _, ok := cqlParseDate(v.Text); !ok {
			return cqlErrorf("'%s' is not a valid date: use \"yyyy-MM-dd\", \"yyyy/MM/dd\", \"yyyy-MM-dd HH:mm\" or a date function", v.Text)
		}
	case def.kind == cqlKindUser && v.Func != "":
		if v.Func != "currentuser" || len(v.Args) != 0 {
			return cqlErrorf("the function '%s' cannot be used with the field '%s'", v.Func, def.name)
		}
	case v.Func != "":
		return cqlErrorf("the function '%s' cannot be used with the field '%s'", v.Func, def.name)
	}
	return nil
}

var cqlDateLayouts = []struct {
	layout string
	span   time.Duration
}{
	{"2006-01-02", 24 * time.Hour}, {"2006/01/02", 24 * time.Hour},
	{"2006-01-02 15:04", time.Minute}, {"2006/01/02 15:04", time.Minute},
}

// cqlParseDate reads a date literal; span is its precision.
func cqlParseDate(s string) (time.Time, time.Duration, bool) {
	for _, l := range cqlDateLayouts {
		if t, err := time.ParseInLocation(l.layout, strings.TrimSpace(s), time.UTC); err == nil {
			return t, l.span, true
		}
	}
	return time.Time{}, 0, false
}

// ---- evaluation --------------------------------------------------------------------------

// cqlEnv is what a query is evaluated against.
type cqlEnv struct {
	st   *confluenceStore
	user *User
	now  time.Time
}

// match reports whether content c satisfies the query.
func (q *cqlQuery) match(c *confContent, env *cqlEnv) bool { return env.eval(q.Where, c) }

func (env *cqlEnv) eval(e cqlExpr, c *confContent) bool {
	switch e := e.(type) {
	case *cqlAnd:
		return env.eval(e.L, c) && env.eval(e.R, c)
	case *cqlOr:
		return env.eval(e.L, c) || env.eval(e.R, c)
	case *cqlNot:
		return !env.eval(e.X, c)
	case *cqlClause:
		neg := e.Op == "!=" || e.Op == "!~" || e.Op == "NOT IN"
		if cqlFields[strings.ToLower(e.Field)].kind == cqlKindDate {
			return env.evalDate(e, c)
		}
		for _, v := range e.Values {
			if env.matchValue(e.Field, e.Op, v, c) {
				return !neg
			}
		}
		return neg
	}
	return false
}

func (env *cqlEnv) matchValue(field, op string, v cqlValue, c *confContent) bool {
	fold := func(a string) bool { return strings.EqualFold(a, v.Text) }
	switch field {
	case "type":
		return fold(c.typ)
	case "space":
		return fold(c.space.key)
	case "title":
		if op == "~" || op == "!~" {
			return cqlTextMatch(v.Text, c.title())
		}
		return fold(c.title())
	case "text", "siteSearch":
		return cqlTextMatch(v.Text, c.title()+" "+confPlainText(c.cur().body, env.st)+" "+strings.Join(c.labels, " "))
	case "label":
		for _, l := range c.labels {
			if fold(l) {
				return true
			}
		}
	case "ancestor":
		if c.typ == "page" {
			for _, a := range env.st.ancestors(c) {
				if a.id == v.Text {
					return true
				}
			}
		}
	case "parent":
		return c.typ == "page" && c.parentID == v.Text
	case "id":
		return c.id == v.Text
	case "creator":
		return env.userIs(c.creator, v)
	case "contributor":
		if env.userIs(c.creator, v) {
			return true
		}
		for _, ver := range c.versions {
			if env.userIs(ver.author, v) {
				return true
			}
		}
	case "mention":
		for _, u := range confMentions(c.cur().body, env.st) {
			if env.userIs(u, v) {
				return true
			}
		}
	}
	return false
}

func (env *cqlEnv) userIs(u *User, v cqlValue) bool {
	if u == nil {
		return false
	}
	if v.Func == "currentuser" {
		return env.user != nil && u.Name == env.user.Name
	}
	if env.st.s.Cloud() {
		return u.AccountID == v.Text
	}
	return u.Name == v.Text || u.Key == v.Text
}

// dateRange resolves a date value to [lo, hi).
func (env *cqlEnv) dateRange(v cqlValue) (time.Time, time.Time) {
	if v.Func == "" {
		t, span, _ := cqlParseDate(v.Text)
		return t, t.Add(span)
	}
	t := env.now.UTC()
	switch v.Func {
	case "startofday", "endofday":
		t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	case "startofweek", "endofweek":
		t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		t = t.AddDate(0, 0, -int(t.Weekday())) // weeks start on Sunday
	case "startofmonth", "endofmonth":
		t = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	case "startofyear", "endofyear":
		t = time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	}
	switch v.Func {
	case "endofday":
		t = t.AddDate(0, 0, 1).Add(-time.Millisecond)
	case "endofweek":
		t = t.AddDate(0, 0, 7).Add(-time.Millisecond)
	case "endofmonth":
		t = t.AddDate(0, 1, 0).Add(-time.Millisecond)
	case "endofyear":
		t = t.AddDate(1, 0, 0).Add(-time.Millisecond)
	}
	if len(v.Args) == 1 {
		t = cqlApplyIncrement(t, v.Args[0])
	}
	return t, t.Add(time.Nanosecond)
}

func cqlApplyIncrement(t time.Time, inc string) time.Time {
	m := cqlIncrement.FindStringSubmatch(inc)
	if m == nil {
		return t
	}
	return shiftByPeriod(t, m[1], m[2])
}

func (env *cqlEnv) evalDate(e *cqlClause, c *confContent) bool {
	t := c.created
	if e.Field == "lastmodified" {
		t = c.modified()
	}
	lo, hi := env.dateRange(e.Values[0])
	switch e.Op {
	case "=":
		return !t.Before(lo) && t.Before(hi)
	case "!=":
		return t.Before(lo) || !t.Before(hi)
	case ">":
		return !t.Before(hi)
	case ">=":
		return !t.Before(lo)
	case "<":
		return t.Before(lo)
	case "<=":
		return t.Before(hi)
	}
	return false
}

// ---- text search ---------------------------------------------------------------------------

var cqlStopWords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true, "but": true, "by": true,
	"for": true, "if": true, "in": true, "into": true, "is": true, "it": true, "no": true, "not": true, "of": true,
	"on": true, "or": true, "such": true, "that": true, "the": true, "their": true, "then": true, "there": true,
	"these": true, "they": true, "this": true, "to": true, "was": true, "will": true, "with": true,
}

func cqlWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '*'
	})
}

// cqlStem folds the common English inflections, as the search index does.
func cqlStem(w string) string {
	for _, suf := range []string{"ing", "ed", "s"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 3 && !strings.HasSuffix(w, "ss") {
			return strings.TrimSuffix(w, suf)
		}
	}
	return w
}

// cqlTextMatch is the "~" operator: every term of the query (stop words
// aside) must occur as a word of the text; "term*" matches a prefix and a
// quoted "phrase" must occur as is. Matching is case-insensitive.
func cqlTextMatch(query, text string) bool {
	lower := strings.ToLower(text)
	query = strings.TrimSpace(query)
	if len(query) >= 2 && query[0] == '"' && query[len(query)-1] == '"' {
		phrase := strings.Join(cqlWords(query[1:len(query)-1]), " ")
		return phrase != "" && strings.Contains(" "+strings.Join(cqlWords(lower), " ")+" ", " "+phrase+" ")
	}
	words := cqlWords(lower)
	stems := make(map[string]bool, len(words))
	for _, w := range words {
		stems[cqlStem(w)] = true
	}
	terms := 0
	for _, term := range cqlWords(query) {
		if cqlStopWords[term] {
			continue
		}
		terms++
		if prefix, ok := strings.CutSuffix(term, "*"); ok {
			prefix = strings.Trim(prefix, "*")
			found := false
			for _, w := range words {
				if strings.HasPrefix(w, prefix) {
					found = true
					break
				}
			}
			if !found {
				return false
			}
			continue
		}
		if !stems[cqlStem(strings.Trim(term, "*"))] {
			return false
		}
	}
	return terms > 0
}

// sortContent orders search results: by the ORDER BY clause, else by last
// modification, newest first; ids break ties.
func (q *cqlQuery) sortContent(items []*confContent) {
	order := q.Order
	if len(order) == 0 {
		order = []cqlOrder{{Field: "lastmodified", Desc: true}}
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		for _, o := range order {
			cmp := 0
			switch o.Field {
			case "lastmodified":
				cmp = a.modified().Compare(b.modified())
			case "created":
				cmp = a.created.Compare(b.created)
			case "title":
				cmp = strings.Compare(strings.ToLower(a.title()), strings.ToLower(b.title()))
			}
			if o.Desc {
				cmp = -cmp
			}
			if cmp != 0 {
				return cmp < 0
			}
		}
		ai, _ := strconv.ParseInt(a.id, 10, 64)
		bi, _ := strconv.ParseInt(b.id, 10, 64)
		return ai < bi
	})
}

// search runs a CQL query over the current content of the store.
func (st *confluenceStore) search(q *cqlQuery, user *User) []*confContent {
	env := &cqlEnv{st: st, user: user, now: st.now()}
	var out []*confContent
	for _, c := range st.content.all() {
		if c.status == "current" && q.match(c, env) {
			out = append(out, c)
		}
	}
	q.sortContent(out)
	return out
}
