#!/usr/bin/python3
"""The seed document's AutoML pipeline on one dataset: RandomizedSearchCV over RandomForest and XGBoost.

Run by bench/automl.mjs as a child process, or by hand (from the repository root):

    /usr/bin/python3 bench/seed-pipeline.py --train ../shared/data/spam.train.csv \
        --test ../shared/data/spam.test.csv --target type --task binary \
        [--positive-class spam] [--categorical a,b] [--out bench/out/seed-spam.json]

Needs Debian's scikit-learn 1.2.1, XGBoost 1.7.4 and pandas:
`apt-get install -y python3-sklearn python3-xgboost python3-pandas` (use /usr/bin/python3).

The method is `seed_pipeline` of ../shared/reference (README.md and reference.json), reproduced
exactly:

- Input: one float32 matrix for both models. Categorical columns (--categorical, default: the
  non-numeric columns) become ordinal codes = position in the sorted train levels; a level seen
  only in test counts as missing. Missing cells (only empty CSV fields are missing) are imputed
  with the train median (numeric columns) or the most frequent train code (categorical columns;
  ties -> the smallest code, as SimpleImputer(strategy="most_frequent")).
- Labels: binary 1 = the positive class (--positive-class, default the second of the sorted
  classes), 0 = the other, as the reference (with the classes the other way round XGBoost's
  CV scores differ in the 7th digit); multiclass: index in the classes sorted as strings.
- Two searches, RandomizedSearchCV(n_iter=20, cv=3, random_state=42, n_jobs=2), run one after the
  other: RandomForest{Classifier,Regressor}() over {n_estimators: [100, 200, 300], max_depth:
  [3, 5, 7], min_samples_split: [2, 5, 10]}, then XGB{Classifier,Regressor}(tree_method="hist")
  over {learning_rate: [0.1, 0.01, 0.001], max_depth: [3, 5, 7], min_child_weight: [1, 3, 5]}.
  Scoring roc_auc (binary) / neg_log_loss (multiclass) / neg_root_mean_squared_error
  (regression). The estimators keep their library defaults: RandomForest random_state=None (so
  the RF search varies from run to run; --estimator-random-state N pins it, which the reference
  did not do), XGBoost n_jobs=None (1 thread inside each joblib worker, all cores in the refit).
  The search with the higher best_score_ wins (the RF search on an exact tie) and its refitted
  best_estimator_ predicts the test set.
- fit_seconds = total wall time of both searches, joblib worker start-up and both refits
  included (time.perf_counter around the two .fit calls); reading and encoding are excluded
  (read_seconds), as is predicting the test set (predict_seconds).
- Test metrics: binary auc / logloss / accuracy from P(positive class) (threshold 0.5),
  multiclass logloss / accuracy (argmax), regression rmse / mae / r2; logloss is sklearn's
  log_loss(eps="auto").

stdout carries only the JSON result (also written to --out when given); progress and library
warnings go to stderr.
"""

import argparse
import json
import sys
import time

import numpy as np
import pandas as pd
import sklearn
import xgboost as xgb
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.metrics import (accuracy_score, log_loss, mean_absolute_error,
                             mean_squared_error, r2_score, roc_auc_score)
from sklearn.model_selection import RandomizedSearchCV
from xgboost import XGBClassifier, XGBRegressor

RF_GRID = {"n_estimators": [100, 200, 300], "max_depth": [3, 5, 7], "min_samples_split": [2, 5, 10]}
XGB_GRID = {"learning_rate": [0.1, 0.01, 0.001], "max_depth": [3, 5, 7], "min_child_weight": [1, 3, 5]}
SCORING = {"binary": "roc_auc", "multiclass": "neg_log_loss", "regression": "neg_root_mean_squared_error"}


def log(msg):
    print(f"seed-pipeline: {msg}", file=sys.stderr, flush=True)


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


def encode_features(train, test, target, categorical_arg):
    """float32 ordinal-code matrices with median / most-frequent imputation (rf_default's input)."""
    features = [c for c in train.columns if c != target]
    if categorical_arg is None:
        categorical = [c for c in features
                       if not (pd.api.types.is_numeric_dtype(train[c]) and pd.api.types.is_numeric_dtype(test[c]))]
    else:
        categorical = [c for c in categorical_arg if c]
        unknown = [c for c in categorical if c not in features]
        if unknown:
            raise SystemExit(f"seed-pipeline: --categorical names unknown columns: {', '.join(unknown)}")
    X_tr = np.empty((len(train), len(features)), dtype=np.float32)
    X_te = np.empty((len(test), len(features)), dtype=np.float32)
    imputed_tr = imputed_te = 0
    for j, c in enumerate(features):
        if c in categorical:
            tr = train[c].astype("string")
            te = test[c].astype("string")
            levels = sorted(tr.dropna().unique().tolist())
            a = pd.Categorical(tr, categories=levels).codes.astype(np.float32)
            b = pd.Categorical(te, categories=levels).codes.astype(np.float32)  # unseen level -> -1
            a[a < 0] = np.nan
            b[b < 0] = np.nan
            present = a[~np.isnan(a)].astype(np.int64)
            fill = float(np.argmax(np.bincount(present, minlength=len(levels)))) if present.size else 0.0
        else:
            a = pd.to_numeric(train[c], errors="raise").to_numpy(np.float32)
            b = pd.to_numeric(test[c], errors="raise").to_numpy(np.float32)
            present = a[~np.isnan(a)]
            fill = float(np.median(present)) if present.size else 0.0
        na, nb = np.isnan(a), np.isnan(b)
        imputed_tr += int(na.sum())
        imputed_te += int(nb.sum())
        a[na] = fill
        b[nb] = fill
        X_tr[:, j] = a
        X_te[:, j] = b
    return X_tr, X_te, features, categorical, imputed_tr, imputed_te


def encode_target(train, test, target, task, positive_class=None):
    """y_train, y_test, classes (sorted strings), positive class (binary) or None."""
    y_tr_raw, y_te_raw = train[target], test[target]
    if y_tr_raw.isna().any() or y_te_raw.isna().any():
        raise SystemExit(f"seed-pipeline: target column {target} has empty cells")
    if task == "regression":
        return y_tr_raw.to_numpy(np.float64), y_te_raw.to_numpy(np.float64), None, None
    # Labels compared as the strings written in the CSV, sorted.
    s_tr, s_te = y_tr_raw.astype(str), y_te_raw.astype(str)
    classes = sorted(s_tr.unique().tolist())
    if (task == "binary") != (len(classes) == 2) or len(classes) < 2:
        raise SystemExit(f"seed-pipeline: --task {task} but the train target has {len(classes)} classes")
    unseen = sorted(set(s_te.unique()) - set(classes))
    if unseen:
        raise SystemExit(f"seed-pipeline: test labels not in train: {unseen}")
    if task == "binary":
        pos = positive_class if positive_class is not None else classes[1]
        if pos not in classes:
            raise SystemExit(f"seed-pipeline: --positive-class {pos} is not one of {classes}")
        return (s_tr == pos).to_numpy(np.int64), (s_te == pos).to_numpy(np.int64), classes, pos
    index = {c: i for i, c in enumerate(classes)}
    return s_tr.map(index).to_numpy(np.int64), s_te.map(index).to_numpy(np.int64), classes, None


def test_metrics(task, y, out):
    if task == "binary":  # y: 1 = positive class; out[:, 1] = P(positive class)
        p = out[:, 1]
        return {"auc": roc_auc_score(y, p), "logloss": log_loss(y, p, labels=[0, 1]),
                "accuracy": accuracy_score(y, (p > 0.5).astype(int))}
    if task == "multiclass":
        return {"logloss": log_loss(y, out, labels=list(range(out.shape[1]))),
                "accuracy": accuracy_score(y, np.argmax(out, axis=1))}
    return {"rmse": float(np.sqrt(mean_squared_error(y, out))),
            "mae": mean_absolute_error(y, out), "r2": r2_score(y, out)}


def plain(v):
    """numpy scalars -> Python numbers for json."""
    return v.item() if hasattr(v, "item") else v


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--task", required=True, choices=["binary", "multiclass", "regression"])
    ap.add_argument("--positive-class", help="binary: the label whose probability is scored "
                    "(default: the second of the sorted classes)")
    ap.add_argument("--categorical", help="comma-separated categorical columns (default: the non-numeric "
                    "columns); pass an empty string for none")
    ap.add_argument("--out", help="also write the JSON result to this file")
    ap.add_argument("--estimator-random-state", type=int, default=None,
                    help="random_state of the RandomForest and XGBoost estimators (default: library "
                    "defaults, as the reference: RF None, XGBoost 0)")
    ap.add_argument("--n-jobs", type=int, default=2, help="RandomizedSearchCV n_jobs (reference: 2)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    train, test = read(args.train), read(args.test)
    if args.target not in train.columns or args.target not in test.columns:
        raise SystemExit(f"seed-pipeline: no target column {args.target} in train and test")
    categorical_arg = None if args.categorical is None else args.categorical.split(",")
    X_tr, X_te, features, categorical, imp_tr, imp_te = encode_features(train, test, args.target, categorical_arg)
    y_tr, y_te, classes, positive = encode_target(train, test, args.target, args.task, args.positive_class)
    del train, test
    read_s = time.perf_counter() - t0
    log(f"read {len(X_tr)} + {len(X_te)} rows, {len(features)} features ({len(categorical)} categorical), "
        f"{imp_tr} + {imp_te} cells imputed, in {read_s:.2f}s")

    scoring = SCORING[args.task]
    classify = args.task != "regression"
    est_kw = {} if args.estimator_random_state is None else {"random_state": args.estimator_random_state}
    rf = (RandomForestClassifier if classify else RandomForestRegressor)(**est_kw)
    xg = (XGBClassifier if classify else XGBRegressor)(tree_method="hist", **est_kw)
    searches = {}
    timings = {}
    t_all = time.perf_counter()
    for name, est, grid in (("rf", rf, RF_GRID), ("xgb", xg, XGB_GRID)):
        search = RandomizedSearchCV(est, grid, n_iter=20, cv=3, random_state=42, n_jobs=args.n_jobs,
                                    scoring=scoring)
        t = time.perf_counter()
        search.fit(X_tr, y_tr)
        timings[name] = time.perf_counter() - t
        searches[name] = search
        log(f"{name} search {timings[name]:.2f}s (refit {search.refit_time_:.2f}s): best {scoring} "
            f"{search.best_score_:.6g} with {search.best_params_}")
    fit_s = time.perf_counter() - t_all

    winner = "xgb" if searches["xgb"].best_score_ > searches["rf"].best_score_ else "rf"
    best = searches[winner].best_estimator_
    t = time.perf_counter()
    out = best.predict_proba(X_te) if classify else best.predict(X_te)
    predict_s = time.perf_counter() - t
    metrics = {k: float(v) for k, v in test_metrics(args.task, y_te, out).items()}
    log(f"winner {winner}; total {fit_s:.2f}s; test " + ", ".join(f"{k} {v:.6g}" for k, v in metrics.items()))

    result = {
        "tool": "seed_pipeline",
        "versions": {"python": sys.version.split()[0], "sklearn": sklearn.__version__,
                     "xgboost": xgb.__version__, "pandas": pd.__version__, "numpy": np.__version__},
        "task": args.task,
        "classes": classes,
        "positive_class": positive,
        "n_train": int(len(X_tr)),
        "n_test": int(len(X_te)),
        "n_features": len(features),
        "categorical": categorical,
        "n_cells_imputed_train": imp_tr,
        "n_cells_imputed_test": imp_te,
        "scoring": scoring,
        "settings": {"n_iter": 20, "cv": 3, "random_state": 42, "n_jobs": args.n_jobs,
                     "rf_grid": RF_GRID, "xgb_grid": XGB_GRID,
                     "estimator_random_state": args.estimator_random_state},
        "read_seconds": read_s,
        "fit_seconds": fit_s,
        "rf_search_seconds": timings["rf"],
        "xgb_search_seconds": timings["xgb"],
        "rf_refit_seconds": searches["rf"].refit_time_,
        "xgb_refit_seconds": searches["xgb"].refit_time_,
        "rf_best_cv_score": float(searches["rf"].best_score_),
        "xgb_best_cv_score": float(searches["xgb"].best_score_),
        "rf_best_params": {k: plain(v) for k, v in searches["rf"].best_params_.items()},
        "xgb_best_params": {k: plain(v) for k, v in searches["xgb"].best_params_.items()},
        "winner": winner,
        "predict_seconds": predict_s,
        "metrics": metrics,
        "peak_rss_mb": vm_hwm_mb(),
    }
    text = json.dumps(result)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
