-- Probe: fingerprints the environment and checks that builtins behave.
local out = {}
local function add(s) out[#out + 1] = s end
local function check(name, ok) if not ok then add("FAIL " .. name) end end
local function keys(t)
  local ks = {}
  for k, v in pairs(t) do ks[#ks + 1] = tostring(k) .. ":" .. type(v) end
  table.sort(ks)
  return table.concat(ks, ",")
end
check("no global leak", rawget(_G, "leak") == nil and leak == nil and pending == nil)
check("_G", _G._G == _G and getmetatable(_G) == nil)
check("upper", ("abc"):upper() == "ABC" and string.upper("abc") == "ABC")
check("string index", ("x").leak == nil and string.leak == nil)
check("format", string.format("%d-%s", 7, "x") == "7-x" and ("%d"):format(3) == "3")
check("rep", ("ab"):rep(2) == "abab")
check("library identity", string.upper == ("").upper and string.format == ("").format and string.rep == ("").rep)
check("library metatables", getmetatable(string) == nil and getmetatable(table) == nil and getmetatable(math) == nil)
check("number metatable", getmetatable(1) == nil and not pcall(function() return (1).leak end))
check("function metatable", getmetatable(type) == nil and not pcall(function() return type.leak end))
check("boolean metatable", getmetatable(true) == nil)
check("table functions", table.concat({ 1, 2 }, ",") == "1,2")
local t = {}
table.insert(t, 5)
table.sort(t)
check("table insert", t[1] == 5)
check("math", math.floor(2.5) == 2 and math.max(1, 3) == 3 and math.leak == nil)
check("math.random", math.random(1, 1) == 1 and math.random() < 1)
check("tostring", tostring(12) == "12" and tostring(nil) == "nil" and type(1) == "number")
check("params", next(params) == nil)
check("service globals", type(response) == "function" and json({ 1 }) == "[1]")
add("G=" .. keys(_G))
add("string=" .. keys(string))
add("table=" .. keys(table))
add("math=" .. keys(math))
add("strmt=" .. type(getmetatable("")))
response(table.concat(out, "\n"))
