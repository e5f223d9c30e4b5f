#!/usr/bin/python3
"""Recompute the numbers of docs/model.md that come from the code, and check
or rewrite them.

    /usr/bin/python3 tests/docs/model_numbers.py [--write] [--simrun PATH]
                     [--replay R.h5 --background B.h5]

docs/model.md holds two generated regions, each between a line
`<!-- BEGIN GENERATED: NAME ... -->` and a line `<!-- END GENERATED: NAME -->`:

- `check-values` (§3): the initial values of scenarios/replay_2024.json and the
  values of the first steps after the downing, from the template
  tests/docs/model_check_values.md.in;
- `replay` (§12 and §12.1): the replay of December 2024 - February 2025 against
  the dated record (data/record/events.csv), from tests/docs/model_replay.md.in.

The script runs `simrun scenarios/replay_2024.json --runs 1000` twice (with
the downing, and with `--set 'events=[]'`), unless --replay and --background
name existing results files of those two runs. It checks that the simulated
first steps follow the formulas of §3 exactly (a model change that breaks
them needs new prose, not new numbers: the script then stops with the
reason), fills the templates, and compares them with docs/model.md: without
--write it prints the difference and exits 1 when they disagree; with
--write it rewrites the regions. After a deliberate model change:

    /usr/bin/python3 tests/docs/model_numbers.py --write

Edit the prose of the regions in the templates, not in docs/model.md.
"""
import argparse
import csv
import difflib
import json
import math
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

import h5py
import numpy as np

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent.parent
RUNS = 1000
DOWNING = date(2024, 12, 25)
END_OF_RECORD = date(2025, 2, 28)
CONCILIATORY = ["apologise", "acknowledge", "compensate", "phone_call", "leaders_meeting", "lift_measure",
                "release_detainees", "exchange_prisoners"]
RU_MEDIA = ["tsargrad", "nationalist_bloggers", "duma_deputies", "ru_state_tv"]
AZ_MEDIA = ["aztv", "az_progovernment_outlets"]
NOT_CHOSEN = ["hardliner_statement", "downing", "incident", "settlement", "sanctions_tightened", "sanctions_eased",
              "backing_raised", "backing_lowered"]
PEOPLE = ["raids", "deport_migrants", "seize_businesses", "conscript_revoke", "mass_expulsion", "visa_regime"]

# The replay table, in the order of the real dates: (key, record row (actor, action), label, model kind,
# model actors, model actions). The real date comes from the record; several model kinds may share one
# record row (an empty label or "(same)" continues the row above).
TIMELINE = [
    ("flights", ("AZ", "suspend_flights"), "AZAL suspends flights to ten Russian cities", "AZ suspend_flights",
     ["AZ"], ["suspend_flights"]),
    ("demand", ("AZ", "demand"), "AZ demands apology, admission, punishment, compensation", "AZ demand",
     ["AZ"], ["demand"]),
    ("apology", ("RU", "apologise"), "Putin apologises by phone", "RU apologise", ["RU"], ["apologise"]),
    ("conciliation", ("RU", "apologise"), "(same)", "any RU conciliatory action", ["RU"], CONCILIATORY),
    ("accuse", ("AZ", "accuse"), 'Aliyev: "shot down by Russia"', "AZ accuse", ["AZ"], ["accuse"]),
    ("media", ("AZ", "media_campaign"), "AZ media: Russian House as spies", "AZ media_campaign or AZ outlet statement",
     ["AZ"] + AZ_MEDIA, ["media_campaign", "hardliner_statement"]),
    ("ru_summons", ("RU", "summon_ambassador"), "RU summons AZ ambassador", "RU summon_ambassador",
     ["RU"], ["summon_ambassador"]),
    ("az_summons", ("AZ", "summon_ambassador"), "AZ summons RU ambassador", "AZ summon_ambassador",
     ["AZ"], ["summon_ambassador"]),
    ("closure", ("AZ", "close_cultural_centre"), "Russian House closed", "AZ close_cultural_centre",
     ["AZ"], ["close_cultural_centre"]),
    ("hardliner", ("RU", "hardliner_statement"), "Valuev's statement", "any RU hardliner statement",
     RU_MEDIA, ["hardliner_statement"]),
    ("duma", ("RU", "hardliner_statement"), "", "duma_deputies statement", ["duma_deputies"],
     ["hardliner_statement"]),
    ("png", ("AZ", "persona_non_grata"), "Valuev persona non grata", "AZ persona_non_grata",
     ["AZ"], ["persona_non_grata"]),
    ("sputnik", ("AZ", "restrict_media"), "Sputnik Azerbaijan liquidated", "AZ restrict_media",
     ["AZ"], ["restrict_media"]),
]
NON_EVENTS = [
    ("break", "break of relations (either side)", ["RU", "AZ"], ["break_relations"]),
    ("transit", "AZ restricts oil or corridor transit", ["AZ"], ["restrict_oil_transit", "restrict_corridor"]),
    ("trade", "AZ restricts trade", ["AZ"], ["restrict_trade"]),
    ("people", "RU measure against the diaspora (raids, deportation, seizure, conscription, expulsion, visa regime)",
     ["RU"], PEOPLE),
    ("liability", "RU acknowledges responsibility or compensates", ["RU"], ["acknowledge", "compensate"]),
]


class Mismatch(Exception):
    """The simulation no longer follows a formula the template states."""


def fmt(v, digits):
    """A number with at most `digits` decimals, without trailing zeros (0.43, 0.435, 19.836)."""
    s = f"{v:.{digits}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def pct(v):
    return f"{100 * v:.0f}%"


def read_record(path):
    """The record's rows from the downing to its end."""
    with open(path, encoding="utf-8", newline="") as f:
        return [row for row in csv.DictReader(f) if DOWNING <= date.fromisoformat(row["date"]) <= END_OF_RECORD]


def record_dates(rows):
    """First dated row of the record per (actor, action)."""
    first = {}
    for row in rows:
        d = date.fromisoformat(row["date"])
        if row["action"]:
            if row["precision"] == "month":
                d, shown = d.replace(day=15), d.strftime("%Y-%m") + " (month)"
            else:
                shown = d.isoformat()
            first.setdefault((row["actor"], row["action"]), (d, shown))
    return first


def record_hostile(rows, side):
    """The record's hostile state acts of one side against the other (negative Goldstein)."""
    target = "AZ" if side == "RU" else "RU"
    return sum(1 for row in rows if row["actor"] == side and row["target"] == target and row["action"]
               and row["action"] not in NOT_CHOSEN and float(row["goldstein"]) < 0)


def run_simrun(simrun, out, extra):
    cmd = [str(simrun), str(SOURCE / "scenarios/replay_2024.json"), "--runs", str(RUNS), "--out", str(out),
           "--force", "--quiet"] + extra
    subprocess.run(cmd, check=True, cwd=SOURCE)


class Results:
    """What the replay needs from one results file."""

    def __init__(self, path):
        with h5py.File(path, "r") as f:
            g = f["events"]
            self.run, self.time = g["run"][:], g["time"][:]
            self.actor, self.action, self.goldstein = g["actor"][:], g["action"][:], g["goldstein"][:]
            self.actors = self._codes(g["actor"])
            self.actions = self._codes(g["action"])
            self.runs = int(f.attrs["runs"])
            self.scenario = json.loads(f.attrs["scenario"])
            self.times = f["summary/time"][:]
            self.traj = {k: f["trajectories/" + k][:] for k in f["trajectories"] if k not in ("realization", "time")}
            self.par = {k: f["parameters/" + k][:] for k in f["parameters"] if k != "realization"}
            self.out = {k: f["outcomes/" + k][:] for k in f["outcomes"] if k != "realization"}
            levels = list(f["summary/quantile"][:])
            self.median_tension = f["summary/tension"][levels.index(0.5)]

    @staticmethod
    def _codes(ds):
        v = ds.attrs["flag_meanings"]
        return (v.decode() if isinstance(v, bytes) else v).split()

    def state_action(self):
        """Events that are a state's own choice (not exogenous, not a hardliner statement)."""
        states = np.isin(self.actor, [self.actors.index("RU"), self.actors.index("AZ")])
        other = [self.actions.index(x) for x in NOT_CHOSEN if x in self.actions]
        return states & ~np.isin(self.action, other)

    def mask(self, actors, actions):
        a = [self.actors.index(x) for x in actors]
        x = [self.actions.index(y) for y in actions]
        return np.isin(self.actor, a) & np.isin(self.action, x)

    def first_time(self, actors, actions):
        """Time index of the first matching event per run (inf: never)."""
        m = self.mask(actors, actions)
        first = np.full(self.runs, np.inf)
        np.minimum.at(first, self.run[m], self.time[m])
        return first

    def downing_time(self):
        t = self.first_time(["RU"], ["downing"])
        if not np.all(t == t[0]) or not np.isfinite(t[0]):
            raise Mismatch("every run of replay_2024 must log the downing at the same time index")
        return int(t[0])


def check_close(what, got, want, tol=1e-6):
    """Trajectories are stored as 32-bit floats: agreement to 1e-6 relative is exact for them."""
    got = np.asarray(got, dtype=float)
    if got.size == 0 or np.max(np.abs(got - want)) > tol * max(1.0, float(np.max(np.abs(want)))):
        raise Mismatch(f"{what}: the simulation gives {np.unique(np.round(got, 6))[:5]}, the formula {want}")


def check_values(r):
    """The §3 values: initial state and the first steps after the downing."""
    s = r.scenario
    lev, dec, dyn = s["parameters"]["leverage"], s["parameters"]["decision"], s["parameters"]["dynamics"]
    ev = s["events"][0]
    v = {}
    for side in ("ru", "az"):
        x = r.traj["rhetoric_" + side][:, 0]
        check_close(f"R_{side}(0) equal in every run", x, x[0])
        v["R_" + side] = fmt(x[0], 3)
    allies = r.traj["allies_az"][:, 0]
    check_close("allies of AZ at t = 0", allies, allies[0])
    v["allies"] = fmt(allies[0], 3)
    resilience = lev["az_energy_resilience"] + lev["az_middle_corridor_resilience"]
    # Remittances (1e6 USD/yr) against their reference: Baku's dependency.
    x_rem = r.traj["remittances"][:, 0] / lev["remittances_ref"]
    l_ru = (lev["az_trade"] + lev["az_remittances"] * x_rem) / (1 + resilience)
    check_close("L_RU->AZ(0)", r.traj["leverage_ru_over_az"][:, 0], l_ru, 1e-4)
    v.update(e_az_trade=fmt(lev["az_trade"], 3), e_az_rem=fmt(lev["az_remittances"], 3),
             r_E=fmt(lev["az_energy_resilience"], 3), r_MC=fmt(lev["az_middle_corridor_resilience"], 3),
             rem_ref_usd=f"{lev['remittances_ref']:g}e6")
    pd = s["agents"]["diaspora"]["population"]
    per_usd = (lev["az_remittances"] / lev["remittances_ref"] / 1e6) / (1 + resilience)
    rem_person = r.traj["remittances"][:, 0] * 1e6 / np.round(r.par["agents.diaspora.population"])
    l_of = lambda n: lev["az_trade"] / (1 + resilience) + per_usd * float(np.median(rem_person)) * n
    v.update(pop_lo=f"{pd['min']:.0f}", pop_hi=f"{pd['max']:.0f}", L_ru_min=fmt(l_of(pd["min"]), 3),
             L_ru_max=fmt(l_of(pd["max"]), 3))
    base = lev["ru_trade"] + lev["ru_corridor"]
    oil = r.par["channels.oil_transit"]
    check_close("L_AZ->RU(0) - ru_oil * O0", r.traj["leverage_az_over_ru"][:, 0] - lev["ru_oil"] * oil / lev["oil_ref"],
                base)
    od = s["channels"]["oil_transit"]
    v.update(e_ru_trade=fmt(lev["ru_trade"], 3), e_ru_oil=fmt(lev["ru_oil"], 3), e_ru_corr=fmt(lev["ru_corridor"], 3),
             L_az_base=fmt(base, 3), oil_min=fmt(od["min"], 3), oil_max=fmt(od["max"], 3),
             L_az_min=fmt(base + lev["ru_oil"] * od["min"], 3), L_az_max=fmt(base + lev["ru_oil"] * od["max"], 3))
    kinds = s["agents"]["diaspora"]["kinds"]
    total = sum(k["share"] for k in kinds.values())
    per_person = sum(k["share"] * k["remittance_usd"] for k in kinds.values()) / total
    pop = r.par["agents.diaspora.population"]
    check_close("initial remittances per person", r.traj["remittances"][:, 0] * 1e6 / np.round(pop), per_person, 1e-3)
    pd = s["agents"]["diaspora"]["population"]
    v.update(rem_terms=" + ".join(f"{fmt(k['share'], 3)}·{fmt(k['remittance_usd'], 1)}" for k in kinds.values()),
             rem_per_person=fmt(per_person, 2), rem_per_1000=fmt(per_person / 1000, 6),
             pop_min=f"{pd['min']:,.0f}", pop_max=f"{pd['max']:,.0f}",
             rem_min=f"{per_person * pd['min'] / 1e6:.0f}", rem_max=f"{per_person * pd['max'] / 1e6:.0f}",
             rem_median=f"{np.median(r.traj['remittances'][:, 0]):.0f}", runs=r.runs)
    sh = ev["severity"]
    cul = dec["culpability_weight"] * sh + dec["shock_culpability"] * sh
    az = s["actors"]["AZ"]
    rate_az = az["activity"] * az["attention"] * (1 + dec["reactivity"] * sh)
    att = s["actors"]["RU"]["attention"]
    keep_mem = math.exp(-1 / dec["memory_days"])
    v.update(Sh=fmt(sh, 3), w_cul=fmt(dec["culpability_weight"], 3), w_shock=fmt(dec["shock_culpability"], 3),
             cul=fmt(cul, 3), alpha=fmt(az["activity"], 3), A_AZ=fmt(az["attention"], 3),
             rho=fmt(dec["reactivity"], 3), rate_az=fmt(rate_az, 3), p_az=fmt(-math.expm1(-rate_az), 3),
             att_min=fmt(att["min"], 3), att_max=fmt(att["max"], 3),
             p_ru_min=fmt(-math.expm1(-rate_az * att["min"]), 3), p_ru_max=fmt(-math.expm1(-rate_az * att["max"]), 3),
             tau_mem=fmt(dec["memory_days"], 3), Sh3=fmt(sh * keep_mem, 3))
    # Runs in which nothing but the downing is logged in steps 1-2.
    t_d = r.downing_time()
    early = (r.time <= t_d) & (r.action != r.actions.index("downing"))
    quiet = np.setdiff1d(np.arange(r.runs), r.run[early])
    keep_t = math.exp(-1 / dyn["tension_decay_days"])
    t0 = dyn["initial_tension"]
    gold = 10.0  # |Goldstein| of the downing (§8)
    t1, t2 = t0 * keep_t, t0 * keep_t ** 2 + dyn["tension_per_goldstein"] * gold
    check_close("T(1) in the quiet runs", r.traj["tension"][quiet, 1], t1)
    check_close("T(2) in the quiet runs", r.traj["tension"][quiet, t_d], t2)
    g_steps = r.mask(["RU"], ["apologise", "acknowledge", "compensate", "leaders_meeting"]) & (r.time == t_d)
    no_g = np.setdiff1d(np.arange(r.runs), r.run[g_steps])
    g2 = sh * math.exp(-1 / dyn["grievance_decay_days"])
    check_close("G(2) without a grievance-reducing step", r.traj["grievance_az"][no_g, t_d], g2)
    v.update(quiet=len(quiet), T0=fmt(t0, 3), tau_T=fmt(dyn["tension_decay_days"], 3), T1=fmt(t1, 3),
             kappa=fmt(dyn["tension_per_goldstein"], 3), T2=fmt(t2, 3), tau_G=fmt(dyn["grievance_decay_days"], 3),
             G2=fmt(g2, 4))
    return v


def replay_values(r, b, rows):
    """The §12 tables and the figures of §12.1."""
    t_d = r.downing_time()
    record = record_dates(rows)
    v = {"runs": r.runs, "real_hostile_AZ": record_hostile(rows, "AZ"), "real_hostile_RU": record_hostile(rows, "RU")}

    def days(actors, actions):
        return r.first_time(actors, actions) - t_d

    def median_day(d):
        return "never" if np.mean(np.isfinite(d)) < 0.5 else f"{np.median(d):.0f}"

    rows = []
    for key, rec, label, kind, actors, actions in TIMELINE:
        if rec not in record:
            raise Mismatch(f"data/record/events.csv has no {rec[0]} {rec[1]} row after the downing")
        when, shown = record[rec]
        day = (when - DOWNING).days
        d = days(actors, actions)
        p_by, med, p_all = np.mean(d <= day), median_day(d), np.mean(np.isfinite(d))
        v.update({f"{key}_day": day, f"{key}_p": f"{p_by:.2f}", f"{key}_pct": pct(p_by), f"{key}_median": med,
                  f"{key}_all": f"{p_all:.2f}", f"{key}_all_pct": pct(p_all)})
        first = label != "" and label != "(same)"
        rows.append(f"| {shown if first else ''} | {day if first else ''} | {label} | {kind} | {p_by:.2f} | "
                    f"{med} | {p_all:.2f} |")
    v["timeline_table"] = "\n".join(rows)
    end = (END_OF_RECORD - DOWNING).days
    horizon = int(r.times[-1]) - t_d
    v.update(end_day=end, horizon=horizon)
    rows = []
    for key, label, actors, actions in NON_EVENTS:
        d = days(actors, actions)
        p_end, p_all = np.mean(d <= end), np.mean(np.isfinite(d))
        v.update({f"{key}_end": pct(p_end), f"{key}_all": pct(p_all)})
        rows.append(f"| {label} | {p_end:.2f} | {p_all:.2f} |")
    v["non_events_table"] = "\n".join(rows)
    # A state action is hostile when its stance is positive, i.e. its Goldstein score negative (§8).
    h = r.state_action() & (r.goldstein < 0) & (r.time - t_d <= end)
    for side in ("AZ", "RU"):
        n = np.bincount(r.run[h & (r.actor == r.actors.index(side))], minlength=r.runs)
        v[f"hostile_{side}_mean"] = f"{n.mean():.1f}"
        v[f"hostile_{side}_range"] = f"{np.percentile(n, 5):.0f}–{np.percentile(n, 95):.0f}"
    # Baku's first state action.
    state = (r.actor == r.actors.index("AZ")) & r.state_action()
    first = {}
    for run, t, x in zip(r.run[state], r.time[state], r.action[state]):
        if run not in first or t < first[run][0]:
            first[run] = (t, x)
    kinds = np.array([x for _, x in first.values()])
    v["az_first_day"] = f"{np.median([t for t, _ in first.values()]) - t_d:.0f}"
    shares = sorted(((np.sum(kinds == k) / r.runs, r.actions[k]) for k in set(kinds)), key=lambda p: (-p[0], p[1]))
    v["az_first_shares"] = "; ".join(f"{name} {pct(share)}" for share, name in shares if share >= 0.005)
    for day in (0, 30, 60):
        v[f"tension_{day}"] = f"{r.median_tension[int(np.searchsorted(r.times, t_d + day))]:.1f}"
    v["tension_end"] = f"{r.median_tension[-1]:.1f}"
    rem = r.traj["remittances"][:, 0]
    v.update(rem_median=f"{np.median(rem):.0f}", rem_lo=f"{np.percentile(rem, 5):.0f}",
             rem_hi=f"{np.percentile(rem, 95):.0f}")
    for name, res in (("with", r), ("without", b)):
        share = res.traj["diaspora_departed"][:, -1] / res.traj["diaspora_present"][:, 0]
        v[f"departed_{name}"] = f"{100 * np.median(share):.1f}%"
        v[f"departed_{name}_range"] = f"{100 * np.percentile(share, 5):.1f}–{100 * np.percentile(share, 95):.1f}%"
        v[f"year_hostile_AZ_{name}"] = f"{res.out['hostile_az'].mean():.1f}"
        v[f"year_hostile_RU_{name}"] = f"{res.out['hostile_ru'].mean():.1f}"
        v[f"tension_end_{name}"] = f"{res.median_tension[-1]:.1f}"
        v[f"normal_{name}"] = pct(np.mean(np.isfinite(res.out["normalisation"])))
    return v


def region(text, name):
    begin = text.find(f"<!-- BEGIN GENERATED: {name} ")
    end_marker = f"<!-- END GENERATED: {name} -->"
    end = text.find(end_marker)
    if begin < 0 or end < begin:
        raise SystemExit(f"docs/model.md: the generated region {name!r} is missing")
    start = text.index("\n", begin) + 1
    return start, end


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", action="store_true", help="rewrite the generated regions of docs/model.md")
    ap.add_argument("--simrun", default=str(SOURCE / "build/simrun"))
    ap.add_argument("--replay", help="results of simrun scenarios/replay_2024.json --runs 1000")
    ap.add_argument("--background", help="the same with --set 'events=[]'")
    ap.add_argument("--doc", default=str(SOURCE / "docs/model.md"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="simrun_model_numbers_") as tmp:
        replay, background = args.replay, args.background
        if not replay:
            replay = Path(tmp) / "replay.h5"
            run_simrun(args.simrun, replay, [])
        if not background:
            background = Path(tmp) / "background.h5"
            run_simrun(args.simrun, background, ["--set", "events=[]"])
        r, b = Results(replay), Results(background)
    try:
        checks = check_values(r)
        values = {"check-values": checks,
                  "replay": {**checks, **replay_values(r, b, read_record(SOURCE / "data/record/events.csv"))}}
    except Mismatch as e:
        sys.exit(f"model_numbers: {e}\nThe code no longer follows docs/model.md §3; rewrite the prose "
                 "(tests/docs/model_check_values.md.in) before regenerating the numbers.")
    doc_path = Path(args.doc)
    doc = doc_path.read_text(encoding="utf-8")
    new = doc
    for name, template in (("check-values", "model_check_values.md.in"), ("replay", "model_replay.md.in")):
        body = (HERE / template).read_text(encoding="utf-8").format(**values[name])
        start, end = region(new, name)
        new = new[:start] + body + new[end:]
    if new == doc:
        print("docs/model.md: the §3 and §12 numbers agree with the code")
        return 0
    if args.write:
        doc_path.write_text(new, encoding="utf-8")
        print("docs/model.md: §3 and §12 rewritten from the code")
        return 0
    sys.stdout.writelines(difflib.unified_diff(doc.splitlines(True), new.splitlines(True), "docs/model.md",
                                               "docs/model.md (from the code)"))
    print("\ndocs/model.md disagrees with the code; after a deliberate model change run\n"
          "  /usr/bin/python3 tests/docs/model_numbers.py --write", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
