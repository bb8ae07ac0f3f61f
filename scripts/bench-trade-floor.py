#!/usr/bin/env python3
"""The least a sequential trade can take on this machine with the system's shape: the same processes, hops and
fsyncs, and nothing else.

Four processes stand in for the services on a trade's path, each a plain blocking socket server on 127.0.0.1 that
reads one short line and answers one (no HTTP, no JSON, no framework, no JIT):
  front end -> leader; the leader appends the trade to its journal, sends it to the follower, fdatasyncs its own
  journal meanwhile, then waits for the follower's answer (the follower appends and fdatasyncs); then the leader
  sends it to the catalog (which applies it, appends and fdatasyncs) -> answers -> the front end answers.
So it has the trade's four exchanges (the client's and three internal ones), its two fsync stages one after the
other (the leader's with the follower's, then the catalog's), and a process woken at each hop, as in
docs/replication.md. One client sends TRADES trades one after another on one connection (after WARMUP unmeasured)
and prints p50, p99 and mean; then the same with the fdatasyncs left out (the hops alone), and a single hop (the
client and one process that answers at once), as references. Journals are written under run/bench-trade-floor.
Settings: TRADES (default 3000), WARMUP (default 500), ROUNDS (default 2).
"""
import os
import signal
import socket
import statistics
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOLDER = os.path.join(ROOT, "run", "bench-trade-floor")
TRADES = int(os.environ.get("TRADES", "3000"))
WARMUP = int(os.environ.get("WARMUP", "500"))
ROUNDS = int(os.environ.get("ROUNDS", "2"))


def listener():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    return server


def connect(port):
    conn = socket.create_connection(("127.0.0.1", port))
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return conn, conn.makefile("rb")


def serve(server, make_handler):
    """Forks a process that answers one connection to server, line by line, with the handler that make_handler()
    returns (called in that process, so that its files and connections are its own); returns the process's id."""
    pid = os.fork()
    if pid:
        server.close()
        return pid
    try:
        handle = make_handler()
        conn, _ = server.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for line in conn.makefile("rb"):
            conn.sendall(handle(line))
    finally:
        os._exit(0)


def journal(name):
    return os.open(os.path.join(FOLDER, name), os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND)


def start_path(sync):
    """The four processes of a trade's path; answers the front end's port and the processes' ids."""
    flush = os.fdatasync if sync else (lambda fd: None)
    follower, catalog, leader, frontend = listener(), listener(), listener(), listener()
    ports = [server.getsockname()[1] for server in (follower, catalog, leader, frontend)]

    def follower_handler():
        fd = journal("follower.log")

        def append(line):
            os.write(fd, line)
            flush(fd)
            return b"ok\n"
        return append

    def catalog_handler():
        fd = journal("catalog.log")
        quantities = {}

        def apply(line):
            name = line.split()[1]
            quantities[name] = quantities.get(name, 100) + 1
            os.write(fd, line)
            flush(fd)
            return b"ok\n"
        return apply

    def leader_handler():
        fd = journal("leader.log")
        to_follower, from_follower = connect(ports[0])
        to_catalog, from_catalog = connect(ports[1])
        numbers = iter(range(1 << 62))

        def order(line):
            os.write(fd, line)
            to_follower.sendall(line)
            flush(fd)  # the leader's fsync while the follower appends and syncs
            from_follower.readline()
            to_catalog.sendall(line)
            from_catalog.readline()
            return b"%d\n" % next(numbers)
        return order

    def frontend_handler():
        to_leader, from_leader = connect(ports[2])

        def route(line):
            to_leader.sendall(line)
            return from_leader.readline()
        return route

    # each connects to the ones before it: their listening sockets already accept
    pids = [serve(follower, follower_handler), serve(catalog, catalog_handler), serve(leader, leader_handler),
            serve(frontend, frontend_handler)]
    return ports[3], pids


def start_echo():
    server = listener()
    port = server.getsockname()[1]
    return port, [serve(server, lambda: (lambda line: b"ok\n"))]


def measure(port):
    conn, answers = connect(port)
    times = []
    for i in range(WARMUP + TRADES):
        start = time.perf_counter()
        conn.sendall(b"sell GameStart 1 %d\n" % i)
        answers.readline()
        if i >= WARMUP:
            times.append(time.perf_counter() - start)
    conn.close()
    times.sort()
    n = len(times)
    return "p50 %.3f ms  p99 %.3f ms  mean %.3f ms" % (
        times[n // 2] * 1e3, times[int(n * 0.99)] * 1e3, statistics.mean(times) * 1e3)


def run(name, start):
    port, pids = start()
    try:
        print("  %-44s %s" % (name, measure(port)), flush=True)
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)


def main():
    os.makedirs(FOLDER, exist_ok=True)
    print("%d sequential trades on one connection after %d unmeasured, %d rounds" % (TRADES, WARMUP, ROUNDS))
    for r in range(1, ROUNDS + 1):
        print("round %d" % r)
        run("trade path: 4 exchanges, 2 fsync stages", lambda: start_path(True))
        run("trade path without the fdatasyncs", lambda: start_path(False))
        run("one exchange (a process that answers)", start_echo)


if __name__ == "__main__":
    main()
