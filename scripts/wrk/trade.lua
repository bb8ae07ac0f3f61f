-- POST /orders with a small sell of one of four stocks (sells are never refused for lack of stock)
local stocks = {"GameStart", "BoarCo", "MenhirCo", "RottenFishCo"}
local i = 0
request = function()
  i = i + 1
  local body = string.format('{"name":"%s","quantity":1,"type":"sell"}', stocks[(i % #stocks) + 1])
  return wrk.format("POST", "/orders", {["Content-Type"] = "application/json"}, body)
end
response = function(status, headers, body)
  if status ~= 200 then
    io.stderr:write("trade answered " .. status .. ": " .. body .. "\n")
  end
end
