#!/usr/bin/env bash
# End-to-end benchmark of simrun: the README's main job, runs per second,
# agent-steps per second per core, the speed-up from 1 to 2 threads and peak
# memory for 1,000 versus 100,000 runs, and (with NumPy) the NumPy diaspora
# update. Every timing is the median of REPEATS runs (the machines are
# shared and noisy). Usage:
#   benchmarks/run_benchmarks.sh [BUILD_DIR]   (default: build)
# Needs /usr/bin/time (Debian package "time", installed by scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
SIMRUN="$BUILD/simrun"
BENCH="$BUILD/benchmarks/simrun_bench"
REPEATS=${REPEATS:-3}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
[ -x "$SIMRUN" ] || { echo "build first: $SIMRUN is missing" >&2; exit 2; }

# Runs a command REPEATS times; prints "median_wall_seconds max_rss_kib".
measure() {
  local walls=() rss=0
  for _ in $(seq "$REPEATS"); do
    /usr/bin/time -f "%e %M" -o "$TMP/time" "$@" >/dev/null 2>&1
    read -r wall kib <"$TMP/time"
    walls+=("$wall")
    [ "$kib" -gt "$rss" ] && rss=$kib
  done
  local median
  median=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$median $rss"
}

echo "simrun benchmark on $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), median of $REPEATS"
echo

# 1. The README's main job with its default runs.
read -r main_wall main_rss < <(measure "$SIMRUN" scenarios/ukraine_deal.json --quiet --force --out "$TMP/main.h5")
runs=$(/usr/bin/python3 -c "import h5py,sys; print(h5py.File(sys.argv[1])['/'].attrs['runs'])" "$TMP/main.h5")
agents_steps=$(/usr/bin/python3 - "$TMP/main.h5" <<'PY'
import h5py, sys
f = h5py.File(sys.argv[1])
pop = f["parameters/agents.diaspora.population"][:] if "parameters/agents.diaspora.population" in f else None
import json
sc = json.loads(f.attrs["scenario"])
scale = sc["agents"]["diaspora"]["scale"]
steps = sc["run"]["horizon_days"] / sc["run"]["step_days"]
if pop is None:
    pop = [sc["agents"]["diaspora"]["population"]] * int(f.attrs["runs"])
print(int(sum(round(p / scale) for p in pop) * steps))
PY
)
echo "main job: simrun scenarios/ukraine_deal.json ($runs runs): ${main_wall}s wall, $((main_rss / 1024)) MiB peak"

# 2. Speed-up from 1 to 2 threads on the same job.
read -r t1 _ < <(measure "$SIMRUN" scenarios/ukraine_deal.json --quiet --force --threads 1 --out "$TMP/t1.h5")
read -r t2 _ < <(measure "$SIMRUN" scenarios/ukraine_deal.json --quiet --force --threads 2 --out "$TMP/t2.h5")
/usr/bin/python3 - "$runs" "$agents_steps" "$t1" "$t2" <<'PY'
import sys
runs, agent_steps, t1, t2 = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
print(f"1 thread: {t1:.2f}s = {runs / t1:.0f} runs/s; 2 threads: {t2:.2f}s = {runs / t2:.0f} runs/s")
print(f"speed-up 1 -> 2 threads: {t1 / t2:.2f}x")
print(f"agent-steps per second per core (whole program, 1 thread): {agent_steps / t1 / 1e6:.0f} million")
PY

# 3. Peak memory does not grow with the number of runs (a small diaspora,
#    10,000 people at one agent each, so that 100,000 runs finish in a few
#    minutes; trajectories are stored).
small=(--quiet --force --no-events --set agents.diaspora.population=10000 --set run.horizon_days=180)
read -r w1k m1k < <(REPEATS=1 measure "$SIMRUN" scenarios/ukraine_deal.json "${small[@]}" --runs 1000 --out "$TMP/m1k.h5")
read -r w100k m100k < <(REPEATS=1 measure "$SIMRUN" scenarios/ukraine_deal.json "${small[@]}" --runs 100000 --out "$TMP/m100k.h5")
/usr/bin/python3 - "$m1k" "$m100k" "$w1k" "$w100k" <<'PY'
import sys
a, b, wa, wb = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
print(f"peak memory: 1,000 runs {a / 1024:.1f} MiB ({wa:.1f}s); 100,000 runs {b / 1024:.1f} MiB ({wb:.1f}s); ratio {b / a:.2f}")
PY

# 4. The dense reference loop alone, a year of each engine against population
#    and event rate (the scaling table) and a whole run (Google Benchmark).
if [ -x "$BENCH" ]; then
  "$BENCH" --benchmark_repetitions="$REPEATS" --benchmark_report_aggregates_only=true 2>/dev/null | grep -E "median"
fi

# 5. The diaspora update alone in NumPy (benchmarks/numpy_diaspora.py), three
#    runs extrapolated to the main job, against simrun's whole program on one
#    thread (optional: needs NumPy and h5py, which scripts/setup.sh installs).
if /usr/bin/python3 -c "import numpy, h5py" 2>/dev/null; then
  numpy_out=$(/usr/bin/python3 benchmarks/numpy_diaspora.py --simrun "$SIMRUN" --runs 3)
  echo "$numpy_out"
  numpy_s=$(echo "$numpy_out" | sed -n 's/.*agent-steps): \([0-9.]*\) s$/\1/p')
  /usr/bin/python3 -c "import sys; print(f'simrun, 1 thread, against the NumPy diaspora update alone: {float(sys.argv[1]) / float(sys.argv[2]):.0f}x faster')" "$numpy_s" "$t1"
fi
