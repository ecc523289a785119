-- Replace the table library's functions.
table.insert = function() end
table.concat = function() return "pwned" end
table.sort = nil
response("ok")
