#!/usr/bin/env bash
# Reproduces the harness table of docs/benchmarks.md with one command: Duplex's engine path (/raw/echo), its Spring
# path (/echo and /broadcast through @WsHandler, with handlers on the executor and on the I/O loop), the idle
# connection and handshake scenario, and the Netty and Tomcat anchors, in one interleaved compare.sh run of the
# shared harness; then the ratios against each performance target (harness/targets.py).
#
#   benchmarks/run-harness.sh [--reps N] [--quick] [--out DIR] [--bench DIR] [compare.sh options...]
#
#   --reps N     interleaved repetitions (default 2)
#   --quick      2 s warm-up and 5 s measured per scenario, 5000 connections held 3 s: a smoke run, not a figure
#   --out DIR    where the results (JSON lines) and reports go (default benchmarks/harness/results)
#   --bench DIR  the harness (default ../shared/bench next to the repository, else /work/shared/bench); it must be
#                built (its build.sh) before this script runs
# Other options go to compare.sh unchanged (for example --quiet-wait 90).
#
# The bench server jar is built first if it is missing (./mvnw -B -q -pl benchmarks/bench-server -am package).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HERE="$ROOT/benchmarks/harness"
BENCH="$ROOT/../shared/bench"
[[ -x "$BENCH/compare.sh" ]] || BENCH=/work/shared/bench
OUT="$HERE/results"
REPS=2
declare -a EXTRA=() PASS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --reps) REPS="$2"; shift 2 ;;
    --quick) EXTRA=(--extra '--warmup 2 --duration 5' --override 'connect_10k:--conns 5000 --warmup-conns 1000 --hold 3');
      shift ;;
    --out) OUT="$2"; shift 2 ;;
    --bench) BENCH="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) PASS+=("$1"); shift ;;
  esac
done
for jar in loadgen/target/loadgen.jar servers/netty/target/netty-server.jar servers/tomcat/target/tomcat-server.jar; do
  [[ -f "$BENCH/$jar" ]] || { echo "run-harness.sh: $BENCH/$jar is missing: run $BENCH/build.sh first" >&2; exit 2; }
done
JAR="$ROOT/benchmarks/bench-server/target/bench-server.jar"
if [[ ! -f "$JAR" ]]; then
  (cd "$ROOT" && ./mvnw -B -q -pl benchmarks/bench-server -am package -DskipTests)
fi
mkdir -p "$OUT"
RUN_ID="duplex-$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="$OUT/$RUN_ID.jsonl"
DUPLEX="%JAVA% %JVM_FLAGS% -jar $JAR --duplex.server.port=%PORT%"
echo "run-harness.sh: run $RUN_ID, $REPS repetition(s); load before: $(uptime)" | tee "$OUT/$RUN_ID.load.txt" >&2
"$BENCH/compare.sh" --reps "$REPS" --ref netty --nice -10 --run-id "$RUN_ID" --results "$RESULTS" \
  --scenarios-file "$HERE/scenarios.conf" "${EXTRA[@]+"${EXTRA[@]}"}" "${PASS[@]+"${PASS[@]}"}" \
  --server "duplex-raw@raw_echo_text_32,raw_echo_bin_4k=$DUPLEX" \
  --server "duplex@echo_text_32,echo_bin_4k,broadcast_64,connect_10k=$DUPLEX" \
  --server "duplex-loop@echo_text_32,echo_bin_4k,broadcast_64=$DUPLEX --duplex.dispatch.mode=loop" \
  --server 'netty=%JAVA% %JVM_FLAGS% -jar %BENCH%/servers/netty/target/netty-server.jar %PORT% nio' \
  --server 'tomcat=%JAVA% %JVM_FLAGS% -jar %BENCH%/servers/tomcat/target/tomcat-server.jar %PORT%' \
  --out "$OUT/$RUN_ID.md"
echo "run-harness.sh: load after: $(uptime)" | tee -a "$OUT/$RUN_ID.load.txt" >&2
python3 "$HERE/targets.py" "$RESULTS" --run-id "$RUN_ID" | tee "$OUT/$RUN_ID.targets.md"
