-- Code loading that could define globals outside the run's environment.
pcall(function() loadstring("leak = 1")() end)
pcall(function() load(function() return nil end) end)
pcall(function() dofile("/etc/passwd") end)
response("ok")
