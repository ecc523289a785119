-- A metatable on the globals table makes every unknown global answer.
setmetatable(_G, { __index = function() return "pwned" end, __newindex = function() end })
response("ok")
