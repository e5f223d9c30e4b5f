#!/usr/bin/python3
"""Fan charts of state variables over time: the median across runs with the
50% (25-75%) and 90% (5-95%) bands, dates on the axis.

Reads summary/<variable> (quantiles across runs) of each results file, and of
A and B of a comparison file. One row per variable, one column per scenario;
every panel of a row has the same y limits, chosen to fit every band of
every column. With --overlay, all scenarios share one panel per variable.

Examples:
  /usr/bin/python3 analysis/plot_fan.py results/ukraine_deal.h5 --var tension --var remittances
  /usr/bin/python3 analysis/plot_fan.py results/baseline.h5 results/ukraine_deal.h5 --overlay -o fan.svg
"""
import numpy as np

import simrun_files as sf

COLOURS = ["tab:red", "tab:blue", "tab:green", "tab:purple", "tab:orange", "tab:brown"]


def read_fans(paths, variables):
    """[(label, start date, {variable: (time, q05, q25, q50, q75, q95, units, long_name)})]"""
    fans = []
    for path in paths:
        with sf.open_file(path, (sf.RESULTS, sf.COMPARISON)) as f:
            for label, prefix, _, start, sets in sf.scenarios(f):
                s = sf.require(f, prefix + "summary", "a fan chart")
                levels = list(s["quantile"][:])
                curves = {}
                known = sorted(k[:-5] for k in s if k.endswith("_mean") and k != "metric_mean")
                for var in variables:
                    if var not in known:
                        raise sf.Refusal(f"{path}: {var!r} is not a state variable of the file; "
                                         f"choose among {', '.join(known)}")
                    q = s[var][:]
                    rows = [q[levels.index(level)] for level in (0.05, 0.25, 0.5, 0.75, 0.95)]
                    long_name = sf.text(s[var].attrs.get("long_name", var)).replace(" (quantiles across runs)", "")
                    curves[var] = (s["time"][:], *rows, sf.text(s[var].attrs.get("units", "")), long_name)
                user = sf.user_sets(sets)
                fans.append((f"{path.split('/')[-1]}: {label}" + (f" [{', '.join(user)}]" if user else ""),
                             start, curves))
    return fans


def draw(ax, start, curve, colour, label=None, outline=False):
    """Median line, 50% band filled; the 90% band filled too, or (when
    several fans share a panel) drawn as thin lines so the fans stay apart."""
    t, q05, q25, q50, q75, q95 = curve[:6]
    days = sf.to_dates(start, t)
    if outline:
        for edge in (q05, q95):
            ax.plot(days, edge, color=colour, linewidth=0.7, alpha=0.7, linestyle="--")
    else:
        ax.fill_between(days, q05, q95, color=colour, alpha=0.15, linewidth=0)
    ax.fill_between(days, q25, q75, color=colour, alpha=0.25 if outline else 0.3, linewidth=0)
    ax.plot(days, q50, color=colour, linewidth=1.6, label=label)


def row_limits(fans, var):
    """y limits that hold every band of every scenario, with a margin."""
    low = min(float(np.nanmin(c[var][1])) for _, _, c in fans)
    high = max(float(np.nanmax(c[var][5])) for _, _, c in fans)
    pad = 0.05 * (high - low) if high > low else max(abs(high), 1.0) * 0.05
    return low - pad, high + pad


def main():
    p = sf.parser(__doc__, inputs="many")
    p.add_argument("--var", action="append", metavar="NAME",
                   help="state variable (repeatable; default tension); see docs/output-format.md")
    p.add_argument("--overlay", action="store_true", help="draw every scenario in one panel per variable")
    args = p.parse_args()
    out = sf.out_path(args, "fan")
    variables = args.var or ["tension"]
    fans = read_fans(args.files, variables)
    plt = sf.pyplot()
    cols = 1 if args.overlay else len(fans)
    fig, axes = plt.subplots(len(variables), cols, figsize=(1.5 + 4.6 * cols if cols > 1 else 8, 3.3 * len(variables)),
                             squeeze=False, constrained_layout=True)
    for row, var in enumerate(variables):
        for col, (label, start, curves) in enumerate(fans):
            ax = axes[row, 0 if args.overlay else col]
            colour = COLOURS[col % len(COLOURS)] if args.overlay else "tab:red"
            draw(ax, start, curves[var], colour, label if args.overlay else "median", args.overlay)
            if not args.overlay and row == 0:
                ax.set_title(label, fontsize=9)
        units = fans[0][2][var][6]
        for ax in axes[row]:
            ax.set_ylim(*row_limits(fans, var))
            ax.set_ylabel(f"{var}" + (f" ({units})" if units and units != "1" else ""))
            ax.grid(True, alpha=0.3)
            sf.date_axis(ax)
        bands = "50% of runs shaded, 90% dashed" if args.overlay else "50% and 90% of runs"
        axes[row, 0].legend(loc="best", fontsize=7, title=f"median; bands: {bands}",
                            title_fontsize=7)
    fig.suptitle("Fan chart: " + "; ".join(fans[0][2][v][7] for v in variables), fontsize=10)
    sf.save(fig, out)
    return 0


if __name__ == "__main__":
    sf.run_tool(main)
