#!/usr/bin/env bash
# Records a JFR profile of the bench server under one harness scenario, then prints the hottest frames
# (execution samples, top frames) and the largest allocation sites.
#
#   benchmarks/harness/profile.sh SCENARIO [SERVER-ARGS...]
#   benchmarks/harness/profile.sh raw_echo_text_32
#   benchmarks/harness/profile.sh echo_text_32 --duplex.dispatch.mode=loop
#
# SCENARIO is a line of benchmarks/harness/scenarios.conf. The server runs on CPU 0 and the generator on CPU 1, as
# in the harness, with the harness' default JVM and flags; the recording is left in target/profiles/SCENARIO.jfr.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH=${BENCH_DIR:-$ROOT/../shared/bench}
[[ -d "$BENCH" ]] || BENCH=/work/shared/bench
JAVA_HOME=${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
SCENARIO=${1:?scenario name}; shift
LINE=$(awk -v n="$SCENARIO" '$1==n {print; exit}' "$ROOT/benchmarks/harness/scenarios.conf")
[[ -n "$LINE" ]] || { echo "profile.sh: no scenario $SCENARIO" >&2; exit 2; }
read -r _ MODE ARGS <<<"$LINE"
OUT="$ROOT/benchmarks/harness/target/profiles"
mkdir -p "$OUT"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
taskset -c 0 "$JAVA_HOME/bin/java" -Xmx2g -XX:+UseSerialGC \
  -XX:StartFlightRecording=filename="$OUT/$SCENARIO.jfr",settings=profile,jdk.ExecutionSample#period=1ms \
  -jar "$ROOT/benchmarks/bench-server/target/bench-server.jar" --duplex.server.port="$PORT" "$@" \
  >"$OUT/$SCENARIO.server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  (echo >/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break
  sleep 0.5
done
# shellcheck disable=SC2086
timeout 120 taskset -c 1 "$JAVA_HOME/bin/java" -Xms1g -Xmx1g -XX:+UseSerialGC -jar "$BENCH/loadgen/target/loadgen.jar" \
  --mode "$MODE" --port "$PORT" --server-pid "$SERVER" $ARGS ${PROFILE_EXTRA:-} | tee "$OUT/$SCENARIO.result.json"
"$JAVA_HOME/bin/jcmd" "$SERVER" JFR.dump filename="$OUT/$SCENARIO.jfr" >/dev/null
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
trap - EXIT
JFR="$JAVA_HOME/bin/jfr"
echo "== top frames (execution samples)"
"$JFR" print --events jdk.ExecutionSample "$OUT/$SCENARIO.jfr" \
  | awk '/stackTrace = \[/{getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); print}' | sort | uniq -c | sort -rn | head -40
echo "== allocation sites (sampled weight, top frames)"
"$JFR" print --events jdk.ObjectAllocationSample "$OUT/$SCENARIO.jfr" \
  | awk '/objectClass = /{cls=$3} /weight = /{w=$3; unit=$4} /stackTrace = \[/{getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); \
      m = (unit ~ /kB/) ? 1024 : (unit ~ /MB/) ? 1048576 : 1; site[cls " @ " $0] += w*m} END {for (s in site) printf "%12d %s\n", site[s], s}' \
  | sort -rn | head -30
