"""Shared helpers of the analysis tools: open and check a simrun file, read
names, dates and scenarios out of it, and save a figure.

Everything here reads only what docs/output-format.md documents, with h5py
(xarray works as well; h5py keeps the helpers small and fast to start).
Copy what you need into your own scripts; nothing here depends on the engine.
"""
import argparse
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path

import h5py
import numpy as np

RESULTS, COMPARISON, SWEEP = "simrun results", "simrun comparison", "simrun sweep"
KNOWN_MAJOR = "1"
Z95 = 1.959964


class Refusal(Exception):
    """The input cannot be used: the tool prints the message and exits 2."""


def text(value):
    """h5py returns string attributes as bytes; netCDF readers as str."""
    return value.decode() if isinstance(value, bytes) else str(value)


def texts(value):
    """A list-of-strings attribute as a Python list (possibly empty)."""
    if isinstance(value, h5py.Empty):  # an empty list is stored with no data at all
        return []
    return [text(v) for v in np.atleast_1d(value) if text(v)]


def open_file(path, kinds=(RESULTS, COMPARISON, SWEEP)):
    """Open a complete simrun file of one of `kinds`, or raise Refusal."""
    path = Path(path)
    if not path.is_file():
        raise Refusal(f"{path}: no such file")
    if not h5py.is_hdf5(path):
        raise Refusal(f"{path}: not an HDF5 file, so not a simrun results file")
    f = h5py.File(path, "r")
    kind = text(f.attrs.get("file_type", ""))
    if kind not in (RESULTS, COMPARISON, SWEEP):
        f.close()
        raise Refusal(f"{path}: not a simrun results file (file_type is {kind!r})")
    if kind not in kinds:
        f.close()
        raise Refusal(f"{path}: this tool reads {' or '.join(kinds)} files, not a {kind} file")
    version = text(f.attrs.get("format_version", ""))
    if version.split(".")[0] != KNOWN_MAJOR:
        f.close()
        raise Refusal(f"{path}: format version {version!r} is not supported (this tool reads {KNOWN_MAJOR}.x)")
    if int(f.attrs.get("complete", 0)) != 1:
        f.close()
        raise Refusal(f"{path}: the file is incomplete (the run that wrote it did not finish)")
    return f


def kind(f):
    return text(f.attrs["file_type"])


def scenarios(f):
    """The scenarios of a file as (label, group prefix, name, start date, sets).

    A results or sweep file has one, with prefix ""; a comparison has A and B
    with prefixes "a/" and "b/"."""
    if kind(f) == COMPARISON:
        return [(f"{k.upper()}: {text(f.attrs[k + '_scenario_name'])}", f"{k}/",
                 text(f.attrs[k + "_scenario_name"]), parse_date(f.attrs[k + "_start_date"]),
                 texts(f.attrs[k + "_scenario_sets"])) for k in ("a", "b")]
    name = text(f.attrs["scenario_name"])
    return [(name, "", name, parse_date(f.attrs["start_date"]), texts(f.attrs["scenario_sets"]))]


def user_sets(sets):
    """The --set assignments a user typed, without those --runs/--seed add."""
    return [s for s in sets if not s.startswith(("run.runs=", "run.seed="))]


def require(f, path, what):
    """The object at `path` in file or group `f`, or a Refusal saying what
    the plot needs."""
    if path not in f:
        where = f.name.strip("/") + "/" if f.name != "/" else ""
        raise Refusal(f"{f.file.filename}: no {where}{path} in the file, which {what} needs")
    return f[path]


def names(ds):
    """The names of a coded variable or coordinate, in code order."""
    return text(ds.attrs["flag_meanings"]).split()


def code_names(ds):
    """{code: name} of a coded variable (codes need not start at 0)."""
    return dict(zip(np.atleast_1d(ds.attrs["flag_values"]).tolist(), names(ds)))


def parse_date(value):
    return date.fromisoformat(text(value))


def to_dates(start, days):
    """Days counted from `start` as numpy datetime64 (for matplotlib axes)."""
    return np.datetime64(start) + np.round(np.asarray(days, float) * 86400).astype("timedelta64[s]")


def add_days(start, days):
    return start + timedelta(days=float(days))


def wilson(k, n, z=Z95):
    """Estimate and 95% Wilson score interval of a proportion k/n."""
    k, n = np.asarray(k, float), np.asarray(n, float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return p, np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def error_bars(value, lower, upper):
    """matplotlib's yerr/xerr for an interval; rounding can put a bound a
    hair on the wrong side of its estimate, which errorbar refuses."""
    value, lower, upper = (np.asarray(v, float) for v in (value, lower, upper))
    return [np.clip(value - lower, 0, None), np.clip(upper - value, 0, None)]


def title_of(f):
    """One line of provenance for a figure's title."""
    who = " vs ".join(s[2] for s in scenarios(f)) if kind(f) == COMPARISON else scenarios(f)[0][2]
    if kind(f) == SWEEP:
        who = f"sweep {text(f.attrs['sweep_name'])} over {who}"
    sets = user_sets(scenarios(f)[0][4]) if kind(f) != COMPARISON else []
    extra = f" [{', '.join(sets)}]" if sets else ""
    # A no-break space keeps "simrun 0.1.0" on one line when wrap() breaks the title.
    return (f"{who}{extra}: {int(f.attrs['runs'])} runs, seed {int(f.attrs['seed'])}, "
            f"simrun\u00a0{text(f.attrs['simrun_version'])}")


def wrap(line, width=100):
    """A long title broken into lines of at most `width` characters."""
    return "\n".join(textwrap.wrap(line, width))


def parser(doc, inputs="one"):
    """An argument parser with the input file(s) and -o/--out."""
    p = argparse.ArgumentParser(description=doc.split("\n\n")[0],
                                epilog="\n\n".join(doc.split("\n\n")[1:]),
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    if inputs == "many":
        p.add_argument("files", nargs="+", metavar="FILE.h5", help="simrun results files")
    else:
        p.add_argument("file", metavar="FILE.h5", help="a simrun file")
    p.add_argument("-o", "--out", metavar="OUT", help="image to write, .png or .svg (default: next to the "
                   "first input, named after it and the tool, .png)")
    return p


def out_path(args, tool):
    first = args.files[0] if hasattr(args, "files") else args.file
    out = Path(args.out) if args.out else Path(first).with_name(f"{Path(first).stem}_{tool}.png")
    if out.suffix.lower() not in (".png", ".svg"):
        raise Refusal(f"{out}: the output must end in .png or .svg")
    return out


def pyplot():
    """matplotlib's pyplot on the Agg backend (no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def save(fig, out):
    """Write the figure (format from the extension) and print its path."""
    fig.savefig(out, dpi=110)
    pyplot().close(fig)
    print(out)


def date_axis(ax):
    """Readable month ticks on a date axis."""
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def run_tool(main):
    """Run `main()`, turning a Refusal into a message and exit status 2."""
    tool = Path(sys.argv[0]).name
    try:
        sys.exit(main())
    except Refusal as e:
        print(f"{tool}: {e}", file=sys.stderr)
        sys.exit(2)
    except (KeyError, OSError) as e:
        print(f"{tool}: cannot read the file: {e}", file=sys.stderr)
        sys.exit(2)
