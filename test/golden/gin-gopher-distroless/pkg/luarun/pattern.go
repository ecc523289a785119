package luarun

// Lua 5.1 patterns (string.find, match, gmatch, gsub) with a step counter:
// gopher-lua's own matcher cannot be interrupted, so a backtracking pattern
// would keep a CPU busy long after the deadline. This matcher calls tick every
// patternTickEvery steps; tick raises a Lua error once the run is over its
// deadline or memory budget, which unwinds the whole matcher.

import (
	"strings"

	lua "github.com/yuin/gopher-lua"
)

const (
	maxCaptures      = 32
	capUnfinished    = -1
	capPosition      = -2
	patternTickEvery = 1024
	// maxMatchDepth bounds the matcher's recursion (one level per pattern
	// item that may backtrack), like Lua's own MAXCCALLS.
	maxMatchDepth = 200
	// maxPatternLength refuses absurd patterns up front.
	maxPatternLength = 4096
)

type capture struct{ init, len int }

type matcher struct {
	L       *lua.LState
	tick    func(*lua.LState)
	src     string
	pat     string
	level   int
	depth   int
	steps   int
	capture [maxCaptures]capture
}

func newMatcher(L *lua.LState, tick func(*lua.LState), src, pat string) *matcher {
	if len(pat) > maxPatternLength {
		L.RaiseError("pattern too long (%d bytes, at most %d)", len(pat), maxPatternLength)
	}
	return &matcher{L: L, tick: tick, src: src, pat: pat}
}

func (m *matcher) step() {
	m.steps++
	if m.steps%patternTickEvery == 0 {
		m.tick(m.L)
	}
}

func (m *matcher) fail(format string, args ...any) {
	m.L.RaiseError(format, args...)
}

func (m *matcher) classEnd(p int) int {
	pat := m.pat
	c := pat[p]
	p++
	switch c {
	case '%':
		if p >= len(pat) {
			m.fail("malformed pattern (ends with '%%')")
		}
		return p + 1
	case '[':
		if p < len(pat) && pat[p] == '^' {
			p++
		}
		for {
			if p >= len(pat) {
				m.fail("malformed pattern (missing ']')")
			}
			c := pat[p]
			p++
			if c == '%' && p < len(pat) {
				p++
			}
			if p >= len(pat) {
				m.fail("malformed pattern (missing ']')")
			}
			if pat[p] == ']' {
				return p + 1
			}
		}
	}
	return p
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool { return isLower(c) || isUpper(c) }
func isSpace(c byte) bool { return c == ' ' || (c >= '\t' && c <= '\r') }
func isCntrl(c byte) bool { return c < 32 || c == 127 }
func isPunct(c byte) bool { return c > 32 && c < 127 && !isAlpha(c) && !isDigit(c) }
func isXDigit(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func matchClass(c, cl byte) bool {
	var res bool
	lower := cl | 0x20
	switch lower {
	case 'a':
		res = isAlpha(c)
	case 'c':
		res = isCntrl(c)
	case 'd':
		res = isDigit(c)
	case 'l':
		res = isLower(c)
	case 'p':
		res = isPunct(c)
	case 's':
		res = isSpace(c)
	case 'u':
		res = isUpper(c)
	case 'w':
		res = isAlpha(c) || isDigit(c)
	case 'x':
		res = isXDigit(c)
	case 'z':
		res = c == 0
	default:
		return cl == c
	}
	if isUpper(cl) {
		return !res
	}
	return res
}

// matchBracket reports whether c is in the set [...] from p ('[') to ec (']').
func (m *matcher) matchBracket(c byte, p, ec int) bool {
	pat := m.pat
	sig := true
	if pat[p+1] == '^' {
		sig = false
		p++
	}
	for p++; p < ec; p++ {
		switch {
		case pat[p] == '%':
			p++
			if matchClass(c, pat[p]) {
				return sig
			}
		case pat[p+1] == '-' && p+2 < ec:
			p += 2
			if pat[p-2] <= c && c <= pat[p] {
				return sig
			}
		case pat[p] == c:
			return sig
		}
	}
	return !sig
}

func (m *matcher) single(s, p, ep int) bool {
	if s >= len(m.src) {
		return false
	}
	c := m.src[s]
	switch m.pat[p] {
	case '.':
		return true
	case '%':
		return matchClass(c, m.pat[p+1])
	case '[':
		return m.matchBracket(c, p, ep-1)
	default:
		return m.pat[p] == c
	}
}

// match returns the end of the match of pat[p:] at src[s:], or -1.
func (m *matcher) match(s, p int) int {
	m.depth++
	if m.depth > maxMatchDepth {
		m.fail("pattern too complex")
	}
	r := m.doMatch(s, p)
	m.depth--
	return r
}

func (m *matcher) doMatch(s, p int) int {
	pat := m.pat
	for {
		m.step()
		if p == len(pat) {
			return s
		}
		switch pat[p] {
		case '(':
			if p+1 < len(pat) && pat[p+1] == ')' {
				return m.startCapture(s, p+2, capPosition)
			}
			return m.startCapture(s, p+1, capUnfinished)
		case ')':
			return m.endCapture(s, p+1)
		case '$':
			if p+1 == len(pat) {
				if s == len(m.src) {
					return s
				}
				return -1
			}
		case '%':
			if p+1 < len(pat) {
				switch c := pat[p+1]; {
				case c == 'b':
					s = m.matchBalance(s, p+2)
					if s == -1 {
						return -1
					}
					p += 4
					continue
				case c == 'f':
					p += 2
					if p >= len(pat) || pat[p] != '[' {
						m.fail("missing '[' after '%%f' in pattern")
					}
					ep := m.classEnd(p)
					var prev, cur byte
					if s > 0 {
						prev = m.src[s-1]
					}
					if s < len(m.src) {
						cur = m.src[s]
					}
					if !m.matchBracket(prev, p, ep-1) && m.matchBracket(cur, p, ep-1) {
						p = ep
						continue
					}
					return -1
				case isDigit(c):
					s = m.matchCapture(s, c)
					if s == -1 {
						return -1
					}
					p += 2
					continue
				}
			}
		}
		ep := m.classEnd(p)
		matched := m.single(s, p, ep)
		if ep < len(pat) {
			switch pat[ep] {
			case '?':
				if matched {
					if r := m.match(s+1, ep+1); r != -1 {
						return r
					}
				}
				p = ep + 1
				continue
			case '*':
				return m.maxExpand(s, p, ep)
			case '+':
				if matched {
					return m.maxExpand(s+1, p, ep)
				}
				return -1
			case '-':
				return m.minExpand(s, p, ep)
			}
		}
		if !matched {
			return -1
		}
		s++
		p = ep
	}
}

func (m *matcher) maxExpand(s, p, ep int) int {
	i := 0
	for m.single(s+i, p, ep) {
		m.step()
		i++
	}
	for ; i >= 0; i-- {
		if r := m.match(s+i, ep+1); r != -1 {
			return r
		}
	}
	return -1
}

func (m *matcher) minExpand(s, p, ep int) int {
	for {
		if r := m.match(s, ep+1); r != -1 {
			return r
		}
		if !m.single(s, p, ep) {
			return -1
		}
		s++
	}
}

func (m *matcher) startCapture(s, p, what int) int {
	if m.level >= maxCaptures {
		m.fail("too many captures")
	}
	m.capture[m.level] = capture{init: s, len: what}
	m.level++
	r := m.match(s, p)
	if r == -1 {
		m.level--
	}
	return r
}

func (m *matcher) endCapture(s, p int) int {
	l := -1
	for i := m.level - 1; i >= 0; i-- {
		if m.capture[i].len == capUnfinished {
			l = i
			break
		}
	}
	if l < 0 {
		m.fail("invalid pattern capture")
	}
	m.capture[l].len = s - m.capture[l].init
	r := m.match(s, p)
	if r == -1 {
		m.capture[l].len = capUnfinished
	}
	return r
}

func (m *matcher) matchBalance(s, p int) int {
	if p+1 >= len(m.pat) {
		m.fail("missing arguments to '%%b'")
	}
	if s >= len(m.src) || m.src[s] != m.pat[p] {
		return -1
	}
	b, e := m.pat[p], m.pat[p+1]
	cont := 1
	for i := s + 1; i < len(m.src); i++ {
		m.step()
		switch m.src[i] {
		case e:
			cont--
			if cont == 0 {
				return i + 1
			}
		case b:
			cont++
		}
	}
	return -1
}

func (m *matcher) checkCapture(l byte) int {
	i := int(l) - '1'
	if i < 0 || i >= m.level || m.capture[i].len == capUnfinished {
		m.fail("invalid capture index")
	}
	return i
}

func (m *matcher) matchCapture(s int, l byte) int {
	c := m.capture[m.checkCapture(l)]
	if c.len < 0 || len(m.src)-s < c.len {
		return -1
	}
	if m.src[c.init:c.init+c.len] == m.src[s:s+c.len] {
		return s + c.len
	}
	return -1
}

func (m *matcher) getCapture(i, s, e int) lua.LValue {
	if i >= m.level {
		if i == 0 {
			return lua.LString(m.src[s:e])
		}
		m.fail("invalid capture index")
	}
	c := m.capture[i]
	switch c.len {
	case capUnfinished:
		m.fail("unfinished capture")
	case capPosition:
		return lua.LNumber(c.init + 1)
	}
	return lua.LString(m.src[c.init : c.init+c.len])
}

func (m *matcher) pushCaptures(s, e int, wholeIfNone bool) int {
	n := m.level
	if n == 0 && wholeIfNone {
		n = 1
	}
	for i := 0; i < n; i++ {
		m.L.Push(m.getCapture(i, s, e))
	}
	return n
}

func (m *matcher) reset() {
	m.level = 0
	m.depth = 0
}

const patternSpecials = "^$*+?.([%-"

// patternLib builds find, match, gmatch and gsub around tick (deadline and
// memory checks) and grow (checks that a result of n bytes fits the budget;
// account adds it to the run's allocations).
func patternLib(tick func(*lua.LState), grow func(L *lua.LState, n int64, account bool)) map[string]lua.LGFunction {
	findAux := func(L *lua.LState, find bool) int {
		src := L.CheckString(1)
		pat := L.CheckString(2)
		init := L.OptInt(3, 1)
		if init < 0 {
			init += len(src) + 1
		}
		init--
		if init < 0 {
			init = 0
		} else if init > len(src) {
			init = len(src)
		}
		if find && (L.ToBool(4) || !strings.ContainsAny(pat, patternSpecials)) {
			if i := strings.Index(src[init:], pat); i >= 0 {
				L.Push(lua.LNumber(init + i + 1))
				L.Push(lua.LNumber(init + i + len(pat)))
				return 2
			}
			L.Push(lua.LNil)
			return 1
		}
		m := newMatcher(L, tick, src, pat)
		p, anchor := 0, strings.HasPrefix(pat, "^")
		if anchor {
			p = 1
		}
		for s := init; s <= len(src); s++ {
			m.reset()
			if e := m.match(s, p); e != -1 {
				if find {
					L.Push(lua.LNumber(s + 1))
					L.Push(lua.LNumber(e))
					return m.pushCaptures(-1, -1, false) + 2
				}
				return m.pushCaptures(s, e, true)
			}
			if anchor {
				break
			}
		}
		L.Push(lua.LNil)
		return 1
	}
	gmatch := func(L *lua.LState) int {
		src := L.CheckString(1)
		pat := L.CheckString(2)
		pos := 0
		L.Push(L.NewFunction(func(L *lua.LState) int {
			m := newMatcher(L, tick, src, pat)
			for s := pos; s <= len(src); s++ {
				m.reset()
				if e := m.match(s, 0); e != -1 {
					pos = e
					if e == s {
						pos++
					}
					return m.pushCaptures(s, e, true)
				}
			}
			pos = len(src) + 1
			return 0
		}))
		return 1
	}
	gsub := func(L *lua.LState) int {
		src := L.CheckString(1)
		pat := L.CheckString(2)
		repl := L.CheckAny(3)
		switch repl.Type() {
		case lua.LTNumber, lua.LTString, lua.LTTable, lua.LTFunction:
		default:
			L.ArgError(3, "string/function/table expected")
		}
		maxN := L.OptInt(4, len(src)+1)
		m := newMatcher(L, tick, src, pat)
		p, anchor := 0, strings.HasPrefix(pat, "^")
		if anchor {
			p = 1
		}
		var b strings.Builder
		add := func(str string) {
			grow(L, int64(b.Len()+len(str)), false)
			b.WriteString(str)
		}
		s, n := 0, 0
		for n < maxN {
			m.reset()
			e := m.match(s, p)
			if e != -1 {
				n++
				add(m.replacement(repl, s, e))
			}
			switch {
			case e != -1 && e > s:
				s = e
			case s < len(src):
				add(src[s : s+1])
				s++
			default:
				anchor = true
			}
			if anchor {
				break
			}
		}
		add(src[s:])
		grow(L, int64(b.Len()), true)
		L.Push(lua.LString(b.String()))
		L.Push(lua.LNumber(n))
		return 2
	}
	return map[string]lua.LGFunction{
		"find":   func(L *lua.LState) int { return findAux(L, true) },
		"match":  func(L *lua.LState) int { return findAux(L, false) },
		"gmatch": gmatch,
		"gsub":   gsub,
	}
}

// replacement computes the text that replaces the match src[s:e] in gsub.
func (m *matcher) replacement(repl lua.LValue, s, e int) string {
	L := m.L
	var v lua.LValue
	switch r := repl.(type) {
	case lua.LString, lua.LNumber:
		news := lua.LVAsString(r)
		var b strings.Builder
		for i := 0; i < len(news); i++ {
			m.step()
			c := news[i]
			if c != '%' || i+1 >= len(news) {
				b.WriteByte(c)
				continue
			}
			i++
			switch d := news[i]; {
			case !isDigit(d):
				b.WriteByte(d)
			case d == '0':
				b.WriteString(m.src[s:e])
			default:
				b.WriteString(lua.LVAsString(m.getCapture(int(d-'1'), s, e)))
			}
		}
		return b.String()
	case *lua.LTable:
		v = L.GetTable(r, m.getCapture(0, s, e))
	case *lua.LFunction:
		top := L.GetTop()
		L.Push(r)
		n := m.pushCaptures(s, e, true)
		L.Call(n, 1)
		v = L.Get(-1)
		L.SetTop(top)
	}
	switch v.Type() {
	case lua.LTNil:
		return m.src[s:e]
	case lua.LTBool:
		if !lua.LVAsBool(v) {
			return m.src[s:e]
		}
	case lua.LTString, lua.LTNumber:
		return lua.LVAsString(v)
	}
	m.fail("invalid replacement value (a %s)", v.Type().String())
	return ""
}
