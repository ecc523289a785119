-- A plain global assignment.
leak = "x"
response("ok")
