#!/usr/bin/python3
"""Sobol' indices of a Saltelli sweep, with their 95% bootstrap intervals.

Reads the sobol/ group of a sweep file written with a Saltelli design: for
the chosen output (an analysed outcome's probability by a horizon, or an
analysed metric's mean), each factor's first-order index (the share of the
output's variance the factor explains alone) and total index (alone and in
interaction with the others), as bars with intervals. A total index near 0
means the factor can be fixed anywhere in its range; the gap between total
and first-order is the factor's part in interactions. Estimates can fall
slightly below 0 or above 1 with few base points.

Example:
  ./build/simrun sweep scenarios/sweeps/ukraine_deal_sobol.json
  /usr/bin/python3 analysis/plot_sobol.py results/ukraine_deal_sobol.h5 --outcome coercion_of_people -o sobol.png
"""
import numpy as np

import simrun_files as sf
import sweep_indices


def main():
    p = sf.parser(__doc__)
    sweep_indices.add_output_args(p)
    args = p.parse_args()
    out = sf.out_path(args, "sobol")
    with sf.open_file(args.file, (sf.SWEEP,)) as f:
        s = sf.require(f, "sobol", "the Sobol' plot (a sweep with a Saltelli design)")
        label, kind, row = sweep_indices.select(s, args)
        factors = sf.names(s["parameter"])
        index = {name: tuple(s[f"{kind}_{name}{end}"][row] for end in ("", "_lower", "_upper"))
                 for name in ("first", "total")}
        title = sf.title_of(f)
    plt = sf.pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(factors) + 1.8), constrained_layout=True)
    y = np.arange(len(factors))
    for shift, (name, colour) in zip((-0.2, 0.2), (("first", "tab:blue"), ("total", "tab:orange"))):
        value, lo, hi = index[name]
        ax.barh(y + shift, value, 0.38, color=colour, alpha=0.8, label=f"{name}-order" if name == "first" else name)
        ax.errorbar(value, y + shift, xerr=sf.error_bars(value, lo, hi), fmt="none", ecolor="black", elinewidth=0.8,
                    capsize=2)
    ax.set_yticks(y, factors)
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("Sobol' index (share of variance), 95% bootstrap interval")
    ax.grid(True, axis="x", alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    ax.set_title(sf.wrap(f"Sobol' indices of {label}", 80) + "\n" + sf.wrap(title, 80), fontsize=9)
    sf.save(fig, out)
    return 0


if __name__ == "__main__":
    sf.run_tool(main)
