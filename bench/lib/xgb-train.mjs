// The XGBoost reference run the bench scripts share: bench/xgb-train.py (pandas read, DMatrix,
// xgb.train without evals, predict on the test file) in a measured child process.
import { join } from 'node:path';
import { lastJson, ROOT, runChild, tail } from './child.mjs';

export const XGB_TRAIN = join(ROOT, 'bench', 'xgb-train.py');

/**
 * Trains XGBoost on `train`, scores `test`. o: { python (default /usr/bin/python3), train, test,
 * target, task?, depth?, eta?, rounds?, maxBin?, nthread, timeout? (s, default 7200), env? }.
 * Unset options keep xgb-train.py's defaults. Resolves { ok, json (the script's result line),
 * wall_s, peak_rss_mb, cpu_s } or { ok: false, error }; never rejects.
 */
export async function runXgbTrain(o) {
  const args = [XGB_TRAIN, '--train', o.train, '--test', o.test, '--target', o.target];
  const flags = { '--task': o.task, '--max-depth': o.depth, '--eta': o.eta, '--rounds': o.rounds, '--max-bin': o.maxBin, '--nthread': o.nthread };
  for (const [flag, v] of Object.entries(flags)) if (v !== undefined && v !== null) args.push(flag, String(v));
  const r = await runChild(o.python ?? '/usr/bin/python3', args, { timeout: o.timeout ?? 7200, env: o.env ?? process.env });
  const json = lastJson(r.stdout);
  if (r.code !== 0 || !json) return { ok: false, error: `xgb-train.py exit ${r.code}${r.signal ? ` (${r.signal})` : ''}: ${tail(r.stderr)}` };
  return { ok: true, json, wall_s: r.wallSeconds, peak_rss_mb: r.peakRssMb ?? json.peak_rss_mb ?? null, cpu_s: r.cpuSeconds };
}
