-- Metatables for numbers, functions and booleans are shared by every value of that type.
pcall(setmetatable, 1, { __index = function() return "pwned" end })
pcall(setmetatable, type, { __index = {} })
pcall(setmetatable, true, {})
response("ok")
