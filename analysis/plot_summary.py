#!/usr/bin/python3
"""Plot the summary of a simrun results file.

Draws two panels from the file's `summary` group:

  * top: the probability that each outcome has happened by each date, with
    its 95% Wilson interval as a shaded band. Outcomes that no run reached
    are left out of the plot and named under the legend instead;
  * bottom: the median bilateral tension across runs, with the 5-95% and
    25-75% ranges across runs as bands.

A comparison file (written by `simrun compare`) gets one column per
scenario, A on the left and B on the right, with the same y limits in each
row, fitted to both columns. Exit status: 0 on success, 2 when the input is
not a complete simrun results or comparison file.

Examples:
  /usr/bin/python3 analysis/plot_summary.py results/ukraine_deal.h5       # writes results/ukraine_deal_summary.png
  /usr/bin/python3 analysis/plot_summary.py results/ukraine_deal.h5 -o deal.svg
"""
import xarray as xr

import simrun_files as sf


def plot_probabilities(ax, s):
    plt = sf.pyplot()
    names = s["outcome"].attrs["flag_meanings"].split()
    never, top = [], 0.0
    colours = plt.get_cmap("tab10").colors
    for code, name in enumerate(names):
        p = s[f"{name}_probability"]
        if float(p.max()) == 0.0:
            never.append(name)
            continue
        # One colour per outcome code, so that both columns of a comparison
        # agree; probabilities change only at the end of a step, hence steps.
        colour = colours[code % len(colours)]
        ax.plot(s["time"], p, label=name, color=colour, linewidth=1.6, drawstyle="steps-post")
        ax.fill_between(s["time"].values, s[f"{name}_lower"], s[f"{name}_upper"],
                        color=colour, alpha=0.18, linewidth=0, step="post")
        top = max(top, float(s[f"{name}_upper"].max()))
    ax.set_ylabel("probability by date")
    ax.grid(True, alpha=0.3)
    title = "never reached: " + ", ".join(never) if never else None
    handles, _ = ax.get_legend_handles_labels()
    if handles or title:
        ax.legend(loc="upper left", fontsize=8, title=title, title_fontsize=7, alignment="left")
    return top


def plot_tension(ax, s):
    q = s["tension"]
    t = s["time"].values
    ax.fill_between(t, q.sel(quantile=0.05), q.sel(quantile=0.95), color="tab:red", alpha=0.15,
                    linewidth=0, label="5-95% of runs")
    ax.fill_between(t, q.sel(quantile=0.25), q.sel(quantile=0.75), color="tab:red", alpha=0.3,
                    linewidth=0, label="25-75% of runs")
    ax.plot(t, q.sel(quantile=0.5), color="tab:red", linewidth=1.8, label="median")
    units = q.attrs.get("units", "")
    ax.set_ylabel("tension index" + (f" ({units})" if units and units != "1" else ""))
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", fontsize=8)
    return float(q.sel(quantile=0.95).max())


def main():
    p = sf.parser(__doc__)
    p.add_argument("legacy_out", nargs="?", metavar="OUT", help="same as --out (the older form)")
    args = p.parse_args()
    args.out = args.out or args.legacy_out
    out = sf.out_path(args, "summary")
    path = args.file
    with sf.open_file(path, (sf.RESULTS, sf.COMPARISON)) as f:
        kind, attrs = sf.kind(f), {k: sf.text(v) for k, v in f.attrs.items() if not hasattr(v, "shape") or not v.shape}

    if kind == "simrun comparison":
        panels = [("a/summary", attrs["a_scenario_name"], "A", attrs["a_start_date"]),
                  ("b/summary", attrs["b_scenario_name"], "B", attrs["b_start_date"])]
    else:
        panels = [("summary", attrs["scenario_name"], None, attrs["start_date"])]

    plt = sf.pyplot()
    fig, axes = plt.subplots(2, len(panels), figsize=(7.5 * len(panels), 8), sharex=True,
                             squeeze=False, constrained_layout=True)
    tops = [[], []]  # the highest value drawn in each row, over every column
    for col, (group, name, label, start) in enumerate(panels):
        with xr.open_dataset(path, group=group, engine="netcdf4") as s:
            runs = int(s.attrs.get("runs", attrs["runs"]))
            head = f"{label}: {name}" if label else name
            axes[0, col].set_title(f"{head} - outcome probabilities (95% Wilson bands)", fontsize=10)
            tops[0].append(plot_probabilities(axes[0, col], s))
            axes[1, col].set_title(f"{head} - bilateral tension across runs", fontsize=10)
            tops[1].append(plot_tension(axes[1, col], s))
            axes[1, col].set_xlabel(f"date (day 0 = {start})")
    # The same limits on every panel of a row, set once from every column's
    # data: setting them panel by panel let the last panel clip the others.
    # The probability row leaves room for the legend, but never passes 1.
    for ax in axes[0]:
        ax.set_ylim(0, min(1.0, max(0.1, 1.35 * max(tops[0]))))
    for ax in axes[1]:
        ax.set_ylim(0, 1.05 * max(tops[1]))
        for lab in ax.get_xticklabels():
            lab.set_rotation(30)
            lab.set_horizontalalignment("right")
    fig.suptitle(f"{path.split('/')[-1]}: {runs} runs, seed {attrs['seed']}, simrun {attrs['simrun_version']}",
                 fontsize=11)
    sf.save(fig, out)
    return 0


if __name__ == "__main__":
    sf.run_tool(main)
