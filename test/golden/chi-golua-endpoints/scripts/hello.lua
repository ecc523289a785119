-- hello.lua: the default script behind GET /lua.
-- Without parameters it answers the plain text 'hello world'.
-- With ?name=gopher it answers JSON: {"hello":"gopher"}.
local name = params.name
if name ~= nil and name ~= '' then
  response(json({ hello = name }), 200, 'application/json')
else
  response 'hello world'
end
