#!/usr/bin/python3
"""Outcome probabilities by horizon for several scenarios side by side.

Reads summary/outcome_probability with its 95% Wilson interval
(outcome_lower, outcome_upper) from each results file, and from A and B of a
comparison file. One panel per outcome, one group of bars per horizon, one
bar per scenario with its interval. Outcomes that no scenario reached are
left out (named in the title) unless --all is given.

Example:
  /usr/bin/python3 analysis/plot_outcomes.py results/baseline.h5 results/ukraine_deal.h5 -o outcomes.png
"""
import numpy as np

import simrun_files as sf

COLOURS = ["tab:blue", "tab:red", "tab:green", "tab:purple", "tab:orange", "tab:brown", "tab:pink", "tab:grey"]


def read(paths):
    """[(label, outcome names, horizons, p, lower, upper)] per scenario."""
    rows = []
    for path in paths:
        with sf.open_file(path, (sf.RESULTS, sf.COMPARISON)) as f:
            for label, prefix, _, _, sets in sf.scenarios(f):
                s = sf.require(f, prefix + "summary", "the outcome plot")
                user = sf.user_sets(sets)
                rows.append((label + (f" [{', '.join(user)}]" if user else ""), sf.names(s["outcome"]),
                             s["horizon"][:], s["outcome_probability"][:], s["outcome_lower"][:],
                             s["outcome_upper"][:]))
    return rows


def main():
    p = sf.parser(__doc__, inputs="many")
    p.add_argument("--all", action="store_true", help="also draw outcomes that no scenario reached")
    args = p.parse_args()
    out = sf.out_path(args, "outcomes")
    data = read(args.files)
    names, horizons = data[0][1], data[0][2]
    if any(list(d[2]) != list(horizons) for d in data):
        raise sf.Refusal("the files have different report horizons (different horizon or step length); "
                         "plot them separately")
    reached = [i for i, _ in enumerate(names) if args.all or any(d[3][i].max() > 0 for d in data)]
    never = [n for i, n in enumerate(names) if i not in reached]
    plt = sf.pyplot()
    cols = min(3, max(1, len(reached)))
    nrows = max(1, -(-len(reached) // cols))
    fig, axes = plt.subplots(nrows, cols, figsize=(4.3 * cols, 3.2 * nrows + 0.9), squeeze=False,
                             constrained_layout=True)
    width = 0.8 / len(data)
    x = np.arange(len(horizons))
    top = max(float(d[5][reached].max()) for d in data) if reached else 1.0
    for ax, i in zip(axes.flat, reached):
        for k, (label, _, _, prob, lo, hi) in enumerate(data):
            pos = x - 0.4 + width * (k + 0.5)
            ax.bar(pos, prob[i], width, color=COLOURS[k % len(COLOURS)], alpha=0.8, label=label)
            ax.errorbar(pos, prob[i], yerr=sf.error_bars(prob[i], lo[i], hi[i]), fmt="none", ecolor="black",
                        elinewidth=0.8, capsize=2)
        ax.set_title(names[i], fontsize=10)
        ax.set_xticks(x, [f"{h:g}" for h in horizons])
        ax.set_xlabel("by day")
        ax.set_ylim(0, min(1.0, 1.1 * top))
        ax.grid(True, axis="y", alpha=0.3)
    for ax in axes[:, 0]:
        ax.set_ylabel("probability")
    for ax in list(axes.flat)[len(reached):]:
        ax.axis("off")
    # The legend goes in a free panel if the grid has one, else in the first.
    handles, labels = axes.flat[0].get_legend_handles_labels()
    spare = list(axes.flat)[len(reached):]
    (spare[0] if spare else axes.flat[0]).legend(handles, labels, loc="upper left", fontsize=8 if spare else 7)
    fig.suptitle("Probability of each outcome by each horizon, with 95% Wilson intervals"
                 + (f"\nreached in no run: {', '.join(never)}" if never else ""), fontsize=10)
    sf.save(fig, out)
    return 0


if __name__ == "__main__":
    sf.run_tool(main)
