-- Fix the random sequence for later requests.
math.randomseed(42)
math.random = function() return 4 end
response("ok")
