#!/usr/bin/python3
"""XGBoost side of the runtime benchmark (bench/runtime.mjs): trains or reuses an XGBoost model on a
train file, saves it (.json, .ubj) with a schema hint for thicket/runtime (feature order, level
names = sorted train levels, target, classes), and times XGBoost's predict on the test file.

    /usr/bin/python3 bench/runtime-xgb.py --train TRAIN.csv.gz --test TEST.csv.gz --target T \
        --out bench/out/runtime-xgb-airline [--rounds 100 --max-depth 6 --eta 0.1 --repeats 5]

Data handling is bench/xgb-train.py's (imported from it): only empty fields are missing, string
columns are pandas categories with the sorted train levels, numeric columns float32.
Timings (median of --repeats, wall seconds): DMatrix construction, Booster.predict on that
(fresh) DMatrix (also its process CPU time, every thread), and inplace_predict on the DataFrame,
each with nthread 1 and with every core.
Writes OUT.json / OUT.ubj (model), OUT.schema.json (hint), OUT.pred.f32 (P(class 1) or values,
nthread 1, little-endian float32) and prints one JSON object on stdout.
"""

import argparse
import importlib.util
import json
import os
import statistics
import sys
import time

import numpy as np
import xgboost as xgb

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("xgb_train", os.path.join(here, "xgb-train.py"))
xgb_train = importlib.util.module_from_spec(spec)
spec.loader.exec_module(xgb_train)


def median_time(fn, repeats):
    times = []
    out = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--rounds", type=int, default=100)
    ap.add_argument("--max-depth", type=int, default=6)
    ap.add_argument("--eta", type=float, default=0.1)
    ap.add_argument("--max-bin", type=int, default=256)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()

    t0 = time.perf_counter()
    train, test = xgb_train.read(args.train), xgb_train.read(args.test)
    X_tr, X_te, y_tr, y_te, task, classes, categorical = xgb_train.encode(train, test, args.target)
    print(f"runtime-xgb: read {len(X_tr)} + {len(X_te)} rows in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    cores = os.cpu_count() or 1

    settings = {"rounds": args.rounds, "max_depth": args.max_depth, "eta": args.eta, "max_bin": args.max_bin, "train": args.train}
    stamp = args.out + ".settings.json"
    if os.path.exists(args.out + ".ubj") and os.path.exists(stamp) and json.load(open(stamp)) == settings:
        bst = xgb.Booster(model_file=args.out + ".ubj")
        print("runtime-xgb: reusing the saved model", file=sys.stderr)
    else:
        params = {"tree_method": "hist", "eta": args.eta, "max_depth": args.max_depth, "max_bin": args.max_bin,
                  "nthread": cores, "seed": 0,
                  "objective": {"binary": "binary:logistic", "multiclass": "multi:softprob", "regression": "reg:squarederror"}[task]}
        if task == "multiclass":
            params["num_class"] = len(classes)
        t0 = time.perf_counter()
        bst = xgb.train(params, xgb.DMatrix(X_tr, label=y_tr, enable_categorical=True, nthread=cores), num_boost_round=args.rounds)
        print(f"runtime-xgb: trained in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
        bst.save_model(args.out + ".json")
        bst.save_model(args.out + ".ubj")
        json.dump(settings, open(stamp, "w"))
    hint = {"features": [{"name": c, "kind": "categorical", "levels": [str(l) for l in X_tr[c].cat.categories]} if c in categorical
                         else {"name": c, "kind": "numeric"} for c in X_tr.columns],
            "target": {"name": args.target, **({"classes": classes} if classes else {})}}
    json.dump(hint, open(args.out + ".schema.json", "w"))

    result = {"tool": "xgboost", "xgboost_version": xgb.__version__, "n_test": int(len(X_te)), "cores": cores, "repeats": args.repeats, "timings": {}}
    pred1 = None
    for nthread in (1, cores):
        bst.set_param({"nthread": nthread})
        # A fresh DMatrix per repeat: XGBoost caches predictions per DMatrix, so a second predict on one is free.
        dms, prs, cpus = [], [], []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            dtest = xgb.DMatrix(X_te, enable_categorical=True, nthread=nthread)
            t1 = time.perf_counter()
            c1 = time.process_time()
            pred = bst.predict(dtest)
            cpus.append(time.process_time() - c1)
            t2 = time.perf_counter()
            dms.append(t1 - t0)
            prs.append(t2 - t1)
            del dtest
        dm, pr, pr_min = statistics.median(dms), statistics.median(prs), min(prs)
        ip, ip_min, _ = median_time(lambda: bst.inplace_predict(X_te), args.repeats)
        result["timings"][f"nthread{nthread}"] = {"dmatrix_s": dm, "predict_s": pr, "predict_min_s": pr_min, "predict_cpu_s": statistics.median(cpus), "inplace_predict_s": ip, "inplace_predict_min_s": ip_min}
        if nthread == 1:
            pred1 = pred
    p = pred1 if pred1.ndim == 1 else pred1.reshape(-1)
    p.astype("<f4").tofile(args.out + ".pred.f32")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
