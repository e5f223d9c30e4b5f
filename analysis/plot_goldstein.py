#!/usr/bin/python3
"""Net Goldstein score by calendar month: the median across runs, with the
50% and 90% bands, and optionally a dated record of real events overlaid.

Reads the event log (events/run, events/time, events/goldstein) of each
results file, or of A and B of a comparison file: for each run, the
Goldstein scores of its events are added up month by month (a month without
events counts 0), then the quantiles are taken across runs. Only calendar
months that lie wholly within the run are shown. The file must have been
written without --no-events.

--record CSV gives the real series to compare with: a text file with the
header line `date,value` and one row per dated score, the date as
YYYY-MM-DD (or YYYY-MM); rows are added up by month, so it may hold one row
per event or one total per month. Months of the record outside the run's
months are ignored.

Example:
  /usr/bin/python3 analysis/plot_goldstein.py results/replay_2024.h5 --record record.csv -o goldstein.png
"""
import csv
from datetime import date

import numpy as np

import simrun_files as sf

COLOURS = ["tab:purple", "tab:blue", "tab:red", "tab:green", "tab:orange"]


def month_index(d):
    return d.year * 12 + d.month - 1


def month_start(index):
    return date(index // 12, index % 12 + 1, 1)


def whole_months(start, last_day):
    """Indices of the calendar months wholly inside [start, start + last_day]."""
    first = month_index(start) + (start.day != 1)
    end = sf.add_days(start, last_day)
    return list(range(first, month_index(end)))  # the month holding `end` is not whole (or has 1 day)


def monthly_sums(f, prefix, start):
    """(month indices, [run, month] matrix of Goldstein sums)."""
    ev = sf.require(f, prefix + "events", "the Goldstein plot (was the file written with --no-events?)")
    runs = int(f[prefix + "summary"].attrs.get("runs", f.attrs["runs"]))
    months = whole_months(start, float(f[prefix + "summary/time"][-1]))
    if not months:
        raise sf.Refusal(f"{f.filename}: the run is shorter than one whole calendar month")
    run, days, score = ev["run"][:], ev["time"][:], ev["goldstein"][:].astype(float)
    base = np.datetime64(start, "D")
    dates = (base + np.floor(days).astype("timedelta64[D]")).astype("datetime64[M]").astype(int)
    index = dates + 1970 * 12 - months[0]  # datetime64[M] counts months from 1970-01
    keep = (index >= 0) & (index < len(months))
    sums = np.zeros((runs, len(months)))
    np.add.at(sums, (run[keep], index[keep]), score[keep])
    return months, sums


def read_record(path):
    """{month index: summed value} from a CSV with the header date,value."""
    totals = {}
    try:
        with open(path, newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as e:
        raise sf.Refusal(f"{path}: cannot read the record ({e.strerror})")
    for line, row in enumerate(rows, start=2):
        try:
            text = row["date"].strip()
            when = date.fromisoformat(text if len(text) > 7 else text + "-01")
            value = float(row["value"])
        except (KeyError, TypeError, ValueError, AttributeError):
            raise sf.Refusal(f"{path}, line {line}: expected `date,value` with the header line `date,value`, "
                             "a date YYYY-MM-DD or YYYY-MM and a number")
        totals[month_index(when)] = totals.get(month_index(when), 0.0) + value
    return totals


def main():
    p = sf.parser(__doc__, inputs="many")
    p.add_argument("--record", metavar="CSV", help="dated real scores to overlay (header date,value)")
    args = p.parse_args()
    out = sf.out_path(args, "goldstein")
    record = read_record(args.record) if args.record else None
    plt = sf.pyplot()
    fig, ax = plt.subplots(figsize=(9, 4.5), constrained_layout=True)
    series = []
    for path in args.files:
        with sf.open_file(path, (sf.RESULTS, sf.COMPARISON)) as f:
            series += [(label, *monthly_sums(f, prefix, start)) for label, prefix, _, start, _ in sf.scenarios(f)]
    shown = set()
    for k, (label, months, sums) in enumerate(series):
        q05, q25, q50, q75, q95 = np.quantile(sums, [0.05, 0.25, 0.5, 0.75, 0.95], axis=0)
        x = [np.datetime64(month_start(m), "D") + 14 for m in months]  # mid-month
        colour = COLOURS[k % len(COLOURS)]
        if len(series) == 1:
            ax.fill_between(x, q05, q95, color=colour, alpha=0.12, linewidth=0)
        else:  # several fans: the 90% band as dashed edges keeps them apart
            for edge in (q05, q95):
                ax.plot(x, edge, "--", color=colour, linewidth=0.7, alpha=0.8)
        ax.fill_between(x, q25, q75, color=colour, alpha=0.25, linewidth=0)
        ax.plot(x, q50, "o-", color=colour, markersize=3.5, linewidth=1.5,
                label=f"{label}: median, 50% and 90% of {sums.shape[0]} runs")
        shown.update(months)
    if record is not None:
        months = sorted(m for m in record if m in shown)
        if not months:
            raise sf.Refusal(f"{args.record}: no dated row falls in the months of the run")
        x = [np.datetime64(month_start(m), "D") + 14 for m in months]
        ax.plot(x, [record[m] for m in months], "D-", color="black", markersize=4, linewidth=1.2,
                label=f"record ({args.record.split('/')[-1]})")
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.set_ylabel("net Goldstein score per month\n(sum over events; < 0 conflict, > 0 cooperation)")
    ax.grid(True, alpha=0.3)
    sf.date_axis(ax)
    ax.legend(fontsize=7, loc="best")
    ax.set_title("Net Goldstein score by calendar month", fontsize=10)
    sf.save(fig, out)
    return 0


if __name__ == "__main__":
    sf.run_tool(main)
