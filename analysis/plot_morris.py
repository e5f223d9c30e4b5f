#!/usr/bin/python3
"""Morris screening: mu* against sigma for each factor of a Morris sweep.

Reads the morris/ group of a sweep file written with a Morris design. For
the chosen output (an analysed outcome's probability by a horizon, or an
analysed metric's mean), each factor is a point: mu* (the mean absolute
elementary effect, per whole range of the factor; horizontal bar: its 95%
bootstrap interval) against sigma (their standard deviation). Factors near
the origin hardly matter; far right, they matter; high up, their effect
depends on the other factors (interactions or non-linearity). The dashed
line sigma = mu* helps tell the two apart.

Example:
  ./build/simrun sweep scenarios/sweeps/ukraine_deal_morris.json
  /usr/bin/python3 analysis/plot_morris.py results/ukraine_deal_morris.h5 --outcome coercion_of_people -o morris.png
"""
import simrun_files as sf
import sweep_indices


def main():
    p = sf.parser(__doc__)
    sweep_indices.add_output_args(p)
    args = p.parse_args()
    out = sf.out_path(args, "morris")
    with sf.open_file(args.file, (sf.SWEEP,)) as f:
        m = sf.require(f, "morris", "the Morris plot (a sweep with a Morris design)")
        label, kind, row = sweep_indices.select(m, args)
        factors = sf.names(m["parameter"])
        mu_star, lo, hi, sigma = (m[f"{kind}_{name}"][row] for name in ("mu_star", "mu_star_lower", "mu_star_upper",
                                                                        "sigma"))
        title = sf.title_of(f)
    plt = sf.pyplot()
    fig, ax = plt.subplots(figsize=(9, 5.2), constrained_layout=True)
    top = max(float(hi.max()), float(sigma.max())) * 1.15 or 1.0
    # One colour and marker per factor, named in the legend: labels next to
    # the points overprint each other when factors have similar effects.
    colours = plt.get_cmap("tab10").colors
    for k, name in enumerate(factors):
        ax.errorbar(mu_star[k], sigma[k], xerr=sf.error_bars([mu_star[k]], [lo[k]], [hi[k]]), fmt="osD^v<>p"[k % 8],
                    color=colours[k % 10], elinewidth=0.8, capsize=3, markersize=6, label=name)
    ax.plot([0, top], [0, top], "--", color="grey", linewidth=0.8, label="sigma = mu*")
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    ax.set_xlabel(f"mu*: mean |elementary effect| on {label}")
    ax.set_ylabel("sigma: standard deviation of the effects")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_title(sf.wrap(f"Morris screening of {label}", 80) + "\n" + sf.wrap(title, 80), fontsize=9)
    sf.save(fig, out)
    return 0


if __name__ == "__main__":
    sf.run_tool(main)
