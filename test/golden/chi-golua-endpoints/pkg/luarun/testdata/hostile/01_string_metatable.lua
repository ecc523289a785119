-- Change the string metatable shared by every string.
pcall(function() getmetatable("").__index.leak = "x" end)
pcall(function() getmetatable("").__index.upper = function() return "pwned" end end)
pcall(function() getmetatable("").__index = { upper = function() return "pwned" end } end)
response("ok")
