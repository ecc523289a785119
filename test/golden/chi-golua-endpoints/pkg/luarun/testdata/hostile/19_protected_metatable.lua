-- Remove the protection of the string metatable.
pcall(function() getmetatable("").__metatable = nil end)
pcall(rawset, getmetatable(""), "__index", {})
pcall(setmetatable, "", {})
response("ok")
