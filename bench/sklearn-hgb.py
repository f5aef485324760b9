#!/usr/bin/python3
"""scikit-learn side of the GBDT benchmark: HistGradientBoostingClassifier on a train and a test file, one JSON object.
Run by bench/gbdt.mjs --sklearn as a child process, or by hand:
    OMP_NUM_THREADS=2 /usr/bin/python3 bench/sklearn-hgb.py --train TRAIN.csv[.gz] --test TEST.csv[.gz] \
        --target delayed_15min [--max-leaf-nodes 31] [--rounds 100] [--eta 0.1] [--nthread 2]
Data handling is bench/xgb-train.py's (its `encode`). Categorical columns go to scikit-learn as
ordinal codes marked categorical when they have at most 255 levels (its limit: max_bins), and as
plain ordinal codes otherwise. No early stopping; max_depth unlimited; max_bins 255 (+ missing).
Threads: OpenMP, set with threadpoolctl (--nthread) and OMP_NUM_THREADS by the caller.
fit_seconds is HistGradientBoostingClassifier.fit (binning included); predict_seconds is predict_proba.
"""
import argparse
import importlib.util
import json
import os
import sys
import time

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import log_loss, roc_auc_score

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("xgb_train", os.path.join(here, "xgb-train.py"))
xgb_train = importlib.util.module_from_spec(spec)
spec.loader.exec_module(xgb_train)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--max-leaf-nodes", type=int, default=31)
    ap.add_argument("--eta", type=float, default=0.1)
    ap.add_argument("--rounds", type=int, default=100)
    ap.add_argument("--nthread", type=int, default=1)
    args = ap.parse_args()
    try:
        from threadpoolctl import threadpool_limits
        limits = threadpool_limits(limits=args.nthread)
    except ImportError:
        limits = None
    t0 = time.perf_counter()
    train, test = xgb_train.read(args.train), xgb_train.read(args.test)
    X_tr, X_te, y_tr, y_te, task, classes, categorical = xgb_train.encode(train, test, args.target, "binary")
    del train, test
    mask = []
    for c in X_tr.columns:
        if c in categorical:
            n_levels = len(X_tr[c].cat.categories)
            X_tr[c] = X_tr[c].cat.codes.astype(np.float32).replace(-1, np.nan)
            X_te[c] = X_te[c].cat.codes.astype(np.float32).replace(-1, np.nan)
            mask.append(n_levels <= 255)
        else:
            mask.append(False)
    native = [c for c, m in zip(X_tr.columns, mask) if m]
    X_tr, X_te = X_tr.to_numpy(np.float32), X_te.to_numpy(np.float32)
    read_s = time.perf_counter() - t0
    print(f"sklearn-hgb: read {len(X_tr)} + {len(X_te)} rows in {read_s:.2f}s", file=sys.stderr)
    clf = HistGradientBoostingClassifier(
        learning_rate=args.eta, max_iter=args.rounds, max_leaf_nodes=args.max_leaf_nodes, max_depth=None,
        max_bins=255, early_stopping=False, categorical_features=np.array(mask) if any(mask) else None,
        random_state=0)
    t1 = time.perf_counter()
    clf.fit(X_tr, y_tr)
    t2 = time.perf_counter()
    p = clf.predict_proba(X_te)[:, 1]
    t3 = time.perf_counter()
    print(json.dumps({
        "tool": "sklearn", "sklearn_version": __import__("sklearn").__version__, "nthread": args.nthread,
        "threadpoolctl": limits is not None, "n_train": int(len(X_tr)), "n_test": int(len(X_te)),
        "categorical": categorical, "categorical_native": native,
        "read_seconds": read_s, "fit_seconds": t2 - t1, "predict_seconds": t3 - t2,
        "metrics": {"auc": float(roc_auc_score(y_te, p)), "logloss": float(log_loss(y_te, p, labels=[0, 1]))},
        "peak_rss_mb": xgb_train.vm_hwm_mb(),
    }))


if __name__ == "__main__":
    main()
