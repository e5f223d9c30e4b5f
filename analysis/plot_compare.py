#!/usr/bin/python3
"""What `simrun compare` is for: the paired differences B - A.

Reads the differences/ group of a comparison file. Left: for each outcome,
the change in the probability of reaching it by each horizon (B - A, in
percentage points) with its 95% paired interval. Right: for each per-run
metric, the change of its mean, relative to A's mean (in %), with its 95%
paired interval. An interval that does not cross the zero line is a
difference the runs can tell apart. Outcomes that neither scenario reached
are left out and named under the panel.

Example:
  ./build/simrun compare scenarios/baseline.json scenarios/ukraine_deal.json
  /usr/bin/python3 analysis/plot_compare.py results/compare_baseline_vs_ukraine_deal.h5 -o diff.png
"""
import numpy as np

import simrun_files as sf


def outcome_panel(ax, d, plt):
    names = sf.names(d["outcome"])
    horizons = d["horizon"][:]
    diff, lo, hi = (100 * d[k][:] for k in ("difference", "difference_lower", "difference_upper"))
    reached = (d["probability_a"][:].max(axis=1) > 0) | (d["probability_b"][:].max(axis=1) > 0)
    rows = [i for i in range(len(names)) if reached[i]]
    colours = plt.get_cmap("viridis")(np.linspace(0.1, 0.85, len(horizons)))
    offsets = np.linspace(-0.3, 0.3, len(horizons)) if len(horizons) > 1 else [0.0]
    for h, (days, colour, off) in enumerate(zip(horizons, colours, offsets)):
        y = np.arange(len(rows)) + off
        ax.errorbar(diff[rows, h], y, xerr=sf.error_bars(diff[rows, h], lo[rows, h], hi[rows, h]),
                    fmt="o", color=colour, markersize=4, capsize=2, label=f"by day {days:g}")
    ax.set_yticks(range(len(rows)), [names[i] for i in rows])
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("B - A: change in probability (percentage points)")
    ax.legend(fontsize=7, loc="best")
    never = [names[i] for i in range(len(names)) if not reached[i]]
    if never:
        ax.set_title("reached in neither: " + ", ".join(never), fontsize=7, loc="left")


def metric_panel(ax, d):
    names = sf.names(d["metric"])
    base = d["metric_mean_a"][:]
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = 100 / np.abs(base)
    diff, lo, hi = (d[k][:] * scale for k in ("metric_difference", "metric_difference_lower",
                                              "metric_difference_upper"))
    rows = [i for i in range(len(names)) if np.isfinite(diff[i])]
    y = np.arange(len(rows))
    ax.errorbar(diff[rows], y, xerr=sf.error_bars(diff[rows], lo[rows], hi[rows]), fmt="s", color="tab:blue",
                markersize=4, capsize=2)
    after = d["metric_mean_b"][:]
    ax.set_yticks(y, [f"{names[i]} ({base[i]:.3g} \u2192 {after[i]:.3g})" for i in rows])
    # Relative changes of rare counts run to hundreds of %: linear near 0,
    # logarithmic beyond 10%, so that small and large changes both show.
    ax.set_xscale("symlog", linthresh=10)
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("B - A: change of the mean per run, % of A's mean\n(linear within \u00b110%, logarithmic beyond)")
    ax.margins(x=0.08)
    ax.set_title("metric (mean per run in A \u2192 in B)", fontsize=8, loc="left")


def main():
    p = sf.parser(__doc__)
    args = p.parse_args()
    out = sf.out_path(args, "compare")
    plt = sf.pyplot()
    with sf.open_file(args.file, (sf.COMPARISON,)) as f:
        d = sf.require(f, "differences", "the comparison plot")
        a, b = (sf.text(f.attrs[k + "_scenario_name"]) for k in ("a", "b"))
        fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8), constrained_layout=True)
        outcome_panel(left, d, plt)
        metric_panel(right, d)
        fig.suptitle(f"B = {b} against A = {a}: paired differences with 95% intervals\n" + sf.wrap(sf.title_of(f)),
                     fontsize=10)
    for ax in (left, right):
        ax.grid(True, axis="x", alpha=0.3)
    sf.save(fig, out)
    return 0


if __name__ == "__main__":
    sf.run_tool(main)
