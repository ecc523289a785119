-- Replace the _G entry itself.
_G = { leak = 1 }
_G._G = _G
response("ok")
