#!/usr/bin/python3
"""A one-page HTML report of a results, comparison or sweep file.

The page is self-contained (the pictures are embedded as base64 PNG), so it
can be mailed or archived as one file. It holds the scenario's description
and the file's provenance (program version, commit, command line, seed,
runs, scenario chain and --set assignments), the key outcomes with their 95%
intervals in plain words, and the plots of the other tools of analysis/ that
apply to the file (a plot whose data the file lacks, say the event log of a
run made with --no-events, is left out with a note).

Example:
  /usr/bin/python3 analysis/report.py results/ukraine_deal.h5 -o ukraine_deal.html
"""
import base64
import html
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

import simrun_files as sf

HERE = Path(__file__).resolve().parent


def described(f, prefix, name):
    """An outcome's plain description, from its long_name in outcomes/."""
    path = f"{prefix}outcomes/{name}"
    if path not in f:
        return name.replace("_", " ")
    text = sf.text(f[path].attrs.get("long_name", name))
    return text.split(": ", 1)[-1].split(" (NaN")[0]


def pct(p):
    return f"{100 * p:.0f}%" if p >= 0.01 or p == 0 else f"{100 * p:.1f}%"


def results_findings(f):
    s = f["summary"]
    names, horizons = sf.names(s["outcome"]), s["horizon"][:]
    start, h = sf.parse_date(f.attrs["start_date"]), len(horizons) - 1
    end = sf.add_days(start, horizons[h])
    lines = []
    for i, name in enumerate(names):
        p, lo, hi = (s[k][i, h] for k in ("outcome_probability", "outcome_lower", "outcome_upper"))
        lines.append(f"<b>{html.escape(name)}</b>: {html.escape(described(f, '', name))} in {pct(p)} of runs "
                     f"within {horizons[h]:g} days, by {end:%d %B %Y} (95% interval {pct(lo)} to {pct(hi)}).")
    return lines


def comparison_findings(f):
    d = f["differences"]
    names, horizons = sf.names(d["outcome"]), d["horizon"][:]
    h = len(horizons) - 1
    a, b = (sf.text(f.attrs[k + "_scenario_name"]) for k in ("a", "b"))
    lines = []
    for i, name in enumerate(names):
        pa, pb, diff, lo, hi = (d[k][i, h] for k in ("probability_a", "probability_b", "difference",
                                                     "difference_lower", "difference_upper"))
        if pa == 0 and pb == 0:
            lines.append(f"<b>{html.escape(name)}</b>: no run of either scenario reached it within "
                         f"{horizons[h]:g} days.")
            continue
        verdict = "raises" if lo > 0 else "lowers" if hi < 0 else "does not clearly change"
        lines.append(f"<b>{html.escape(name)}</b> ({html.escape(described(f, 'a/', name))}): B ({html.escape(b)}) "
                     f"{verdict} its probability within {horizons[h]:g} days, from {pct(pa)} in A "
                     f"({html.escape(a)}) to {pct(pb)}: {100 * diff:+.1f} percentage points "
                     f"(95% paired interval {100 * lo:+.1f} to {100 * hi:+.1f}).")
    return lines


def sweep_findings(f):
    pts = f["points"]
    names, horizons = sf.names(pts["outcome"]), pts["horizon"][:]
    h = len(horizons) - 1
    p = pts["outcome_probability"][:, :, h]
    lines = [f"{int(f.attrs['points'])} points of a {html.escape(sf.text(f.attrs['design']))} design over "
             f"{html.escape(', '.join(sf.texts(f.attrs['factor_names'])))}, {int(f.attrs['replications'])} runs each."]
    for i, name in enumerate(names):
        lo, hi = np.nanmin(p[:, i]), np.nanmax(p[:, i])
        lines.append(f"<b>{html.escape(name)}</b> within {horizons[h]:g} days: from {pct(lo)} at the point where it is "
                     f"least likely to {pct(hi)} where it is most likely (mean over the points "
                     f"{pct(np.nanmean(p[:, i]))}).")
    if "sobol" in f:
        s = f["sobol"]
        factors, analysed = sf.names(s["parameter"]), sf.names(s["outcome"])
        for i, name in enumerate(analysed):
            total, lo, hi = (s[k][i, -1] for k in ("outcome_total", "outcome_total_lower", "outcome_total_upper"))
            j = int(np.nanargmax(total))
            lines.append(f"Sobol': the factor with the largest total index for <b>{html.escape(name)}</b> is "
                         f"<b>{html.escape(factors[j])}</b>, {total[j]:.2f} (95% interval {lo[j]:.2f} to {hi[j]:.2f}).")
    if "morris" in f:
        m = f["morris"]
        factors, analysed = sf.names(m["parameter"]), sf.names(m["outcome"])
        for i, name in enumerate(analysed):
            order = np.argsort(-m["outcome_mu_star"][i, -1])
            lines.append(f"Morris: for <b>{html.escape(name)}</b>, the factors by mu*: "
                         + ", ".join(html.escape(factors[j]) for j in order) + ".")
    return lines


def varied_outcome(f):
    """The outcome whose probability varies most across a sweep's points."""
    pts = f["points"]
    spread = np.nanmax(pts["outcome_probability"][:, :, -1], axis=0) - np.nanmin(pts["outcome_probability"][:, :, -1], axis=0)
    return sf.names(pts["outcome"])[int(np.nanargmax(spread))]


def plots_for(f, path):
    """[(caption, tool, arguments)] of the plots that suit the file."""
    kind = sf.kind(f)
    if kind == sf.SWEEP:
        outcome = varied_outcome(f)
        plots = [(f"{outcome} over the swept factors", "plot_sweep.py", [path, "--outcome", outcome])]
        if len(sf.texts(f.attrs["factor_names"])) >= 2:
            plots.append((f"{outcome} over the first two factors", "plot_sweep.py",
                          [path, "--outcome", outcome, "--heatmap"]))
        if "sobol" in f:
            plots.append(("Sobol' indices", "plot_sobol.py", [path]))
        if "morris" in f:
            plots.append(("Morris screening", "plot_morris.py", [path]))
        return plots
    plots = [("Paired differences B - A", "plot_compare.py", [path])] if kind == sf.COMPARISON else []
    return plots + [
        ("Outcome probabilities over time and tension", "plot_summary.py", [path]),
        ("Outcome probabilities by horizon", "plot_outcomes.py", [path]),
        ("Fan charts", "plot_fan.py", [path, "--var", "tension", "--var", "remittances"]),
        ("First-passage times", "plot_passage.py", [path]),
        ("Net Goldstein score by month", "plot_goldstein.py", [path]),
        ("Most frequent actions by actor", "plot_actions.py", [path]),
    ]


def render(caption, tool, arguments, folder):
    """An <figure> with the tool's PNG embedded, or a note why it is missing."""
    png = Path(folder) / f"{len(list(Path(folder).iterdir()))}.png"
    done = subprocess.run([sys.executable, str(HERE / tool), *arguments, "-o", str(png)], capture_output=True, text=True)
    if done.returncode != 0:
        reason = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"
        return f"<p class='note'>{html.escape(caption)}: not drawn ({html.escape(reason)})</p>"
    data = base64.b64encode(png.read_bytes()).decode()
    return (f"<figure><img alt='{html.escape(caption)}' src='data:image/png;base64,{data}'>"
            f"<figcaption>{html.escape(caption)} ({html.escape(tool)})</figcaption></figure>")


def provenance(f, path):
    rows = [("file", path), ("file type", sf.text(f.attrs["file_type"])),
            ("simrun", f"{sf.text(f.attrs['simrun_version'])} (commit {sf.text(f.attrs['git_sha'])})"),
            ("command", sf.text(f.attrs["command_line"])), ("seed", int(f.attrs["seed"])),
            ("runs", int(f.attrs["runs"])),
            ("written", f"{sf.text(f.attrs['start_time'])} to {sf.text(f.attrs['end_time'])}")]
    prefixes = ["a_", "b_"] if sf.kind(f) == sf.COMPARISON else [""]
    for p in prefixes:
        label = f"{p[0].upper()}: " if p else ""
        rows += [(f"{label}scenario", sf.text(f.attrs[p + "scenario_name"])),
                 (f"{label}chain", " extends ".join(sf.texts(f.attrs[p + "scenario_chain"]))),
                 (f"{label}--set", ", ".join(sf.texts(f.attrs[p + "scenario_sets"])) or "none"),
                 (f"{label}start date", sf.text(f.attrs[p + "start_date"]))]
    return "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows)


STYLE = """body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;font-size:90%}th,td{text-align:left;padding:2px 8px;border-bottom:1px solid #ddd}
th{white-space:nowrap}figure{margin:1.5em 0}img{max-width:100%}figcaption{color:#555;font-size:90%}
.note{color:#777;font-style:italic}li{margin:0.3em 0}"""


def main():
    p = sf.parser(__doc__)
    p.set_defaults(out=None)
    p._option_string_actions["--out"].help = "HTML file to write (default: next to the input, .html)"
    args = p.parse_args()
    out = Path(args.out) if args.out else Path(args.file).with_suffix(".html")
    with sf.open_file(args.file) as f:
        kind = sf.kind(f)
        if kind == sf.COMPARISON:
            title = f"{sf.text(f.attrs['a_scenario_name'])} (A) against {sf.text(f.attrs['b_scenario_name'])} (B)"
            description = [sf.text(f.attrs[k + "_scenario_description"]) for k in ("a", "b")]
            findings = comparison_findings(f)
        elif kind == sf.SWEEP:
            title = f"sweep {sf.text(f.attrs['sweep_name'])} over {sf.text(f.attrs['scenario_name'])}"
            description = [sf.text(f.attrs["sweep_description"]), sf.text(f.attrs["scenario_description"])]
            findings = sweep_findings(f)
        else:
            title, description = sf.text(f.attrs["scenario_name"]), [sf.text(f.attrs["scenario_description"])]
            findings = results_findings(f)
        table, plots = provenance(f, args.file), plots_for(f, args.file)
    with tempfile.TemporaryDirectory() as folder:
        figures = "\n".join(render(caption, tool, arguments, folder) for caption, tool, arguments in plots)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title><style>{STYLE}</style></head>
<body><h1>{html.escape(title)}</h1>
{''.join(f'<p>{html.escape(d)}</p>' for d in description if d)}
<h2>Key outcomes</h2><ul>{''.join(f'<li>{line}</li>' for line in findings)}</ul>
<p class="note">Intervals are 95%: Wilson intervals for probabilities, paired intervals (common random numbers)
for differences B - A. Probabilities count the runs that reached the outcome within the horizon.</p>
<h2>Plots</h2>
{figures}
<h2>Provenance</h2><table>{table}</table>
</body></html>
"""
    out.write_text(page, encoding="utf-8")
    print(out)
    return 0


if __name__ == "__main__":
    sf.run_tool(main)
