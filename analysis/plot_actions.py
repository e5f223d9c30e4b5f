#!/usr/bin/python3
"""The most frequent actions by actor: how often, per run, each actor takes
each action.

Reads the event log (events/actor, events/action) of a results file, or of A
and B of a comparison file, and counts events by actor and action, divided
by the number of runs. One panel per actor (by default the --actors states
with the most events: media outlets, codes 9 and up, only ever make
hardliner statements), its --top most frequent actions as bars; a
comparison file gets one bar for A and one for B. The file must have been
written without --no-events.

Example:
  /usr/bin/python3 analysis/plot_actions.py results/ukraine_deal.h5 --actor RU --actor AZ -o actions.png
"""
import numpy as np

import simrun_files as sf

STATES = 9  # actor codes 0-8 are states, in a fixed order (docs/output-format.md)


def counts(f, prefix):
    """(actor names, action names, [actor, action] mean count per run)."""
    ev = sf.require(f, prefix + "events", "the action plot (was the file written with --no-events?)")
    actors, actions = sf.names(ev["actor"]), sf.names(ev["action"])
    table = np.zeros((len(actors), len(actions)))
    np.add.at(table, (ev["actor"][:].astype(int), ev["action"][:].astype(int)), 1)
    return actors, actions, table / int(f[prefix + "summary"].attrs.get("runs", f.attrs["runs"]))


def main():
    p = sf.parser(__doc__)
    p.add_argument("--actor", action="append", metavar="NAME", help="actor to show (repeatable), e.g. RU, AZ, tsargrad")
    p.add_argument("--actors", type=int, default=4, help="without --actor: how many actors (default 4)")
    p.add_argument("--top", type=int, default=8, help="actions per actor (default 8)")
    args = p.parse_args()
    out = sf.out_path(args, "actions")
    with sf.open_file(args.file, (sf.RESULTS, sf.COMPARISON)) as f:
        sides = [(label, *counts(f, prefix)) for label, prefix, *_ in sf.scenarios(f)]
        title = sf.title_of(f)
    actors, actions = sides[0][1], sides[0][2]
    if any(s[1] != actors for s in sides):
        raise sf.Refusal("A and B have different media outlets, so their actor codes differ; plot them separately")
    total = sum(s[3] for s in sides)
    for name in args.actor or []:
        if name not in actors:
            raise sf.Refusal(f"{name!r} is not an actor of the file; choose among {', '.join(actors)}")
    states = total.sum(axis=1)[:STATES]
    chosen = [actors.index(a) for a in args.actor] if args.actor else \
        [i for i in np.argsort(-states, kind="stable")[:args.actors] if states[i] > 0]
    if not chosen:
        raise sf.Refusal(f"{args.file}: the event log is empty")
    plt = sf.pyplot()
    cols = min(2, len(chosen))
    nrows = -(-len(chosen) // cols)
    fig, axes = plt.subplots(nrows, cols, figsize=(6.2 * cols, 0.3 * args.top * nrows * len(sides) + 1.2 * nrows),
                             squeeze=False, constrained_layout=True)
    height = 0.8 / len(sides)
    for ax, i in zip(axes.flat, chosen):
        top = [j for j in np.argsort(-total[i], kind="stable")[:args.top] if total[i, j] > 0]
        y = np.arange(len(top))
        for k, (label, _, _, table) in enumerate(sides):
            ax.barh(y - 0.4 + height * (k + 0.5), table[i, top], height, label=label,
                    color=["tab:red", "tab:blue"][k % 2] if len(sides) > 1 else "tab:red", alpha=0.8)
        ax.set_yticks(y, [actions[j] for j in top], fontsize=8)
        ax.invert_yaxis()
        ax.set_title(f"{actors[i]}: {total[i].sum() / len(sides):.1f} events per run", fontsize=10)
        ax.set_xlabel("times per run (mean)")
        ax.grid(True, axis="x", alpha=0.3)
        if len(sides) > 1:
            ax.legend(fontsize=7, loc="lower right")
    for ax in list(axes.flat)[len(chosen):]:
        ax.axis("off")
    fig.suptitle(f"Most frequent actions by actor\n" + sf.wrap(title), fontsize=10)
    sf.save(fig, out)
    return 0


if __name__ == "__main__":
    sf.run_tool(main)
