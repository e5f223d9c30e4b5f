#!/usr/bin/python3
"""Scenario discovery with PRIM: which ranges of the uncertain inputs make an
outcome likely?

PRIM (the patient rule induction method of Friedman and Fisher, 1999) looks
for a box -- a range for each input -- inside which the outcome is much more
frequent than overall. It starts from the box holding every case and peels:
at each step it tries cutting off the lowest or the highest `alpha` share of
the cases in the box along each input, and keeps the cut that leaves the
highest share of cases with the outcome (the density). Each step gives a
smaller, denser box; the sequence is the peeling trajectory. From it one box
is chosen: among the boxes whose coverage -- their share of all the cases
with the outcome -- is at least --min-coverage, the largest whose density is
within one standard error of the highest. It is then pasted: its bounds are widened
again, `alpha` of its cases at a time, as long as that raises the density.
Further boxes are found the same way among the cases left outside
(--boxes).

Cases are:
  * a results file: each run, its inputs the sampled parameters (parameters/
    group: every field given as a distribution or drawn from the scenario's
    parameter sets, and the 0/1 of each event's occurrence; not the index of
    the set drawn, whose order means nothing), its outcome reached or not by
    the horizon (outcomes/ group);
  * a sweep file: each succeeded run, its inputs its point's factor values
    (design/values), its outcome from runs/; or with --per-point each point,
    its outcome the probability by the horizon (points/), weighted equally.

Prints each box with its coverage, density, mass (share of cases inside)
and its restricted inputs; --trajectory also prints the peeling trajectory,
and -o draws it (coverage against density) as a PNG or SVG.

Example:
  ./build/simrun scenarios/ukraine_deal.json --runs 2000 --out results/deal_2000.h5
  /usr/bin/python3 analysis/prim.py results/deal_2000.h5 --outcome coercion_of_people
"""
import argparse
from pathlib import Path

import numpy as np

import simrun_files as sf


class Box:
    """Bounds (inclusive) on every input; -inf/inf where unrestricted."""

    def __init__(self, lower, upper):
        self.lower, self.upper = np.array(lower, float), np.array(upper, float)

    def contains(self, x):
        return np.all((x >= self.lower) & (x <= self.upper), axis=1)


def stats(x, y, box, total):
    """(mass, density, coverage) of the box over cases x with outcomes y."""
    inside = box.contains(x)
    n = int(inside.sum())
    density = float(y[inside].mean()) if n else 0.0
    return n / len(y), density, float(y[inside].sum()) / total if total > 0 else 0.0


def peel_candidates(values, alpha):
    """The lower and upper cuts of one input within the box, as (side, new
    bound, cases kept). A cut removes the cases beyond the alpha quantile;
    with ties at the edge (a 0/1 input, say), all cases at the extreme value."""
    lo, hi = values.min(), values.max()
    if lo == hi:
        return []
    q_lo, q_hi = np.quantile(values, [alpha, 1 - alpha])
    keep_lo = values >= q_lo if (values < q_lo).any() else values > lo
    keep_hi = values <= q_hi if (values > q_hi).any() else values < hi
    return [("lower", values[keep_lo].min(), keep_lo), ("upper", values[keep_hi].max(), keep_hi)]


def peel(x, y, alpha, min_mass):
    """The peeling trajectory: a list of boxes, from all cases to the last box
    whose mass is still at least min_mass."""
    box = Box(np.full(x.shape[1], -np.inf), np.full(x.shape[1], np.inf))
    trajectory = [box]
    inside = np.ones(len(y), bool)
    while True:
        idx = np.flatnonzero(inside)
        best = None
        for j in range(x.shape[1]):
            for side, bound, keep in peel_candidates(x[idx, j], alpha):
                if keep.sum() < min_mass * len(y):
                    continue
                mean = y[idx[keep]].mean()
                # Highest density first; between equals, the cut that keeps more.
                if best is None or (mean, keep.sum()) > (best[0], best[1]):
                    best = (mean, keep.sum(), j, side, bound, idx[keep])
        if best is None:
            return trajectory
        _, _, j, side, bound, kept = best
        box = Box(box.lower.copy(), box.upper.copy())
        (box.lower if side == "lower" else box.upper)[j] = bound
        inside = np.zeros(len(y), bool)
        inside[kept] = True
        trajectory.append(box)


def paste(x, y, box, alpha):
    """Widen the box one side at a time, by about alpha of its cases, as long
    as that raises its density."""
    while True:
        inside = box.contains(x)
        current, step = y[inside].mean(), max(1, int(round(alpha * inside.sum())))
        best = None
        for j in range(x.shape[1]):
            others = Box(box.lower.copy(), box.upper.copy())
            others.lower[j], others.upper[j] = -np.inf, np.inf
            along = others.contains(x) & ~inside  # outside only along input j
            for side in ("lower", "upper"):
                beyond = along & ((x[:, j] < box.lower[j]) if side == "lower" else (x[:, j] > box.upper[j]))
                if not beyond.any():
                    continue
                order = np.sort(x[beyond, j])
                bound = order[-min(step, len(order))] if side == "lower" else order[min(step, len(order)) - 1]
                trial = Box(box.lower.copy(), box.upper.copy())
                (trial.lower if side == "lower" else trial.upper)[j] = bound
                mean = y[trial.contains(x)].mean()
                if mean > current and (best is None or mean > best[0]):
                    best = (mean, trial)
        if best is None:
            return box
        box = best[1]


def choose(x, y, trajectory, min_coverage, total):
    """The largest box of the trajectory with coverage >= min_coverage whose
    density is within one standard error of the highest such density. (The
    densest box itself is usually cut to fit noise: the last peels gain
    density by chance, and pasting cannot undo that, since widening a box
    over cases of equal density does not raise it.)"""
    scored = [(stats(x, y, b, total), b) for b in trajectory]
    eligible = [(s, b) for s, b in scored if s[2] >= min_coverage] or scored[:1]
    (mass, density, _), _ = max(eligible, key=lambda sb: (sb[0][1], sb[0][0]))
    se = np.sqrt(density * (1 - density) / max(1.0, mass * len(y)))
    return max((sb for sb in eligible if sb[0][1] >= density - se), key=lambda sb: sb[0][0])[1]


def simplify(box, x):
    """Bounds at or beyond the data's range do not restrict anything."""
    lower = np.where(box.lower <= x.min(axis=0), -np.inf, box.lower)
    upper = np.where(box.upper >= x.max(axis=0), np.inf, box.upper)
    return Box(lower, upper)


def find_boxes(x, y, alpha=0.05, paste_alpha=0.05, min_mass=0.05, min_coverage=0.5, boxes=1):
    """[(box, trajectory)]: up to `boxes` boxes, each found among the cases
    outside the earlier ones; stops when a box is no denser than the rest."""
    found, left = [], np.ones(len(y), bool)
    total = float(y.sum())
    for _ in range(boxes):
        xs, ys = x[left], y[left]
        if len(ys) == 0 or ys.sum() == 0:
            break
        trajectory = peel(xs, ys, alpha, min_mass * len(y) / len(ys))
        box = simplify(paste(xs, ys, choose(xs, ys, trajectory, min_coverage, ys.sum()), paste_alpha), x)
        if stats(xs, ys, box, total)[1] <= ys.mean():
            break
        found.append((box, [simplify(b, x) for b in trajectory], left.copy()))
        left &= ~box.contains(x)
    return found


def describe(box, names, x):
    """The restricted inputs of a box, one line each."""
    lines = []
    for name, lo, hi, low, high in zip(names, box.lower, box.upper, x.min(axis=0), x.max(axis=0)):
        if lo == hi or lo == high or hi == low:  # one value left (a 0/1 input, say)
            lo = lo if np.isfinite(lo) else hi
            lines.append(f"    {name:<40} = {lo:.4g}")
        elif np.isfinite(lo) and np.isfinite(hi):
            lines.append(f"    {name:<40} {lo:.4g} .. {hi:.4g}")
        elif np.isfinite(lo):
            lines.append(f"    {name:<40} >= {lo:.4g}")
        elif np.isfinite(hi):
            lines.append(f"    {name:<40} <= {hi:.4g}")
    return lines or ["    (no input restricted)"]


def results_cases(f, args):
    """Inputs and outcome per run of a results file."""
    par = sf.require(f, "parameters", "PRIM")
    # parameter_set only numbers the sets; the values it picked are inputs already.
    names = [k for k in par if k not in ("realization", "parameter_set")]
    x = np.column_stack([par[k][:].astype(float) for k in names]) if names else np.empty((0, 0))
    known = sf.names(f["summary/outcome"])
    if args.outcome not in known:
        raise sf.Refusal(f"{args.outcome!r} is not an outcome; choose among {', '.join(known)}")
    days = f["outcomes"][args.outcome][:]
    horizon = float(f["summary/time"][-1]) if args.horizon is None else args.horizon
    return names, x, (days <= horizon).astype(float), horizon, "runs"


def sweep_cases(f, args):
    """Inputs and outcome per succeeded run (or per point) of a sweep file."""
    names, values = sf.texts(f.attrs["factor_names"]), f["design/values"][:]
    pts = sf.require(f, "points", "PRIM")
    known = sf.names(pts["outcome"])
    if args.outcome not in known:
        raise sf.Refusal(f"{args.outcome!r} is not an outcome; choose among {', '.join(known)}")
    horizons = list(pts["horizon"][:])
    horizon = horizons[-1] if args.horizon is None else args.horizon
    if args.per_point:
        if horizon not in horizons:
            raise sf.Refusal(f"with --per-point the horizon must be one of {', '.join(f'{h:g}' for h in horizons)}")
        y = pts["outcome_probability"][:, known.index(args.outcome), horizons.index(horizon)]
        keep = pts["succeeded"][:] > 0
        return names, values[keep], y[keep], horizon, "points"
    runs = sf.require(f, "runs", "PRIM")
    ok = runs["status"][:] == 1
    point = np.repeat(np.arange(len(values)), ok.shape[1]).reshape(ok.shape)
    y = (runs[args.outcome][:] <= horizon).astype(float)
    return names, values[point[ok]], y[ok], horizon, "runs"


def trajectory_figure(out, x, y, found, total):
    plt = sf.pyplot()
    fig, ax = plt.subplots(figsize=(7, 5), constrained_layout=True)
    for k, (box, trajectory, left) in enumerate(found):
        xs, ys = x[left], y[left]
        points = np.array([stats(xs, ys, b, total) for b in trajectory])
        restricted = [int(np.isfinite(b.lower).sum() + np.isfinite(b.upper).sum()) for b in trajectory]
        sc = ax.scatter(points[:, 2], points[:, 1], c=restricted, cmap="viridis", s=14,
                        marker="o" if k == 0 else "s", label=f"trajectory of box {k + 1}")
        m, d, c = stats(xs, ys, box, total)
        ax.scatter([c], [d], s=120, facecolors="none", edgecolors="red", linewidths=1.5)
        ax.annotate(f"box {k + 1}", (c, d), xytext=(6, 6), textcoords="offset points", color="red")
    fig.colorbar(sc, ax=ax, label="bounds restricted")
    ax.set_xlabel("coverage (share of all cases with the outcome inside the box)")
    ax.set_ylabel("density (share of cases in the box with the outcome)")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8, loc="lower left")
    ax.set_title("PRIM peeling trajectory; circled: the chosen boxes after pasting", fontsize=9)
    sf.save(fig, out)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog="\n\n".join(__doc__.split("\n\n")[1:]),
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE.h5", help="a simrun results or sweep file")
    p.add_argument("--outcome", required=True, help="outcome name, e.g. coercion_of_people")
    p.add_argument("--horizon", type=float, help="reached by this day (default: the end of the run)")
    p.add_argument("--per-point", action="store_true", help="sweep: one case per point, its probability")
    p.add_argument("--alpha", type=float, default=0.05, help="peeling share per step (default 0.05)")
    p.add_argument("--paste-alpha", type=float, default=0.05, help="pasting share per step (default 0.05)")
    p.add_argument("--min-mass", type=float, default=0.05, help="smallest box, as a share of cases (default 0.05)")
    p.add_argument("--min-coverage", type=float, default=0.5, help="the chosen box's least coverage (default 0.5)")
    p.add_argument("--boxes", type=int, default=2, help="boxes to find, each among the cases left (default 2)")
    p.add_argument("--trajectory", action="store_true", help="also print the peeling trajectory")
    p.add_argument("-o", "--out", help="draw the trajectory to this .png or .svg")
    args = p.parse_args()
    if args.out and Path(args.out).suffix.lower() not in (".png", ".svg"):
        raise sf.Refusal(f"{args.out}: the output must end in .png or .svg")
    if not (0 < args.alpha < 0.5 and 0 < args.paste_alpha < 0.5 and 0 < args.min_mass < 1):
        raise sf.Refusal("--alpha and --paste-alpha must lie in (0, 0.5), --min-mass in (0, 1)")
    with sf.open_file(args.file, (sf.RESULTS, sf.SWEEP)) as f:
        reader = sweep_cases if sf.kind(f) == sf.SWEEP else results_cases
        names, x, y, horizon, unit = reader(f, args)
    varied = [j for j in range(x.shape[1]) if np.ptp(x[:, j]) > 0] if x.size else []
    if not varied:
        raise sf.Refusal(f"{args.file}: no input varies between the {unit} (a run needs uncertain parameters, "
                         "given as distributions; a sweep needs factors)")
    names, x = [names[j] for j in varied], x[:, varied]
    total = float(y.sum())
    print(f"PRIM on {len(y)} {unit} of {args.file}: {args.outcome} by day {horizon:g} "
          f"({'mean probability' if args.per_point else 'reached in'} {y.mean():.1%} of the {unit})")
    print(f"inputs: {', '.join(names)}")
    print(f"peeling alpha {args.alpha}, pasting alpha {args.paste_alpha}, minimum mass {args.min_mass}, "
          f"chosen box: the largest within one standard error of the densest with coverage >= {args.min_coverage}")
    if total == 0:
        raise sf.Refusal(f"no case reached {args.outcome} by day {horizon:g}: there is nothing to explain")
    found = find_boxes(x, y, args.alpha, args.paste_alpha, args.min_mass, args.min_coverage, args.boxes)
    for k, (box, trajectory, left) in enumerate(found):
        # A later box holds only the cases that the earlier ones left.
        inside = box.contains(x) & left
        density, coverage = y[inside].mean(), y[inside].sum() / total
        print(f"\nbox {k + 1}: coverage {coverage:.1%}, density {density:.1%}, mass {inside.mean():.1%} "
              f"({inside.sum()} {unit})" + (" of the cases outside the earlier boxes" if k else ""))
        print("\n".join(describe(box, names, x)))
        if args.trajectory:
            print(f"  peeling trajectory of box {k + 1}: step, mass, density, coverage, bounds restricted")
            for step, b in enumerate(trajectory):
                m, d, c = stats(x[left], y[left], b, total)
                print(f"    {step:4d} {m:7.1%} {d:7.1%} {c:7.1%} {int(np.isfinite(b.lower).sum() + np.isfinite(b.upper).sum()):3d}")
    if not found:
        print("\nno box is denser than the cases as a whole")
    if args.out:
        if not found:
            raise sf.Refusal("no box found, so there is no trajectory to draw")
        trajectory_figure(args.out, x, y, found, total)
    return 0


if __name__ == "__main__":
    sf.run_tool(main)
