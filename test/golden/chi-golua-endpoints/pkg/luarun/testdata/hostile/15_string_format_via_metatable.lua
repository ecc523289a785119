-- Reach the string library through the metatable and replace format there.
local mt = getmetatable("")
if type(mt) == "table" and type(mt.__index) == "table" then
  mt.__index.format = function() return "pwned" end
  rawset(mt.__index, "rep", nil)
end
string.format = nil
response("ok")
