/** Validation metrics by XGBoost name, on model outputs, for early stopping and reports. */
import { usageError } from '../errors.js';
import { auc, logloss, mlogloss, rmse, mae } from './metrics.js';

export interface EvalMetric {
  name: string;
  higherIsBetter: boolean;
  /** y: labels (class index or value); output: as transformOutput returns; k: output groups per row. */
  value(y: Float64Array, output: Float64Array, k: number): number;
}

function positive(output: Float64Array): Float64Array {
  const n = output.length / 2;
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) p[i] = output[2 * i + 1];
  return p;
}

function argmaxError(y: Float64Array, output: Float64Array, k: number): number {
  let wrong = 0;
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (output[i * k + c] > output[i * k + best]) best = c;
    if (best !== y[i]) wrong++;
  }
  return wrong / y.length;
}

const METRICS: Record<string, EvalMetric> = {
  logloss: { name: 'logloss', higherIsBetter: false, value: (y, o) => logloss(y, positive(o)) },
  auc: { name: 'auc', higherIsBetter: true, value: (y, o) => auc(y, positive(o)) },
  error: { name: 'error', higherIsBetter: false, value: (y, o) => argmaxError(y, o, 2) },
  mlogloss: { name: 'mlogloss', higherIsBetter: false, value: (y, o, k) => mlogloss(y, o, k) },
  merror: { name: 'merror', higherIsBetter: false, value: (y, o, k) => argmaxError(y, o, k) },
  rmse: { name: 'rmse', higherIsBetter: false, value: (y, o) => rmse(y, o) },
  mae: { name: 'mae', higherIsBetter: false, value: (y, o) => mae(y, o) },
  'poisson-nloglik': {
    name: 'poisson-nloglik', higherIsBetter: false,
    value: (y, o) => {
      let s = 0;
      for (let i = 0; i < y.length; i++) s += o[i] - y[i] * Math.log(Math.max(o[i], 1e-16));
      return s / y.length;
    },
  },
};

export function evalMetric(name: string): EvalMetric {
  const m = METRICS[name];
  if (!m) throw usageError(`unknown eval_metric '${name}'; known: ${Object.keys(METRICS).join(', ')}`);
  return m;
}
