#!/usr/bin/env python3
"""scikit-learn side of bench/forest.mjs: RandomForest / ExtraTrees fit + predict on one train/test pair.

Data handling follows ../shared/reference rf_default: files read with only empty fields as
missing; categorical columns become float32 ordinal codes of the sorted train levels (a level
seen only in test is missing); missing values (and unseen levels) are imputed with the train
median (numeric) or most frequent code (categorical), since sklearn 1.2 forests take no NaN.
fit_seconds times .fit() only, predict_seconds predict_proba / predict on the test set; both
exclude reading and encoding. Prints one JSON object on stdout.
"""
import argparse
import json
import sys
import time

import numpy as np
import pandas as pd
import sklearn
from sklearn.ensemble import ExtraTreesClassifier, ExtraTreesRegressor, RandomForestClassifier, RandomForestRegressor
from sklearn import metrics as skm


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--train', required=True)
    ap.add_argument('--test', required=True)
    ap.add_argument('--target', required=True)
    ap.add_argument('--task', required=True, choices=['binary', 'multiclass', 'regression'])
    ap.add_argument('--categorical', default='')
    ap.add_argument('--learner', default='rf', choices=['rf', 'extratrees'])
    ap.add_argument('--n-estimators', type=int, default=100)
    ap.add_argument('--n-jobs', type=int, default=2)
    ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args()

    t0 = time.perf_counter()
    read = lambda f: pd.read_csv(f, keep_default_na=False, na_values=[''], low_memory=False)
    train, test = read(a.train), read(a.test)
    read_s = time.perf_counter() - t0
    cats = [c for c in a.categorical.split(',') if c]
    feats = [c for c in train.columns if c != a.target]
    Xtr = pd.DataFrame(index=train.index)
    Xte = pd.DataFrame(index=test.index)
    for c in feats:
        if c in cats:
            levels = sorted(train[c].dropna().astype(str).unique())
            code = {v: i for i, v in enumerate(levels)}
            tr = train[c].map(lambda v: code.get(str(v), np.nan) if pd.notna(v) else np.nan).astype('float64')
            te = test[c].map(lambda v: code.get(str(v), np.nan) if pd.notna(v) else np.nan).astype('float64')
            fill = tr.mode().iloc[0] if tr.notna().any() else 0.0
        else:
            tr = pd.to_numeric(train[c], errors='coerce').astype('float64')
            te = pd.to_numeric(test[c], errors='coerce').astype('float64')
            fill = tr.median() if tr.notna().any() else 0.0
        Xtr[c] = tr.fillna(fill).astype('float32')
        Xte[c] = te.fillna(fill).astype('float32')
    Xtr, Xte = Xtr.to_numpy(), Xte.to_numpy()
    if a.task == 'regression':
        ytr = train[a.target].astype('float64').to_numpy()
        yte = test[a.target].astype('float64').to_numpy()
    else:
        classes = sorted(train[a.target].astype(str).unique())
        cidx = {v: i for i, v in enumerate(classes)}
        ytr = train[a.target].astype(str).map(cidx).to_numpy()
        yte = test[a.target].astype(str).map(cidx).fillna(-1).astype(int).to_numpy()

    cls = {('rf', False): RandomForestClassifier, ('rf', True): RandomForestRegressor,
           ('extratrees', False): ExtraTreesClassifier, ('extratrees', True): ExtraTreesRegressor}[(a.learner, a.task == 'regression')]
    model = cls(n_estimators=a.n_estimators, n_jobs=a.n_jobs, random_state=a.seed)
    t0 = time.perf_counter()
    model.fit(Xtr, ytr)
    fit_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    out = model.predict(Xte) if a.task == 'regression' else model.predict_proba(Xte)
    predict_s = time.perf_counter() - t0

    m = {}
    if a.task == 'regression':
        m = {'rmse': float(np.sqrt(skm.mean_squared_error(yte, out))), 'mae': float(skm.mean_absolute_error(yte, out)),
             'r2': float(skm.r2_score(yte, out))}
    else:
        k = out.shape[1]
        ok = yte >= 0
        y, p = yte[ok], out[ok]
        acc = float(np.mean(np.argmax(p, axis=1) == y))
        ll = float(skm.log_loss(y, p, labels=list(range(k))))
        m = {'auc': float(skm.roc_auc_score(y, p[:, 1])), 'logloss': ll, 'accuracy': acc} if a.task == 'binary' else {'logloss': ll, 'accuracy': acc}
    nodes = int(sum(e.tree_.node_count for e in model.estimators_))
    print(json.dumps({'fit_seconds': fit_s, 'predict_seconds': predict_s, 'read_seconds': read_s, 'metrics': m,
                      'nodes': nodes, 'sklearn_version': sklearn.__version__}))


if __name__ == '__main__':
    sys.exit(main())
