#!/usr/bin/python3
"""An outcome's probability over one or two swept factors, with intervals.

Reads a sweep file's design/values (each point's factor values),
points/succeeded and points/outcome_probability. The runs of all points that
share a value of the factor on the x axis (and of the --by factor) are
pooled, whatever the other factors, so the curve is the probability averaged
over the other factors' values in the design; the 95% Wilson interval is that
of the pooled runs. For a grid, the groups are the grid's levels; for a
random design (Latin hypercube, Monte Carlo, ...) a factor with many values is
cut into --bins bins of equal counts, drawn at the mean value of each bin.

Default: the first factor on x, the second (if any) as one line per level;
--heatmap draws the two factors as a grid of cells instead, each cell
labelled with its probability and interval.

Examples:
  ./build/simrun sweep scenarios/ukraine_deal.json --vary actors.RU.hawkishness=0.2:0.8:4 --vary events.0.day=60,200 --runs 50 --out results/grid.h5
  /usr/bin/python3 analysis/plot_sweep.py results/grid.h5 --outcome coercion_of_people -o sweep.png
  /usr/bin/python3 analysis/plot_sweep.py results/grid.h5 --outcome transit_restriction --heatmap -o heat.svg
"""
import numpy as np

import simrun_files as sf


def groups(values, bins):
    """(group index of each point, representative value of each group)."""
    levels = np.unique(values)
    if len(levels) <= max(bins, 12):
        return np.searchsorted(levels, values), levels
    edges = np.quantile(values, np.linspace(0, 1, bins + 1))
    index = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, bins - 1)
    return index, np.array([values[index == g].mean() for g in range(bins)])


def pooled(k, n, gx, gy, nx, ny):
    """Wilson estimate and interval of the runs pooled in each (y, x) cell."""
    hits, runs = np.zeros((ny, nx)), np.zeros((ny, nx))
    np.add.at(hits, (gy, gx), k)
    np.add.at(runs, (gy, gx), n)
    return sf.wilson(hits, runs)


def read(args, f):
    factors = sf.texts(f.attrs["factor_names"])
    for name in (args.x, args.by):
        if name is not None and name not in factors:
            raise sf.Refusal(f"{name!r} is not a factor of the sweep; choose among {', '.join(factors)}")
    pts = sf.require(f, "points", "the sweep plot")
    outcomes = sf.names(pts["outcome"])
    if args.outcome not in outcomes:
        raise sf.Refusal(f"{args.outcome!r} is not an outcome; choose among {', '.join(outcomes)}")
    horizons = list(pts["horizon"][:])
    h = len(horizons) - 1 if args.horizon is None else horizons.index(args.horizon) \
        if args.horizon in horizons else None
    if h is None:
        raise sf.Refusal(f"no horizon {args.horizon:g}; the file has {', '.join(f'{x:g}' for x in horizons)}")
    n = pts["succeeded"][:].astype(float)
    k = np.round(pts["outcome_probability"][:, outcomes.index(args.outcome), h] * n)
    k[n == 0] = 0
    return factors, f["design/values"][:], k, n, horizons[h]


def main():
    p = sf.parser(__doc__)
    p.add_argument("--outcome", required=True, help="outcome name, e.g. coercion_of_people")
    p.add_argument("--horizon", type=float, help="by this day (default: the last horizon)")
    p.add_argument("--x", help="factor on the x axis (default: the first)")
    p.add_argument("--by", help="second factor: one line (or heatmap row) per value (default: the second, if any)")
    p.add_argument("--heatmap", action="store_true", help="draw two factors as a heatmap")
    p.add_argument("--bins", type=int, default=6, help="bins for a factor with many values (default 6)")
    args = p.parse_args()
    out = sf.out_path(args, "sweep")
    with sf.open_file(args.file, (sf.SWEEP,)) as f:
        factors, values, k, n, horizon = read(args, f)
        title = sf.title_of(f)
    x = args.x or factors[0]
    by = args.by or next((name for name in factors if name != x), None)
    if args.heatmap and by is None:
        raise sf.Refusal("a heatmap needs two factors; the sweep has one")
    gx, lx = groups(values[:, factors.index(x)], args.bins)
    gy, ly = groups(values[:, factors.index(by)], args.bins) if by else (np.zeros(len(n), int), [None])
    prob, lo, hi = pooled(k, n, gx, gy, len(lx), len(ly))
    plt = sf.pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 4.8), constrained_layout=True)
    if args.heatmap:
        image = ax.imshow(prob, origin="lower", aspect="auto", cmap="viridis", vmin=0, vmax=max(np.nanmax(hi), 0.01))
        for (row, col), value in np.ndenumerate(prob):
            ax.text(col, row, f"{value:.2f}\n[{lo[row, col]:.2f}, {hi[row, col]:.2f}]", ha="center", va="center",
                    fontsize=7, color="white" if value < 0.6 * np.nanmax(hi) else "black")
        ax.set_xticks(range(len(lx)), [f"{v:.3g}" for v in lx])
        ax.set_yticks(range(len(ly)), [f"{v:.3g}" for v in ly])
        ax.set_ylabel(by)
        fig.colorbar(image, ax=ax, label=f"P({args.outcome} by day {horizon:g})")
    else:
        colours = plt.get_cmap("viridis")(np.linspace(0, 0.85, len(ly)))
        # Lines are shifted a little sideways so that their intervals do not hide each other.
        step = 0.012 * (lx[-1] - lx[0]) if len(lx) > 1 else 0
        for row, level in enumerate(ly):
            ax.errorbar(lx + step * (row - (len(ly) - 1) / 2), prob[row], yerr=sf.error_bars(prob[row], lo[row], hi[row]), fmt="o-", capsize=3,
                        color=colours[row], label=f"{by} = {level:.3g}" if by else None)
        ax.set_ylabel(f"P({args.outcome} by day {horizon:g})")
        ax.set_ylim(0, min(1, 1.1 * np.nanmax(hi)) or 1)
        ax.grid(True, alpha=0.3)
        if by:
            ax.legend(fontsize=8)
    ax.set_xlabel(x)
    others = [name for name in factors if name not in (x, by)]
    pool = f"; pooled over {', '.join(others)}" if others else ""
    ax.set_title(sf.wrap(f"{args.outcome} by day {horizon:g}, 95% Wilson intervals{pool}", 90) + "\n"
                 + sf.wrap(title, 80), fontsize=9)
    sf.save(fig, out)
    return 0


if __name__ == "__main__":
    sf.run_tool(main)
