"""Reading the Sobol' and Morris groups of a sweep file: which output (an
analysed outcome by a horizon, or an analysed metric) and its factor names.
Shared by plot_sobol.py, plot_morris.py and report.py."""
import simrun_files as sf


def add_output_args(parser):
    parser.add_argument("--outcome", help="analysed outcome (default: the first; see the sweep's `outcomes`)")
    parser.add_argument("--metric", help="analysed metric instead of an outcome")
    parser.add_argument("--horizon", type=float, help="with an outcome: by this day (default: the last horizon)")


def select(group, args, prefix_of=lambda kind: kind):
    """(label, kind, index tuple) of the output chosen by --outcome/--metric/--horizon.

    kind is "outcome" or "metric"; the index tuple selects that output's row
    of the group's [outcome, horizon, parameter] or [metric, parameter]
    datasets."""
    if args.metric:
        metrics = sf.names(group["metric"])
        if args.metric not in metrics:
            raise sf.Refusal(f"{args.metric!r} is not an analysed metric; the sweep analysed {', '.join(metrics)}")
        return f"mean {args.metric} per run", "metric", (metrics.index(args.metric),)
    outcomes = sf.names(group["outcome"])
    if not outcomes:
        raise sf.Refusal("the sweep analysed no outcome; choose a --metric")
    name = args.outcome or outcomes[0]
    if name not in outcomes:
        raise sf.Refusal(f"{name!r} is not an analysed outcome; the sweep analysed {', '.join(outcomes)}")
    horizons = list(group["horizon"][:])
    horizon = horizons[-1] if args.horizon is None else args.horizon
    if horizon not in horizons:
        raise sf.Refusal(f"no horizon {horizon:g}; the file has {', '.join(f'{h:g}' for h in horizons)}")
    return f"P({name} by day {horizon:g})", "outcome", (outcomes.index(name), horizons.index(horizon))
