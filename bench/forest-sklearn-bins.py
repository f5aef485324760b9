#!/usr/bin/env python3
"""scikit-learn RandomForest (n_estimators=100, defaults) on the bin codes written by bench/forest-bins.mjs.

Prints the test metric per seed and the mean. --tree grows one DecisionTree per seed instead
(no bootstrap, every feature) and prints its leaves and depth, to compare with a one-tree thicket
forest (n_estimators=1, bootstrap=false) on the same bins. Missing values are code 255 here (the
highest bin), not imputed: compare on datasets without them. Test rows go by bin code, not by the
raw midpoint thresholds both forests use: on grid-valued data (iris: 0.1 steps, where test values
often fall exactly between training values) that alone moves the metric.

  /usr/bin/python3 bench/forest-sklearn-bins.py bench/out/diamonds-bins [--seeds 0,1,2,3] [--tree]
"""
import argparse
import json

import numpy as np
from sklearn import metrics as skm
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

ap = argparse.ArgumentParser()
ap.add_argument('prefix')
ap.add_argument('--seeds', default='0')
ap.add_argument('--tree', action='store_true')
a = ap.parse_args()
j = json.load(open(a.prefix + '.json'))
nf = j['nFeatures']
xtr = np.fromfile(a.prefix + '.train.u8', dtype=np.uint8).reshape(-1, nf).astype(np.float32)
xte = np.fromfile(a.prefix + '.test.u8', dtype=np.uint8).reshape(-1, nf).astype(np.float32)
reg = j['task'] == 'regression'
ytr, yte = np.array(j['trainTarget']), np.array(j['testTarget'])
if not reg:
    ytr, yte = ytr.astype(int), yte.astype(int)


def score(model):
    out = model.predict(xte) if reg else model.predict_proba(xte)
    m = j['metric']
    if m == 'rmse':
        return float(np.sqrt(skm.mean_squared_error(yte, out)))
    if m == 'auc':
        return float(skm.roc_auc_score(yte, out[:, 1]))
    if m == 'logloss':
        return float(skm.log_loss(yte, out, labels=list(range(out.shape[1]))))
    return float((out.argmax(1) == yte).mean())


values = []
for seed in [int(s) for s in a.seeds.split(',')]:
    if a.tree:
        t = (DecisionTreeRegressor if reg else DecisionTreeClassifier)(random_state=seed).fit(xtr, ytr)
        print(f'seed {seed}: one tree, {t.get_n_leaves()} leaves, depth {t.get_depth()}, test {j["metric"]} {score(t):.6g}')
        continue
    model = (RandomForestRegressor if reg else RandomForestClassifier)(n_estimators=100, n_jobs=2, random_state=seed).fit(xtr, ytr)
    values.append(score(model))
    print(f'seed {seed}: {j["metric"]} {values[-1]:.6g}', flush=True)
if values:
    print(f'{j["dataset"]} ({j["rule"]} bins {j["nBins"]}): mean {j["metric"]} {np.mean(values):.6g} over {len(values)} seeds')
