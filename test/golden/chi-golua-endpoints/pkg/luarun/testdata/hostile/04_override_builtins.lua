-- Replace library and base functions.
string.upper = function() return "pwned" end
tostring = function() return "pwned" end
type = function() return "pwned" end
pairs = nil
response("ok")
