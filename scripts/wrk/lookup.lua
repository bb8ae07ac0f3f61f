-- GET /stocks/{name} for one of the ten stocks at random, as a session of the load client looks them up
local names = {"GameStart", "BoarCo", "MenhirCo", "RottenFishCo", "AAPL", "AMZN", "GOOGL", "META", "NVDA", "NFLX"}
request = function()
  return wrk.format("GET", "/stocks/" .. names[math.random(#names)])
end
