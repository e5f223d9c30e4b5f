#!/usr/bin/python3
"""Plot the summary of a simrun results file.

Usage: /usr/bin/python3 analysis/plot_summary.py RESULTS.h5 [OUT.png]

Draws two panels from the file's `summary` group:

  * top: the probability that each outcome has happened by each date, with
    its 95% Wilson interval as a shaded band. Outcomes that no run reached
    are left out of the plot and named under the legend instead;
  * bottom: the median bilateral tension across runs, with the 5-95% and
    25-75% ranges across runs as bands.

OUT.png defaults to RESULTS with the suffix .png. A comparison file (written
by `simrun compare`) gets one column per scenario, A on the left and B on the
right, with shared axes. Exit status: 0 on success, 2 when the input is not a
complete simrun results or comparison file.
"""
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display needed; must come before pyplot
import matplotlib.pyplot as plt  # noqa: E402
import xarray as xr  # noqa: E402

KNOWN_MAJOR = 1


def fail(message):
    print(f"plot_summary.py: {message}", file=sys.stderr)
    sys.exit(2)


def text(value):
    """Attribute values come back as str from netCDF4 but bytes from h5py."""
    return value.decode() if isinstance(value, bytes) else str(value)


def open_root(path):
    try:
        root = xr.open_dataset(path, engine="netcdf4")
    except (OSError, ValueError) as e:
        fail(f"{path}: cannot open as HDF5/netCDF-4 ({e})")
    attrs = {k: text(v) if isinstance(v, (str, bytes)) else v for k, v in root.attrs.items()}
    root.close()
    kind = attrs.get("file_type", "")
    if kind not in ("simrun results", "simrun comparison"):
        fail(f"{path}: not a simrun results file (file_type is {kind!r})")
    version = attrs.get("format_version", "")
    if version.split(".")[0] != str(KNOWN_MAJOR):
        fail(f"{path}: format version {version!r} is not supported (this script reads {KNOWN_MAJOR}.x)")
    if int(attrs.get("complete", 0)) != 1:
        fail(f"{path}: the file is incomplete (the run that wrote it did not finish)")
    return kind, attrs


def plot_probabilities(ax, s):
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
    # Room for the legend above the highest band, but never past 1.
    ax.set_ylim(0, min(1.0, max(0.1, 1.35 * top)))
    ax.set_ylabel("probability by date")
    ax.grid(True, alpha=0.3)
    title = "never reached: " + ", ".join(never) if never else None
    handles, _ = ax.get_legend_handles_labels()
    if handles or title:
        ax.legend(loc="upper left", fontsize=8, title=title, title_fontsize=7, alignment="left")


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
    ax.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", fontsize=8)


def main(argv):
    if len(argv) not in (2, 3) or argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    path = Path(argv[1])
    out = Path(argv[2]) if len(argv) == 3 else path.with_suffix(".png")
    if not path.is_file():
        fail(f"{path}: no such file")
    kind, attrs = open_root(path)

    if kind == "simrun comparison":
        panels = [("a/summary", attrs["a_scenario_name"], "A", attrs["a_start_date"]),
                  ("b/summary", attrs["b_scenario_name"], "B", attrs["b_start_date"])]
    else:
        panels = [("summary", attrs["scenario_name"], None, attrs["start_date"])]

    fig, axes = plt.subplots(2, len(panels), figsize=(7.5 * len(panels), 8), sharex=True, sharey="row",
                             squeeze=False, constrained_layout=True)
    for col, (group, name, label, start) in enumerate(panels):
        with xr.open_dataset(path, group=group, engine="netcdf4") as s:
            runs = int(s.attrs.get("runs", attrs["runs"]))
            head = f"{label}: {name}" if label else name
            axes[0, col].set_title(f"{head} - outcome probabilities (95% Wilson bands)", fontsize=10)
            plot_probabilities(axes[0, col], s)
            axes[1, col].set_title(f"{head} - bilateral tension across runs", fontsize=10)
            plot_tension(axes[1, col], s)
            axes[1, col].set_xlabel(f"date (day 0 = {start})")
    for ax in axes[1]:
        for lab in ax.get_xticklabels():
            lab.set_rotation(30)
            lab.set_horizontalalignment("right")
    fig.suptitle(f"{path.name}: {runs} runs, seed {attrs['seed']}, simrun {attrs['simrun_version']}",
                 fontsize=11)
    fig.savefig(out, dpi=120)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
