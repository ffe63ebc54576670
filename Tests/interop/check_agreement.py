"""Checks rubric's agreement statistics against krippendorff.alpha and scipy's kendalltau.

Usage: python check_agreement.py path/to/rubric
200 random data sets (2 to 5 coders, 2 to 30 units, values 1 to 5, missing
values, ties, single-coder units), plus the published examples; the tolerance is 1e-6.
"""
import json
import os
import math
import random
import subprocess
import sys

import krippendorff
import numpy as np
from scipy.stats import kendalltau

rubric = sys.argv[1]
failures = 0
checked = 0


def ours(stat, rows):
    out = subprocess.run([os.path.join(os.path.dirname(rubric), "rubric-dev"), "stat", stat], input=json.dumps(rows), capture_output=True, text=True, check=True).stdout.strip()
    return float("nan") if out == "nan" else float(out)


def same(a, b):
    if (a is None or math.isnan(a)) and (b is None or math.isnan(b)):
        return True
    return a is not None and b is not None and abs(a - b) <= 1e-6


def check(name, stat, rows, reference):
    global failures, checked
    checked += 1
    got = ours(stat, rows)
    if not same(got, reference):
        failures += 1
        print(f"FAIL {name} {stat}: rubric {got}, reference {reference}, data {rows}")


def alpha_reference(rows, level):
    data = np.array([[np.nan if v is None else v for v in r] for r in rows], dtype=float)
    try:
        return krippendorff.alpha(reliability_data=data, level_of_measurement=level)
    except Exception:
        return float("nan")


rng = random.Random(7)
published = [
    [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None], [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
     [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None], [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]],
]
sets = published + [
    [[rng.choice([None, 1, 2, 3, 4, 5]) if rng.random() < 0.8 else None for _ in range(units)] for _ in range(coders)]
    for coders, units in [(rng.randint(2, 5), rng.randint(2, 30)) for _ in range(200)]
]
for i, rows in enumerate(sets):
    # Keep only sets where something can be paired; krippendorff raises otherwise.
    pairable = sum(1 for u in zip(*rows) if sum(v is not None for v in u) >= 2)
    values = {v for r in rows for v in r if v is not None}
    if pairable == 0 or len(values) < 2:
        continue
    for level in ["nominal", "ordinal", "interval"]:
        check(f"set {i}", f"alpha-{level}", rows, alpha_reference(rows, level))
for i in range(200):
    n = rng.randint(2, 8)
    x = [rng.randint(1, 4) for _ in range(n)]
    y = [rng.randint(1, 4) for _ in range(n)]
    ref = kendalltau(x, y).statistic
    check(f"tau {i}", "tau-b", [x, y], float(ref))
check("scipy example", "tau-b", [[12, 2, 1, 12, 2], [1, 4, 7, 1, 0]], -0.4714045207910316)

print(f"{checked - failures} of {checked} agreement figures match the references")
sys.exit(1 if failures else 0)
