#!/usr/bin/env python3
"""The diaspora's daily update (docs/model.md §6.16-6.18) in NumPy, timed on
the README's main job, for comparison with simrun (docs/performance.md).

It is what an analyst would write: one array per agent attribute, every
agent updated every day by vectorised operations over agents, NumPy's own
generator (PCG64) for the uniforms, on the same 2^24-value grid as simrun.
It covers only the diaspora update (no actors, channels, outcomes or
output), so a full NumPy model of the job would take longer: the ratio
against simrun's whole program is a lower bound.

The populations and per-kind parameters are those of the scenario, read
from a one-run results file that simrun writes first. The rates are those
of §6.16 in a constant environment given by --env (no raids, deportations
or seizures, as in the quiet years of the main job); the cost per agent
does not depend on them, as every agent is drawn every day.

Usage: benchmarks/numpy_diaspora.py [--simrun build/simrun] [--runs 3]
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

KINDS = ("citizen", "labour_migrant", "trader", "business_owner")
PRESENT, DETAINED, DEPORTED, DEPARTED = 0, 1, 2, 3


def resolved_scenario(simrun, scenario):
    """The scenario with extends and defaults applied, as simrun stores it."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "one.h5")
        subprocess.run([simrun, scenario, "--runs", "1", "--quiet", "--force", "--out", out], check=True,
                       stdout=subprocess.DEVNULL)
        with h5py.File(out) as f:
            return json.loads(f.attrs["scenario"])


def scenario_runs(path):
    """run.runs of a scenario file, following its extends chain."""
    with open(path) as f:
        sc = json.load(f)
    if "runs" in sc.get("run", {}):
        return sc["run"]["runs"]
    if "extends" in sc:
        return scenario_runs(os.path.join(os.path.dirname(path), sc["extends"]))
    sys.exit(f"{path}: no run.runs in the extends chain; give --job-runs")


def hazard(rate_per_year, dt=1.0):
    return 1.0 - math.exp(-rate_per_year * dt / 365.0) if rate_per_year > 0 else 0.0


def daily_rates(d, env):
    """Per kind: departure, deportation, detention and seizure probabilities
    (§6.16 with no visa regime, conscription, raids, deportations or seizures)."""
    rates = []
    for k in KINDS:
        kind = d["kinds"][k]
        rates.append((np.float32(hazard(kind["departure_rate"] * (1 + d["hostility_departure"] * env))),
                      np.float32(0), np.float32(0), np.float32(0)))
    p_end = 1 - math.exp(-1.0 / max(1e-9, d["release_days"]))
    return rates, np.float32(p_end), np.float32(0)


def one_run(rng, n, d, env, days):
    """One run of `n` agents for `days` days; returns the final state counts."""
    shares = np.array([d["kinds"][k]["share"] for k in KINDS])
    bounds = np.rint(np.concatenate(([0], np.cumsum(shares) / shares.sum())) * n).astype(np.int64)
    bounds[-1] = n
    state = np.zeros(n, np.uint8)
    seized = np.zeros(n, bool)
    iota = (1.0 / rng.lognormal(0.0, d["rootedness_sigma"], n)).astype(np.float32)
    rates, release, detained_deport = daily_rates(d, env)
    factor = np.float32(d["seized_departure_factor"])
    for _ in range(days):
        u1 = rng.random(n, dtype=np.float32)  # (32-bit word >> 8) / 2^24: simrun's grid
        u2 = rng.random(n, dtype=np.float32)
        for k, (depart, deport, detain, seize) in enumerate(rates):
            sl = slice(bounds[k], bounds[k + 1])
            s, z, a, b = state[sl], seized[sl], u1[sl], u2[sl]
            c1 = np.minimum(np.float32(1), depart * iota[sl] * np.where(z, factor, np.float32(1)))
            c2 = c1 + deport
            c3 = c2 + detain
            from_present = (a < c1).astype(np.uint8) + (a < c2) + (a < c3)
            from_detained = np.where(a < release, PRESENT, np.where(a < release + detained_deport, DEPORTED, DETAINED))
            present = s == PRESENT
            seized[sl] = z | (present & (b < seize))
            state[sl] = np.where(present, from_present, np.where(s == DETAINED, from_detained, s))
        counts = np.bincount(state, minlength=4)  # the model reads the counts every day
        paying = np.count_nonzero((state == PRESENT) & ~seized)
    return counts, paying


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--simrun", default="build/simrun")
    ap.add_argument("--scenario", default="scenarios/ukraine_deal.json")
    ap.add_argument("--runs", type=int, default=3, help="runs to time (default 3)")
    ap.add_argument("--job-runs", type=int, default=None, help="runs of the job to extrapolate to (default: the scenario's)")
    ap.add_argument("--env", type=float, default=0.5, help="hostile environment of §6.16 (default 0.5)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    sc = resolved_scenario(args.simrun, args.scenario)
    d = sc["agents"]["diaspora"]
    days = int(round(sc["run"]["horizon_days"] / sc["run"]["step_days"]))
    job_runs = args.job_runs or scenario_runs(args.scenario)
    pop = d["population"]
    lo, hi = (pop["min"], pop["max"]) if isinstance(pop, dict) else (pop, pop)
    scale = d.get("scale", 1)
    rng = np.random.default_rng(args.seed)

    agent_steps = 0
    start = time.perf_counter()
    for _ in range(args.runs):
        n = int(round(rng.uniform(lo, hi) / scale))
        one_run(rng, n, d, args.env, days)
        agent_steps += n * days
    seconds = time.perf_counter() - start
    per = seconds / agent_steps
    job = job_runs * round((lo + hi) / 2 / scale) * days  # the expected agent-steps of the job
    print(f"numpy {np.__version__}, one thread: {args.runs} runs, {agent_steps:.3g} agent-steps in {seconds:.1f} s "
          f"= {per * 1e9:.2f} ns per agent-step")
    print(f"extrapolated to {job_runs} runs ({job:.3g} agent-steps): {job * per:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
