#!/usr/bin/env python3
"""One plain client on one keep-alive connection, requests one after another (Python's http.client: no pool, no
threads), against the front end. Prints p50, p99 and mean per kind of request, in milliseconds:
  latency-probe.py URL REQUESTS [lookup|trade|query ...]
A trade alternates a buy and a sell of one GameStart, so the stock's quantity stays put. A query asks for order 0.
Any answer but 200 stops the probe: a latency of failed requests would mean nothing.
PAUSE_MS=N waits N ms before each request, as a person between two requests (default 0: back to back).
LATENCIES=FILE also writes every request to FILE, one line each: its method and path, the wall-clock time it was sent (seconds
since the epoch) and its latency in ms, to line slow requests up with what the services logged at that moment."""
import http.client
import json
import os
import sys
import time
from urllib.parse import urlsplit

if len(sys.argv) < 3 or not sys.argv[2].isdigit() or int(sys.argv[2]) < 1 \
        or not set(sys.argv[3:]) <= {"lookup", "trade", "query"}:
    sys.exit("usage: latency-probe.py URL REQUESTS [lookup|trade|query ...] (REQUESTS at least 1)")
url, count = urlsplit(sys.argv[1]), int(sys.argv[2])
kinds = sys.argv[3:] or ["lookup", "trade", "query"]
connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
pause = float(os.environ.get("PAUSE_MS", "0")) / 1000
latencies = open(os.environ["LATENCIES"], "w") if os.environ.get("LATENCIES") else None


def request(method, path, body=None):
    headers = {"Content-Type": "application/json"} if body else {}
    sent = time.time()
    start = time.perf_counter()
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    text = response.read()
    elapsed = time.perf_counter() - start
    if response.status != 200:
        sys.exit(f"{method} {path} answered {response.status}: {text[:200]!r}")
    if latencies:
        latencies.write(f"{method} {path} {sent:.6f} {elapsed * 1000:.3f}\n")
    return elapsed * 1000


for kind in kinds:
    times = []
    for i in range(count):
        time.sleep(pause)
        if kind == "lookup":
            times.append(request("GET", "/stocks/GameStart"))
        elif kind == "trade":
            side = "buy" if i % 2 else "sell"
            times.append(request("POST", "/orders", json.dumps({"name": "GameStart", "quantity": 1, "type": side})))
        elif kind == "query":
            times.append(request("GET", "/orders/0"))
        else:
            sys.exit(f"unknown kind {kind}: lookup, trade or query")
    times.sort()
    after = f", each after a {pause * 1000:g} ms pause" if pause else ""
    print(f"{kind:<7} {count} sequential requests{after}: p50 {times[count // 2]:.2f} ms  "
          f"p99 {times[min(count - 1, count * 99 // 100)]:.2f} ms  mean {sum(times) / count:.2f} ms")
if latencies:
    latencies.close()
