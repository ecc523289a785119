-- Loaded modules through package.loaded (package must not be there).
pcall(function() package.loaded.string = { upper = function() return "pwned" end } end)
pcall(function() package.loaded._G.leak = 1 end)
pcall(function() require("string").leak = 1 end)
response("ok")
