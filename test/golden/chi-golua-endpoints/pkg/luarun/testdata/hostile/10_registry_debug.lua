-- The registry through the debug library (which must not be there).
pcall(function() debug.getregistry().leak = 1 end)
pcall(function() debug.setmetatable(1, { __index = {} }) end)
response("ok")
