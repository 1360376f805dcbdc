#!/usr/bin/env python3
"""The performance targets of issue 10 as ratios, from the results of one run-harness.sh run.

usage: targets.py RESULTS.jsonl [--run-id ID]

Each figure is the median over the run's repetitions (as in the harness report); each ratio divides Duplex's median
by the anchor's median from the same interleaved run. Python 3, standard library only.
"""
import argparse
import json
import statistics

# (label, server, scenario, anchor server, anchor scenario, figure, goal, higher is better)
TARGETS = [
    ("/raw/echo 32 B: server CPU per round trip vs Netty", "duplex-raw", "raw_echo_text_32", "netty", "echo_text_32",
     "server_cpu_us_per_op", 0.8, False),
    ("/raw/echo 4 KiB: server CPU per round trip vs Netty", "duplex-raw", "raw_echo_bin_4k", "netty", "echo_bin_4k",
     "server_cpu_us_per_op", 0.8, False),
    ("/raw/echo 32 B: round trips/s vs Netty", "duplex-raw", "raw_echo_text_32", "netty", "echo_text_32",
     "msgs_per_s", 1.0, True),
    ("/raw/echo 4 KiB: round trips/s vs Netty", "duplex-raw", "raw_echo_bin_4k", "netty", "echo_bin_4k",
     "msgs_per_s", 1.0, True),
]
for server, mode in (("duplex", "handlers on the executor"), ("duplex-loop", "handlers on the I/O loop")):
    for size, scenario in (("32 B", "echo_text_32"), ("4 KiB", "echo_bin_4k")):
        raw = "raw_" + scenario
        TARGETS += [
            (f"/echo {size} ({mode}): server CPU per round trip vs Tomcat", server, scenario, "tomcat", scenario,
             "server_cpu_us_per_op", 1 / 3, False),
            (f"/echo {size} ({mode}): server CPU per round trip vs /raw/echo", server, scenario, "duplex-raw", raw,
             "server_cpu_us_per_op", 1.2, False),
            (f"/echo {size} ({mode}): round trips/s vs Tomcat", server, scenario, "tomcat", scenario,
             "msgs_per_s", 3.0, True),
        ]
    TARGETS += [
        (f"/broadcast, 1000 subscribers ({mode}): server CPU per delivery vs Netty", server, "broadcast_64", "netty",
         "broadcast_64", "server_cpu_us_per_op", 0.8, False),
        (f"/broadcast, 1000 subscribers ({mode}): deliveries/s vs Netty", server, "broadcast_64", "netty",
         "broadcast_64", "deliveries_per_s", 1.0, True),
    ]
TARGETS += [
    ("RSS per idle connection (10,000 held) vs Netty", "duplex", "connect_10k", "netty", "connect_10k",
     "bytes_per_conn", 0.5, False),
    ("handshakes/s vs Netty", "duplex", "connect_10k", "netty", "connect_10k", "handshakes_per_s", 1.0, True),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--run-id")
    args = parser.parse_args()
    values = {}
    with open(args.results) as lines:
        for line in lines:
            row = json.loads(line)
            if args.run_id and row.get("run_id") != args.run_id:
                continue
            for key, value in row.items():
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    values.setdefault((row.get("server"), row.get("scenario"), key), []).append(value)

    def median(server, scenario, key):
        found = values.get((server, scenario, key))
        return statistics.median(found) if found else None

    print("| target | Duplex | anchor | ratio | goal | reached |")
    print("|---|---|---|---|---|---|")
    for label, server, scenario, anchor, anchor_scenario, key, goal, higher in TARGETS:
        mine = median(server, scenario, key)
        theirs = median(anchor, anchor_scenario, key)
        if mine is None or theirs is None or theirs == 0:
            print(f"| {label} | {fmt(mine)} | {fmt(theirs)} | n/a | | |")
            continue
        ratio = mine / theirs
        reached = ratio >= goal if higher else ratio <= goal
        sign = ">=" if higher else "<="
        print(f"| {label} | {fmt(mine)} | {fmt(theirs)} | x{ratio:.2f} | {sign} x{goal:.2f} | "
              f"{'yes' if reached else 'no'} |")


def fmt(value):
    if value is None:
        return "n/a"
    return f"{value:,.0f}" if value >= 100 else f"{value:.2f}"


if __name__ == "__main__":
    main()
