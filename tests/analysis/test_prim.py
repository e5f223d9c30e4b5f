"""PRIM finds a box planted in synthetic data (run by ctest as AnalysisPrim)."""
import sys
import unittest
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "analysis"))
import prim  # noqa: E402


def planted(n=3000, noise=0.03, seed=1):
    """Four uniform inputs; the outcome is x0 > 0.6 and x2 < 0.3, with a
    share `noise` of the labels flipped."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(size=(n, 4))
    y = ((x[:, 0] > 0.6) & (x[:, 2] < 0.3)).astype(float)
    flip = rng.uniform(size=n) < noise
    y[flip] = 1 - y[flip]
    return x, y


class PlantedBox(unittest.TestCase):
    def test_finds_the_planted_box_and_leaves_other_inputs_free(self):
        x, y = planted()
        box = prim.find_boxes(x, y, boxes=1)[0][0]
        self.assertAlmostEqual(box.lower[0], 0.6, delta=0.04)
        self.assertAlmostEqual(box.upper[2], 0.3, delta=0.04)
        self.assertFalse(np.isfinite(box.upper[0]))
        self.assertFalse(np.isfinite(box.lower[2]))
        for j in (1, 3):  # inputs without effect stay (almost) whole
            self.assertLess(max(box.lower[j], 0.0), 0.1)
            self.assertGreater(min(box.upper[j], 1.0), 0.9)
        mass, density, coverage = prim.stats(x, y, box, y.sum())
        self.assertGreater(density, 0.8)
        self.assertGreater(coverage, 0.7)

    def test_peeling_raises_density_and_respects_the_minimum_mass(self):
        x, y = planted()
        trajectory = prim.peel(x, y, alpha=0.05, min_mass=0.05)
        densities = [prim.stats(x, y, b, y.sum())[1] for b in trajectory]
        masses = [prim.stats(x, y, b, y.sum())[0] for b in trajectory]
        self.assertGreater(densities[-1], 3 * densities[0])
        self.assertGreaterEqual(min(masses), 0.05)
        self.assertTrue(all(b >= a for a, b in zip(masses[1:], masses[:-1])))

    def test_pasting_never_lowers_density(self):
        x, y = planted()
        tight = prim.Box([0.7, -np.inf, -np.inf, -np.inf], [np.inf, np.inf, 0.2, np.inf])
        pasted = prim.paste(x, y, tight, alpha=0.05)
        before, after = (prim.stats(x, y, b, y.sum()) for b in (tight, pasted))
        self.assertGreaterEqual(after[1], before[1])
        self.assertGreaterEqual(after[2], before[2])

    def test_a_binary_input_is_peeled_by_value(self):
        rng = np.random.default_rng(2)
        x = np.column_stack([rng.integers(0, 2, 2000), rng.uniform(size=2000)]).astype(float)
        y = ((x[:, 0] == 1) & (x[:, 1] > 0.5)).astype(float)
        box = prim.find_boxes(x, y, boxes=1)[0][0]
        self.assertEqual(box.lower[0], 1.0)
        self.assertAlmostEqual(box.lower[1], 0.5, delta=0.05)

    def test_no_box_when_the_outcome_ignores_the_inputs(self):
        rng = np.random.default_rng(3)
        x = rng.uniform(size=(3000, 3))
        y = (rng.uniform(size=3000) < 0.3).astype(float)
        for box, _, _ in prim.find_boxes(x, y, boxes=1):
            self.assertLess(prim.stats(x, y, box, y.sum())[1], 0.45)


if __name__ == "__main__":
    unittest.main()
