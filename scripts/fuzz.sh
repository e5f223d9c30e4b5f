#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) in build-fuzz/ with clang, ASan and
# UBSan, prepares their seed corpora and runs each target for a fixed time.
# Fails if any target finds a crash, a sanitizer report, a timeout, a memory
# blow-up or an exception other than InputError; the input that did it is
# left in build-fuzz/findings/TARGET/.
#
# Usage: bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#   SECONDS_PER_TARGET  default 60; TARGET: scenario, set, results, sweep (default all)
# Needs root (or sudo) to install clang on a fresh Debian machine.
set -euo pipefail
cd "$(dirname "$0")/.."

# clang 14's sanitizer runtimes crash now and then at start on kernels that
# randomise mmap with more than 28 bits (vm.mmap_rnd_bits=32): run the whole
# script with address randomisation off (setarch -R, inherited by all it
# starts), unless it is off already (flag 0x40000 of the personality) or the
# system refuses to turn it off (some container profiles do).
if (((0x$(cat /proc/self/personality) & 0x40000) == 0)); then
  if setarch "$(uname -m)" -R true 2>/dev/null; then
    exec setarch "$(uname -m)" -R bash "$PWD/scripts/fuzz.sh" "$@"
  fi
  echo "fuzz: setarch -R refused: running with address randomisation on" >&2
fi

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scenario set results sweep)
out=build-fuzz

# clang and compiler-rt (libFuzzer's runtime comes in libclang-rt-14-dev);
# only the fuzz build needs them, so scripts/setup.sh leaves them out.
install_fuzz_packages() {
  local missing=() p
  for p in clang libclang-rt-14-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "fuzz: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

export LSAN_OPTIONS="suppressions=$PWD/fuzz/lsan.supp:print_suppressions=0"
# fuzz_results writes each input to a file: keep that in memory when we can.
[ -w /dev/shm ] && export TMPDIR=/dev/shm

build() {
  CC=clang CXX=clang++ cmake -S . -B "$out" -DSIMRUN_FUZZ=ON -DSIMRUN_BUILD_TESTS=OFF \
    -DSIMRUN_BUILD_BENCHMARKS=OFF -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" >/dev/null
  cmake --build "$out" -j2
}

# Small results files made by the fuzz build's simrun (two weeks in weekly
# steps keeps them near 100 KB): plain, with trajectories and events, a
# comparison and two sweeps.
make_results_seeds() {
  local dir=$1 short=(--runs 3 --quiet --force --set run.horizon_days=14 --set run.step_days=7)
  "$out/simrun" scenarios/ukraine_deal.json "${short[@]}" --no-trajectories --no-events --out "$dir/summary_only.h5"
  "$out/simrun" scenarios/baseline.json "${short[@]}" --out "$dir/with_runs.h5"
  "$out/simrun" compare scenarios/baseline.json scenarios/ukraine_deal.json "${short[@]}" \
    --no-trajectories --no-events --out "$dir/comparison.h5"
  # Sweep files: a grid and a Saltelli design (with the sobol group).
  "$out/simrun" sweep scenarios/ukraine_deal.json --vary actors.RU.hawkishness=0.3:0.7:2 --runs 3 --quiet --force \
    --set run.horizon_days=14 --set run.step_days=7 --set events.0.day=7 --out "$dir/sweep_grid.h5"
  "$out/simrun" sweep tests/data/sweeps/tiny_sobol.json --quiet --force --out "$dir/sweep_sobol.h5"
}

# Seeds go into the corpus folder the fuzzer grows (kept between local runs).
prepare_corpora() {
  mkdir -p "$out/corpus/scenario" "$out/corpus/set" "$out/corpus/results" "$out/corpus/sweep"
  cp scenarios/*.json tests/data/bad/*.json "$out/corpus/scenario/"
  # Sweep seeds name the shipped scenarios as the target resolves them;
  # the bad sweeps (whose paths lead elsewhere) still exercise the checks.
  cp fuzz/seeds/sweep/*.json tests/data/bad_sweeps/*.json "$out/corpus/sweep/"
  cp fuzz/seeds/set/*.txt "$out/corpus/set/"
  make_results_seeds "$out/corpus/results"
  # Whole outputs compared (cmp would close the pipe at the first difference).
  if [ "$("$out/simrun" schema | python3 fuzz/make_dict.py)" != "$(cat fuzz/scenario.dict)" ]; then
    echo "fuzz: note: fuzz/scenario.dict differs from the schema; regenerate it with fuzz/make_dict.py"
  fi
  if [ "$(python3 fuzz/make_dict.py docs/sweep.schema.json docs/scenario.schema.json)" != "$(cat fuzz/sweep.dict)" ]; then
    echo "fuzz: note: fuzz/sweep.dict differs from the schemas; regenerate it with fuzz/make_dict.py"
  fi
}

# Arguments of each target: input size limit, dictionary.
target_args() {
  case $1 in
    scenario) echo "-max_len=65536 -dict=fuzz/scenario.dict" ;;
    set) echo "-max_len=4096 -dict=fuzz/scenario.dict" ;;
    results) echo "-max_len=262144" ;;
    sweep) echo "-max_len=16384 -dict=fuzz/sweep.dict" ;;
    *) echo "fuzz: unknown target $1 (scenario, set, results, sweep)" >&2 && return 1 ;;
  esac
}

# Runs one target; prints its figures; returns the fuzzer's status.
run_target() {
  local t=$1 args status=0
  args=$(target_args "$t")
  mkdir -p "$out/findings/$t" "$out/logs"
  # shellcheck disable=SC2086  # args holds several options
  "$out/fuzz/fuzz_$t" $args -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/findings/$t/" "$out/corpus/$t" >"$out/logs/$t.log" 2>&1 </dev/null || status=$?
  local runs rate corpus
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/logs/$t.log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out/logs/$t.log")
  # libFuzzer's own count: inputs kept for new coverage / their total size.
  corpus=$(grep -o 'corp: [0-9]*/[0-9a-zA-Z]*' "$out/logs/$t.log" | tail -1 | cut -d' ' -f2)
  echo "fuzz_$t: ${seconds} s, ${runs:-?} executions, ${rate:-?} exec/s, corpus ${corpus:-?}, status ${status}"
  if [ "$status" -ne 0 ]; then
    grep -E "FINDING|ERROR|SUMMARY|Test unit written" "$out/logs/$t.log" | head -20 || true
    echo "fuzz_$t: FAILED; the log is $out/logs/$t.log"
  fi
  return "$status"
}

bash scripts/setup.sh
install_fuzz_packages
build
prepare_corpora
failed=0
for t in "${targets[@]}"; do
  target_args "$t" >/dev/null
  run_target "$t" || failed=1
done
if [ "$failed" -ne 0 ]; then
  echo "fuzz: FAILED: a target found a problem (inputs in $out/findings/)"
  exit 1
fi
echo "fuzz: ${#targets[@]} targets ran ${seconds} s each without a finding"
