-- Wrap a builtin and try to reach its upvalues or environment.
local orig = string.format
string.format = function(...) return orig(...) .. "pwned" end
pcall(function() debug.setupvalue(orig, 1, {}) end)
pcall(function() setfenv(orig, { leak = 1 }) end)
pcall(function() getfenv(0).leak = 1 end)
response("ok")
