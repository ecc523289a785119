-- rawset bypasses any __newindex protection.
rawset(string, "format", function() return "pwned" end)
rawset(_G, "leak", 1)
rawset(math, "floor", nil)
response("ok")
