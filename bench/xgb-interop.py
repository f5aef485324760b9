#!/usr/bin/python3
"""XGBoost side of the XGBoost interop benchmark (bench/xgboost.mjs): trains, saves the model for thicket to
import, predicts, prints one JSON object.

    /usr/bin/python3 bench/xgb-interop.py --train TRAIN.csv[.gz] --test TEST.csv[.gz] --target T \
        --out-prefix bench/out/xgboost/NAME [--eta 0.3] [--max-depth 6] [--rounds 100] [--max-bin 256] \
        [--nthread 1] [--repeats 1] [--base-score auto|X]

Data handling is bench/xgb-train.py's (thicket's rules; string columns are pandas categoricals over the sorted
train levels). Writes:
- PREFIX.json and PREFIX.ubj: the booster, with the `thicket` learner attribute giving feature kinds, level
  names, target name and classes (what thicket needs to read string data with an XGBoost model);
- PREFIX.pred.f32 / PREFIX.margin.f32: predict() and predict(output_margin=True) on the test set, float32
  little-endian, row-major.
Timings (wall seconds, medians over --repeats, time.perf_counter):
- fit_seconds: DMatrix(train) + xgb.train (one run);
- load_seconds: xgb.Booster(model_file=PREFIX.json) and .ubj;
- dmatrix_test_seconds: DMatrix(test) from the encoded DataFrame; predict_only_seconds: predict() on that fresh
  DMatrix (XGBoost caches the predictions of a DMatrix it has already predicted).
base_score: 0.5 for binary:logistic and multi:softprob, the train mean for regression ("auto"), so that
thicket can be given the same value (XGBoost 1.7 does not estimate it).
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

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("xgb_train", os.path.join(HERE, "xgb-train.py"))
xgb_train = importlib.util.module_from_spec(spec)
spec.loader.exec_module(xgb_train)


def timed(fn, repeats):
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--task", default="auto", choices=["auto", "binary", "multiclass", "regression"])
    ap.add_argument("--out-prefix", required=True)
    ap.add_argument("--max-depth", type=int, default=6)
    ap.add_argument("--eta", type=float, default=0.3)
    ap.add_argument("--rounds", type=int, default=100)
    ap.add_argument("--max-bin", type=int, default=256)
    ap.add_argument("--nthread", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--base-score", default="auto")
    args = ap.parse_args()

    t0 = time.perf_counter()
    train, test = xgb_train.read(args.train), xgb_train.read(args.test)
    X_tr, X_te, y_tr, y_te, task, classes, categorical = xgb_train.encode(train, test, args.target, args.task)
    del train, test
    read_s = time.perf_counter() - t0
    print(f"xgb-interop: read {len(X_tr)} + {len(X_te)} rows in {read_s:.2f}s", file=sys.stderr)

    objective = {"binary": "binary:logistic", "multiclass": "multi:softprob", "regression": "reg:squarederror"}[task]
    base_score = (0.5 if task != "regression" else float(np.mean(y_tr))) if args.base_score == "auto" else float(args.base_score)
    params = {"tree_method": "hist", "objective": objective, "eta": args.eta, "max_depth": args.max_depth,
              "max_bin": args.max_bin, "nthread": args.nthread, "seed": 0, "base_score": base_score}
    if task == "multiclass":
        params["num_class"] = len(classes)

    t0 = time.perf_counter()
    dtrain = xgb.DMatrix(X_tr, label=y_tr, enable_categorical=True, nthread=args.nthread)
    bst = xgb.train(params, dtrain, num_boost_round=args.rounds)
    fit_s = time.perf_counter() - t0
    del dtrain

    # What thicket needs to read the same files with this model: kinds, level names, target and classes.
    features = [{"name": c, "kind": "categorical", "levels": list(X_tr[c].cat.categories)} if c in categorical
                else {"name": c, "kind": "numeric"} for c in X_tr.columns]
    target = {"name": args.target, "task": task}
    if classes is not None:
        target["classes"] = classes
    bst.set_attr(thicket=json.dumps({"schema": {"features": features, "target": target}}))
    paths = {"json": args.out_prefix + ".json", "ubj": args.out_prefix + ".ubj"}
    os.makedirs(os.path.dirname(args.out_prefix) or ".", exist_ok=True)
    for p in paths.values():
        bst.save_model(p)

    load_s = {k: timed(lambda p=p: xgb.Booster(model_file=p, params={"nthread": args.nthread}), args.repeats)[0]
              for k, p in paths.items()}
    loaded = xgb.Booster(model_file=paths["json"], params={"nthread": args.nthread})
    # A fresh DMatrix for every prediction: XGBoost caches the predictions of a DMatrix it has seen, so a
    # second predict() on the same DMatrix costs next to nothing.
    dm_times, pred_times = [], []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        dtest = xgb.DMatrix(X_te, enable_categorical=True, nthread=args.nthread)
        t1 = time.perf_counter()
        pred = loaded.predict(dtest)
        t2 = time.perf_counter()
        dm_times.append(t1 - t0)
        pred_times.append(t2 - t1)
        del dtest
    dm_s, pred_s = statistics.median(dm_times), statistics.median(pred_times)
    margin = loaded.predict(xgb.DMatrix(X_te, enable_categorical=True, nthread=args.nthread), output_margin=True)
    np.asarray(pred, "<f4").tofile(args.out_prefix + ".pred.f32")
    np.asarray(margin, "<f4").tofile(args.out_prefix + ".margin.f32")

    print(json.dumps({
        "tool": "xgboost", "xgboost_version": xgb.__version__, "task": task, "objective": objective,
        "classes": classes, "n_train": int(len(X_tr)), "n_test": int(len(X_te)), "params": params,
        "num_boost_round": args.rounds, "read_seconds": read_s, "fit_seconds": fit_s,
        "load_seconds": load_s, "dmatrix_test_seconds": dm_s, "predict_only_seconds": pred_s,
        "predict_seconds": dm_s + pred_s, "model_files": paths,
        "metrics": {k: float(v) for k, v in xgb_train.metrics_for(task, y_te, pred, len(classes) if classes else None).items()},
    }))


if __name__ == "__main__":
    main()
