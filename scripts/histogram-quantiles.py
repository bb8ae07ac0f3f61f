#!/usr/bin/env python3
"""The quantiles of what the services timed between two scrapes of their Prometheus endpoints:
  histogram-quantiles.py BEFORE_DIR AFTER_DIR
Each folder holds one scrape per service (<service>.prom, the text of /actuator/prometheus). For every histogram
(a *_seconds_bucket series: the bazaar.* timers, docs/metrics.md) that counted at least 100 events between the two,
prints its events and, for p50, p99 and p99.9, the upper bound of the bucket that holds that quantile: the value is
at most that (the buckets start at 0.5 ms, so a p50 of "0.50" means at most half a millisecond)."""
import math
import pathlib
import re
import sys

SERIES = re.compile(r'^(\w+)_seconds_bucket\{(.*)\} (\S+)$')
LABEL = re.compile(r'(\w+)="([^"]*)"')


def buckets(folder):
    found = {}
    for scrape in sorted(pathlib.Path(folder).glob("*.prom")):
        for line in scrape.read_text().splitlines():
            match = SERIES.match(line)
            if not match or match.group(1).startswith("jvm"):
                continue
            labels = dict(LABEL.findall(match.group(2)))
            bound = math.inf if labels["le"] == "+Inf" else float(labels["le"])
            tags = ",".join(f"{k}={v}" for k, v in sorted(labels.items()) if k in ("uri", "status", "outcome"))
            series = found.setdefault((scrape.stem, match.group(1), tags), {})
            series[bound] = series.get(bound, 0) + float(match.group(3))
    return found


def main():
    before, after = buckets(sys.argv[1]), buckets(sys.argv[2])
    rows = []
    for key, counts in sorted(after.items()):
        earlier = before.get(key, {})
        cumulative = [(bound, counts[bound] - earlier.get(bound, 0)) for bound in sorted(counts)]
        events = cumulative[-1][1]
        if events < 100:
            continue
        bounds = []
        for q in (0.5, 0.99, 0.999):
            bound = next(bound for bound, count in cumulative if count >= q * events)
            bounds.append("over 10 s" if math.isinf(bound) else f"{1000 * bound:.2f}")
        service, name, tags = key
        rows.append((service, name + (" " + tags if tags else ""), int(events), bounds))
    # the series column as wide as its longest name, so that the figures line up whatever the tags
    width = max((len(series) for _, series, _, _ in rows), default=0)
    for service, series, events, bounds in rows:
        print(f"  {service:<9} {series:<{width}} {events:>7}  "
              f"p50 <= {bounds[0]}  p99 <= {bounds[1]}  p99.9 <= {bounds[2]} ms")


if __name__ == "__main__":
    main()
