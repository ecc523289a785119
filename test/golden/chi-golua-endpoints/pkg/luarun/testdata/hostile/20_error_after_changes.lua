-- Change everything, then fail: a failed run must not leave its changes behind.
leak = 1
string.upper = nil
setmetatable(_G, { __index = function() return "pwned" end })
error("failing after changing the environment")
