#!/usr/bin/env bash
# Does the fan-out use every core? Runs the fan-out probe (../shared/tools/fanout-probe) against the packaged
# gateway with the gateway and the probe pinned to the CPUs given, and prints the probe's RESULT line and the
# CPU each gateway thread used over 5 s in the middle of the measuring window (Linux cuts thread names at 15
# characters: "vert.x-eventloo" is an event loop). Run from the project root after packaging the gateway:
#   GW_CPUS=0   PROBE_CPUS=1   gateway/src/test/scripts/cores.sh 1000 1000
#   GW_CPUS=0,1 PROBE_CPUS=0,1 gateway/src/test/scripts/cores.sh 1000 1000
# WARMUP (s, default 20) is longer than sweep.sh's 3 s: the JIT is still compiling hot paths for ~20 s.
# ALLOC=1 also prints the heap each busy thread allocated over the same 5 s, per delivery: the gateway then records
# JFR's per-thread allocation counters every second from its start (starting JFR mid-run recompiles hot code and
# would measure that), and nothing else.
#   ALLOC=1 GW_CPUS=0,1 PROBE_CPUS=0,1 gateway/src/test/scripts/cores.sh 10000 10
set -eu
SUBS=$1; RATE=$2
PROBE=${PROBE:-../shared/tools/fanout-probe/FanoutProbe.java}
JAR=${JAR:-gateway/target/gympulse-gateway.jar}
DUR=${DUR:-12}; WARMUP=${WARMUP:-20}; HP=18580; MP=18583
ulimit -n 20000
JFR_OPTS=
if [ "${ALLOC:-0}" = 1 ]; then
  cat >target/cores-alloc.jfc <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ThreadAllocationStatistics"><setting name="enabled">true</setting><setting name="period">1 s</setting></event>
</configuration>
JFC
  JFR_OPTS="-XX:StartFlightRecording=name=alloc,settings=$PWD/target/cores-alloc.jfc"
fi
env HTTP_PORT=$HP MQTT_PORT=$MP SIMULATOR=off STORE=memory RATE_LIMIT_PER_ADDRESS_PER_MINUTE=1000000 \
  taskset -c "$GW_CPUS" java ${GW_JAVA_OPTS:-} $JFR_OPTS -jar "$JAR" >target/cores-gateway.log 2>&1 &
gw=$!
trap 'kill $gw 2>/dev/null; wait $gw 2>/dev/null' EXIT
for _ in $(seq 1 80); do curl -sf "http://127.0.0.1:$HP/health" >/dev/null && break; sleep 0.5; done
gym=$(curl -sf "http://127.0.0.1:$HP/branches" | python3 -c 'import sys,json; b=json.load(sys.stdin); b=b.get("branches",b) if isinstance(b,dict) else b; print(b[0]["id"])')

# per thread: "name/tid ticks" (user + system, in 1/100 s)
threads() {
  for t in /proc/$gw/task/*; do
    read -r -a stat <<<"$(sed 's/.*) //' "$t/stat")"
    name=$(tr ' ' '_' <"$t/comm")
    echo "$name/${t##*/} $((stat[11] + stat[12]))"
  done | sort
}
# connecting takes SUBS / 2000 s; then the warm-up, then the middle of the window
( sleep $((SUBS / 2000 + 2 + WARMUP + DUR / 2 - 2)); threads >target/cores-t0; date +%s.%N >target/cores-window
  sleep 5; threads >target/cores-t1; date +%s.%N >>target/cores-window ) &
sampler=$!
taskset -c "$PROBE_CPUS" java "$PROBE" --target gympulse --http-port $HP --mqtt-port $MP --gym "$gym" \
  --machines-from-rest --category legs --server-pid "$gw" --client nio --subs "$SUBS" --rate "$RATE" \
  --duration "$DUR" --warmup "$WARMUP" --connect-rate 2000 2>target/cores-probe.err | grep '^RESULT' \
  | tee target/cores-result
wait $sampler
echo "gateway threads above 4% of a core, over 5 s in the window:"
join target/cores-t0 target/cores-t1 | awk '{ pct = ($3 - $2) / 5; if (pct > 4) printf "  %-32s %4.0f%%\n", $1, pct }'
[ "${ALLOC:-0}" = 1 ] || exit 0
rm -f target/cores-alloc.jfr
jcmd $gw JFR.dump name=alloc filename="$PWD/target/cores-alloc.jfr" >/dev/null
jfr print --json --events jdk.ThreadAllocationStatistics target/cores-alloc.jfr | python3 -c '
import datetime, json, re, sys
per_s = float(re.search(r"delivered_per_s=([0-9.]+)", open("target/cores-result").read()).group(1))
start, end = (float(t) for t in open("target/cores-window").read().split())
def epoch(text):  # "2026-11-28T20:21:07.123456789Z" or with an offset; JFR gives nanoseconds, Python takes micro
    text = re.sub(r"(\.\d{6})\d+", r"\1", text).replace("Z", "+00:00")
    return datetime.datetime.fromisoformat(text).timestamp()
seen = {}  # thread -> [(time, allocated)] within the window
for e in json.load(sys.stdin)["recording"]["events"]:
    v = e["values"]
    at = epoch(v["startTime"])
    if start <= at <= end:
        seen.setdefault((v["thread"] or {}).get("javaName") or "?", []).append((at, v["allocated"]))
print("heap allocated per second in the window, threads above 10 KB/s (%.0f deliveries/s):" % per_s)
rates = {}
for name, points in seen.items():
    points.sort()
    if len(points) > 1 and points[-1][0] > points[0][0]:
        rates[name] = (points[-1][1] - points[0][1]) / (points[-1][0] - points[0][0])
busy = sorted(name for name, rate in rates.items() if rate > 1e4)
if not busy:
    print("  none")
for name in busy:
    print("  %-32s %8.2f MB/s  %6.2f B per delivery" % (name, rates[name] / 1e6, rates[name] / per_s))
'
