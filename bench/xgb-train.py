#!/usr/bin/python3
"""XGBoost side of the GBDT benchmark: reads a train and a test file, fits, predicts, prints one JSON object.

Run by bench/gbdt.mjs as a child process (so its peak RSS is measured on its own), or by hand:

    /usr/bin/python3 bench/xgb-train.py --train TRAIN.csv[.gz] --test TEST.csv[.gz] \
        --target delayed_15min --max-depth 6 [--eta 0.1] [--rounds 100] [--max-bin 256] [--nthread 1]

Needs Debian's XGBoost 1.7.4, pandas and scikit-learn:
`apt-get install -y python3-xgboost python3-pandas python3-sklearn` (use /usr/bin/python3).

Data handling is thicket's (and ../shared/reference's): CSV read with only empty fields as
missing; string columns become pandas `category` with categories = sorted train levels
(levels seen only in test -> missing) and go to XGBoost with enable_categorical=True;
numeric columns are float32; class labels are sorted and the label index is the position in
the sorted classes (binary: P(class index 1) is the score).

Timings (wall seconds, time.perf_counter):
- read_seconds: reading and encoding both CSV files (not part of fit);
- dmatrix_train_seconds + train_seconds = fit_seconds (DMatrix construction + xgb.train);
- dmatrix_test_seconds + predict_only_seconds = predict_seconds (test DMatrix + predict).
stdout carries only the JSON result; progress goes to stderr.
"""

import argparse
import json
import sys
import time

import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.metrics import (accuracy_score, log_loss, mean_absolute_error,
                             mean_squared_error, r2_score, roc_auc_score)


def vm_hwm_mb():
    """This process's peak resident set size (VmHWM) in MB, or None off Linux."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return None


def read(path):
    return pd.read_csv(path, keep_default_na=False, na_values=[""], low_memory=False)


def encode(train, test, target, task_arg="auto"):
    """Returns X_train, X_test, y_train, y_test, task, classes, categorical columns.

    task_arg "auto": a float target with more than 2 values, or a numeric target with more
    than 20 values, is regression; otherwise classification.
    """
    features = [c for c in train.columns if c != target]
    X_tr, X_te = pd.DataFrame(index=train.index), pd.DataFrame(index=test.index)
    categorical = []
    for c in features:
        numeric = (pd.api.types.is_numeric_dtype(train[c]) and pd.api.types.is_numeric_dtype(test[c]))
        if numeric:
            X_tr[c] = train[c].astype(np.float32)
            X_te[c] = test[c].astype(np.float32)
        else:
            tr = train[c].astype("string")
            te = test[c].astype("string")
            levels = sorted(tr.dropna().unique().tolist())
            X_tr[c] = pd.Categorical(tr, categories=levels)
            X_te[c] = pd.Categorical(te, categories=levels)
            categorical.append(c)
    y_tr_raw, y_te_raw = train[target], test[target]
    if task_arg == "regression" or (task_arg == "auto" and pd.api.types.is_float_dtype(y_tr_raw)
                                    and y_tr_raw.nunique() > 2):
        task, classes = "regression", None
        y_tr, y_te = y_tr_raw.to_numpy(np.float64), y_te_raw.to_numpy(np.float64)
    else:
        # Labels compared as the strings written in the CSV, sorted.
        s_tr, s_te = y_tr_raw.astype(str), y_te_raw.astype(str)
        classes = sorted(s_tr.unique().tolist())
        if task_arg == "auto" and len(classes) > 20 and pd.api.types.is_numeric_dtype(y_tr_raw):
            task, classes = "regression", None
            y_tr, y_te = y_tr_raw.to_numpy(np.float64), y_te_raw.to_numpy(np.float64)
        else:
            task = "binary" if len(classes) == 2 else "multiclass"
            if task_arg not in ("auto", task):
                raise SystemExit(f"xgb-train: --task {task_arg} but the target has {len(classes)} classes")
            index = {c: i for i, c in enumerate(classes)}
            y_tr = s_tr.map(index).to_numpy(np.float64)
            y_te = s_te.map(index).to_numpy(np.float64)
    return X_tr, X_te, y_tr, y_te, task, classes, categorical


def metrics_for(task, y, pred, n_classes):
    if task == "binary":
        return {"auc": roc_auc_score(y, pred), "logloss": log_loss(y, pred, labels=[0, 1]),
                "accuracy": accuracy_score(y, (pred > 0.5).astype(int))}
    if task == "multiclass":
        return {"logloss": log_loss(y, pred, labels=list(range(n_classes))),
                "accuracy": accuracy_score(y, np.argmax(pred, axis=1))}
    return {"rmse": float(np.sqrt(mean_squared_error(y, pred))),
            "mae": mean_absolute_error(y, pred), "r2": r2_score(y, pred)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--task", default="auto", choices=["auto", "binary", "multiclass", "regression"])
    ap.add_argument("--max-depth", type=int, default=6)
    ap.add_argument("--eta", type=float, default=0.1)
    ap.add_argument("--rounds", type=int, default=100)
    ap.add_argument("--max-bin", type=int, default=256)
    ap.add_argument("--nthread", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--save-model", help="optional path for bst.save_model (.json or .ubj)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    train, test = read(args.train), read(args.test)
    X_tr, X_te, y_tr, y_te, task, classes, categorical = encode(train, test, args.target, args.task)
    del train, test
    read_s = time.perf_counter() - t0
    print(f"xgb-train: read {len(X_tr)} + {len(X_te)} rows in {read_s:.2f}s", file=sys.stderr)

    params = {
        "tree_method": "hist",
        "objective": {"binary": "binary:logistic", "multiclass": "multi:softprob",
                      "regression": "reg:squarederror"}[task],
        "eta": args.eta,
        "max_depth": args.max_depth,
        "max_bin": args.max_bin,
        "nthread": args.nthread,
        "seed": args.seed,
    }
    if task == "multiclass":
        params["num_class"] = len(classes)
    rss_before = vm_hwm_mb()

    t0 = time.perf_counter()
    dtrain = xgb.DMatrix(X_tr, label=y_tr, enable_categorical=True, nthread=args.nthread)
    t1 = time.perf_counter()
    bst = xgb.train(params, dtrain, num_boost_round=args.rounds)
    t2 = time.perf_counter()
    dtest = xgb.DMatrix(X_te, enable_categorical=True, nthread=args.nthread)
    t3 = time.perf_counter()
    pred = bst.predict(dtest)
    t4 = time.perf_counter()
    if args.save_model:
        bst.save_model(args.save_model)

    result = {
        "tool": "xgboost",
        "xgboost_version": xgb.__version__,
        "task": task,
        "n_train": int(len(X_tr)),
        "n_test": int(len(X_te)),
        "n_features": int(X_tr.shape[1]),
        "categorical": categorical,
        "params": params,
        "num_boost_round": args.rounds,
        "read_seconds": read_s,
        "dmatrix_train_seconds": t1 - t0,
        "train_seconds": t2 - t1,
        "fit_seconds": t2 - t0,
        "dmatrix_test_seconds": t3 - t2,
        "predict_only_seconds": t4 - t3,
        "predict_seconds": t4 - t2,
        "metrics": {k: float(v) for k, v in
                    metrics_for(task, y_te, pred, len(classes) if classes else None).items()},
        "rss_after_read_mb": rss_before,
        "peak_rss_mb": vm_hwm_mb(),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
