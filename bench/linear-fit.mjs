// The linear learner on the issue-10 case: 4,800 rows x 13 features (3 categorical of 12 levels) x 9 classes; CPU seconds of one fit per l2, and L-BFGS iterations with the default and AutoML tolerances.
// Usage: node bench/linear-fit.mjs (after npm run build)
import { trainLinear } from '../dist/src/linear/linear-model.js';
import { Rng } from '../dist/src/util/rng.js';
const n = 4800, nF = 13, K = 9, rng = new Rng(1);
const x = new Float32Array(n * nF); const y = new Float64Array(n);
const features = [];
for (let f = 0; f < nF; f++) features.push(f < 3 ? { name: `c${f}`, kind: 'categorical', levels: Array.from({ length: 12 }, (_, i) => `l${i}`) } : { name: `x${f}`, kind: 'numeric' });
for (let i = 0; i < n; i++) {
  let s = 0;
  for (let f = 0; f < nF; f++) { const v = f < 3 ? rng.int(12) : rng.next() * 10; x[f * n + i] = v; s += (f % 3 === 0 ? 1 : -0.5) * v / 10; }
  y[i] = Math.min(K - 1, Math.max(0, Math.floor(s * 3 + rng.next() * 2)));
}
/** @type {import('../src/data/frame.js').Dataset} */
const ds = /** @type {any} */ ({ schema: { features, target: { name: 'y', task: 'multiclass', classes: Array.from({ length: K }, (_, i) => String(i)) } }, nRows: n, features: x, target: y });
for (const l2 of [1, 0.01, 1e-4]) {
  const c0 = process.cpuUsage(); const t0 = performance.now();
  const m = trainLinear(ds, { l2 });
  const c = process.cpuUsage(c0);
  console.log('l2', l2, 'wall', ((performance.now() - t0) / 1000).toFixed(3), 'cpu', ((c.user + c.system) / 1e6).toFixed(3));
}
const { fitDesign } = await import('../dist/src/linear/design-matrix.js');
const { applyDesign } = await import('../dist/src/inference/linear-design.js');
const { fitLogistic } = await import('../dist/src/linear/logistic.js');
const d = fitDesign(ds); const X = applyDesign(d, ds);
for (const o of [{}, { gtol: 1e-4 }]) {
  const c0 = process.cpuUsage();
  const r = fitLogistic(X, n, d.nCols, y, K, 0.01, undefined, o);
  const c = process.cpuUsage(c0);
  console.log(`l2 0.01 ${JSON.stringify(o)}: ${r.iterations} iterations, converged ${r.converged}, cpu ${((c.user + c.system) / 1e6).toFixed(3)} s`);
}
