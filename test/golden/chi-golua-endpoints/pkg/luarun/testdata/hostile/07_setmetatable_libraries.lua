-- Metatables on the library tables.
setmetatable(string, { __index = function() return "pwned" end })
setmetatable(math, { __newindex = function() end })
setmetatable(table, { __metatable = "locked" })
response("ok")
