#!/usr/bin/python3
"""Check the form of the dated record (data/record/, described in its README.md).

    /usr/bin/python3 tests/docs/check_record.py [SOURCE_DIR]

Fails, naming file, line and column, on: a header other than the documented
one, a malformed or out-of-order date, a date after the end of the record
(2025-02-28), a precision other than day/month (a month date not on the 1st),
an actor or target that is not a two-letter code or `-`, an action key the
model does not have, a
CAMEO code that is not 2-4 digits, a Goldstein score outside [-10, 10], or an
empty description or source. In summits.csv, also on an unknown kind or
calendar value, on a `bilateral` that disagrees with the meetings of
events.csv, and on a summit calendar in scenarios/history_2021.json that
differs from the rows marked `calendar` = yes (the scenario's summits are
those rows' dates, nothing more or less, each certain and given by date).
"""
import csv
import json
import re
import sys
from datetime import date
from pathlib import Path

END = date(2025, 2, 28)
EVENTS_HEADER = ["date", "precision", "actor", "target", "action", "cameo", "goldstein", "description", "source"]
QUANTITIES_HEADER = ["quantity", "period", "value", "unit", "low", "high", "source", "note"]
SUMMITS_HEADER = ["date", "end_date", "kind", "description", "place", "putin", "aliyev", "calendar", "bilateral",
                  "source"]
KINDS = {"formal", "informal", "parade", "online"}
CALENDAR = {"yes", "informal", "parade", "online", "guest"}
def model_actions(src):
    text = (src / "sim/model/actions.cpp").read_text(encoding="utf-8")
    names = set(re.findall(r'\{k\w+,\s*"([a-z_]+)"', text))
    if len(names) < 20:
        sys.exit("check_record: could not read the action names from sim/model/actions.cpp")
    return names


def rows(path, header, errors):
    """Yields (row, bad) for each data row of a CSV file with the given
    header and as many fields; bad(column, message) reports a cell. Reports
    a wrong header (and yields nothing) or a wrong field count."""
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        if next(reader) != header:
            errors.append(f"{path}:1: header must be {','.join(header)}")
            return
        for row in reader:
            line = reader.line_num
            if len(row) != len(header):
                errors.append(f"{path}:{line}: {len(row)} fields, expected {len(header)}")
                continue

            def bad(column, message, line=line):
                errors.append(f"{path}:{line}: column {column} ({header[column - 1]}): {message}")

            yield row, bad


def check_events(path, actions, errors):
    previous = date.min
    for row, bad in rows(path, EVENTS_HEADER, errors):
        d, precision, actor, target, action, cameo, goldstein, description, source = row
        try:
            day = date.fromisoformat(d)
        except ValueError:
            bad(1, f"not a YYYY-MM-DD date: {d!r}")
            continue
        if day > END:
            bad(1, f"{d} is after the end of the record ({END})")
        if day < previous:
            bad(1, f"{d} comes before the previous row's date {previous}")
        previous = day
        if precision not in ("day", "month"):
            bad(2, f"precision must be day or month, found {precision!r}")
        elif precision == "month" and day.day != 1:
            bad(2, f"a month-precision date is the 1st of the month, found {d}")
        for column, code in ((3, actor), (4, target)):
            if not re.fullmatch(r"[A-Z]{2}|-", code):
                bad(column, f"a two-letter code or '-', found {code!r}")
        if actor == target:
            bad(4, "actor and target are the same")
        if action and action not in actions:
            bad(5, f"unknown action key {action!r}")
        if not re.fullmatch(r"\d{2,4}", cameo):
            bad(6, f"a CAMEO code of 2-4 digits, found {cameo!r}")
        try:
            if not -10.0 <= float(goldstein) <= 10.0:
                bad(7, f"a Goldstein score lies in [-10, 10], found {goldstein}")
        except ValueError:
            bad(7, f"not a number: {goldstein!r}")
        if not description.strip():
            bad(8, "empty")
        if not source.strip():
            bad(9, "every row needs a source")


def check_quantities(path, errors):
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        if next(reader) != QUANTITIES_HEADER:
            errors.append(f"{path}:1: header must be {','.join(QUANTITIES_HEADER)}")
            return
        for row in reader:
            line = reader.line_num
            if len(row) != len(QUANTITIES_HEADER):
                errors.append(f"{path}:{line}: {len(row)} fields, expected {len(QUANTITIES_HEADER)}")
                continue
            for column in (2, 4, 5):  # value, low, high
                if row[column]:
                    try:
                        float(row[column])
                    except ValueError:
                        errors.append(f"{path}:{line}: column {column + 1} ({QUANTITIES_HEADER[column]}): "
                                      f"not a number: {row[column]!r}")
            if not row[6].strip():
                errors.append(f"{path}:{line}: column 7 (source): every figure needs a source")


def check_summits(path, meetings, errors):
    """The rows' form, and `bilateral` against the record's meetings (a
    leaders_meeting row between the first and the last day of the gathering
    if and only if `bilateral` is yes); returns the dates of the rows in the
    calendar."""
    calendar = []
    previous = date.min
    for row, bad in rows(path, SUMMITS_HEADER, errors):
        try:
            first, last = date.fromisoformat(row[0]), date.fromisoformat(row[1])
        except ValueError:
            bad(1, f"date and end_date must be YYYY-MM-DD, found {row[0]!r} and {row[1]!r}")
            continue
        if last < first or last > END:
            bad(2, f"{row[1]} is before the date or after the end of the record ({END})")
        if first < previous:
            bad(1, f"{row[0]} comes before the previous row's date {previous}")
        previous = first
        if row[2] not in KINDS:
            bad(3, f"one of {sorted(KINDS)}, found {row[2]!r}")
        for column in (6, 7, 9):
            if row[column - 1] not in ("yes", "no"):
                bad(column, f"yes or no, found {row[column - 1]!r}")
        if row[7] not in CALENDAR:
            bad(8, f"one of {sorted(CALENDAR)}, found {row[7]!r}")
        elif row[7] == "yes" and (row[2] != "formal" or row[5] != "yes" or row[6] != "yes"):
            bad(8, "only a formal summit both presidents attended is in the calendar")
        if not row[3].strip():
            bad(4, "empty")
        if not row[9].strip():
            bad(10, "every row needs a source")
        met = any(first <= day <= last for day in meetings)
        if row[8] in ("yes", "no") and met != (row[8] == "yes"):
            bad(9, f"bilateral is {row[8]!r}, but events.csv has {'a' if met else 'no'} leaders_meeting "
                   f"from {row[0]} to {row[1]}")
        if row[7] == "yes":
            calendar.append(row[0])
    return calendar


def record_meetings(path):
    """The days of the record's leaders' meetings."""
    with open(path, encoding="utf-8", newline="") as f:
        return {date.fromisoformat(r["date"]) for r in csv.DictReader(f)
                if r["action"] == "leaders_meeting" and r["precision"] == "day"}


def check_history_calendar(scenario, calendar, errors):
    """The summits of the history scenario are the calendar's dates."""
    with open(scenario, encoding="utf-8") as f:
        events = json.load(f).get("events", [])
    summits = [e for e in events if e.get("type") == "summit"]
    for e in summits:
        extra = sorted(set(e) - {"id", "type", "date"})
        if extra:
            errors.append(f"{scenario}: summit {e.get('id')!r} takes {extra}; the calendar's summits are certain "
                          "and dated")
    dates = sorted(e.get("date", "?") for e in summits)
    if dates != sorted(calendar):
        errors.append(f"{scenario}: its summit events are on {dates}; data/record/summits.csv's calendar is "
                      f"{sorted(calendar)}")


def main():
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent.parent
    errors = []
    check_events(src / "data/record/events.csv", model_actions(src), errors)
    check_quantities(src / "data/record/quantities.csv", errors)
    calendar = check_summits(src / "data/record/summits.csv", record_meetings(src / "data/record/events.csv"),
                             errors)
    check_history_calendar(src / "scenarios/history_2021.json", calendar, errors)
    for e in errors:
        print(e, file=sys.stderr)
    if not errors:
        print("data/record: well formed")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
