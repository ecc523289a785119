// Package luarun runs the service's embedded Lua scripts with gopher-lua, a
// pure-Go Lua 5.1 interpreter (no cgo, so the binary stays static).
//
// Scripts are compiled once by New. Each Run borrows a prepared interpreter
// state from a pool, so a request costs a few microseconds instead of building
// a new state. A state is never used by two goroutines at once; a state whose
// run failed is discarded.
//
// Isolation: every run gets a fresh global table holding fresh copies of the
// library tables (string, table, math), so nothing a script stores in _G or in
// a library table survives the run. The shared string metatable is protected
// (__metatable), setmetatable only accepts tables, math.random has a per-run
// generator, and the base functions that load code or reach the registry or
// environments are removed (no os, io, debug, package, coroutine or channel).
//
// Limits per run: a deadline (Options.Timeout) that also holds inside pattern
// matching; a memory budget (Options.MemoryLimit): builtins that can allocate a
// lot at once (string.rep, table.concat, string.format, gsub, upper, lower,
// reverse, json and the .. operator) check their result size before
// allocating, and the data a script holds (globals, locals, upvalues) is
// measured every few thousand instructions; a run over budget ends with
// ErrMemory. At most Options.Concurrency runs execute at once, a few more wait
// in a short queue, the rest fail fast with ErrBusy.
//
// Inside a script:
//
//	response(body [, status [, content_type]])  -- sets the HTTP answer (once)
//	params                                     -- table of request parameters (strings)
//	json(value)                                -- encodes a table/string/number/boolean as JSON
package luarun

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"mime"
	"reflect"
	"runtime"
	"strconv"
	"time"
	"unsafe"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/ast"
	"github.com/yuin/gopher-lua/parse"
)

// memoryLimit caps Options.MemoryLimit: no cap here, a gopher-lua state has
// no memory limit of its own (the per-run budget is measured instead).
const memoryLimit = math.MaxInt64

// checkContextFirst: a run whose context has ended needs no refusal before
// admission: gopher-lua checks the context before every instruction.
const checkContextFirst = false

// Interpreter limits.
const (
	callStackSize   = 64
	registrySize    = 1024
	registryMaxSize = 64 * 1024
	maxJSONDepth    = 16
	// measureEvery is the minimum number of VM instructions between two
	// measurements of the data a run holds; the interval grows with the data
	// held so that measuring stays a small share of the work.
	measureEvery = 4096
	// yieldEvery is the number of VM instructions after which a run lets other
	// goroutines (health checks, other requests) run: a spinning script must
	// not hold a CPU of the Go scheduler for a whole time slice.
	yieldEvery = 1024
	// concatName is the hidden local through which every .. goes (an
	// identifier no script can write).
	concatName = "(concat)"
)

// removedGlobals are base-library functions a script must not reach: they load
// code or files, print to the service's stdout, or tamper with environments.
var removedGlobals = []string{
	"dofile", "loadfile", "load", "loadstring", "require", "module",
	"collectgarbage", "print", "_printregs", "getfenv", "setfenv", "newproxy",
}

// program is a script compiled by New.
type program = *lua.FunctionProto

// compile compiles every script; it makes no state.
func compile(scripts []script) (*state, error) {
	for i := range scripts {
		proto, err := compileProto(scripts[i].name, scripts[i].src)
		if err != nil {
			return nil, err
		}
		scripts[i].prog = proto
	}
	return nil, nil
}

func compileProto(name string, src []byte) (*lua.FunctionProto, error) {
	chunk, err := parse.Parse(bytes.NewReader(src), name)
	if err != nil {
		return nil, fmt.Errorf("%w: parse %s: %w", ErrScript, name, err)
	}
	chunk = guardConcat(chunk)
	proto, err := lua.Compile(chunk, name)
	if err != nil {
		return nil, fmt.Errorf("%w: compile %s: %w", ErrScript, name, err)
	}
	return proto, nil
}

// guardConcat rewrites every a .. b into a call of the hidden local concatName,
// which checks the result size against the memory budget before building it
// (the VM's concat opcode cannot be hooked). The chunk receives that function
// as its first vararg.
func guardConcat(chunk []ast.Stmt) []ast.Stmt {
	exprType := reflect.TypeFor[ast.Expr]()
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Interface:
			if v.IsNil() {
				return
			}
			if c, ok := v.Interface().(*ast.StringConcatOpExpr); ok && v.Type() == exprType && v.CanSet() {
				call := &ast.FuncCallExpr{Func: &ast.IdentExpr{Value: concatName}, Args: []ast.Expr{c.Lhs, c.Rhs}}
				call.SetLine(c.Line())
				call.SetLastLine(c.LastLine())
				call.Func.SetLine(c.Line())
				call.Func.SetLastLine(c.LastLine())
				v.Set(reflect.ValueOf(ast.Expr(call)))
				walk(reflect.ValueOf(call).Elem())
				return
			}
			walk(v.Elem())
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		}
	}
	walk(reflect.ValueOf(chunk))
	head := &ast.LocalAssignStmt{Names: []string{concatName}, Exprs: []ast.Expr{&ast.Comma3Expr{}}}
	return append([]ast.Stmt{head}, chunk...)
}

// libEntry is one pristine global: a value, or a library table to copy.
type libEntry struct {
	name  string
	value lua.LValue
	lib   []libField // non-nil: a library table, copied per run
}

type libField struct {
	name  string
	value lua.LValue
}

// state is one sandboxed interpreter plus the per-run accounting.
type state struct {
	L         *lua.LState
	pristine  []libEntry
	concat    *lua.LFunction
	rng       *rand.Rand
	pcg       *rand.PCG
	resp      Response
	responded bool

	env    *lua.LTable   // the globals of the last run (reused when unchanged)
	copies []*lua.LTable // env's library tables, parallel to pristine

	// per run
	ctx         context.Context // the run's deadline
	budget      int64
	held        int64 // bytes held at the last measurement
	since       int64 // bytes allocated by guarded builtins since then
	instr       int64 // instructions until the next measurement
	yield       int   // instructions until the next runtime.Gosched
	memExceeded bool
	seen        map[any]struct{}
}

func newState() (*state, error) {
	L := lua.NewState(lua.Options{
		SkipOpenLibs:    true,
		CallStackSize:   callStackSize,
		RegistrySize:    registrySize,
		RegistryMaxSize: registryMaxSize,
	})
	libs := []struct {
		name string
		open lua.LGFunction
	}{
		{lua.BaseLibName, lua.OpenBase},
		{lua.TabLibName, lua.OpenTable},
		{lua.StringLibName, lua.OpenString},
		{lua.MathLibName, lua.OpenMath},
	}
	for _, lib := range libs {
		err := L.CallByParam(lua.P{Fn: L.NewFunction(lib.open), NRet: 0, Protect: true}, lua.LString(lib.name))
		if err != nil {
			L.Close()
			return nil, fmt.Errorf("luarun: open %q library: %w", lib.name, err)
		}
	}
	// math.random only: not for secrets
	pcg := rand.NewPCG(rand.Uint64(), rand.Uint64())                           //nolint:gosec // see above
	st := &state{L: L, pcg: pcg, rng: rand.New(pcg), seen: map[any]struct{}{}} //nolint:gosec // see above
	g := L.G.Global
	for _, name := range removedGlobals {
		g.RawSetString(name, lua.LNil)
	}
	g.RawSetString("response", L.NewFunction(st.response))
	g.RawSetString("json", L.NewFunction(st.encodeJSON))
	g.RawSetString("setmetatable", L.NewFunction(setMetatable))
	st.concat = L.NewFunction(st.concatOp)
	st.guardLibraries()

	// The string metatable is shared by every string: protect it so that
	// getmetatable("") answers false and its __index (the original string
	// table, with the guarded functions) cannot be reached or changed.
	if mt, ok := L.GetMetatable(lua.LString("")).(*lua.LTable); ok {
		mt.RawSetString("__metatable", lua.LFalse)
	}
	g.ForEach(func(k, v lua.LValue) {
		name, ok := k.(lua.LString)
		if !ok || name == "_G" {
			return
		}
		e := libEntry{name: string(name), value: v}
		if t, ok := v.(*lua.LTable); ok {
			e.lib = []libField{}
			t.ForEach(func(k, v lua.LValue) {
				if s, ok := k.(lua.LString); ok {
					e.lib = append(e.lib, libField{string(s), v})
				}
			})
		}
		st.pristine = append(st.pristine, e)
	})
	return st, nil
}

// guardLibraries replaces the builtins that could run long or allocate a lot
// at once with versions that check the deadline and the memory budget.
func (s *state) guardLibraries() {
	L := s.L
	str := L.GetGlobal(lua.StringLibName).(*lua.LTable)
	for name, fn := range patternLib(s.tick, s.check) {
		str.RawSetString(name, L.NewFunction(fn))
	}
	orig := func(t *lua.LTable, name string) lua.LGFunction {
		return t.RawGetString(name).(*lua.LFunction).GFunction
	}
	sized := func(t *lua.LTable, name string, size func(L *lua.LState) int64) {
		f := orig(t, name)
		t.RawSetString(name, L.NewFunction(func(L *lua.LState) int {
			s.grow(L, size(L))
			return f(L)
		}))
	}
	argLen := func(L *lua.LState) int64 { return int64(len(L.CheckString(1))) }
	sized(str, "upper", argLen)
	sized(str, "lower", argLen)
	sized(str, "reverse", argLen)
	sized(str, "rep", func(L *lua.LState) int64 {
		n := float64(L.CheckInt(2))
		if n <= 0 {
			return 0
		}
		size := float64(len(L.CheckString(1))) * n
		if size > math.MaxInt32 {
			return math.MaxInt64 / 2
		}
		return int64(size)
	})
	sized(str, "format", formatSize)
	tab := L.GetGlobal(lua.TabLibName).(*lua.LTable)
	sized(tab, "concat", func(L *lua.LState) int64 {
		t := L.CheckTable(1)
		sep := int64(len(L.OptString(2, "")))
		i, j := L.OptInt(3, 1), L.OptInt(4, t.Len())
		var size int64
		for k := i; k <= j; k++ {
			v := t.RawGetInt(k)
			if v.Type() != lua.LTString && v.Type() != lua.LTNumber {
				break // the original raises the error
			}
			size += int64(len(lua.LVAsString(v))) + sep
			if size > s.budget {
				break
			}
		}
		return size
	})
	mth := L.GetGlobal(lua.MathLibName).(*lua.LTable)
	mth.RawSetString("random", L.NewFunction(s.random))
	mth.RawSetString("randomseed", L.NewFunction(func(L *lua.LState) int {
		seed := math.Float64bits(float64(L.CheckNumber(1)))
		s.pcg.Seed(seed, seed)
		return 0
	}))
}

// formatSize bounds the length of string.format's result: Lua 5.1 allows at
// most two digits of width and precision, so every directive adds at most its
// argument's text and 128 bytes.
func formatSize(L *lua.LState) int64 {
	f := L.CheckString(1)
	size, arg := int64(len(f)), 2
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		i++
		if i < len(f) && f[i] == '%' {
			continue
		}
		digits := 0
		for i < len(f) && (isDigit(f[i]) || f[i] == '.' || f[i] == '-' || f[i] == '+' || f[i] == ' ' || f[i] == '#') {
			if isDigit(f[i]) {
				digits++
				if digits > 2 {
					L.RaiseError("invalid format (width or precision too long)")
				}
			} else if f[i] == '.' {
				digits = 0
			}
			i++
		}
		if arg <= L.GetTop() {
			size += int64(len(lua.LVAsString(L.Get(arg))))
		}
		size += 128
		arg++
	}
	return size
}

// random implements math.random with the state's own generator, seeded
// afresh for every run.
func (s *state) random(L *lua.LState) int {
	switch L.GetTop() {
	case 0:
		L.Push(lua.LNumber(s.rng.Float64()))
	case 1:
		m := L.CheckInt64(1)
		if m < 1 {
			L.ArgError(1, "interval is empty")
		}
		L.Push(lua.LNumber(1 + s.rng.Int64N(m)))
	default:
		lo, hi := L.CheckInt64(1), L.CheckInt64(2)
		if lo > hi {
			L.ArgError(2, "interval is empty")
		}
		L.Push(lua.LNumber(lo + s.rng.Int64N(hi-lo+1)))
	}
	return 1
}

// setMetatable is setmetatable restricted to tables: gopher-lua would
// otherwise set the metatable shared by every number, function or boolean.
func setMetatable(L *lua.LState) int {
	t := L.CheckTable(1)
	L.CheckTypes(2, lua.LTNil, lua.LTTable)
	if mt, ok := L.GetMetatable(t).(*lua.LTable); ok && mt.RawGetString("__metatable") != lua.LNil {
		L.RaiseError("cannot change a protected metatable")
	}
	L.SetMetatable(t, L.Get(2))
	L.SetTop(1)
	return 1
}

func (s *state) close() { s.L.Close() }

// freshEnv builds the run's global table from the pristine entries.
func (s *state) freshEnv() *lua.LTable {
	L := s.L
	env := L.CreateTable(0, len(s.pristine)+4)
	s.copies = make([]*lua.LTable, len(s.pristine))
	for i, e := range s.pristine {
		if e.lib == nil {
			env.RawSetString(e.name, e.value)
			continue
		}
		t := L.CreateTable(0, len(e.lib))
		for _, f := range e.lib {
			t.RawSetString(f.name, f.value)
		}
		env.RawSetString(e.name, t)
		s.copies[i] = t
	}
	env.RawSetString("_G", env)
	return env
}

// pristineEnv reports whether the last run left its globals exactly as
// freshEnv built them (apart from params): then nothing it did can reach the
// next run, and the tables are reused. Checking is cheaper than rebuilding.
func (s *state) pristineEnv() bool {
	env := s.env
	if env == nil || env.Metatable != lua.LNil || env.RawGetString("_G") != env {
		return false
	}
	if countKeys(env) != len(s.pristine)+2 { // + _G and params
		return false
	}
	for i, e := range s.pristine {
		v := env.RawGetString(e.name)
		if e.lib == nil {
			if v != e.value {
				return false
			}
			continue
		}
		t := s.copies[i]
		if v != lua.LValue(t) || t.Metatable != lua.LNil || countKeys(t) != len(e.lib) {
			return false
		}
		for _, f := range e.lib {
			if t.RawGetString(f.name) != f.value {
				return false
			}
		}
	}
	return true
}

func countKeys(t *lua.LTable) int {
	n := 0
	t.ForEach(func(_, _ lua.LValue) { n++ })
	return n
}

// run executes sc with the deadline timeout (or ctx's, if earlier) and the
// memory budget; a failed run reports how it ended.
func (s *state) run(ctx context.Context, sc *script, params map[string]string, timeout time.Duration, budget int64) (Response, failure, error) {
	runCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	resp, err := s.exec(runCtx, sc.prog, params, budget)
	switch {
	case err == nil:
		return resp, 0, nil
	case s.memExceeded:
		return Response{}, failMemory, err
	case errors.Is(runCtx.Err(), context.DeadlineExceeded):
		return Response{}, failTimeout, err
	case ctx.Err() != nil:
		return Response{}, failCanceled, err
	default:
		return Response{}, failScript, err
	}
}

func (s *state) exec(ctx context.Context, proto *lua.FunctionProto, params map[string]string, budget int64) (Response, error) {
	s.resp, s.responded = Response{}, false
	s.ctx, s.budget, s.held, s.since, s.instr, s.memExceeded = ctx, budget, 0, 0, measureEvery, false
	s.pcg.Seed(rand.Uint64(), rand.Uint64()) //nolint:gosec // a fresh math.random sequence per run
	L := s.L
	L.SetContext(&meter{Context: ctx, s: s})
	defer func() {
		L.RemoveContext()
		L.SetTop(0)
		s.ctx = nil
	}()

	if !s.pristineEnv() {
		s.env = s.freshEnv()
	}
	p := L.CreateTable(0, len(params))
	for k, v := range params {
		p.RawSetString(k, lua.LString(v))
	}
	s.env.RawSetString("params", p)

	fn := L.NewFunctionFromProto(proto)
	fn.Env = s.env
	L.Push(fn)
	L.Push(s.concat)
	if err := L.PCall(1, 0, nil); err != nil {
		return Response{}, err
	}
	if s.memExceeded || ctx.Err() != nil {
		return Response{}, errors.New("run aborted")
	}
	if !s.responded {
		return Response{}, errors.New("script did not call response()")
	}
	return s.resp, nil
}

// closedChan is returned by meter.Done once a run is over its budget.
var closedChan = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// meter is the run's context as seen by gopher-lua, which calls Done before
// every instruction: it counts instructions and measures the data held every
// s.instr of them, so memory accounting is deterministic (no heap sampling).
type meter struct {
	context.Context
	s *state
}

func (m *meter) Done() <-chan struct{} {
	s := m.s
	if s.memExceeded {
		return closedChan
	}
	s.yield--
	if s.yield <= 0 {
		s.yield = yieldEvery
		runtime.Gosched()
	}
	s.instr--
	if s.instr <= 0 {
		if !s.measure() {
			s.memExceeded = true
			return closedChan
		}
	}
	return m.Context.Done()
}

func (m *meter) Err() error {
	if m.s.memExceeded {
		return ErrMemory
	}
	return m.Context.Err()
}

// tick is called by long-running builtins: it ends the run when it is over its
// deadline or memory budget.
func (s *state) tick(L *lua.LState) {
	if s.memExceeded {
		L.RaiseError("%s", ErrMemory.Error())
	}
	if s.ctx != nil && s.ctx.Err() != nil {
		L.RaiseError("%s", ErrTimeout.Error())
	}
}

// grow accounts n bytes a builtin is about to allocate; over budget (after a
// fresh measurement) it ends the run with ErrMemory.
func (s *state) grow(L *lua.LState, n int64) {
	s.tick(L)
	if s.ctx == nil {
		return
	}
	if s.held+s.since+n > s.budget && (!s.measure() || s.held+n > s.budget) {
		s.memExceeded = true
		L.RaiseError("%s", ErrMemory.Error())
	}
	s.since += n
}

// check is grow for a result still being built: account says whether to add
// n to the run's allocations.
func (s *state) check(L *lua.LState, n int64, account bool) {
	if account {
		s.grow(L, n)
		return
	}
	s.tick(L)
	if s.ctx != nil && s.held+s.since+n > s.budget && (!s.measure() || s.held+n > s.budget) {
		s.memExceeded = true
		L.RaiseError("%s", ErrMemory.Error())
	}
}

// concatOp is a .. b with the result size checked first.
func (s *state) concatOp(L *lua.LState) int {
	a, b := L.Get(1), L.Get(2)
	if lua.LVCanConvToString(a) && lua.LVCanConvToString(b) {
		as, bs := lua.LVAsString(a), lua.LVAsString(b)
		s.grow(L, int64(len(as)+len(bs)))
		L.Push(lua.LString(as + bs))
		return 1
	}
	op := L.GetMetaField(a, "__concat")
	if op == lua.LNil {
		op = L.GetMetaField(b, "__concat")
	}
	if op.Type() != lua.LTFunction {
		bad := a
		if lua.LVCanConvToString(a) {
			bad = b
		}
		L.RaiseError("attempt to concatenate a %s value", bad.Type().String())
	}
	L.Push(op)
	L.Push(a)
	L.Push(b)
	L.Call(2, 1)
	return 1
}

// measure estimates the bytes held by the run (its globals, the locals and
// registers of the running functions and the upvalues of closures reachable
// from them), stopping early past the budget. It reports whether the run is
// within budget and schedules the next measurement.
func (s *state) measure() bool {
	clear(s.seen)
	w := walker{seen: s.seen, limit: s.budget}
	L := s.L
	w.value(s.env)
	for i := 1; i <= L.GetTop() && w.ok(); i++ {
		w.value(L.Get(i))
	}
	for level := 0; w.ok(); level++ {
		dbg, ok := L.GetStack(level)
		if !ok {
			break
		}
		for n := 1; w.ok(); n++ {
			name, v := L.GetLocal(dbg, n)
			if name == "" {
				break
			}
			w.value(v)
		}
	}
	s.held, s.since = w.total, 0
	// Measuring costs about one step per object: space measurements so that
	// they stay a fraction of the work even when a script holds a lot.
	s.instr = max(measureEvery, w.total/64)
	return w.ok()
}

type walker struct {
	seen  map[any]struct{}
	total int64
	limit int64
}

func (w *walker) ok() bool { return w.total <= w.limit }

func (w *walker) value(v lua.LValue) {
	if !w.ok() {
		return
	}
	switch v := v.(type) {
	case lua.LString:
		if len(v) >= 64 {
			// count a long string once, however many places refer to it
			key := unsafe.StringData(string(v)) //nolint:gosec // identity only, never dereferenced
			if _, dup := w.seen[key]; dup {
				w.total += 16
				return
			}
			w.seen[key] = struct{}{}
		}
		w.total += int64(len(v)) + 16
	case *lua.LTable:
		if _, dup := w.seen[v]; dup {
			return
		}
		w.seen[v] = struct{}{}
		w.total += 64
		if mt, ok := v.Metatable.(*lua.LTable); ok {
			w.value(mt)
		}
		v.ForEach(func(k, val lua.LValue) {
			if !w.ok() {
				return
			}
			w.total += 40
			w.value(k)
			w.value(val)
		})
	case *lua.LFunction:
		if _, dup := w.seen[v]; dup {
			return
		}
		w.seen[v] = struct{}{}
		w.total += 64
		for _, uv := range v.Upvalues {
			if uv != nil {
				w.total += 32
				w.value(uv.Value())
			}
		}
	}
}

// response implements response(body [, status [, content_type]]).
func (s *state) response(L *lua.LState) int {
	body := L.CheckString(1)
	status := L.OptInt(2, 200)
	contentType := L.OptString(3, DefaultContentType)
	if s.responded {
		L.RaiseError("response() called twice")
		return 0
	}
	if status < 200 || status > 599 {
		L.ArgError(2, "status must be between 200 and 599")
		return 0
	}
	if _, _, err := mime.ParseMediaType(contentType); err != nil {
		L.ArgError(3, "invalid content type")
		return 0
	}
	s.resp = Response{Status: status, ContentType: contentType, Body: body}
	s.responded = true
	return 0
}

// encodeJSON implements json(value): tables with keys 1..n become arrays,
// other tables objects; nesting is limited to maxJSONDepth.
func (s *state) encodeJSON(L *lua.LState) int {
	room := s.budget - s.held - s.since
	v, err := toGo(L.CheckAny(1), 0, &room)
	if errors.Is(err, ErrMemory) {
		s.memExceeded = true
		L.RaiseError("%s", ErrMemory.Error())
	}
	if err != nil {
		L.ArgError(1, err.Error())
		return 0
	}
	b, err := json.Marshal(v)
	if err != nil {
		L.RaiseError("json: %s", err.Error())
		return 0
	}
	s.grow(L, int64(len(b)))
	L.Push(lua.LString(b))
	return 1
}

func toGo(v lua.LValue, depth int, room *int64) (any, error) {
	*room -= 16
	if s, ok := v.(lua.LString); ok {
		*room -= int64(len(s))
	}
	if *room < 0 {
		return nil, ErrMemory
	}
	switch v := v.(type) {
	case *lua.LNilType:
		return nil, nil
	case lua.LBool:
		return bool(v), nil
	case lua.LString:
		return string(v), nil
	case lua.LNumber:
		f := float64(v)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, errors.New("cannot encode NaN or infinity")
		}
		return f, nil
	case *lua.LTable:
		if depth >= maxJSONDepth {
			return nil, errors.New("table nested too deeply")
		}
		return tableToGo(v, depth+1, room)
	default:
		return nil, fmt.Errorf("cannot encode a %s", v.Type())
	}
}

func tableToGo(t *lua.LTable, depth int, room *int64) (any, error) {
	if n := t.MaxN(); n > 0 {
		arr := make([]any, 0, n)
		for i := 1; i <= n; i++ {
			item, err := toGo(t.RawGetInt(i), depth, room)
			if err != nil {
				return nil, err
			}
			arr = append(arr, item)
		}
		return arr, nil
	}
	obj := map[string]any{}
	var firstErr error
	t.ForEach(func(k, v lua.LValue) {
		if firstErr != nil {
			return
		}
		var key string
		switch k := k.(type) {
		case lua.LString:
			key = string(k)
		case lua.LNumber:
			key = strconv.FormatFloat(float64(k), 'f', -1, 64)
		default:
			firstErr = fmt.Errorf("cannot encode a %s key", k.Type())
			return
		}
		item, err := toGo(v, depth, room)
		if err != nil {
			firstErr = err
			return
		}
		obj[key] = item
	})
	if firstErr != nil {
		return nil, firstErr
	}
	return obj, nil
}
