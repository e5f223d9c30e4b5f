#!/usr/bin/python3
"""Compare a replay of the 2024-12-25 crisis with the dated timeline.

Usage: /usr/bin/python3 analysis/replay_calibration.py RESULTS.h5 [BACKGROUND.h5]

RESULTS.h5 is the output of `simrun scenarios/replay_2024.json` (the event log
must have been stored). For each dated real event the script prints, as a
Markdown table, the share of runs in which the model produced an event of the
same kind by the same day after the downing, and the median day of its first
occurrence (over all runs; "never" when fewer than half the runs have one
within the horizon). Days count from the downing: an event logged at time t
(end of its step) happened on day t - t_downing after it. It then prints what
did not happen by the end of February 2025, the counts of hostile state
actions, and a few trajectory figures (tension, remittances, departures).

BACKGROUND.h5, if given, is the same scenario without the downing
(`simrun scenarios/replay_2024.json --set 'events=[]'`); the script then also
prints the year's figures of that background for comparison.
"""
import sys
from datetime import date

import h5py
import numpy as np

DOWNING = date(2024, 12, 25)
CONCILIATORY = ["apologise", "acknowledge", "compensate", "phone_call", "leaders_meeting", "lift_measure",
                "release_detainees", "sign_agreement", "economic_cooperation", "accept_apology",
                "exchange_prisoners"]

# (real date, what happened, model actors (states or media ids), model actions)
TIMELINE = [
    (date(2024, 12, 30), "AZ suspends flights (AZAL, 25-30 Dec)", ["AZ"], ["suspend_flights"]),
    (date(2024, 12, 27), "AZ demands apology, admission, compensation", ["AZ"], ["demand"]),
    (date(2024, 12, 28), "RU apologises (Putin's call)", ["RU"], ["apologise"]),
    (date(2024, 12, 28), "RU any conciliatory step", ["RU"], CONCILIATORY),
    (date(2024, 12, 29), "AZ accuses Russia (Aliyev)", ["AZ"], ["accuse"]),
    (date(2025, 1, 15), "AZ media campaign (mid-Jan)", ["AZ", "aztv", "az_progovernment_outlets"],
     ["media_campaign", "hardliner_statement"]),
    (date(2025, 1, 27), "RU summons AZ ambassador", ["RU"], ["summon_ambassador"]),
    (date(2025, 1, 28), "AZ summons RU ambassador", ["AZ"], ["summon_ambassador"]),
    (date(2025, 2, 3), "AZ closes the Russian House", ["AZ"], ["close_cultural_centre"]),
    (date(2025, 2, 8), "RU hardliner statement (Valuev, ~7-9 Feb)", ["tsargrad", "nationalist_bloggers",
     "duma_deputies", "ru_state_tv"], ["hardliner_statement"]),
    (date(2025, 2, 8), "RU Duma deputy statement", ["duma_deputies"], ["hardliner_statement"]),
    (date(2025, 2, 10), "AZ declares persona non grata", ["AZ"], ["persona_non_grata"]),
    (date(2025, 2, 24), "AZ restricts media (Sputnik liquidated)", ["AZ"], ["restrict_media"]),
]
# Things that did not happen by the end of February 2025.
NON_EVENTS = [
    ("break of relations (either side)", ["RU", "AZ"], ["break_relations"]),
    ("AZ restricts oil or corridor transit", ["AZ"], ["restrict_oil_transit", "restrict_corridor"]),
    ("AZ restricts trade", ["AZ"], ["restrict_trade"]),
    ("RU measure against the diaspora (incl. visa regime)", ["RU"],
     ["raids", "deport_migrants", "seize_businesses", "conscript_revoke", "mass_expulsion", "visa_regime"]),
    ("RU acknowledges responsibility or compensates", ["RU"], ["acknowledge", "compensate"]),
]
# Days after the downing at which the median tension is printed.
TENSION_DAYS = (0, 30, 60)
END_OF_TIMELINE = date(2025, 2, 28)


def codes(ds):
    v = ds.attrs["flag_meanings"]
    return (v.decode() if isinstance(v, bytes) else v).split()


def median_row(f, var):
    """The across-run median of a trajectory variable at every time index."""
    levels = list(f["summary/quantile"][:])
    return f["summary/" + var][levels.index(0.5)]


def departed_share(f):
    """Per run, the share of the initial diaspora that left by the end (None without trajectories)."""
    if "trajectories" not in f:
        return None
    t = f["trajectories"]
    return t["diaspora_departed"][:, -1] / t["diaspora_present"][:, 0]


def spread(v, fmt):
    return f"{np.median(v):{fmt}} ({np.percentile(v, 5):{fmt}}-{np.percentile(v, 95):{fmt}})"


def background(path):
    """The year's figures of the replay scenario without the downing."""
    with h5py.File(path, "r") as f:
        if np.any(f["events/action"][:] == codes(f["events/action"]).index("downing")):
            sys.exit(f"{path} has a downing; run the background with --set 'events=[]'")
        tension = median_row(f, "tension")
        hostile_az = f["outcomes/hostile_az"][:]
        hostile_ru = f["outcomes/hostile_ru"][:]
        normal = f["outcomes/normalisation"][:]
        share = departed_share(f)
    print()
    print("| without the downing (whole year) | model |")
    print("|---|---:|")
    print(f"| hostile AZ actions, mean | {hostile_az.mean():.1f} |")
    print(f"| hostile RU actions, mean | {hostile_ru.mean():.1f} |")
    print(f"| median tension at the end | {tension[-1]:.1f} |")
    print(f"| P(normalisation within the year) | {np.mean(np.isfinite(normal)):.2f} |")
    if share is not None:
        print(f"| share of the diaspora departed, median (5-95%) | {spread(share, '.3f')} |")


def main(path, background_path=None):
    with h5py.File(path, "r") as f:
        g = f["events"]
        run, time = g["run"][:], g["time"][:]
        actor, action = g["actor"][:], g["action"][:]
        actor_names, action_names = codes(g["actor"]), codes(g["action"])
        runs = int(f.attrs["runs"])
        times = f["summary/time"][:]
        horizon = float(times[-1])
        tension = median_row(f, "tension")
        remittances0 = f["trajectories/remittances"][:, 0] if "trajectories" in f else None
        share = departed_share(f)
        year_hostile = {side: f["outcomes/hostile_" + side.lower()][:].mean() for side in ("AZ", "RU")}

    a_ix = {n: i for i, n in enumerate(actor_names)}
    x_ix = {n: i for i, n in enumerate(action_names)}
    downing = np.full(runs, np.nan)
    sel = action == x_ix["downing"]
    downing[run[sel]] = time[sel]
    if np.isnan(downing).any():
        sys.exit("some runs have no downing event; is this a replay_2024 results file?")

    def first_day(actors, actions):
        """Days after the downing of the first matching event, per run (inf: never)."""
        m = np.isin(actor, [a_ix[a] for a in actors]) & np.isin(action, [x_ix[x] for x in actions])
        first = np.full(runs, np.inf)
        np.minimum.at(first, run[m], time[m])
        return first - downing

    def median(d):
        return "never" if np.mean(np.isfinite(d)) < 0.5 else f"{np.median(d):.0f}"

    print("| real date | day | real event | model P(by that day) | model median day | model P(within horizon) |")
    print("|---|---:|---|---:|---:|---:|")
    for when, what, actors, actions in sorted(TIMELINE, key=lambda r: r[0]):
        day = (when - DOWNING).days
        d = first_day(actors, actions)
        print(f"| {when.isoformat()} | {day} | {what} | {np.mean(d <= day):.2f} | {median(d)} | "
              f"{np.mean(np.isfinite(d)):.2f} |")
    end = (END_OF_TIMELINE - DOWNING).days
    print()
    print(f"| did not happen by {END_OF_TIMELINE.isoformat()} (day {end}) | model P(by day {end}) | "
          f"model P(within {horizon - downing[0]:.0f} days) |")
    print("|---|---:|---:|")
    for what, actors, actions in NON_EVENTS:
        d = first_day(actors, actions)
        print(f"| {what} | {np.mean(d <= end):.2f} | {np.mean(np.isfinite(d)):.2f} |")

    # Counts of hostile state actions up to the end of the timeline; the real
    # ones are those of the timeline above (AZ: 8, RU: 1, the summons).
    hostile = set(action_names[:action_names.index("hardliner_statement")]) - set(CONCILIATORY)
    h = np.isin(action, [x_ix[x] for x in hostile]) & (time - downing[run] <= end)
    print()
    print(f"| hostile state actions by day {end} | real | model mean | model 5-95% |")
    print("|---|---:|---:|---:|")
    for side, real in (("AZ", 8), ("RU", 1)):
        n = np.bincount(run[h & (actor == a_ix[side])], minlength=runs)
        print(f"| {side} | {real} | {n.mean():.1f} | {np.percentile(n, 5):.0f}-{np.percentile(n, 95):.0f} |")

    # What Baku does first, and when: the share of runs by its first state action.
    first = {}
    state_action = (actor == a_ix["AZ"]) & (action < action_names.index("hardliner_statement"))
    for r, t, x in zip(run[state_action], time[state_action], action[state_action]):
        if r not in first or t < first[r][0]:
            first[r] = (t, x)
    if first:
        kinds = np.array([x for _, x in first.values()])
        days = np.array([t for t, _ in first.values()]) - downing[0]
        print()
        print(f"| AZ's first state action (median day {np.median(days):.0f}) | share of runs |")
        print("|---|---:|")
        for x in sorted(set(kinds), key=lambda k: -np.sum(kinds == k)):
            print(f"| {action_names[x]} | {np.sum(kinds == x) / runs:.2f} |")

    # Trajectories: the downing's step ends at time downing[0].
    print()
    print("| trajectory | model |")
    print("|---|---:|")
    for day in TENSION_DAYS:
        i = int(np.searchsorted(times, downing[0] + day))
        print(f"| median tension on day {day} | {tension[i]:.1f} |")
    print(f"| median tension at the end (day {horizon - downing[0]:.0f}) | {tension[-1]:.1f} |")
    for side, mean in year_hostile.items():
        print(f"| hostile {side} actions in the whole run, mean | {mean:.1f} |")
    if remittances0 is not None:
        print(f"| initial remittances, 1e6 USD/year, median (5-95%) | {spread(remittances0, '.0f')} |")
    if share is not None:
        print(f"| share of the diaspora departed by the end, median (5-95%) | {spread(share, '.3f')} |")

    if background_path:
        background(background_path)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(*sys.argv[1:])
