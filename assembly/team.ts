// Work items of one parallel phase of boosting: every thread of a team (the main thread and its
// workers, on one shared memory) claims items from the table with an atomic counter until none
// are left. An item's result never depends on which thread ran it, so any thread count gives
// the same model.
import {
  CTL_NEXT, CTL_COUNT, CTL_ITEMS, ITEM_BYTES, ITEM_OP, ITEM_I, ITEM_F, FEATURE_BIN_BYTES, FEATURE_HIST_BYTES,
  OP_HIST_ALL, OP_HIST_ROWS, OP_PARTITION, OP_COPY, OP_REDUCE_SCAN, OP_GRAD, OP_LEAF_ADD, OP_HIST_CM, OP_LEAF_RANGE,
  GRAD_LOGISTIC, GRAD_SOFTMAX, GRAD_SQUARED, GRAD_ABSOLUTE, GRAD_PSEUDO_HUBER, GRAD_POISSON,
} from './layout';
import { histBuild, histBuildRange, histBuildRows, histSubtract } from './histogram';
import { partitionBlock, partitionRows } from './partition';
import { splitFind } from './split';
import { gradLogistic, gradSoftmaxStrided, gradSquared, gradAbsolute, gradPseudoHuber, gradPoisson, leafAdd, leafAddRange } from './gradients';

@inline function ia(item: usize, k: i32): i32 { return load<i32>(item + <usize>(ITEM_I + (k << 2))); }
@inline function ua(item: usize, k: i32): usize { return <usize>load<u32>(item + <usize>(ITEM_I + (k << 2))); }
@inline function fa(item: usize, k: i32): f64 { return load<f64>(item + <usize>(ITEM_F + (k << 3))); }

/**
 * Adds partial histograms to `dst` in list order, for the listed features:
 * dst = ((dst + p[0]) + p[1]) + ..., one f64 add per bin, so the sum does not depend on threads.
 */
function reduceInto(dst: usize, partials: usize, nPartials: i32, feats: usize, nFeats: i32): void {
  for (let k = 0; k < nFeats; k++) {
    const off = <usize>load<i32>(feats + (<usize>k << 2)) * FEATURE_HIST_BYTES;
    for (let j = 0; j < nPartials; j++) {
      const src = <usize>load<u32>(partials + (<usize>j << 2)) + off;
      const d = dst + off;
      for (let b: usize = 0; b < <usize>FEATURE_BIN_BYTES; b += 16) {
        v128.store(d + b, f64x2.add(v128.load(d + b), v128.load(src + b)));
      }
    }
  }
}

function gradRange(item: usize): void {
  const kind = ia(item, 0);
  const margin = ua(item, 1), label = ua(item, 2), weight = ua(item, 3), n = ia(item, 4), gh = ua(item, 5);
  const param = <f32>fa(item, 0);
  if (kind == GRAD_LOGISTIC) gradLogistic(margin, label, weight, param, n, gh);
  else if (kind == GRAD_SOFTMAX) gradSoftmaxStrided(margin, label, weight, n, ia(item, 6), gh, ua(item, 7));
  else if (kind == GRAD_SQUARED) gradSquared(margin, label, weight, n, gh);
  else if (kind == GRAD_ABSOLUTE) gradAbsolute(margin, label, weight, n, gh);
  else if (kind == GRAD_PSEUDO_HUBER) gradPseudoHuber(margin, label, weight, param, n, gh);
  else if (kind == GRAD_POISSON) gradPoisson(margin, label, weight, param, n, gh);
}

function runItem(item: usize, scratch: usize): void {
  const op = load<i32>(item + ITEM_OP);
  if (op == OP_HIST_ALL) {
    histBuildRange(ua(item, 0), ia(item, 1), ia(item, 6), ia(item, 7), ua(item, 2), ua(item, 3), ia(item, 4), ua(item, 5));
  } else if (op == OP_HIST_ROWS) {
    histBuildRows(ua(item, 0), ia(item, 1), ua(item, 2), ua(item, 3), ia(item, 4), ia(item, 5), ua(item, 6), ia(item, 7), ua(item, 8), scratch);
  } else if (op == OP_PARTITION) {
    // A node of one block is partitioned in place (tmp over its own segment as scratch); larger
    // nodes block by block into tmp, joined by the host's copy items.
    const begin = ia(item, 3);
    const nl = ia(item, 12)
      ? partitionRows(ua(item, 0), ia(item, 1), ua(item, 2), begin, ia(item, 4), ia(item, 5), ia(item, 6),
        ia(item, 7), ia(item, 8), ua(item, 9), ua(item, 10) + (<usize>begin << 2))
      : partitionBlock(ua(item, 0), ia(item, 1), ua(item, 2), begin, ia(item, 4), ia(item, 5), ia(item, 6),
        ia(item, 7), ia(item, 8), ua(item, 9), ua(item, 10));
    store<i32>(ua(item, 11), nl);
  } else if (op == OP_COPY) {
    memory.copy(ua(item, 1), ua(item, 0), ua(item, 2));
    memory.copy(ua(item, 4), ua(item, 3), ua(item, 5));
  } else if (op == OP_REDUCE_SCAN) {
    // Small child: its block histograms summed in block order; large child: parent - small,
    // written over the parent; then each child's split search over its features of this block.
    const small = ua(item, 0), feats = ua(item, 4), nf = ia(item, 5);
    const nPartials = ia(item, 2);
    if (nPartials > 0) reduceInto(small, ua(item, 1), nPartials, feats, nf);
    const parent = ua(item, 3);
    if (parent != 0) histSubtract(parent, small, parent, feats, nf);
    const params = ua(item, 6), info = ua(item, 7);
    const nS = ia(item, 9);
    if (nS > 0) splitFind(params, small, ua(item, 8), nS, info, fa(item, 0), fa(item, 1), ua(item, 10), scratch);
    const nL = ia(item, 12);
    if (nL > 0) splitFind(params, parent, ua(item, 11), nL, info, fa(item, 2), fa(item, 3), ua(item, 13), scratch);
  } else if (op == OP_GRAD) {
    gradRange(item);
  } else if (op == OP_HIST_CM) {
    histBuild(ua(item, 0), ia(item, 1), ua(item, 2), ua(item, 3), ia(item, 4), ia(item, 5), ua(item, 6), ia(item, 7), ua(item, 8));
  } else if (op == OP_LEAF_RANGE) {
    leafAddRange(ua(item, 0), ua(item, 1), ua(item, 2), ia(item, 3), ia(item, 4), ia(item, 5), ua(item, 6), ia(item, 7), ia(item, 8));
  } else if (op == OP_LEAF_ADD) {
    leafAdd(ua(item, 0), ia(item, 1), ia(item, 2), ua(item, 3), ia(item, 4), ia(item, 5), <f32>fa(item, 0));
  }
}

/**
 * Runs items of the phase described by the control block until none are left; returns how many
 * this thread ran. scratch: this thread's own (TEAM_SCRATCH: gather rows and split-scan space).
 */
export function teamRun(ctl: usize, scratch: usize): i32 {
  const items = <usize>load<u32>(ctl + CTL_ITEMS);
  const count = load<i32>(ctl + CTL_COUNT);
  let ran = 0;
  for (;;) {
    const i = atomic.add<i32>(ctl + CTL_NEXT, 1);
    if (i >= count) break;
    runItem(items + <usize>i * ITEM_BYTES, scratch);
    ran++;
  }
  return ran;
}
