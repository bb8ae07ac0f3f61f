#!/usr/bin/env python3
"""How often this machine takes a running thread off its CPU, and for how long: no Java, no disk, no network.
  bench-hiccups.py [SECONDS] [PROCESSES ...]
For each count of PROCESSES (default 1 2 3), that many processes each spin for SECONDS (default 10), reading the
clock in a tight loop; a gap between two readings longer than 1 ms is time the process did not run (another
thread ran on its CPU, or the hypervisor ran none of ours). Prints, per count, the share of the time lost, the
gaps by size, the longest, and how many seconds of the run held a gap over 2 ms.
With one process a core stays free for everything else; with as many as the machine has cores (two here) every
core is busy, as under load; with more, the kernel shares the cores in turns, so long gaps are expected there."""
import math
import multiprocessing
import os
import sys
import time

GAP = 0.001


def spin(seconds, queue):
    start = last = time.perf_counter()
    gaps = []
    while last - start < seconds:
        now = time.perf_counter()
        if now - last > GAP:
            gaps.append((last - start, now - last))
        last = now
    queue.put(gaps)


def run(seconds, processes):
    queue = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=spin, args=(seconds, queue)) for _ in range(processes)]
    for worker in workers:
        worker.start()
    gaps = [gap for _ in workers for gap in queue.get()]
    for worker in workers:
        worker.join()
    lost = sum(length for _, length in gaps)
    sizes = [sum(1 for _, length in gaps if low <= length < high) for low, high in
             ((0.001, 0.002), (0.002, 0.005), (0.005, 0.010), (0.010, float("inf")))]
    seconds_hit = len({int(at) for at, length in gaps if length > 0.002})
    longest = max((length for _, length in gaps), default=0)
    print(f"{processes} spinning process(es), {seconds:g} s each: {100 * lost / (seconds * processes):.2f} % of the "
          f"time lost; gaps 1-2 ms {sizes[0]}, 2-5 ms {sizes[1]}, 5-10 ms {sizes[2]}, over 10 ms {sizes[3]}; "
          f"longest {1000 * longest:.1f} ms; seconds with a gap over 2 ms in any process: {seconds_hit} of "
          f"{math.ceil(seconds)}")


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10
    counts = [int(count) for count in sys.argv[2:]] or [1, 2, 3]
    if seconds <= 0 or any(count < 1 for count in counts):
        sys.exit("usage: bench-hiccups.py [seconds > 0] [processes >= 1 ...]")
    print(f"{os.cpu_count()} CPUs")
    for processes in counts:
        run(seconds, processes)


if __name__ == "__main__":
    main()
