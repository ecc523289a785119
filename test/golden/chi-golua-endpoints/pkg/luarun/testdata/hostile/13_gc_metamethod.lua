-- A finaliser that would run during a later request.
setmetatable({}, { __gc = function() leak = 1 end })
pcall(function() local p = newproxy(true); getmetatable(p).__gc = function() leak = 1 end end)
response("ok")
