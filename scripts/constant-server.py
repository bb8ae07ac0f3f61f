#!/usr/bin/env python3
"""A reference for the benchmarks: the smallest HTTP/1.1 server Python has (http.server, one thread, keep-alive),
answering every GET with a fixed lookup-shaped body. What a request costs on this machine with nothing of ours
in it: compare with scripts/latency-probe.py's figures for the front end.
  constant-server.py PORT   (listens on 127.0.0.1 until stopped)"""
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

BODY = b'{"data":{"name":"GameStart","price":15.99,"quantity":100}}'


class Constant(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    wbufsize = 65536  # the answer leaves in one write, as a real server's does

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)
        self.wfile.flush()

    def log_message(self, *args):
        pass


HTTPServer(("127.0.0.1", int(sys.argv[1])), Constant).serve_forever()
