-- GET /orders/{n} for random n below ORDERS (an environment variable: how many orders exist)
local orders = tonumber(os.getenv("ORDERS") or "1000")
request = function()
  return wrk.format("GET", "/orders/" .. math.random(0, orders - 1))
end
