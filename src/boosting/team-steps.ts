/** The boosting steps around a tree as Team work items: gradients by row range, and each leaf's value added to its rows' margins. */
import type { Objective } from '../params.js';
import type { Team } from '../pool/team.js';
import type { GradInputs, ObjectiveSettings } from '../objective/objective.js';
import type { Ptr } from '../wasm/kernels.js';
import type { Arena } from '../wasm/arena.js';
import { liveLeaves, type BinTree } from '../tree/bin-tree.js';
import {
  OP_GRAD, OP_LEAF_ADD, OP_LEAF_RANGE, GRAD_LOGISTIC, GRAD_SOFTMAX, GRAD_SQUARED, GRAD_ABSOLUTE, GRAD_PSEUDO_HUBER, GRAD_POISSON,
} from '../wasm/layout.js';
import { ghAt, ghBytes, wordAt, words } from '../wasm/addressing.js';

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

/** Leaves from which a tree over every row is added by leaf segment, not by row block (each row block searches every leaf's segment). */
const RANGE_MAX_LEAVES = 256;

/** Leaf segments and values in kernel memory for the row-block leaf update (grows as trees do). */
export class LeafBuffer {
  private ptr: Ptr = 0;
  private cap = 0;
  constructor(private readonly arena: Arena) {}
  /** Segments (i32 begin, end per leaf) then f32 values, for n leaves. */
  put(begins: number[], ends: number[], values: number[]): { segs: Ptr; values: Ptr } {
    const n = begins.length;
    if (n > this.cap) { this.cap = Math.max(n, 2 * this.cap); this.ptr = this.arena.alloc(words(3 * this.cap)); }
    const segs = this.arena.i32(this.ptr, 2 * n);
    for (let k = 0; k < n; k++) { segs[2 * k] = begins[k]; segs[2 * k + 1] = ends[k]; }
    const vp = wordAt(this.ptr, 2 * n);
    this.arena.f32(vp, n).set(values);
    return { segs: this.ptr, values: vp };
  }
}

/**
 * Adds each live leaf's value (f32) to the margins (rows x nGroups, group c) of the rows in its
 * segment of `rows`. ascending: the tree holds every row of 0..nRows - 1 and each segment is in
 * ascending order; then (up to RANGE_MAX_LEAVES leaves) the items are blocks of the row space,
 * so two threads never write margins of neighbouring rows, which share cache lines.
 */
export function teamApplyLeaves(team: Team, tree: BinTree, rows: Ptr, margin: Ptr, nGroups: number, c: number,
  ascending?: { nRows: number; buffer: LeafBuffer }): void {
  const leaves = liveLeaves(tree);
  if (ascending && team.threads > 1 && leaves.length <= RANGE_MAX_LEAVES) {
    const { segs, values } = ascending.buffer.put(leaves.map((l) => tree.begin[l]), leaves.map((l) => tree.end[l]),
      leaves.map((l) => Math.fround(tree.value[l])));
    for (let r0 = 0; r0 < ascending.nRows; r0 += ROW_BLOCK) {
      team.add(OP_LEAF_RANGE, [rows, segs, values, leaves.length, r0, Math.min(ascending.nRows, r0 + ROW_BLOCK), margin, nGroups, c]);
    }
    team.run('leaf update');
    return;
  }
  for (const leaf of leaves) {
    const v = Math.fround(tree.value[leaf]);
    for (let b = tree.begin[leaf]; b < tree.end[leaf]; b += ROW_BLOCK) {
      team.add(OP_LEAF_ADD, [rows, b, Math.min(tree.end[leaf], b + ROW_BLOCK), margin, nGroups, c], [v]);
    }
  }
  team.run('leaf update');
}
