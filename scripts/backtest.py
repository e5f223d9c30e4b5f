#!/usr/bin/python3
"""Rolling-origin backtest of simrun against the dated record.

For each origin: fit the scenario's uncertain parameters on the record from
the fit start to the day before the origin (simrun calibrate), run the
scenario with the accepted parameter sets, and score the months from the
origin on (simrun score), never a fitted month. Prints one table row per
origin and score: the model's score, the references', and the model minus
each reference with its bootstrap 95% interval; then the same over the
scored months of every origin pooled. docs/calibration.md ("Backtest")
explains the procedure.

    /usr/bin/python3 scripts/backtest.py --simrun build/simrun \\
        --calibration scripts/backtest_calibration.json \\
        --origins 2023-01-01,2023-07-01,2024-01-01,2024-07-01 --months 6

The calibration file is a template: its `calibration.fit_to`, the scenario's
run.start_date and run.horizon_days are set per origin. The pooled scores
need NumPy and h5py (installed by scripts/setup.sh).
"""
import argparse
import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys

import h5py
import numpy as np

SCORES = ["items_brier", "items_log", "count_crps", "net_goldstein_crps", "net_goldstein_coverage50",
          "net_goldstein_coverage90", "count_coverage50", "count_coverage90"]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--simrun", default="build/simrun", help="the simrun program (default build/simrun)")
    p.add_argument("--calibration", default="scripts/backtest_calibration.json",
                   help="calibration file used as the template at every origin")
    p.add_argument("--origins", required=True, help="comma-separated dates YYYY-MM-01: the first scored month of each")
    p.add_argument("--months", type=int, default=6, help="months scored after each origin (default 6)")
    p.add_argument("--record-end", default="2025-02-28", help="nothing after this date is scored (default 2025-02-28)")
    p.add_argument("--fit-months", type=int, default=0,
                   help="fit only the months just before each origin, this many (default: all from the template's "
                        "fit_from; the scenario still runs from there)")
    p.add_argument("--runs", type=int, default=500, help="runs of the calibrated scenario at each origin")
    p.add_argument("--out", default="results/backtest", help="folder for the files of each origin")
    p.add_argument("--set", action="append", default=[], help="extra --set for calibrate and the runs (repeatable)")
    p.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    return p.parse_args()


def date(text):
    return dt.date.fromisoformat(text)


def add_months(d, n):
    y, m = divmod(d.month - 1 + n, 12)
    return dt.date(d.year + y, m + 1, 1)


def run(cmd):
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.stderr.write(f"backtest: {' '.join(cmd)} failed with exit code {done.returncode}:\n{done.stderr}")
        sys.exit(1)
    return done.stdout


def origin_calibration(template, origin, end, folder, fit_months):
    """The template with the fit window ending the day before the origin
    (and starting fit_months before it, when given) and the scenario running
    from the template's fit start to the end of the scored months."""
    with open(template, encoding="utf-8") as f:
        cal = json.load(f)
    base = os.path.dirname(os.path.abspath(template))
    cal["scenario"] = os.path.join(base, cal["scenario"])
    cal["calibration"]["record"] = os.path.join(base, cal["calibration"]["record"])
    start = date(cal["calibration"]["fit_from"]).replace(day=1)
    fit_to = origin - dt.timedelta(days=1)
    if fit_to < start:
        sys.exit(f"backtest: origin {origin} is not after the fit start {start}")
    cal["calibration"]["fit_to"] = fit_to.isoformat()
    if fit_months:
        cal["calibration"]["fit_from"] = max(start, add_months(origin, -fit_months)).isoformat()
    horizon = (end - start).days + 1
    cal["set"] = [s for s in cal.get("set", []) if not s.startswith(("run.start_date=", "run.horizon_days="))]
    cal["set"] += [f"run.start_date={start.isoformat()}", f"run.horizon_days={horizon}"]
    cal["name"] = f"backtest_{origin.isoformat()}"
    path = os.path.join(folder, f"calibration_{origin.isoformat()}.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(cal, f, indent=2)
    return cal, path


def calibrated_run(args, cal, fragment, folder, origin):
    """Runs the scenario with the accepted parameter sets: through the
    scenario format's parameter_sets block when this simrun knows it, else
    at the accepted sets' mean (a plug-in that ignores the posterior's
    spread, said on stderr)."""
    with open(fragment, encoding="utf-8") as f:
        block = json.load(f)["parameter_sets"]
    out = os.path.join(folder, f"run_{origin.isoformat()}.h5")
    sets = [x for s in cal["set"] + args.set for x in ("--set", s)]
    wrapper = {"extends": cal["scenario"], "name": f"backtest_{origin.isoformat()}", "parameter_sets": block}
    wrapper_path = os.path.join(folder, f"scenario_{origin.isoformat()}.json")
    with open(wrapper_path, "w", encoding="utf-8") as f:
        json.dump(wrapper, f, indent=2)
    check = subprocess.run([args.simrun, "validate", wrapper_path, *sets], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    if check.returncode == 0:
        scenario = wrapper_path
    else:
        scenario = cal["scenario"]
        means = [sum(row[i] for row in block["sets"]) / len(block["sets"]) for i in range(len(block["paths"]))]
        sets += [x for p, v in zip(block["paths"], means) for x in ("--set", f"{p}={v!r}")]
        sys.stderr.write(f"backtest: {origin}: this simrun has no parameter_sets; running at the accepted mean\n")
    run([args.simrun, scenario, *sets, "--runs", str(args.runs), "--quiet", "--force", "--out", out])
    return out


def main():
    args = parse_args()
    os.makedirs(args.out, exist_ok=True)
    rows, monthly = [], []
    record_end = date(args.record_end)
    for text in args.origins.split(","):
        origin = date(text.strip())
        if origin.day != 1:
            sys.exit(f"backtest: origin {origin} is not the first day of a month")
        end = min(add_months(origin, args.months) - dt.timedelta(days=1), record_end)
        if end < origin:
            sys.exit(f"backtest: origin {origin} is after the record's end {record_end}")
        cal, cal_path = origin_calibration(args.calibration, origin, end, args.out, args.fit_months)
        results = os.path.join(args.out, f"calibration_{origin.isoformat()}.h5")
        fragment = os.path.join(args.out, f"fragment_{origin.isoformat()}.json")
        run([args.simrun, "calibrate", cal_path, "--out", results, "--fragment", fragment, "--force", "--quiet",
             *[x for s in args.set for x in ("--set", s)]])
        scored = calibrated_run(args, cal, fragment, args.out, origin)
        score_file = os.path.join(args.out, f"score_{origin.isoformat()}.h5")
        excluded = cal["calibration"].get("exclude_actions", [])
        text_csv = run([args.simrun, "score", scored, cal["calibration"]["record"], "--from", origin.isoformat(),
                        "--to", end.isoformat(), "--csv", "--out", score_file, "--force",
                        *(["--exclude-actions", ",".join(excluded)] if excluded else [])])
        for r in csv.DictReader(io.StringIO(text_csv)):
            rows.append({"origin": origin.isoformat(), "scored_to": end.isoformat(), **r})
        monthly.append(read_by_month(score_file))
    rows += pooled_rows(monthly, rows[-1]["scored_to"] if rows else "")
    print_rows(rows, args.csv)


def read_by_month(path):
    """One origin's monthly scores: the forecasters' names and, per score,
    an array [forecaster][month] (NaN where the score is not defined)."""
    with h5py.File(path, "r") as f:
        g = f["score"]
        def meanings(name):  # coordinates are codes whose names are in flag_meanings
            text = g[name].attrs["flag_meanings"]
            return (text.decode() if isinstance(text, bytes) else str(text)).split()
        names, forecasts = meanings("score"), meanings("forecast")
        by_month = g["by_month"][:]
    return {"forecasts": forecasts, "scores": {n: by_month[i] for i, n in enumerate(names)}}


def bootstrap(values, resamples=1000, seed=1):
    """The mean of the values and its 95% percentile bootstrap interval."""
    values = np.asarray(values, dtype=float)
    rng = np.random.default_rng(seed)
    means = values[rng.integers(0, len(values), size=(resamples, len(values)))].mean(axis=1)
    return values.mean(), np.quantile(means, 0.025), np.quantile(means, 0.975)


def pooled_rows(monthly, last):
    """The scored months of every origin pooled (origins whose windows do not
    overlap score each month once): each forecaster's mean and the model
    minus each reference, with bootstrap intervals over the pooled months."""
    if not monthly:
        return []
    forecasts = monthly[0]["forecasts"]
    rows = []
    for score in monthly[0]["scores"]:
        series = np.concatenate([m["scores"][score] for m in monthly], axis=1)  # [forecaster][month]
        for f, name in enumerate(forecasts):
            ok = ~np.isnan(series[f])
            if ok.any():
                rows.append(pooled_row(last, score, name, "", series[f][ok]))
            both = ok & ~np.isnan(series[0])
            if f > 0 and both.any() and "coverage" not in score:
                rows.append(pooled_row(last, score, "model", name, series[0][both] - series[f][both]))
    return rows


def pooled_row(last, score, forecast, versus, values):
    value, lower, upper = bootstrap(values)
    return {"origin": "pooled", "scored_to": last, "score": score, "forecast": forecast, "versus": versus,
            "value": repr(float(value)), "lower": repr(float(lower)), "upper": repr(float(upper)),
            "months": str(len(values))}


def print_rows(rows, as_csv):
    if as_csv:
        w = csv.DictWriter(sys.stdout, fieldnames=list(rows[0].keys()) if rows else ["origin"])
        w.writeheader()
        w.writerows(rows)
        return
    def fmt(r):
        if r is None or r["value"] == "":
            return "-"
        return f"{float(r['value']):.4f} [{float(r['lower']):.4f}, {float(r['upper']):.4f}]"
    forecasts = ["model", "base_rate", "persistence", "constant_0.5"]
    origins = sorted({r["origin"] for r in rows})  # "pooled" sorts after the dates
    def block(title, columns, keys, skip_coverage):
        print(title)
        print(f"{'origin':<12}{'score':<26}" + "".join(f"{c:<29}" for c in columns))
        for origin in origins:
            for score in SCORES:
                if skip_coverage and "coverage" in score:
                    continue
                pick = {(r["forecast"], r["versus"]): r for r in rows if r["origin"] == origin and r["score"] == score}
                if pick:
                    print(f"{origin:<12}{score:<26}" + "".join(f"{fmt(pick.get(k)):<29}" for k in keys))
        print()
    block("scores (mean over the scored months, 95% bootstrap interval)", forecasts,
          [(f, "") for f in forecasts], False)
    block("model minus reference (negative: the model scores better)", [f"model-{f}" for f in forecasts[1:]],
          [("model", f) for f in forecasts[1:]], True)


if __name__ == "__main__":
    main()
