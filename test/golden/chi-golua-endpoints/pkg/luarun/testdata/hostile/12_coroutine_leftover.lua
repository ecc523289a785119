-- A suspended coroutine that would resume later (coroutine must not be there).
pcall(function()
  local co = coroutine.create(function() leak = 1; coroutine.yield(); leak = 2 end)
  coroutine.resume(co)
  _G.pending = co
end)
response("ok")
