-- Tamper with the service's own globals.
local r = response
params.leak = 1
response = nil
json = function() return "pwned" end
r("ok")
