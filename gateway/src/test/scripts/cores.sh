#!/usr/bin/env bash
# Does the fan-out use every core? Runs the fan-out probe (../shared/tools/fanout-probe) against the packaged
# gateway with the gateway and the probe pinned to the CPUs given, and prints the probe's RESULT line and the
# CPU each gateway thread used over 5 s in the middle of the measuring window (Linux cuts thread names at 15
# characters: "vert.x-eventloo" is an event loop). Run from the project root after packaging the gateway:
#   GW_CPUS=0   PROBE_CPUS=1   gateway/src/test/scripts/cores.sh 1000 1000
#   GW_CPUS=0,1 PROBE_CPUS=0,1 gateway/src/test/scripts/cores.sh 1000 1000
# WARMUP (s, default 20) is longer than sweep.sh's 3 s: the JIT is still compiling hot paths for ~20 s.
set -eu
SUBS=$1; RATE=$2
PROBE=${PROBE:-../shared/tools/fanout-probe/FanoutProbe.java}
JAR=${JAR:-gateway/target/gympulse-gateway.jar}
DUR=${DUR:-12}; WARMUP=${WARMUP:-20}; HP=18580; MP=18583
ulimit -n 20000
env HTTP_PORT=$HP MQTT_PORT=$MP SIMULATOR=off STORE=memory RATE_LIMIT_PER_ADDRESS_PER_MINUTE=1000000 \
  taskset -c "$GW_CPUS" java ${GW_JAVA_OPTS:-} -jar "$JAR" >target/cores-gateway.log 2>&1 &
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
( sleep $((SUBS / 2000 + 2 + WARMUP + DUR / 2 - 2)); threads >target/cores-t0; sleep 5; threads >target/cores-t1 ) &
sampler=$!
taskset -c "$PROBE_CPUS" java "$PROBE" --target gympulse --http-port $HP --mqtt-port $MP --gym "$gym" \
  --machines-from-rest --category legs --server-pid "$gw" --client nio --subs "$SUBS" --rate "$RATE" \
  --duration "$DUR" --warmup "$WARMUP" --connect-rate 2000 2>target/cores-probe.err | grep '^RESULT'
wait $sampler
echo "gateway threads above 4% of a core, over 5 s in the window:"
join target/cores-t0 target/cores-t1 | awk '{ pct = ($3 - $2) / 5; if (pct > 4) printf "  %-32s %4.0f%%\n", $1, pct }'
