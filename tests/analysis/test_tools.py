"""Runs every tool of analysis/ on small results, comparison and sweep files
made with the built simrun (ctest: AnalysisTools).

Usage: /usr/bin/python3 tests/analysis/test_tools.py PATH/TO/simrun

Checks that each picture (PNG or SVG) and the report are written, valid and
not empty, that PRIM prints a box, and that every tool refuses, with exit
status 2 and a message, a file that is not a simrun results file and a file
that lacks what the tool needs.
"""
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ElementTree
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import h5py

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "analysis"
SIMRUN = None  # set from the command line
SMALL = ["--set", "agents.diaspora.population=50000", "-q", "--threads", "2"]

# (tool, input, extra arguments, format) of the pictures drawn directly; the
# reports below draw the plots of run and comparison files as PNG too.
PLOTS = [
    ("plot_summary.py", "cmp", [], "svg"), ("plot_fan.py", "run", ["--var", "tension", "--var", "trade"], "svg"),
    ("plot_fan.py", "run cmp", ["--overlay"], "png"), ("plot_compare.py", "cmp", [], "svg"),
    ("plot_outcomes.py", "run cmp", [], "svg"), ("plot_goldstein.py", "cmp", ["--record", "{record}"], "svg"),
    ("plot_passage.py", "run cmp", [], "svg"), ("plot_actions.py", "cmp", [], "svg"),
    ("plot_sweep.py", "grid", ["--outcome", "transit_restriction"], "svg"),
    ("plot_sweep.py", "grid", ["--outcome", "transit_restriction", "--heatmap"], "png"),
    ("plot_sweep.py", "sobol", ["--outcome", "coercion_of_people", "--bins", "3"], "png"),
    ("plot_sobol.py", "sobol", [], "svg"), ("plot_sobol.py", "sobol", ["--metric", "hostile_ru"], "png"),
    ("plot_morris.py", "morris", [], "svg"), ("prim.py", "run", ["--outcome", "transit_restriction"], "png"),
]
# What each tool needs that a file can lack: (tool, input, extra arguments).
# PRIM's needs a case that reached the outcome: none has by day 0, whatever
# the model's calibration.
LACKING = [
    ("plot_goldstein.py", "bare", []), ("plot_actions.py", "bare", []), ("plot_compare.py", "run", []),
    ("plot_sobol.py", "morris", []), ("plot_morris.py", "grid", []), ("plot_sweep.py", "run", ["--outcome", "x"]),
    ("plot_fan.py", "run", ["--var", "no_such_variable"]), ("prim.py", "bare", ["--outcome", "visa_regime", "--horizon", "0"]),
]
ALL_TOOLS = sorted(p.name for p in TOOLS.glob("*.py") if p.name not in ("simrun_files.py", "sweep_indices.py",
                                                                          "replay_calibration.py"))


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=120, **kw)


class Files:
    """The small input files, made once for all tests."""

    def __init__(self, folder):
        self.dir = Path(folder)
        d, sc = self.dir, ROOT / "scenarios"
        jobs = {
            "run": [SIMRUN, sc / "ukraine_deal.json", "--runs", "60", "--out", d / "run.h5", *SMALL],
            "bare": [SIMRUN, sc / "baseline.json", "--runs", "40", "--no-events", "--out", d / "bare.h5", *SMALL],
            "cmp": [SIMRUN, "compare", sc / "baseline.json", sc / "ukraine_deal.json", "--runs", "60",
                    "--out", d / "cmp.h5", *SMALL],
            "grid": [SIMRUN, "sweep", sc / "ukraine_deal.json", "--vary", "actors.RU.hawkishness=0.3:0.9:3",
                     "--vary", "events.0.day=60,200", "--runs", "8", "--out", d / "grid.h5", *SMALL],
            "sobol": [SIMRUN, "sweep", ROOT / "tests/data/analysis/small_sobol.json", "--out", d / "sobol.h5", "-q"],
            "morris": [SIMRUN, "sweep", ROOT / "tests/data/analysis/small_morris.json", "--out", d / "morris.h5", "-q"],
        }
        for name, job in jobs.items():  # one at a time: simrun uses both cores
            done = run([str(a) for a in job])
            assert done.returncode == 0, f"{name}: {done.stderr}"
        (d / "record.csv").write_text("date,value\n2025-04-10,-12\n2025-05,-30.5\n2025-07-02,-8\n")
        (d / "text.h5").write_text("this is not HDF5\n")
        with h5py.File(d / "other.h5", "w") as f:
            f.attrs["file_type"] = "something else"
            f["x"] = [1, 2, 3]

    def path(self, name):
        return str(self.dir / (name if "." in name else f"{name}.h5"))


def tool(name, *args):
    return run([sys.executable, str(TOOLS / name), *args], cwd=ROOT)


def parallel(jobs):
    """[(job, result)] of jobs (tool, label, arguments), two at a time."""
    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(lambda job: (job, tool(job[0], *job[2])), jobs))


class HtmlCheck(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.images = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "img":
            self.images.append(dict(attrs).get("src", ""))


class AnalysisTools(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.files = Files(cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def arguments(self, inputs, extra):
        return [self.files.path(i) for i in inputs.split()] + [a.format(record=self.files.path("record.csv"))
                                                               for a in extra]

    def test_every_tool_draws_valid_pictures(self):
        jobs = [(name, self.files.path(f"out{k}.{ext}"),
                 [*self.arguments(inputs, extra), "-o", self.files.path(f"out{k}.{ext}")])
                for k, (name, inputs, extra, ext) in enumerate(PLOTS)]
        self.assertEqual({j[0] for j in jobs} | {"report.py"}, set(ALL_TOOLS))
        results = parallel(jobs)
        for (name, out, args), done in results:
            with self.subTest(tool=name, out=Path(out).name, args=args):
                self.assertEqual(done.returncode, 0, done.stderr)
                data = Path(out).read_bytes()
                self.assertGreater(len(data), 5000)
                if out.endswith(".png"):
                    self.assertEqual(data[:8], b"\x89PNG\r\n\x1a\n")
                else:
                    self.assertTrue(ElementTree.fromstring(data).tag.endswith("svg"))

    def test_prim_prints_boxes_with_coverage_and_density(self):
        for inputs, extra in (("run", []), ("sobol", []), ("sobol", ["--per-point"])):
            done = tool("prim.py", *self.arguments(inputs, extra), "--outcome", "coercion_of_people")
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertRegex(done.stdout, r"box 1: coverage \d+\.\d%, density \d+\.\d%, mass")

    def test_report_is_one_self_contained_html_page_for_each_kind_of_file(self):
        expected = {"run": 6, "cmp": 7, "sobol": 3, "bare": 4}  # bare: no event log, 2 plots not drawn
        jobs = [("report.py", self.files.path(f"report_{i}.html"), [self.files.path(i), "-o",
                 self.files.path(f"report_{i}.html")]) for i in expected]
        for (_, out, args), done in parallel(jobs):
            inputs, images = Path(args[0]).stem, expected[Path(args[0]).stem]
            with self.subTest(file=inputs):
                self.assertEqual("not drawn" in Path(out).read_text(), inputs == "bare")
                self.assertEqual(done.returncode, 0, done.stderr)
                page = HtmlCheck()
                page.feed(Path(out).read_text())
                self.assertIn("html", page.tags)
                self.assertEqual(len(page.images), images)
                self.assertTrue(all(src.startswith("data:image/png;base64,") and len(src) > 5000
                                    for src in page.images))
                self.assertIn("Key outcomes", Path(out).read_text())

    def test_every_tool_refuses_a_file_that_is_not_simrun_results(self):
        jobs = [(name, bad, [self.files.path(bad), "-o", self.files.path(f"refused_{name}.png")]
                 + (["--outcome", "visa_regime"] if name in ("prim.py", "plot_sweep.py") else []))
                for name in ALL_TOOLS for bad in ("text", "other")]
        for (name, bad, _), done in parallel(jobs):
            with self.subTest(tool=name, file=bad):
                self.assertEqual(done.returncode, 2, done.stdout + done.stderr)
                self.assertRegex(done.stderr, r"not an HDF5 file|not a simrun results file|no such file")
                self.assertNotIn("Traceback", done.stderr)

    def test_each_tool_refuses_a_file_that_lacks_what_it_needs(self):
        jobs = [(name, inputs, [*self.arguments(inputs, extra), "-o", self.files.path(f"lacking_{name}.png")])
                for name, inputs, extra in LACKING]
        for (name, inputs, _), done in parallel(jobs):
            with self.subTest(tool=name, file=inputs):
                self.assertEqual(done.returncode, 2, done.stdout + done.stderr)
                self.assertTrue(done.stderr.startswith(name + ": "), done.stderr)
                self.assertNotIn("Traceback", done.stderr)

    def test_every_tool_has_help(self):
        for (name, _, _), done in parallel([(name, "", ["--help"]) for name in ALL_TOOLS]):
            with self.subTest(tool=name):
                self.assertEqual(done.returncode, 0, done.stderr)
                self.assertIn("usage:", done.stdout)


if __name__ == "__main__":
    SIMRUN = sys.argv.pop(1)
    unittest.main()
