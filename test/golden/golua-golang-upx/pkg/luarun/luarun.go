// Package luarun runs the service's embedded Lua scripts with C Lua 5.1
// (PUC-Rio, the library github.com/aarzilli/golua wraps) through a small cgo
// binding kept in this file, so there is no Go module dependency; it needs the
// Lua 5.1 headers and library at build time (Debian: liblua5.1-0-dev and
// pkg-config) and cgo enabled.
//
// Scripts are compiled once by New. Each Run borrows a prepared interpreter
// state from a pool, so a request costs a few microseconds instead of building
// a new state. A state is never used by two goroutines at once; after a
// successful run its globals and library tables are restored to their pristine
// contents, and a state whose run failed or timed out is discarded.
//
// The sandbox is defence in depth for trusted scripts shipped with the binary:
// only the base, table, string and math libraries are opened, and base functions
// that load code or touch files are removed (no os, io, debug, package or
// coroutine). Every run is limited:
//   - time: a count hook checks every 1000 VM instructions whether the run's
//     deadline passed or the caller's context ended, and aborts the script
//     (then before every instruction, so pcall cannot swallow the abort);
//     a single library call running in C is not interrupted, so pattern calls
//     (string.find, match, gmatch, gsub) whose worst case exceeds LR_MAX_STEPS
//     are refused up front ("pattern too complex");
//   - memory: each state has its own allocator with a per-run budget
//     (Options.MemoryLimit, on top of what the state holds before the run;
//     64 MiB per state at most); beyond it allocations fail and the run ends
//     with ErrMemory at the next instruction, even if the script catches the error;
//   - admission: at most Options.Concurrency runs at once plus a short queue
//     (ErrBusy beyond it);
//   - isolation: math.random has a per-state generator reseeded for every run;
//   - C stack: Lua's own limit of 200 nested C calls, plus a cap on the pattern
//     length of string.find, match, gmatch and gsub (whose matcher recurses).
//
// All Lua code runs under lua_cpcall inside one C call, so a Lua error never
// unwinds through Go frames, and Lua never calls back into Go.
//
// Inside a script:
//
//	response(body [, status [, content_type]])  -- sets the HTTP answer (once)
//	params                                     -- table of request parameters (strings)
//	json(value)                                -- encodes a table/string/number/boolean as JSON
package luarun

/*
// --static: also the libraries liblua5.1.a needs (-lm -ldl), after -llua5.1, so
// that a fully static build (-extldflags '-static') links as well.
#cgo pkg-config: --static lua5.1

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LR_HOOK_COUNT 1000   // VM instructions between two deadline checks
#define LR_JSON_DEPTH 16     // json(): deepest table nesting
#define LR_MAX_PATTERN 4096  // longest pattern: 5.1's matcher recurses once per pattern item
// C Lua's matcher cannot be interrupted, so a call is refused up front when its
// worst case, about len(subject)^(quantifiers+1) steps, exceeds LR_MAX_STEPS
// (a few tenths of a second): the deadline then holds within that margin.
#define LR_MAX_STEPS 2e8

// lr_state is one Lua state plus what its C functions and Go exchange.
typedef struct {
	lua_State *L;
	size_t used, limit;   // bytes held by L; allocations beyond limit fail
	int64_t deadline;     // CLOCK_MONOTONIC ns after which the hook aborts the run
	int cancel;           // set atomically by Go when the caller's context ends
	int interrupted;      // the hook aborted the current run
	int memexceeded;      // the allocator refused memory during the current run
	uint64_t rng;         // math.random state (xorshift64*), reseeded for every run
	int cache_ref, pristine_ref, body_ref, ctype_ref; // registry slots
	// input of the current call; it may point to Go memory, so it is cleared on return
	int script;
	const char *name, *src, *params;
	size_t name_len, src_len, params_len;
	// output of the current run; body and ctype stay valid until the next run
	int responded, status;
	const char *body, *ctype; // ctype NULL: the default content type
	int body_len, ctype_len;
	char err[512];
} lr_state;

static lr_state *lr_of(lua_State *L) {
	void *ud;
	lua_getallocf(L, &ud);
	return ud;
}

static int64_t lr_now(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void lr_hook(lua_State *L, lua_Debug *ar);

// lr_alloc is realloc with a per-state byte budget. Lua 5.1 passes osize 0 for
// new blocks and requires shrinking to succeed.
static void *lr_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
	lr_state *s = ud;
	if (nsize == 0) {
		free(ptr);
		s->used -= osize;
		return NULL;
	}
	if (nsize > osize && (s->used > s->limit || nsize - osize > s->limit - s->used)) {
		if (!s->memexceeded && s->L != NULL) {
			// end the run at the next instruction, even if the script catches the error
			s->memexceeded = 1;
			lua_sethook(s->L, lr_hook, LUA_MASKCOUNT, 1);
		}
		return NULL;
	}
	void *p = realloc(ptr, nsize);
	if (p == NULL) return nsize <= osize ? ptr : NULL;
	s->used = s->used - osize + nsize;
	return p;
}

// lr_hook runs every LR_HOOK_COUNT instructions and raises an error (inside
// lua_cpcall) once the deadline passed or Go asked to cancel.
static void lr_hook(lua_State *L, lua_Debug *ar) {
	lr_state *s = lr_of(L);
	(void)ar;
	if (s->interrupted || s->memexceeded || __atomic_load_n(&s->cancel, __ATOMIC_RELAXED) || lr_now() >= s->deadline) {
		// From now on fail before every instruction, so that a script catching
		// the error with pcall cannot keep running (the state is discarded).
		s->interrupted = 1;
		lua_sethook(L, lr_hook, LUA_MASKCOUNT, 1);
		luaL_error(L, "script interrupted: timeout, cancellation or memory budget");
	}
}

static void lr_cancel(lr_state *s) { __atomic_store_n(&s->cancel, 1, __ATOMIC_RELAXED); }

// response(body [, status [, content_type]]): the strings are kept in registry
// slots so the pointers Go reads stay valid until the next run.
static int lr_response(lua_State *L) {
	lr_state *s = lr_of(L);
	size_t blen, clen;
	luaL_checklstring(L, 1, &blen);
	lua_Integer status = luaL_optinteger(L, 2, 200);
	const char *ctype = luaL_optlstring(L, 3, NULL, &clen);
	if (s->responded) return luaL_error(L, "response() called twice");
	if (status < 200 || status > 599) return luaL_argerror(L, 2, "status must be between 200 and 599");
	lua_settop(L, 3);
	lua_pushvalue(L, 1);
	lua_rawseti(L, LUA_REGISTRYINDEX, s->body_ref);
	lua_pushvalue(L, 3);
	lua_rawseti(L, LUA_REGISTRYINDEX, s->ctype_ref);
	s->body = lua_tostring(L, 1); // the same string object as in the registry
	s->body_len = (int)blen;      // < 64 MiB: bounded by the allocator
	s->ctype = ctype;
	s->ctype_len = (int)clen;
	s->status = (int)status;
	s->responded = 1;
	return 0;
}

// ---- json(value): the output of Go's encoding/json for the same Go values ----

typedef struct { char *p; size_t n, cap; int slot; } lr_buf; // bytes live in a userdata at slot
typedef struct { const char *s; size_t len; int isnum; lua_Number num; } lr_key;

static void lr_grow(lua_State *L, lr_buf *b, size_t need) {
	size_t cap = b->cap;
	if (cap - b->n >= need) return;
	while (cap - b->n < need) cap *= 2;
	char *p = lua_newuserdata(L, cap); // fails with "not enough memory" past the cap
	memcpy(p, b->p, b->n);
	lua_replace(L, b->slot);
	b->p = p;
	b->cap = cap;
}

static void lr_put(lua_State *L, lr_buf *b, const char *s, size_t n) {
	lr_grow(L, b, n);
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

static int lr_jsonerr(lua_State *L, const char *msg) { return luaL_argerror(L, 1, msg); }

// lr_fmt formats a finite f like strconv.FormatFloat(f, 'f', -1, 64), or with
// json set like encoding/json ('e' format outside [1e-6, 1e21)). out: 400 bytes.
static size_t lr_fmt(double f, int json, char *out) {
	double a = fabs(f);
	if (f == floor(f) && a < 9007199254740992.0) return (size_t)snprintf(out, 400, "%.0f", f);
	char tmp[32], d[20];
	int p, n = 0, x, k = 0;
	for (p = 1; p <= 17; p++) { // shortest digits that read back as f
		snprintf(tmp, sizeof tmp, "%.*e", p - 1, f);
		if (p == 17 || strtod(tmp, NULL) == f) break;
	}
	const char *c = tmp + (tmp[0] == '-');
	for (; *c != 'e'; c++)
		if (*c != '.') d[n++] = *c;
	x = atoi(c + 1); // f = d[0].d[1]... * 10^x
	while (n > 1 && d[n - 1] == '0') n--;
	if (signbit(f)) out[k++] = '-';
	if (json && (a < 1e-6 || a >= 1e21)) {
		out[k++] = d[0];
		if (n > 1) out[k++] = '.';
		for (int i = 1; i < n; i++) out[k++] = d[i];
		k += snprintf(out + k, 400 - k, x < 0 ? "e-%d" : "e+%02d", x < 0 ? -x : x);
	} else if (x < 0) {
		out[k++] = '0';
		out[k++] = '.';
		for (int i = -1; i > x; i--) out[k++] = '0';
		for (int i = 0; i < n; i++) out[k++] = d[i];
	} else {
		for (int i = 0; i <= x || i < n; i++) {
			if (i == x + 1) out[k++] = '.';
			out[k++] = i < n ? d[i] : '0';
		}
	}
	return (size_t)k;
}

// lr_utf8 returns the length of the valid UTF-8 sequence at s (0 if invalid,
// with Go's rules) and its code point in *r.
static size_t lr_utf8(const unsigned char *s, size_t n, uint32_t *r) {
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t m, i;
	if (c >= 0xC2 && c <= 0xDF) m = 2;
	else if (c >= 0xE0 && c <= 0xEF) { m = 3; lo = c == 0xE0 ? 0xA0 : lo; hi = c == 0xED ? 0x9F : hi; }
	else if (c >= 0xF0 && c <= 0xF4) { m = 4; lo = c == 0xF0 ? 0x90 : lo; hi = c == 0xF4 ? 0x8F : hi; }
	else return 0;
	if (n < m || s[1] < lo || s[1] > hi) return 0;
	for (i = 2; i < m; i++)
		if (s[i] < 0x80 || s[i] > 0xBF) return 0;
	*r = c & (0x7F >> m);
	for (i = 1; i < m; i++) *r = *r << 6 | (s[i] & 0x3F);
	return m;
}

// lr_string writes a JSON string escaped like encoding/json (HTML-safe,
// invalid UTF-8 as \ufffd, U+2028/U+2029 escaped).
static void lr_string(lua_State *L, lr_buf *b, const char *s, size_t n) {
	static const char hex[] = "0123456789abcdef";
	lr_put(L, b, "\"", 1);
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		lr_grow(L, b, 6);
		char *o = b->p + b->n;
		if (c >= 0x80) {
			uint32_t r = 0;
			size_t m = lr_utf8((const unsigned char *)s + i, n - i, &r);
			if (m == 0) { memcpy(o, "\\ufffd", 6); b->n += 6; i++; }
			else if (r == 0x2028 || r == 0x2029) { memcpy(o, r == 0x2028 ? "\\u2028" : "\\u2029", 6); b->n += 6; i += m; }
			else { memcpy(o, s + i, m); b->n += m; i += m; }
			continue;
		}
		i++;
		const char *esc = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\b' ? "\\b" : c == '\f' ? "\\f"
			: c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;
		if (esc) { memcpy(o, esc, 2); b->n += 2; }
		else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
			memcpy(o, "\\u00", 4); o[4] = hex[c >> 4]; o[5] = hex[c & 15]; b->n += 6;
		} else { o[0] = (char)c; b->n++; }
	}
	lr_put(L, b, "\"", 1);
}

static int lr_keycmp(const void *a, const void *b) {
	const lr_key *x = a, *y = b;
	int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);
	return c ? c : (x->len > y->len) - (x->len < y->len);
}

static void lr_value(lua_State *L, lr_buf *b, int i, int depth);

// lr_table: a table with t[1] ~= nil is an array of t[1..#t]; any other table
// is an object whose string or number keys are sorted bytewise, as Go sorts map keys.
static void lr_table(lua_State *L, lr_buf *b, int t, int depth) {
	size_t len = lua_objlen(L, t), n = 0, k = 0;
	luaL_checkstack(L, 8, "json");
	if (len > 0) {
		for (size_t i = 1; i <= len; i++) {
			lr_put(L, b, i == 1 ? "[" : ",", 1);
			lua_rawgeti(L, t, (int)i);
			lr_value(L, b, lua_gettop(L), depth);
			lua_pop(L, 1);
		}
		lr_put(L, b, "]", 1);
		return;
	}
	for (lua_pushnil(L); lua_next(L, t); lua_pop(L, 1)) n++;
	lr_key *keys = lua_newuserdata(L, (n ? n : 1) * sizeof *keys);
	lua_newtable(L); // anchors the strings made from number keys
	int anchor = lua_gettop(L);
	for (lua_pushnil(L); lua_next(L, t);) {
		lua_pop(L, 1);
		lr_key *e = &keys[k++];
		e->isnum = lua_type(L, -1) == LUA_TNUMBER;
		if (e->isnum) {
			char tmp[400];
			e->num = lua_tonumber(L, -1);
			if (isinf(e->num)) lua_pushstring(L, e->num > 0 ? "+Inf" : "-Inf");
			else lua_pushlstring(L, tmp, lr_fmt(e->num, 0, tmp));
			e->s = lua_tolstring(L, -1, &e->len);
			lua_rawseti(L, anchor, (int)k);
		} else if (lua_type(L, -1) == LUA_TSTRING) {
			e->s = lua_tolstring(L, -1, &e->len); // a key of t: alive while t is
		} else {
			lua_pushfstring(L, "cannot encode a %s key", luaL_typename(L, -1));
			lr_jsonerr(L, lua_tostring(L, -1));
		}
	}
	qsort(keys, k, sizeof *keys, lr_keycmp);
	lr_put(L, b, "{", 1);
	for (size_t i = 0, out = 0; i < k; i++) {
		if (i > 0 && lr_keycmp(&keys[i - 1], &keys[i]) == 0) continue; // 1 and "1": one key
		if (out++) lr_put(L, b, ",", 1);
		lr_string(L, b, keys[i].s, keys[i].len);
		lr_put(L, b, ":", 1);
		if (keys[i].isnum) lua_pushnumber(L, keys[i].num);
		else lua_pushlstring(L, keys[i].s, keys[i].len);
		lua_rawget(L, t);
		lr_value(L, b, lua_gettop(L), depth);
		lua_pop(L, 1);
	}
	lr_put(L, b, "}", 1);
	lua_pop(L, 2);
}

static void lr_value(lua_State *L, lr_buf *b, int i, int depth) {
	char tmp[400];
	double f;
	size_t n;
	const char *s;
	switch (lua_type(L, i)) {
	case LUA_TNIL: lr_put(L, b, "null", 4); return;
	case LUA_TBOOLEAN: lua_toboolean(L, i) ? lr_put(L, b, "true", 4) : lr_put(L, b, "false", 5); return;
	case LUA_TNUMBER:
		f = lua_tonumber(L, i);
		if (isnan(f) || isinf(f)) lr_jsonerr(L, "cannot encode NaN or infinity");
		lr_put(L, b, tmp, lr_fmt(f, 1, tmp));
		return;
	case LUA_TSTRING: s = lua_tolstring(L, i, &n); lr_string(L, b, s, n); return;
	case LUA_TTABLE:
		if (depth >= LR_JSON_DEPTH) lr_jsonerr(L, "table nested too deeply");
		lr_table(L, b, i, depth + 1);
		return;
	default:
		lua_pushfstring(L, "cannot encode a %s", luaL_typename(L, i));
		lr_jsonerr(L, lua_tostring(L, -1));
	}
}

// math.random and math.randomseed with a per-state generator: C's rand() is
// shared by the whole process, so a seed set by one run would fix the numbers
// of every later run.
static double lr_rand01(lr_state *s) {
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return (double)((s->rng * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

static int lr_random(lua_State *L) {
	lr_state *s = lr_of(L);
	double r = lr_rand01(s);
	switch (lua_gettop(L)) {
	case 0: lua_pushnumber(L, r); return 1;
	case 1: {
		lua_Number u = floor(luaL_checknumber(L, 1));
		luaL_argcheck(L, 1 <= u, 1, "interval is empty");
		lua_pushnumber(L, floor(r * u) + 1);
		return 1;
	}
	default: {
		lua_Number l = floor(luaL_checknumber(L, 1)), u = floor(luaL_checknumber(L, 2));
		luaL_argcheck(L, l <= u, 2, "interval is empty");
		lua_pushnumber(L, floor(r * (u - l + 1)) + l);
		return 1;
	}
	}
}

static int lr_randomseed(lua_State *L) {
	lr_state *s = lr_of(L);
	lua_Number n = luaL_checknumber(L, 1);
	uint64_t seed;
	memcpy(&seed, &n, sizeof seed);
	s->rng = seed ? seed : 0x9E3779B97F4A7C15ULL;
	return 0;
}

static int lr_json(lua_State *L) {
	luaL_checkany(L, 1);
	lua_settop(L, 1);
	lr_buf b = {lua_newuserdata(L, 256), 0, 256, 2};
	lr_value(L, &b, 1, 0);
	lua_pushlstring(L, b.p, b.n);
	return 1;
}

// lr_guard wraps a string function taking a pattern as argument 2.
static int lr_guard(lua_State *L) {
	if (lua_type(L, 2) == LUA_TSTRING && lua_objlen(L, 2) > LR_MAX_PATTERN)
		return luaL_argerror(L, 2, "pattern too long");
	if (lua_type(L, 1) == LUA_TSTRING && lua_type(L, 2) == LUA_TSTRING) {
		size_t n = lua_objlen(L, 1), plen;
		const char *p = lua_tolstring(L, 2, &plen);
		int q = 0;
		for (size_t i = 0; i < plen; i++) {
			if (p[i] == '%') i++;
			else if (p[i] == '*' || p[i] == '+' || p[i] == '-' || p[i] == '?') q++;
		}
		if (q > 0 && n > 1 && (q + 1) * log((double)n) > log(LR_MAX_STEPS))
			return luaL_error(L, "pattern too complex for a subject of %d bytes (%d quantifiers)", (int)n, q);
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return lua_gettop(L);
}

// ---- pristine globals: recorded once, restored after every successful run ----

// lr_track appends {table, copy, metatable or false, entry count} for the
// table at index t to the list at p, unless seen already.
static void lr_track(lua_State *L, int p, int seen, int t) {
	int n = 0;
	lua_pushvalue(L, t);
	lua_rawget(L, seen);
	int dup = lua_toboolean(L, -1);
	lua_pop(L, 1);
	if (dup) return;
	lua_pushvalue(L, t);
	lua_pushboolean(L, 1);
	lua_rawset(L, seen);
	lua_createtable(L, 4, 0);
	lua_pushvalue(L, t);
	lua_rawseti(L, -2, 1);
	lua_newtable(L);
	for (lua_pushnil(L); lua_next(L, t); n++) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, -4);
	}
	lua_rawseti(L, -2, 2);
	if (!lua_getmetatable(L, t)) lua_pushboolean(L, 0);
	lua_rawseti(L, -2, 3);
	lua_pushinteger(L, n);
	lua_rawseti(L, -2, 4);
	lua_rawseti(L, p, (int)lua_objlen(L, p) + 1);
}

static void lr_restore(lua_State *L, lr_state *s) {
	lua_pushliteral(L, "params"); // set by every run: not a change to undo
	lua_pushnil(L);
	lua_rawset(L, LUA_GLOBALSINDEX);
	lua_rawgeti(L, LUA_REGISTRYINDEX, s->pristine_ref);
	int p = lua_gettop(L), n = (int)lua_objlen(L, p);
	for (int i = 1; i <= n; i++) {
		lua_rawgeti(L, p, i);
		int e = lua_gettop(L), t = e + 1, copy = e + 2, mt = e + 3, dirty = 0;
		lua_Integer count = 0;
		lua_rawgeti(L, e, 1);
		lua_rawgeti(L, e, 2);
		lua_rawgeti(L, e, 3);
		// one pass compares, and clears keys the run added (allowed during lua_next)
		for (lua_pushnil(L); lua_next(L, t); lua_pop(L, 2), count++) {
			lua_pushvalue(L, -2);
			lua_rawget(L, copy);
			if (lua_rawequal(L, -1, -2)) continue;
			dirty = 1;
			if (lua_isnil(L, -1)) {
				lua_pushvalue(L, -3);
				lua_pushnil(L);
				lua_rawset(L, t);
			}
		}
		lua_rawgeti(L, e, 4);
		if (dirty || count != lua_tointeger(L, -1)) {
			for (lua_pushnil(L); lua_next(L, copy);) {
				lua_pushvalue(L, -2);
				lua_insert(L, -2);
				lua_rawset(L, t);
			}
		}
		if (lua_toboolean(L, mt)) lua_pushvalue(L, mt);
		else lua_pushnil(L);
		lua_setmetatable(L, t); // raw: ignores __metatable
		lua_settop(L, e - 1);
	}
	lua_pop(L, 1);
}

// ---- entry points (called from Go, each wraps its work in lua_cpcall) ----

static int lr_init(lua_State *L) {
	static const struct { const char *name; lua_CFunction open; } libs[] = {
		{"", luaopen_base}, {LUA_TABLIBNAME, luaopen_table},
		{LUA_STRLIBNAME, luaopen_string}, {LUA_MATHLIBNAME, luaopen_math}};
	// code loading, files, stdout, environments, userdata with finalizers, coroutines
	static const char *const removed[] = {"dofile", "loadfile", "load", "loadstring",
		"require", "module", "collectgarbage", "gcinfo", "print", "getfenv", "setfenv",
		"newproxy", "coroutine", NULL};
	static const char *const patterns[] = {"find", "match", "gmatch", "gsub", NULL};
	lr_state *s = lua_touserdata(L, 1);
	for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++) {
		lua_pushcfunction(L, libs[i].open);
		lua_pushstring(L, libs[i].name);
		lua_call(L, 1, 0);
	}
	for (const char *const *r = removed; *r; r++) {
		lua_pushnil(L);
		lua_setfield(L, LUA_GLOBALSINDEX, *r);
	}
	lua_getglobal(L, LUA_STRLIBNAME);
	for (const char *const *f = patterns; *f; f++) {
		lua_getfield(L, -1, *f);
		lua_pushcclosure(L, lr_guard, 1);
		lua_setfield(L, -2, *f);
	}
	lua_pushnil(L);
	lua_setfield(L, -2, "dump"); // bytecode is useless without load and unsafe with it
	lua_pop(L, 1);
	lua_getglobal(L, LUA_MATHLIBNAME);
	lua_pushcfunction(L, lr_random);
	lua_setfield(L, -2, "random");
	lua_pushcfunction(L, lr_randomseed);
	lua_setfield(L, -2, "randomseed");
	lua_pop(L, 1);
	lua_register(L, "response", lr_response);
	lua_register(L, "json", lr_json);

	lua_newtable(L);
	s->cache_ref = luaL_ref(L, LUA_REGISTRYINDEX); // script index -> compiled chunk
	lua_pushboolean(L, 0);
	s->body_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_pushboolean(L, 0);
	s->ctype_ref = luaL_ref(L, LUA_REGISTRYINDEX);

	// record _G, every table in it (the libraries) and the string metatable
	lua_newtable(L);
	int p = lua_gettop(L), seen = p + 1, g = p + 2;
	lua_newtable(L);
	lua_pushvalue(L, LUA_GLOBALSINDEX);
	lr_track(L, p, seen, g);
	for (lua_pushnil(L); lua_next(L, g); lua_pop(L, 1))
		if (lua_istable(L, -1)) lr_track(L, p, seen, lua_gettop(L));
	lua_pushliteral(L, "");
	if (lua_getmetatable(L, -1)) lr_track(L, p, seen, lua_gettop(L));
	lua_pushvalue(L, p);
	s->pristine_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_sethook(L, lr_hook, LUA_MASKCOUNT, LR_HOOK_COUNT);
	return 0;
}

// lr_script pushes script s->script, compiling and caching it on first use.
static void lr_script(lua_State *L, lr_state *s) {
	lua_rawgeti(L, LUA_REGISTRYINDEX, s->cache_ref);
	lua_rawgeti(L, -1, s->script);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		lua_pushlstring(L, s->name, s->name_len);
		const char *chunk = lua_pushfstring(L, "@%s", lua_tostring(L, -1));
		if (luaL_loadbuffer(L, s->src, s->src_len, chunk) != 0) lua_error(L);
		lua_replace(L, -3);
		lua_pop(L, 1);
		lua_pushvalue(L, -1);
		lua_rawseti(L, -3, s->script);
	}
	lua_remove(L, -2);
}

static int lr_compile_p(lua_State *L) {
	lr_script(L, lua_touserdata(L, 1));
	return 0;
}

static int lr_run_p(lua_State *L) {
	lr_state *s = lua_touserdata(L, 1);
	const char *p = s->params, *end = p + s->params_len;
	lua_newtable(L);
	while (end - p >= 8) { // (uint32 length, bytes) for a key, then for its value
		for (int i = 0; i < 2; i++) {
			uint32_t n;
			memcpy(&n, p, 4);
			lua_pushlstring(L, p + 4, n);
			p += 4 + n;
		}
		lua_rawset(L, -3);
	}
	lua_pushliteral(L, "params");
	lua_insert(L, -2);
	lua_rawset(L, LUA_GLOBALSINDEX);
	s->responded = 0;
	lr_script(L, s);
	lua_call(L, 0, 0);
	if (!s->responded) return luaL_error(L, "script did not call response()");
	lr_restore(L, s);
	return 0;
}

// lr_exec runs f under lua_cpcall with a deadline; on error it copies the
// message into s->err without touching Lua's allocator.
static int lr_exec(lr_state *s, lua_CFunction f, int64_t timeout_ns) {
	lua_State *L = s->L;
	int64_t now = lr_now();
	s->interrupted = 0;
	s->memexceeded = 0;
	s->deadline = timeout_ns > INT64_MAX - now ? INT64_MAX : now + timeout_ns;
	int rc = lua_cpcall(L, f, s);
	s->deadline = INT64_MAX;
	s->name = s->src = s->params = NULL;
	if (rc != 0) {
		size_t n = 0;
		if (lua_type(L, -1) == LUA_TSTRING) {
			const char *msg = lua_tolstring(L, -1, &n);
			n = n < sizeof s->err ? n : sizeof s->err - 1;
			memcpy(s->err, msg, n);
			s->err[n] = 0;
		} else if (lua_type(L, -1) == LUA_TNUMBER) {
			snprintf(s->err, sizeof s->err, LUA_NUMBER_FMT, lua_tonumber(L, -1));
		} else {
			snprintf(s->err, sizeof s->err, "(error object is a %s value)", luaL_typename(L, -1));
		}
	}
	lua_settop(L, 0);
	return rc;
}

static lr_state *lr_open(size_t limit) {
	lr_state *s = calloc(1, sizeof *s);
	if (s == NULL) return NULL;
	s->limit = limit;
	s->deadline = INT64_MAX;
	s->L = lua_newstate(lr_alloc, s);
	if (s->L == NULL) {
		free(s);
		return NULL;
	}
	if (lr_exec(s, lr_init, INT64_MAX) != 0) {
		lua_close(s->L);
		free(s);
		return NULL;
	}
	return s;
}

static void lr_close(lr_state *s) {
	lua_close(s->L);
	free(s);
}

static int lr_compile(lr_state *s, int script, const char *name, size_t name_len, const char *src, size_t src_len) {
	s->script = script;
	s->name = name;
	s->name_len = name_len;
	s->src = src;
	s->src_len = src_len;
	return lr_exec(s, lr_compile_p, INT64_MAX);
}

static int lr_run(lr_state *s, int script, const char *name, size_t name_len, const char *src, size_t src_len,
                  const char *params, size_t params_len, int64_t timeout_ns, size_t budget, uint64_t seed) {
	s->rng = seed ? seed : 0x9E3779B97F4A7C15ULL;
	// per-run budget: what the state holds now (libraries, compiled scripts)
	// plus budget; the state-wide cap applies again after the run
	size_t cap = s->limit;
	s->limit = s->used + budget < cap ? s->used + budget : cap;
	s->script = script;
	s->name = name;
	s->name_len = name_len;
	s->src = src;
	s->src_len = src_len;
	s->params = params;
	s->params_len = params_len;
	int rc = lr_exec(s, lr_run_p, timeout_ns);
	s->limit = cap;
	return rc;
}
*/
import "C"

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"mime"
	"runtime"
	"time"
	"unsafe"
)

// memoryLimit caps the memory of one interpreter state.
const memoryLimit = 64 << 20

// checkContextFirst: a run whose context has ended is refused before
// admission, as C Lua notices the end only every LR_HOOK_COUNT instructions.
const checkContextFirst = true

// program is a script's slot in the chunk cache of every state (1-based): each
// state compiles a script on its first run of it.
type program = C.int

// compile compiles every script in a new state, so that syntax errors fail
// New; that state becomes the first pooled one.
func compile(scripts []script) (*state, error) {
	st, err := newState()
	if err != nil {
		return nil, err
	}
	for i := range scripts {
		scripts[i].prog = C.int(i + 1)
		if err := st.compile(&scripts[i]); err != nil {
			st.close()
			return nil, fmt.Errorf("%w: parse %s: %w", ErrScript, scripts[i].name, err)
		}
	}
	return st, nil
}

// state is one sandboxed C Lua state; it is used by one goroutine at a time.
type state struct {
	s       *C.lr_state
	params  []byte // encoded params, reused between runs
	cleanup runtime.Cleanup
}

func newState() (*state, error) {
	s := C.lr_open(memoryLimit)
	if s == nil {
		return nil, errors.New("luarun: cannot create a Lua state")
	}
	st := &state{s: s}
	// Frees the C memory of states dropped without close (a Runner never closed).
	st.cleanup = runtime.AddCleanup(st, func(s *C.lr_state) { C.lr_close(s) }, s)
	return st, nil
}

func (st *state) close() {
	st.cleanup.Stop()
	C.lr_close(st.s)
	st.s = nil
}

func (st *state) compile(sc *script) error {
	if C.lr_compile(st.s, sc.prog, cstr(sc.name), C.size_t(len(sc.name)), cbytes(sc.src), C.size_t(len(sc.src))) != 0 {
		return errors.New(C.GoString(&st.s.err[0]))
	}
	return nil
}

// run executes sc with the deadline timeout (or ctx's, if earlier) and the
// memory budget; a failed run reports how it ended (interrupted even if the
// script caught the error).
func (st *state) run(ctx context.Context, sc *script, params map[string]string, timeout time.Duration, budget int64) (resp Response, f failure, err error) {
	defer func() {
		if p := recover(); p != nil { // never let a bug here take the service down
			resp, f, err = Response{}, failScript, fmt.Errorf("panic: %v", p)
		}
	}()
	if deadline, ok := ctx.Deadline(); ok {
		timeout = min(timeout, time.Until(deadline))
	}
	if st.params, err = appendParams(st.params[:0], params); err != nil {
		return Response{}, failScript, err
	}
	s := st.s
	s.cancel = 0
	if ctx.Done() != nil {
		// The callback may outlive the run: wait for it before s is reused or freed.
		fired := make(chan struct{})
		stop := context.AfterFunc(ctx, func() {
			C.lr_cancel(s)
			close(fired)
		})
		defer func() {
			if !stop() {
				<-fired
			}
		}()
	}
	rc := C.lr_run(s, sc.prog, cstr(sc.name), C.size_t(len(sc.name)), cbytes(sc.src), C.size_t(len(sc.src)),
		cbytes(st.params), C.size_t(len(st.params)), C.int64_t(timeout), C.size_t(budget), C.uint64_t(rand.Uint64())) //nolint:gosec // math.random, not for secrets
	switch {
	case s.memexceeded != 0:
		return Response{}, failMemory, errors.New("memory budget exceeded")
	case s.interrupted != 0:
		return Response{}, interruption(ctx), errors.New("interrupted")
	case rc != 0:
		return Response{}, failScript, errors.New(C.GoString(&s.err[0]))
	}
	resp = Response{Status: int(s.status), ContentType: DefaultContentType, Body: C.GoStringN(s.body, s.body_len)}
	if s.ctype != nil {
		resp.ContentType = C.GoStringN(s.ctype, s.ctype_len)
		if _, _, err := mime.ParseMediaType(resp.ContentType); err != nil {
			return Response{}, failScript, fmt.Errorf("bad argument #3 to 'response' (invalid content type): %w", err)
		}
	}
	return resp, 0, nil
}

// appendParams encodes params for C: for each key and then its value, a
// native-endian uint32 length followed by the bytes.
func appendParams(b []byte, params map[string]string) ([]byte, error) {
	for k, v := range params {
		for _, s := range [2]string{k, v} {
			if len(s) > memoryLimit {
				return nil, errors.New("parameter too long")
			}
			b = binary.NativeEndian.AppendUint32(b, uint32(len(s)))
			b = append(b, s...)
		}
	}
	return b, nil
}

// cstr and cbytes pass Go memory to C for the duration of one call; C copies
// what it keeps (cgo pointer rules: the memory holds no Go pointers).
func cstr(s string) *C.char { return (*C.char)(unsafe.Pointer(unsafe.StringData(s))) }

func cbytes(b []byte) *C.char { return (*C.char)(unsafe.Pointer(unsafe.SliceData(b))) }
