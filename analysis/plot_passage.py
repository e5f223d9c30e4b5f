#!/usr/bin/python3
"""First-passage time distributions: when each outcome is first reached.

Reads outcomes/<outcome> (the first-passage day of each run; NaN when the
run did not reach it) from each results file, and from A and B of a
comparison file. One panel per outcome: the share of all runs whose first
passage falls in each bin of --bin-days days (so the bars of a scenario add
up to its probability of reaching the outcome within the horizon), with the
calendar date on the axis; the legend gives that probability and the median
date among the runs that reached it. Outcomes no run reached are left out.

Example:
  /usr/bin/python3 analysis/plot_passage.py results/ukraine_deal.h5 --outcome coercion_of_people -o passage.png
"""
import numpy as np

import simrun_files as sf

COLOURS = ["tab:blue", "tab:red", "tab:green", "tab:purple", "tab:orange"]


def read(paths):
    """[(label, start date, horizon in days, {outcome: first-passage days})]"""
    rows = []
    for path in paths:
        with sf.open_file(path, (sf.RESULTS, sf.COMPARISON)) as f:
            for label, prefix, _, start, _ in sf.scenarios(f):
                o = sf.require(f, prefix + "outcomes", "the first-passage plot")
                names = sf.names(f[prefix + "summary/outcome"])
                rows.append((label, start, float(f[prefix + "summary/time"][-1]), {n: o[n][:] for n in names}))
    return rows


def main():
    p = sf.parser(__doc__, inputs="many")
    p.add_argument("--outcome", action="append", metavar="NAME", help="outcome to draw (repeatable; default: "
                   "every outcome some run reached)")
    p.add_argument("--bin-days", type=float, default=30.0, help="width of the bins in days (default 30)")
    args = p.parse_args()
    out = sf.out_path(args, "passage")
    data = read(args.files)
    known = list(data[0][3])
    for name in args.outcome or []:
        if name not in known:
            raise sf.Refusal(f"{name!r} is not an outcome; choose among {', '.join(known)}")
    chosen = args.outcome or [n for n in known if any(np.isfinite(d[3][n]).any() for d in data)]
    if not chosen:
        raise sf.Refusal("no run of any file reached any outcome: there is no first passage to plot")
    plt = sf.pyplot()
    cols = min(2, len(chosen))
    nrows = -(-len(chosen) // cols)
    fig, axes = plt.subplots(nrows, cols, figsize=(6.2 * cols, 3.3 * nrows), squeeze=False, constrained_layout=True)
    horizon = max(d[2] for d in data)
    # The last bin ends at the horizon, so it may be shorter than the others.
    edges = np.append(np.arange(0, horizon, args.bin_days), horizon)
    for ax, name in zip(axes.flat, chosen):
        for k, (label, start, _, passage) in enumerate(data):
            days = passage[name]
            reached = days[np.isfinite(days)]
            counts, _ = np.histogram(reached, bins=edges)
            share = counts / len(days)
            when = f", median {sf.add_days(start, np.median(reached)):%Y-%m-%d}" if len(reached) else ""
            ax.stairs(share, sf.to_dates(start, edges), color=COLOURS[k % len(COLOURS)], linewidth=1.6,
                      fill=len(data) == 1, alpha=0.6 if len(data) == 1 else 1.0,
                      label=f"{label}: reached in {len(reached) / len(days):.1%}{when}")
        ax.set_ylim(0, 1.45 * max(ax.get_ylim()[1], 1e-3))  # room for the legend
        ax.set_title(name, fontsize=10)
        ax.set_ylabel(f"share of runs per {args.bin_days:g} days")
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=7, loc="upper left")
        sf.date_axis(ax)
    for ax in list(axes.flat)[len(chosen):]:
        ax.axis("off")
    fig.suptitle("First-passage time: when each outcome is first reached", fontsize=10)
    sf.save(fig, out)
    return 0


if __name__ == "__main__":
    sf.run_tool(main)
