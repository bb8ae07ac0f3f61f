#!/usr/bin/env python3
"""What an fsync of one appended row costs on this disk, as the journals on a trade's path do it.

Writes 64-byte lines to a file in run/bench-fsync (the disk the services' data folders use), each followed by
fdatasync, and prints the fdatasync's p50, p90, p99 and mean:
  - growing: the file grows with every line, as the order and catalog journals do (the fdatasync also commits
    the file's new size, a metadata change);
  - preallocated: the same lines written over zeros already written and synced (only data to flush);
each by one process, then by three at once (a leader, a follower and the catalog fsync at about the same time).
Settings: LINES (per process, default 2000), ROUNDS (default 2).
"""
import multiprocessing
import os
import statistics
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOLDER = os.path.join(ROOT, "run", "bench-fsync")
LINES = int(os.environ.get("LINES", "2000"))
ROUNDS = int(os.environ.get("ROUNDS", "2"))
LINE = b"x" * 63 + b"\n"


def writer(preallocated, index, results):
    path = os.path.join(FOLDER, "journal-%d.bin" % index)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC)
    try:
        if preallocated:
            os.write(fd, b"\0" * (LINES * len(LINE) + 4096))
            os.fsync(fd)
            os.lseek(fd, 0, os.SEEK_SET)
        times = []
        for _ in range(LINES):
            os.write(fd, LINE)
            start = time.perf_counter()
            os.fdatasync(fd)
            times.append(time.perf_counter() - start)
            # a pause between rows, as between trades, so that processes running at once interleave
            time.sleep(0.0003)
        results.put(times)
    finally:
        os.close(fd)
        os.unlink(path)


def measure(preallocated, processes):
    results = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=writer, args=(preallocated, i, results)) for i in range(processes)]
    for worker in workers:
        worker.start()
    times = sorted(t for _ in workers for t in results.get())
    for worker in workers:
        worker.join()
    n = len(times)
    return "p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  mean %.3f ms" % (
        times[n // 2] * 1e3, times[int(n * 0.9)] * 1e3, times[int(n * 0.99)] * 1e3, statistics.mean(times) * 1e3)


def main():
    os.makedirs(FOLDER, exist_ok=True)
    print("fdatasync after each %d-byte line, %d lines per process, in %s" % (len(LINE), LINES, FOLDER))
    for round_number in range(1, ROUNDS + 1):
        for processes in (1, 3):
            for preallocated in (False, True):
                who = "1 process" if processes == 1 else "%d processes at once" % processes
                print("round %d, %-20s %-12s  %s" % (round_number, who,
                      "preallocated" if preallocated else "growing", measure(preallocated, processes)))


if __name__ == "__main__":
    main()
