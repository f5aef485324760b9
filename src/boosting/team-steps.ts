/** The boosting steps around a tree as Team work items: gradients by row range, and each leaf's value added to its rows' margins. */
import type { Objective } from '../params.js';
import type { Team } from '../pool/team.js';
import type { GradInputs, ObjectiveSettings } from '../objective/objective.js';
import type { Ptr } from '../wasm/kernels.js';
import { liveLeaves, type BinTree } from '../tree/bin-tree.js';
import {
  OP_GRAD, OP_LEAF_ADD, GRAD_LOGISTIC, GRAD_SOFTMAX, GRAD_SQUARED, GRAD_ABSOLUTE, GRAD_PSEUDO_HUBER, GRAD_POISSON,
} from '../wasm/layout.js';
import { ghAt, ghBytes, wordAt } from '../wasm/addressing.js';

/** Rows per gradient or leaf-update item. */
const ROW_BLOCK = 65536;

function gradKind(objective: Objective, s: ObjectiveSettings): [number, number] {
  switch (objective) {
    case 'binary:logistic': case 'binary:logitraw': return [GRAD_LOGISTIC, s.scalePosWeight];
    case 'multi:softprob': case 'multi:softmax': return [GRAD_SOFTMAX, 0];
    case 'reg:squarederror': return [GRAD_SQUARED, 0];
    case 'reg:absoluteerror': return [GRAD_ABSOLUTE, 0];
    case 'reg:pseudohubererror': return [GRAD_PSEUDO_HUBER, s.huberSlope];
    case 'count:poisson': return [GRAD_POISSON, s.maxDeltaStep];
    default: throw new Error(`no gradient kernel for ${objective}`);
  }
}

/** Gradients of every row (the computeGradients kernels, cut into row ranges; each row's pair depends on that row only). */
export function teamGradients(team: Team, objective: Objective, s: ObjectiveSettings, x: GradInputs): void {
  const [kind, param] = gradKind(objective, s);
  const nGroups = s.nGroups;
  for (let r0 = 0; r0 < x.n; r0 += ROW_BLOCK) {
    const m = Math.min(ROW_BLOCK, x.n - r0);
    team.add(OP_GRAD, [kind, wordAt(x.margin, r0 * nGroups), wordAt(x.label, r0), x.weight ? wordAt(x.weight, r0) : 0, m, ghAt(x.gh, r0), nGroups, ghBytes(x.n)], [param]);
  }
  team.run('gradients');
}

/** Adds each live leaf's value (f32) to the margins (rows x nGroups, group c) of the rows in its segment of `rows`. */
export function teamApplyLeaves(team: Team, tree: BinTree, rows: Ptr, margin: Ptr, nGroups: number, c: number): void {
  for (const leaf of liveLeaves(tree)) {
    const v = Math.fround(tree.value[leaf]);
    for (let b = tree.begin[leaf]; b < tree.end[leaf]; b += ROW_BLOCK) {
      team.add(OP_LEAF_ADD, [rows, b, Math.min(tree.end[leaf], b + ROW_BLOCK), margin, nGroups, c], [v]);
    }
  }
  team.run('leaf update');
}
