package sandbox

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// A small JQL: lexer, recursive-descent parser and an evaluator over the
// sandbox's issues. It covers the clauses the MCP server and its users
// write (=, !=, ~, !~, <, <=, >, >=, IN, NOT IN, IS [NOT] EMPTY, AND, OR,
// NOT, parentheses, functions, ORDER BY) and answers errors with Jira's
// wording where it is known.

// --- lexer ---

type jqlTokKind int

const (
	jtEOF jqlTokKind = iota
	jtWord
	jtString
	jtOp
	jtLParen
	jtRParen
	jtComma
)

type jqlToken struct {
	kind      jqlTokKind
	text      string
	line, col int
}

func (t jqlToken) where() string { return fmt.Sprintf("(line %d, character %d)", t.line, t.col) }

// keyword reports whether an unquoted word is the given reserved word.
func (t jqlToken) keyword(k string) bool { return t.kind == jtWord && strings.EqualFold(t.text, k) }

type jqlSyntaxError struct{ msg string }

func (e *jqlSyntaxError) Error() string { return e.msg }

func jqlErrorf(format string, args ...any) *jqlSyntaxError {
	return &jqlSyntaxError{"Error in the JQL Query: " + fmt.Sprintf(format, args...)}
}

const jqlOperators = "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'."

func lexJQL(src string) ([]jqlToken, error) {
	var toks []jqlToken
	rs := []rune(src)
	line, col := 1, 1
	advance := func(n int) {
		for k := 0; k < n; k++ {
			if rs[0] == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
			rs = rs[1:]
		}
	}
	for len(rs) > 0 {
		r := rs[0]
		if unicode.IsSpace(r) {
			advance(1)
			continue
		}
		tok := jqlToken{line: line, col: col}
		two := ""
		if len(rs) > 1 {
			two = string(rs[:2])
		}
		switch {
		case r == '(':
			tok.kind, tok.text = jtLParen, "("
			advance(1)
		case r == ')':
			tok.kind, tok.text = jtRParen, ")"
			advance(1)
		case r == ',':
			tok.kind, tok.text = jtComma, ","
			advance(1)
		case two == "!=" || two == "!~" || two == "<=" || two == ">=":
			tok.kind, tok.text = jtOp, two
			advance(2)
		case two == "&&" || two == "||":
			tok.kind, tok.text = jtWord, map[string]string{"&&": "AND", "||": "OR"}[two]
			advance(2)
		case r == '=' || r == '~' || r == '<' || r == '>':
			tok.kind, tok.text = jtOp, string(r)
			advance(1)
		case r == '!':
			tok.kind, tok.text = jtWord, "NOT"
			advance(1)
		case r == '&' || r == '|':
			tok.kind, tok.text = jtWord, map[rune]string{'&': "AND", '|': "OR"}[r]
			advance(1)
		case r == '"' || r == '\'':
			quote := r
			advance(1)
			var b strings.Builder
			closed := false
			for len(rs) > 0 {
				c := rs[0]
				if c == '\\' && len(rs) > 1 {
					esc := rs[1]
					switch esc {
					case 'n':
						b.WriteRune('\n')
					case 't':
						b.WriteRune('\t')
					case 'r':
						b.WriteRune('\r')
					default:
						b.WriteRune(esc)
					}
					advance(2)
					continue
				}
				advance(1)
				if c == quote {
					closed = true
					break
				}
				b.WriteRune(c)
			}
			if !closed {
				return nil, jqlErrorf("The quoted string '%s' has not been completed. %s", b.String(), tok.where())
			}
			tok.kind, tok.text = jtString, b.String()
		default:
			n := 0
			for n < len(rs) && !unicode.IsSpace(rs[n]) && !strings.ContainsRune(`()",'=!<>~&|`, rs[n]) {
				n++
			}
			tok.kind, tok.text = jtWord, string(rs[:n])
			advance(n)
		}
		toks = append(toks, tok)
	}
	toks = append(toks, jqlToken{kind: jtEOF, line: line, col: col})
	return toks, nil
}

// --- syntax tree ---

type jqlNode interface{ isNode() }

type jqlAnd struct{ a, b jqlNode }
type jqlOr struct{ a, b jqlNode }
type jqlNot struct{ x jqlNode }

// jqlClause is `field op operand`.
type jqlClause struct {
	field   string
	op      string // =, !=, ~, !~, <, <=, >, >=, in, not in, is, is not
	operand *jqlOperand
}

func (jqlAnd) isNode()    {}
func (jqlOr) isNode()     {}
func (jqlNot) isNode()    {}
func (jqlClause) isNode() {}

// jqlOperand is a value, EMPTY, a function call or a list of those.
type jqlOperand struct {
	text   string
	quoted bool
	empty  bool
	fn     string // function name; args in args
	args   []string
	list   []*jqlOperand
	isList bool
}

func (o *jqlOperand) String() string {
	switch {
	case o.isList:
		parts := make([]string, len(o.list))
		for i, x := range o.list {
			parts[i] = x.String()
		}
		return "(" + strings.Join(parts, ", ") + ")"
	case o.fn != "":
		return o.fn + "(" + strings.Join(o.args, ", ") + ")"
	case o.empty:
		return "EMPTY"
	}
	return o.text
}

type jqlOrder struct {
	field string
	desc  bool
}

// jqlQuery is a parsed query. where is nil for an empty (unbounded) query.
type jqlQuery struct {
	where jqlNode
	order []jqlOrder
}

// jqlReserved are words that must be quoted to be used as values.
var jqlReserved = map[string]bool{"and": true, "or": true, "not": true, "in": true, "is": true, "empty": true, "null": true, "order": true, "by": true}

// --- parser ---

type jqlParser struct {
	toks  []jqlToken
	i     int
	depth int // nesting of NOT and parentheses, bounded
}

// jqlMaxDepth bounds nesting so that hostile input cannot exhaust the stack.
const jqlMaxDepth = 100

func parseJQL(src string) (*jqlQuery, error) {
	toks, err := lexJQL(src)
	if err != nil {
		return nil, err
	}
	p := &jqlParser{toks: toks}
	q := &jqlQuery{}
	if !p.peek().keyword("order") && p.peek().kind != jtEOF {
		if q.where, err = p.parseOr(); err != nil {
			return nil, err
		}
	}
	if p.peek().keyword("order") {
		if q.order, err = p.parseOrder(); err != nil {
			return nil, err
		}
	}
	if t := p.peek(); t.kind != jtEOF {
		if t.kind == jtRParen {
			return nil, jqlErrorf("Expecting either 'OR' or 'AND' but got ')'. %s", t.where())
		}
		return nil, jqlErrorf("Expecting either 'OR' or 'AND' but got '%s'. %s", t.text, t.where())
	}
	return q, nil
}

func (p *jqlParser) peek() jqlToken { return p.toks[p.i] }

func (p *jqlParser) next() jqlToken {
	t := p.toks[p.i]
	if t.kind != jtEOF {
		p.i++
	}
	return t
}

// skipKeyword consumes the next token when it is keyword k.
func (p *jqlParser) skipKeyword(k string) bool {
	if !p.peek().keyword(k) {
		return false
	}
	p.next()
	return true
}

func (p *jqlParser) parseOr() (jqlNode, error) {
	return foldLeftBinary(p.parseAnd, func() bool { return p.skipKeyword("or") },
		func(a, b jqlNode) jqlNode { return jqlOr{a, b} })
}

func (p *jqlParser) parseAnd() (jqlNode, error) {
	return foldLeftBinary(p.parseNot, func() bool { return p.skipKeyword("and") },
		func(a, b jqlNode) jqlNode { return jqlAnd{a, b} })
}

func (p *jqlParser) parseNot() (jqlNode, error) {
	t := p.peek()
	if (t.keyword("not") || t.kind == jtLParen) && p.depth >= jqlMaxDepth {
		return nil, jqlErrorf("The query is nested too deeply. %s", t.where())
	}
	p.depth++
	defer func() { p.depth-- }()
	switch {
	case t.keyword("not"):
		p.next()
		x, err := p.parseNot()
		if err != nil {
			return nil, err
		}
		return jqlNot{x}, nil
	case t.kind == jtLParen:
		p.next()
		x, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != jtRParen {
			if c.kind == jtEOF {
				return nil, jqlErrorf("Expecting ')' before the end of the query.")
			}
			return nil, jqlErrorf("Expecting ')' but got '%s'. %s", c.text, c.where())
		}
		return x, nil
	}
	return p.parseClause()
}

func (p *jqlParser) fieldName(t jqlToken) (string, error) {
	switch {
	case t.kind == jtEOF:
		return "", jqlErrorf("Expecting a field name at the end of the query.")
	case t.kind == jtString:
		return t.text, nil
	case t.kind == jtWord && !jqlReserved[strings.ToLower(t.text)]:
		return t.text, nil
	case t.kind == jtWord:
		return "", jqlErrorf("Expecting a field name but got '%s'. '%s' is a reserved JQL word. You must surround it in quotation marks to use it in a query. %s", t.text, t.text, t.where())
	}
	return "", jqlErrorf("Expecting a field name but got '%s'. %s", t.text, t.where())
}

func (p *jqlParser) parseClause() (jqlNode, error) {
	field, err := p.fieldName(p.next())
	if err != nil {
		return nil, err
	}
	t := p.next()
	var op string
	switch {
	case t.kind == jtOp:
		op = t.text
	case t.keyword("in"):
		op = "in"
	case t.keyword("not"):
		if n := p.next(); n.keyword("in") {
			op = "not in"
		} else {
			return nil, jqlErrorf("Expecting 'IN' after 'NOT' but got '%s'. %s", n.text, n.where())
		}
	case t.keyword("is"):
		op = "is"
		if p.peek().keyword("not") {
			p.next()
			op = "is not"
		}
	case t.kind == jtEOF:
		return nil, jqlErrorf("Expecting operator before the end of the query. %s", jqlOperators)
	default:
		return nil, jqlErrorf("Expecting operator but got '%s'. %s %s", t.text, jqlOperators, t.where())
	}
	var operand *jqlOperand
	switch op {
	case "is", "is not":
		v := p.next()
		if !v.keyword("empty") && !v.keyword("null") {
			if v.kind == jtEOF {
				return nil, jqlErrorf("Expecting 'EMPTY' before the end of the query.")
			}
			return nil, jqlErrorf("Expecting 'EMPTY' but got '%s'. %s", v.text, v.where())
		}
		operand = &jqlOperand{empty: true}
	case "in", "not in":
		if p.peek().kind == jtLParen {
			if operand, err = p.parseList(); err != nil {
				return nil, err
			}
		} else {
			x, err := p.parseOperand()
			if err != nil {
				return nil, err
			}
			if x.fn == "" {
				return nil, jqlErrorf("Expecting '(' but got '%s'. The operator '%s' requires a list of values.", x.text, strings.ToUpper(op))
			}
			operand = x
		}
	default:
		// A list parses after any operator; the field decides whether
		// the operator takes one.
		if p.peek().kind == jtLParen {
			operand, err = p.parseList()
		} else {
			operand, err = p.parseOperand()
		}
		if err != nil {
			return nil, err
		}
	}
	return jqlClause{field: field, op: op, operand: operand}, nil
}

func (p *jqlParser) parseList() (*jqlOperand, error) {
	p.next() // (
	list := &jqlOperand{isList: true}
	for {
		x, err := p.parseOperand()
		if err != nil {
			return nil, err
		}
		list.list = append(list.list, x)
		sep := p.next()
		if sep.kind == jtRParen {
			return list, nil
		}
		if sep.kind != jtComma {
			if sep.kind == jtEOF {
				return nil, jqlErrorf("Expecting ')' before the end of the query.")
			}
			return nil, jqlErrorf("Expecting ',' or ')' but got '%s'. %s", sep.text, sep.where())
		}
	}
}

func (p *jqlParser) parseOperand() (*jqlOperand, error) {
	t := p.next()
	switch {
	case t.kind == jtString:
		return &jqlOperand{text: t.text, quoted: true}, nil
	case t.keyword("empty") || t.keyword("null"):
		return &jqlOperand{empty: true}, nil
	case t.kind == jtWord && jqlReserved[strings.ToLower(t.text)]:
		return nil, jqlErrorf("Expecting either a value, list or function but got '%s'. '%s' is a reserved JQL word. You must surround it in quotation marks to use it in a query. %s", t.text, t.text, t.where())
	case t.kind == jtWord:
		if p.peek().kind != jtLParen {
			return &jqlOperand{text: t.text}, nil
		}
		p.next()
		fn := &jqlOperand{fn: t.text, args: []string{}}
		if p.peek().kind == jtRParen {
			p.next()
			return fn, nil
		}
		for {
			a := p.next()
			if a.kind != jtWord && a.kind != jtString {
				if a.kind == jtEOF {
					return nil, jqlErrorf("Expecting ')' before the end of the query.")
				}
				return nil, jqlErrorf("Expecting a function argument but got '%s'. %s", a.text, a.where())
			}
			fn.args = append(fn.args, a.text)
			sep := p.next()
			if sep.kind == jtRParen {
				return fn, nil
			}
			if sep.kind != jtComma {
				if sep.kind == jtEOF {
					return nil, jqlErrorf("Expecting ')' before the end of the query.")
				}
				return nil, jqlErrorf("Expecting ',' or ')' but got '%s'. %s", sep.text, sep.where())
			}
		}
	case t.kind == jtEOF:
		return nil, jqlErrorf("Expecting either a value, list or function before the end of the query.")
	}
	return nil, jqlErrorf("Expecting either a value, list or function but got '%s'. You must surround '%s' in quotation marks to use it as a value. %s", t.text, t.text, t.where())
}

func (p *jqlParser) parseOrder() ([]jqlOrder, error) {
	p.next() // ORDER
	if b := p.next(); !b.keyword("by") {
		if b.kind == jtEOF {
			return nil, jqlErrorf("Expecting 'BY' before the end of the query.")
		}
		return nil, jqlErrorf("Expecting 'BY' but got '%s'. %s", b.text, b.where())
	}
	var out []jqlOrder
	for {
		name, err := p.fieldName(p.next())
		if err != nil {
			return nil, err
		}
		o := jqlOrder{field: name}
		if t := p.peek(); t.keyword("asc") || t.keyword("desc") {
			p.next()
			o.desc = t.keyword("desc")
		}
		out = append(out, o)
		if p.peek().kind != jtComma {
			return out, nil
		}
		p.next()
	}
}

// --- evaluation ---

type jqlKind int

const (
	jkSet    jqlKind = iota // values compared as canonical ids
	jkText                  // ~ and !~
	jkDate                  // date comparisons
	jkNumber                // number comparisons
)

// jqlField is how one JQL field reads an issue.
type jqlField struct {
	kind jqlKind
	// jkSet
	values  func(*jIssue) []string
	resolve func(v string) (string, bool)    // a value to its canonical id
	unknown func(value, field string) string // message for a value resolve refused
	order   func(id string) float64          // <, > support; nil when unsupported
	group   func(id string) string           // <, > only compare within a group (key: the project)
	funcs   map[string]func(args []string) []string
	free    bool // any value is acceptable (labels)
	// jkText
	text func(*jIssue) string
	// jkDate
	date func(*jIssue) *time.Time
	// jkNumber
	num func(*jIssue) *float64
	// sorting
	sortKey func(*jIssue) any // string, float64, time.Time or nil for empty
}

// jqlPlan is a compiled query.
type jqlPlan struct {
	match   func(*jIssue) bool
	less    func(a, b *jIssue) bool
	bounded bool
}

// jqlCompile parses and compiles a query for the given user. The returned
// messages are Jira's errorMessages. The plan is nil after a syntax error;
// after other errors it is still usable, the faulty clauses matching
// nothing (what Server/DC does with validateQuery=false).
func (st *jiraStore) jqlCompile(src string, user *User) (*jqlPlan, []string) {
	q, err := parseJQL(src)
	if err != nil {
		return nil, []string{err.Error()}
	}
	cc := &jqlCompiler{st: st, user: user, now: st.now()}
	plan := &jqlPlan{bounded: q.where != nil, match: func(*jIssue) bool { return true }}
	if q.where != nil {
		plan.match = cc.node(q.where)
	}
	plan.less = cc.orderBy(q.order)
	return plan, cc.errs
}

// jqlSearch runs a compiled plan over the visible issues.
func (st *jiraStore) jqlSearch(plan *jqlPlan) []*jIssue {
	var out []*jIssue
	for _, is := range st.issues.all() {
		if !is.project.archived && plan.match(is) {
			out = append(out, is)
		}
	}
	sort.SliceStable(out, func(i, k int) bool { return plan.less(out[i], out[k]) })
	return out
}

type jqlCompiler struct {
	st   *jiraStore
	user *User
	now  time.Time
	errs []string
}

func (cc *jqlCompiler) errorf(format string, args ...any) func(*jIssue) bool {
	msg := fmt.Sprintf(format, args...)
	for _, e := range cc.errs {
		if e == msg {
			return func(*jIssue) bool { return false }
		}
	}
	cc.errs = append(cc.errs, msg)
	return func(*jIssue) bool { return false }
}

func (cc *jqlCompiler) node(n jqlNode) func(*jIssue) bool {
	switch n := n.(type) {
	case jqlAnd:
		a, b := cc.node(n.a), cc.node(n.b)
		return func(is *jIssue) bool { return a(is) && b(is) }
	case jqlOr:
		a, b := cc.node(n.a), cc.node(n.b)
		return func(is *jIssue) bool { return a(is) || b(is) }
	case jqlNot:
		x := cc.node(n.x)
		return func(is *jIssue) bool { return !x(is) }
	case jqlClause:
		return cc.clause(n)
	}
	return func(*jIssue) bool { return false }
}

func fieldNotFound(name string) string {
	return fmt.Sprintf("Field '%s' does not exist or you do not have permission to view it.", name)
}

func (cc *jqlCompiler) clause(c jqlClause) func(*jIssue) bool {
	f := cc.field(c.field)
	if f == nil {
		return cc.errorf("%s", fieldNotFound(c.field))
	}
	switch f.kind {
	case jkText:
		return cc.textClause(c, f)
	case jkDate:
		return cc.dateClause(c, f)
	case jkNumber:
		return cc.numberClause(c, f)
	}
	return cc.setClause(c, f)
}

func (cc *jqlCompiler) unsupported(c jqlClause) func(*jIssue) bool {
	return cc.errorf("The operator '%s' is not supported by the '%s' field.", strings.ToUpper(c.op), c.field)
}

// operands flattens an operand into its parts.
func operands(o *jqlOperand) []*jqlOperand {
	if o.isList {
		return o.list
	}
	return []*jqlOperand{o}
}

func (cc *jqlCompiler) setClause(c jqlClause, f *jqlField) func(*jIssue) bool {
	switch c.op {
	case "~", "!~":
		return cc.unsupported(c)
	case "is", "is not":
		want := c.op == "is"
		return func(is *jIssue) bool { return (len(f.values(is)) == 0) == want }
	case "<", "<=", ">", ">=":
		if f.order == nil {
			return cc.unsupported(c)
		}
		if c.operand.isList || c.operand.empty || c.operand.fn != "" {
			return cc.errorf("The operator '%s' is not supported by the '%s' field for the value '%s'.", c.op, c.field, c.operand)
		}
		id, ok := cc.resolveValue(c, f, c.operand)
		if !ok {
			return func(*jIssue) bool { return false }
		}
		bound := f.order(id)
		group := func(string) string { return "" }
		if f.group != nil {
			group = f.group
		}
		boundGroup := group(id)
		cmp := jqlCompare(c.op)
		return func(is *jIssue) bool {
			for _, v := range f.values(is) {
				if o := f.order(v); group(v) == boundGroup && !math.IsNaN(o) && !math.IsNaN(bound) && cmp(o, bound) {
					return true
				}
			}
			return false
		}
	}
	if (c.op == "=" || c.op == "!=") && c.operand.isList {
		return cc.errorf("The operator '%s' does not support the list value '%s' for field '%s'.", c.op, c.operand, c.field)
	}
	set := map[string]bool{}
	withEmpty := false
	for _, o := range operands(c.operand) {
		switch {
		case o.empty:
			withEmpty = true
		case o.fn != "":
			fn, ok := f.funcs[strings.ToLower(o.fn)]
			if !ok {
				if !jqlKnownFunction(o.fn) {
					return cc.errorf("Unable to find JQL function '%s'.", o.fn+"("+strings.Join(o.args, ", ")+")")
				}
				return cc.errorf("The function '%s' is not supported by the field '%s'.", o.fn, c.field)
			}
			for _, id := range fn(o.args) {
				set[id] = true
			}
		default:
			if id, ok := cc.resolveValue(c, f, o); ok && id == "" {
				withEmpty = true // a value that means "no value", such as Unresolved
			} else if ok {
				set[id] = true
			}
		}
	}
	negative := c.op == "!=" || c.op == "not in"
	return func(is *jIssue) bool {
		vals := f.values(is)
		if len(vals) == 0 {
			return withEmpty && !negative // negative clauses never match an empty field
		}
		hit := false
		for _, v := range vals {
			if set[v] {
				hit = true
				break
			}
		}
		if negative {
			return !hit
		}
		return hit
	}
}

func (cc *jqlCompiler) resolveValue(c jqlClause, f *jqlField, o *jqlOperand) (string, bool) {
	if f.free {
		return strings.ToLower(o.text), true
	}
	if id, ok := f.resolve(o.text); ok {
		return id, true
	}
	msg := fmt.Sprintf("The value '%s' does not exist for the field '%s'.", o.text, c.field)
	if f.unknown != nil {
		msg = f.unknown(o.text, c.field)
	}
	cc.errorf("%s", msg)
	return "", false
}

func (cc *jqlCompiler) textClause(c jqlClause, f *jqlField) func(*jIssue) bool {
	switch c.op {
	case "is", "is not":
		if strings.EqualFold(c.field, "text") {
			return cc.unsupported(c)
		}
		want := c.op == "is"
		return func(is *jIssue) bool { return (strings.TrimSpace(f.text(is)) == "") == want }
	case "~", "!~":
	default:
		return cc.unsupported(c)
	}
	o := c.operand
	if o.isList || o.fn != "" {
		return cc.errorf("The operator '%s' does not support the value '%s' for field '%s'.", c.op, o, c.field)
	}
	if o.empty {
		want := c.op == "~"
		return func(is *jIssue) bool { return (strings.TrimSpace(f.text(is)) == "") == want }
	}
	match, ok := textMatcher(o.text)
	if !ok {
		return cc.errorf("The field '%s' does not support searching for an empty string.", c.field)
	}
	if c.op == "!~" {
		return func(is *jIssue) bool {
			t := f.text(is)
			return strings.TrimSpace(t) != "" && !match(t)
		}
	}
	return func(is *jIssue) bool { return match(f.text(is)) }
}

// textMatcher implements `~`: case-insensitive; a quoted phrase must
// appear as is, otherwise every word must appear (a trailing * or ? is a
// wildcard and simply dropped).
func textMatcher(q string) (func(string) bool, bool) {
	q = strings.TrimSpace(q)
	if len(q) >= 2 && q[0] == '"' && q[len(q)-1] == '"' {
		phrase := strings.ToLower(strings.TrimSpace(q[1 : len(q)-1]))
		if phrase == "" {
			return nil, false
		}
		return func(s string) bool { return strings.Contains(strings.ToLower(s), phrase) }, true
	}
	terms := strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_'
	})
	if len(terms) == 0 {
		return nil, false
	}
	return func(s string) bool {
		s = strings.ToLower(s)
		for _, t := range terms {
			if !strings.Contains(s, t) {
				return false
			}
		}
		return true
	}, true
}

func (cc *jqlCompiler) numberClause(c jqlClause, f *jqlField) func(*jIssue) bool {
	value := func(is *jIssue) (float64, bool) {
		if n := f.num(is); n != nil {
			return *n, true
		}
		return 0, false
	}
	return cc.orderedClause(c, value, func(o *jqlOperand) (float64, func(*jIssue) bool) {
		n, err := strconv.ParseFloat(o.text, 64)
		if o.fn != "" || err != nil {
			return 0, cc.errorf("The value '%s' does not exist for the field '%s'.", o, c.field)
		}
		return n, nil
	})
}

func (cc *jqlCompiler) dateClause(c jqlClause, f *jqlField) func(*jIssue) bool {
	value := func(is *jIssue) (float64, bool) {
		if t := f.date(is); t != nil {
			return float64(t.UnixMilli()), true
		}
		return 0, false
	}
	return cc.orderedClause(c, value, func(o *jqlOperand) (float64, func(*jIssue) bool) {
		t, ok := cc.dateValue(c, o)
		if !ok {
			return 0, func(*jIssue) bool { return false }
		}
		return float64(t.UnixMilli()), nil
	})
}

// orderedClause compiles a clause over a field with an order (numbers,
// dates as epoch milliseconds); number and date fields differ only in how
// they read the field and the operands. value gives the field's value,
// false when it is empty; operand turns one operand into a value, or gives
// the clause's answer when it cannot. An empty field matches only when
// EMPTY is among the operands of a positive operator; != and NOT IN match
// when no operand is equal, the others when one compares true.
func (cc *jqlCompiler) orderedClause(c jqlClause, value func(*jIssue) (float64, bool), operand func(*jqlOperand) (float64, func(*jIssue) bool)) func(*jIssue) bool {
	switch c.op {
	case "~", "!~":
		return cc.unsupported(c)
	case "is", "is not":
		want := c.op == "is"
		return func(is *jIssue) bool { _, set := value(is); return !set == want }
	}
	var vals []float64
	withEmpty := false
	for _, o := range operands(c.operand) {
		if o.empty {
			withEmpty = true
			continue
		}
		n, failed := operand(o)
		if failed != nil {
			return failed
		}
		vals = append(vals, n)
	}
	cmp := jqlCompare(c.op)
	negative := c.op == "!=" || c.op == "not in"
	return func(is *jIssue) bool {
		n, ok := value(is)
		if !ok {
			return withEmpty && !negative
		}
		if negative {
			for _, v := range vals {
				if n == v {
					return false
				}
			}
			return true
		}
		for _, v := range vals {
			if cmp(n, v) {
				return true
			}
		}
		return false
	}
}

// jqlCompare is the comparison for =, IN, <, <=, >, >=.
func jqlCompare(op string) func(a, b float64) bool {
	switch op {
	case "<":
		return func(a, b float64) bool { return a < b }
	case "<=":
		return func(a, b float64) bool { return a <= b }
	case ">":
		return func(a, b float64) bool { return a > b }
	case ">=":
		return func(a, b float64) bool { return a >= b }
	}
	return func(a, b float64) bool { return a == b }
}

var jqlPeriod = regexp.MustCompile(`^([+-]?)((?:\d+[yMwdhm]\s*)+)$`)

// addPeriod moves t by a Jira period such as -7d, 4w 2d or +1h.
func addPeriod(t time.Time, period string) (time.Time, bool) {
	m := jqlPeriod.FindStringSubmatch(strings.TrimSpace(period))
	if m == nil {
		return t, false
	}
	return shiftByPeriod(t, m[1], m[2]), true
}

func (cc *jqlCompiler) dateValue(c jqlClause, o *jqlOperand) (time.Time, bool) {
	if o.fn != "" {
		t, ok, known := jqlDateFunction(cc.now, o.fn, o.args)
		if !known {
			if jqlKnownFunction(o.fn) {
				cc.errorf("The function '%s' is not supported by the field '%s'.", o.fn, c.field)
			} else {
				cc.errorf("Unable to find JQL function '%s'.", o.fn+"("+strings.Join(o.args, ", ")+")")
			}
			return time.Time{}, false
		}
		if !ok {
			cc.errorf("The function '%s' was given an invalid argument '%s'.", o.fn, strings.Join(o.args, ", "))
		}
		return t, ok
	}
	v := strings.TrimSpace(o.text)
	for _, layout := range []string{"2006/01/02 15:04", "2006-01-02 15:04", "2006/01/02", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, v, time.UTC); err == nil {
			return t, true
		}
	}
	if t, ok := addPeriod(cc.now, v); ok {
		return t, true
	}
	cc.errorf("Date value '%s' for field '%s' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.", o.text, c.field)
	return time.Time{}, false
}

// jqlDateFunction evaluates now(), startOfDay() and friends; an argument
// shifts the result (-1 is one unit of the function, -1w a period).
func jqlDateFunction(now time.Time, name string, args []string) (t time.Time, ok, known bool) {
	name = strings.ToLower(name)
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	var unit string
	switch name {
	case "now":
		if len(args) > 0 {
			return now, false, true
		}
		return now, true, true
	case "startofday":
		t, unit = day, "d"
	case "endofday":
		t, unit = day.AddDate(0, 0, 1).Add(-time.Millisecond), "d"
	case "startofweek":
		t, unit = day.AddDate(0, 0, -int(day.Weekday())), "w"
	case "endofweek":
		t, unit = day.AddDate(0, 0, 7-int(day.Weekday())).Add(-time.Millisecond), "w"
	case "startofmonth":
		t, unit = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC), "M"
	case "endofmonth":
		t, unit = time.Date(now.Year(), now.Month()+1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Millisecond), "M"
	case "startofyear":
		t, unit = time.Date(now.Year(), 1, 1, 0, 0, 0, 0, time.UTC), "y"
	case "endofyear":
		t, unit = time.Date(now.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Millisecond), "y"
	default:
		return now, false, false
	}
	if len(args) == 0 {
		return t, true, true
	}
	if len(args) > 1 {
		return t, false, true
	}
	arg := strings.TrimSpace(args[0])
	if _, err := strconv.Atoi(strings.TrimPrefix(arg, "+")); err == nil {
		arg += unit
	}
	shifted, ok := addPeriod(t, arg)
	return shifted, ok, true
}

// jqlKnownFunction is every function name the sandbox implements anywhere.
func jqlKnownFunction(name string) bool {
	switch strings.ToLower(name) {
	case "currentuser", "standardissuetypes", "subtaskissuetypes", "opensprints", "closedsprints", "futuresprints",
		"releasedversions", "unreleasedversions", "latestreleasedversion", "earliestunreleasedversion",
		"now", "startofday", "endofday", "startofweek", "endofweek", "startofmonth", "endofmonth", "startofyear", "endofyear":
		return true
	}
	return false
}

// --- the fields ---

func (cc *jqlCompiler) field(name string) *jqlField {
	st := cc.st
	key := strings.ToLower(strings.TrimSpace(name))
	var notExist func(v, field string) string // nil: the default message
	userField := func(get func(*jIssue) *User) *jqlField {
		return &jqlField{
			values: func(is *jIssue) []string {
				if u := get(is); u != nil {
					return []string{u.Name}
				}
				return nil
			},
			resolve: func(v string) (string, bool) {
				if u := st.user(v); u != nil {
					return u.Name, true
				}
				return "", false
			},
			unknown: notExist,
			funcs: map[string]func([]string) []string{"currentuser": func([]string) []string {
				if cc.user == nil {
					return nil
				}
				return []string{cc.user.Name}
			}},
			sortKey: func(is *jIssue) any {
				if u := get(is); u != nil {
					return strings.ToLower(u.DisplayName)
				}
				return nil
			},
		}
	}
	issueRef := func(get func(*jIssue) *jIssue) *jqlField {
		return &jqlField{
			values: func(is *jIssue) []string {
				if x := get(is); x != nil {
					return []string{strconv.Itoa(x.id)}
				}
				return nil
			},
			resolve: func(v string) (string, bool) {
				if x := st.issues.find(v); x != nil {
					return strconv.Itoa(x.id), true
				}
				return "", false
			},
			unknown: issueKeyUnknown,
		}
	}
	timeOf := func(t time.Time) *time.Time { return &t }

	switch key {
	case "project":
		return &jqlField{
			values: func(is *jIssue) []string { return []string{is.project.id} },
			resolve: func(v string) (string, bool) {
				for _, p := range st.projects.all() {
					if p.id == v || strings.EqualFold(p.key, v) || strings.EqualFold(p.name, v) {
						return p.id, true
					}
				}
				return "", false
			},
			unknown: notExist,
			sortKey: func(is *jIssue) any { return is.project.key },
		}
	case "key", "issuekey", "id", "issue":
		f := issueRef(func(is *jIssue) *jIssue { return is })
		f.resolve = func(v string) (string, bool) {
			if x := st.issues.find(v); x != nil {
				return strconv.Itoa(x.id), true
			}
			return "", false
		}
		f.order = func(id string) float64 {
			n, _ := strconv.Atoi(id)
			if x := st.issues.get(strconv.Itoa(n)); x != nil {
				return float64(issueNumber(x))
			}
			return math.NaN()
		}
		f.group = func(id string) string {
			n, _ := strconv.Atoi(id)
			if x := st.issues.get(strconv.Itoa(n)); x != nil {
				return x.project.id
			}
			return ""
		}
		f.sortKey = func(is *jIssue) any { return fmt.Sprintf("%s-%09d", is.project.key, issueNumber(is)) }
		return f
	case "status":
		return &jqlField{
			values: func(is *jIssue) []string { return []string{is.status.id} },
			resolve: func(v string) (string, bool) {
				x := st.statuses.find(v)
				return idOf(x != nil, func() string { return x.id })
			},
			unknown: notExist,
			sortKey: func(is *jIssue) any { return float64(is.status.order) },
		}
	case "statuscategory":
		return &jqlField{
			values: func(is *jIssue) []string { return []string{strconv.Itoa(is.status.cat.id)} },
			resolve: func(v string) (string, bool) {
				for _, c := range jStatusCats {
					if strconv.Itoa(c.id) == v || strings.EqualFold(c.key, v) || strings.EqualFold(c.name, v) {
						return strconv.Itoa(c.id), true
					}
				}
				return "", false
			},
			unknown: notExist,
			sortKey: func(is *jIssue) any { return float64(is.status.cat.id) },
		}
	case "assignee":
		return userField(func(is *jIssue) *User { return is.assignee })
	case "reporter":
		return userField(func(is *jIssue) *User { return is.reporter })
	case "creator":
		return userField(func(is *jIssue) *User { return is.creator })
	case "issuetype", "type":
		typeIDs := func(sub bool) func([]string) []string {
			return func([]string) []string {
				var out []string
				for _, t := range st.issueTypes.all() {
					if t.subtask == sub {
						out = append(out, t.id)
					}
				}
				return out
			}
		}
		return &jqlField{
			values: func(is *jIssue) []string { return []string{is.issueType.id} },
			resolve: func(v string) (string, bool) {
				x := st.issueTypes.find(v)
				return idOf(x != nil, func() string { return x.id })
			},
			unknown: notExist,
			funcs:   map[string]func([]string) []string{"standardissuetypes": typeIDs(false), "subtaskissuetypes": typeIDs(true)},
			sortKey: func(is *jIssue) any { n, _ := strconv.Atoi(is.issueType.id); return float64(n) },
		}
	case "priority":
		return &jqlField{
			values: func(is *jIssue) []string {
				if is.priority == nil {
					return nil
				}
				return []string{is.priority.id}
			},
			resolve: func(v string) (string, bool) {
				x := st.priorities.find(v)
				return idOf(x != nil, func() string { return x.id })
			},
			unknown: notExist,
			order: func(id string) float64 {
				if x := st.priorities.find(id); x != nil {
					return float64(st.priorities.len() + 1 - x.rank)
				}
				return math.NaN()
			},
			sortKey: func(is *jIssue) any {
				if is.priority == nil {
					return nil
				}
				return float64(st.priorities.len() + 1 - is.priority.rank)
			},
		}
	case "resolution":
		return &jqlField{
			values: func(is *jIssue) []string {
				if is.resolution == nil {
					return nil
				}
				return []string{is.resolution.id}
			},
			resolve: func(v string) (string, bool) {
				if strings.EqualFold(v, "Unresolved") {
					return "", true
				}
				x := st.resolutions.find(v)
				return idOf(x != nil, func() string { return x.id })
			},
			unknown: notExist,
			sortKey: func(is *jIssue) any {
				if is.resolution == nil {
					return nil
				}
				return strings.ToLower(is.resolution.name)
			},
		}
	case "labels", "label":
		return &jqlField{
			values: func(is *jIssue) []string {
				out := make([]string, len(is.labels))
				for i, l := range is.labels {
					out[i] = strings.ToLower(l)
				}
				return out
			},
			free: true,
		}
	case "component", "components":
		return &jqlField{
			values: func(is *jIssue) []string {
				var out []string
				for _, c := range is.components {
					out = append(out, c.id)
				}
				return out
			},
			resolve: func(v string) (string, bool) {
				for _, p := range st.projects.all() {
					for _, c := range p.components {
						if c.id == v || strings.EqualFold(c.name, v) {
							return c.id, true
						}
					}
				}
				return "", false
			},
			unknown: notExist,
		}
	case "summary":
		return &jqlField{kind: jkText, text: func(is *jIssue) string { return is.summary },
			sortKey: func(is *jIssue) any { return strings.ToLower(is.summary) }}
	case "description":
		return &jqlField{kind: jkText, text: func(is *jIssue) string { return richPlain(is.description) }}
	case "environment":
		return &jqlField{kind: jkText, text: func(is *jIssue) string { return richPlain(is.environment) }}
	case "comment":
		return &jqlField{kind: jkText, text: commentText}
	case "text":
		return &jqlField{kind: jkText, text: func(is *jIssue) string {
			return is.summary + "\n" + richPlain(is.description) + "\n" + richPlain(is.environment) + "\n" + commentText(is)
		}}
	case "parent":
		return issueRef(func(is *jIssue) *jIssue {
			if is.parent != nil || !st.cloud {
				return is.parent
			}
			return is.epic
		})
	case "epic link", "cf[10014]":
		return issueRef(func(is *jIssue) *jIssue { return is.epic })
	case "epic name", "cf[10011]":
		if st.cloud {
			return nil
		}
		return &jqlField{kind: jkText, text: func(is *jIssue) string { return is.epicName }}
	case "created", "createddate":
		return &jqlField{kind: jkDate, date: func(is *jIssue) *time.Time { return timeOf(is.created) },
			sortKey: func(is *jIssue) any { return is.created }}
	case "updated", "updateddate":
		return &jqlField{kind: jkDate, date: func(is *jIssue) *time.Time { return timeOf(is.updated) },
			sortKey: func(is *jIssue) any { return is.updated }}
	case "resolved", "resolutiondate":
		f := &jqlField{kind: jkDate, date: func(is *jIssue) *time.Time { return is.resolved }}
		f.sortKey = func(is *jIssue) any {
			if is.resolved == nil {
				return nil
			}
			return *is.resolved
		}
		return f
	case "due", "duedate":
		date := func(is *jIssue) *time.Time {
			if t, err := time.ParseInLocation("2006-01-02", is.duedate, time.UTC); err == nil {
				return &t
			}
			return nil
		}
		return &jqlField{kind: jkDate, date: date, sortKey: func(is *jIssue) any {
			if t := date(is); t != nil {
				return *t
			}
			return nil
		}}
	case "statuscategorychangeddate":
		if !st.cloud {
			return nil
		}
		return &jqlField{kind: jkDate, date: func(is *jIssue) *time.Time { return timeOf(is.statusDate) }}
	case "story points", "cf[10016]":
		return &jqlField{kind: jkNumber, num: func(is *jIssue) *float64 { return is.storyPoints }, sortKey: func(is *jIssue) any {
			if is.storyPoints == nil {
				return nil
			}
			return *is.storyPoints
		}}
	case "team", "cf[10020]":
		return &jqlField{
			values: func(is *jIssue) []string {
				if is.team == nil {
					return nil
				}
				return []string{is.team.id}
			},
			resolve: func(v string) (string, bool) {
				x := st.teamOptions.find(v)
				return idOf(x != nil, func() string { return x.id })
			},
			unknown: notExist,
		}
	case "sprint", "cf[10021]":
		return st.sprintJQLField(notExist)
	case "fixversion", "affectedversion":
		none := func([]string) []string { return nil }
		return &jqlField{
			values:  func(*jIssue) []string { return nil },
			resolve: func(string) (string, bool) { return "", false },
			unknown: notExist,
			funcs: map[string]func([]string) []string{"releasedversions": none, "unreleasedversions": none,
				"latestreleasedversion": none, "earliestunreleasedversion": none},
		}
	case "rank":
		return &jqlField{values: func(*jIssue) []string { return nil }, resolve: func(string) (string, bool) { return "", false },
			unknown: notExist, sortKey: func(is *jIssue) any { return float64(is.id) }}
	}
	return nil
}

var jqlIssueKey = regexp.MustCompile(`^(?:[A-Za-z][A-Za-z0-9_]*-)?\d+$`)

func issueKeyUnknown(v, field string) string {
	if !jqlIssueKey.MatchString(v) {
		return fmt.Sprintf("The issue key '%s' for field '%s' is invalid.", v, field)
	}
	return fmt.Sprintf("An issue with key '%s' does not exist for field '%s'.", v, field)
}

func issueNumber(is *jIssue) int {
	n, _ := strconv.Atoi(is.key[strings.LastIndex(is.key, "-")+1:])
	return n
}

func idOf(ok bool, id func() string) (string, bool) {
	if !ok {
		return "", false
	}
	return id(), true
}

func richPlain(rt *richText) string {
	if rt == nil {
		return ""
	}
	return rt.plain
}

func commentText(is *jIssue) string {
	var b strings.Builder
	for _, c := range is.comments {
		b.WriteString(richPlain(c.body) + "\n")
	}
	return b.String()
}

// orderBy compiles ORDER BY; without one the newest issues come first.
func (cc *jqlCompiler) orderBy(order []jqlOrder) func(a, b *jIssue) bool {
	type sorter struct {
		key  func(*jIssue) any
		desc bool
	}
	var sorters []sorter
	for _, o := range order {
		f := cc.field(o.field)
		switch {
		case f == nil:
			cc.errorf("%s", fieldNotFound(o.field))
		case f.sortKey == nil:
			cc.errorf("Not able to sort using field '%s'.", o.field)
		default:
			sorters = append(sorters, sorter{f.sortKey, o.desc})
		}
	}
	if len(order) == 0 {
		sorters = []sorter{{func(is *jIssue) any { return is.created }, true}}
	}
	return func(a, b *jIssue) bool {
		for _, s := range sorters {
			c := compareSortKeys(s.key(a), s.key(b))
			if s.desc {
				c = -c
			}
			if c != 0 {
				return c < 0
			}
		}
		return a.id < b.id
	}
}

// compareSortKeys orders values of one kind; empty sorts after everything.
func compareSortKeys(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	switch x := a.(type) {
	case string:
		return strings.Compare(x, b.(string))
	case float64:
		y := b.(float64)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case time.Time:
		return x.Compare(b.(time.Time))
	}
	return 0
}
