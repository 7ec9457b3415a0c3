"""An independent reading of SPEC §14's `metric lead`, in numpy and statsmodels: what okr's answer
is checked against (MetricLeadTests) and timed against (okr-bench's `lead` figure).

Input (a JSON file, argv[1]): {"a": [[seconds, value], ...], "b": [...], "maxLag": k,
"from": day?, "to": day?} with observations in log order and days since the epoch (UTC).
Output (stdout): {"commonDays", "lags": [{"lag", "r", "n"}], "best": {"lag", "r", "f", "p", "n",
"dfNum", "dfDenom"} or null, "seconds"}; "seconds" is the time of the work alone, without
reading the file or starting Python.
"""
import json
import sys
import time
import warnings

import numpy as np
from statsmodels.tsa.stattools import grangercausalitytests

warnings.simplefilter("ignore")


def daily(observations):
    """Each UTC day's last observation (a later one in log order wins a tie), then np.interp
    between observed days, over the observed span only."""
    seconds = np.array([o[0] for o in observations], dtype=np.int64)
    values = np.array([o[1] for o in observations], dtype=float)
    order = np.lexsort((np.arange(len(seconds)), seconds))  # by time, then log order
    seconds, values = seconds[order], values[order]
    days = np.floor_divide(seconds, 86400)
    last = np.r_[days[1:] != days[:-1], True]
    observed_days, observed_values = days[last], values[last]
    span = np.arange(observed_days[0], observed_days[-1] + 1)
    return span[0], np.interp(span, observed_days, observed_values)


def lead(doc):
    first_a, series_a = daily(doc["a"])
    first_b, series_b = daily(doc["b"])
    low = max(first_a, first_b)
    high = min(first_a + len(series_a) - 1, first_b + len(series_b) - 1)
    if doc.get("from") is not None:
        low = max(low, doc["from"])
    if doc.get("to") is not None:
        high = min(high, doc["to"])
    common = int(max(0, high - low + 1))
    a = np.diff(series_a[low - first_a:high - first_a + 1])
    b = np.diff(series_b[low - first_b:high - first_b + 1])
    count = len(a)
    lags = []
    for k in range(1, doc["maxLag"] + 1):
        n = max(0, count - k)
        x, y = a[:n], b[k:]
        r = float(np.corrcoef(x, y)[0, 1]) if n > 1 and x.std() > 0 and y.std() > 0 else None
        lags.append({"lag": k, "r": r, "n": n})
    scored = [entry for entry in lags if entry["r"] is not None]
    if not scored:
        return {"commonDays": common, "lags": lags, "best": None}
    top = max(abs(entry["r"]) for entry in scored)
    best = next(entry for entry in scored if abs(entry["r"]) == top)
    k = best["lag"]
    if best["n"] < 30 or best["n"] - 2 * k - 1 < 1:
        return {"commonDays": common, "lags": lags, "best": None}
    result = grangercausalitytests(np.column_stack([b, a]), maxlag=[k], verbose=False)
    f, p, df_denom, df_num = result[k][0]["ssr_ftest"]
    return {"commonDays": common, "lags": lags,
            "best": {"lag": k, "r": best["r"], "f": float(f), "p": float(p), "n": best["n"],
                     "dfNum": int(df_num), "dfDenom": int(df_denom)}}


with open(sys.argv[1]) as source:
    document = json.load(source)
started = time.perf_counter()
answer = lead(document)
answer["seconds"] = time.perf_counter() - started
json.dump(answer, sys.stdout)
