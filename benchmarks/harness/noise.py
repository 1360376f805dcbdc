#!/usr/bin/env python3
"""Server CPU per operation and the key figure of every repetition of two run-harness.sh runs, side by side.

usage: noise.py RUN1.jsonl RUN2.jsonl

One row per server and scenario; each cell lists the repetitions of one run in order. Python 3, standard library.
"""
import json
import sys

ORDER = ["duplex-raw", "duplex", "duplex-loop", "netty", "tomcat"]
KEY_FIGURE = {"echo": "msgs_per_s", "raw": "msgs_per_s", "broadcast": "deliveries_per_s",
              "connect": "handshakes_per_s"}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    data = {}
    for run, path in enumerate(sys.argv[1:]):
        with open(path) as lines:
            for line in lines:
                row = json.loads(line)
                key = (row["server"], row["scenario"])
                figure = row.get(KEY_FIGURE[row["mode"]])
                data.setdefault(key, ([], []))[run].append((row.get("server_cpu_us_per_op"), figure))
    print("| scenario | server | CPU µs/op, run 1 (reps) | run 2 (reps) | key figure/s, run 1 (reps) | run 2 (reps) |")
    print("| --- | --- | --- | --- | --- | --- |")
    rank = {name: i for i, name in enumerate(ORDER)}
    for server, scenario in sorted(data, key=lambda k: (k[1].replace("raw_", ""), rank.get(k[0], len(ORDER)))):
        runs = data[(server, scenario)]
        cpu = [", ".join(fmt(rep[0]) for rep in reps) for reps in runs]
        key = [", ".join(fmt(rep[1]) for rep in reps) for reps in runs]
        print(f"| {scenario} | {server} | {cpu[0]} | {cpu[1]} | {key[0]} | {key[1]} |")


def fmt(value):
    if value is None:
        return "n/a"
    return f"{value:,.0f}" if value >= 100 else f"{value:.2f}"


if __name__ == "__main__":
    main()
