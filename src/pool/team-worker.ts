/** A team worker (see team.ts): instantiates the kernels on the shared memory and runs the items of each phase the main thread starts. */
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine } from '../wasm/load.js';
import { CTL_DONE, CTL_ERROR, CTL_READY, CTL_SEQ, CTL_STOP, CTL_WORKER_ITEMS } from '../wasm/layout.js';
import { controlBlock, ctlIndex as W } from '../wasm/team-records.js';
import { TEAM_SPIN, type TeamWorkerData } from './team.js';

const data = workerData as TeamWorkerData;
const ctl = controlBlock(data.memory.buffer, data.ctl);

function loop(): void {
  let kernels;
  try {
    kernels = createEngine(data.memory, data.module).kernels;
  } catch (e) {
    parentPort?.postMessage(e instanceof Error ? e.message : String(e));
    Atomics.store(ctl, W(CTL_ERROR), 1);
    Atomics.notify(ctl, W(CTL_READY));
    return;
  }
  let seq = Atomics.load(ctl, W(CTL_SEQ));
  Atomics.add(ctl, W(CTL_READY), 1);
  Atomics.notify(ctl, W(CTL_READY));
  for (;;) {
    // The next phase usually starts while the main thread is still in its short bookkeeping:
    // look for it a while before sleeping, since waking a sleeping thread costs more.
    let s = Atomics.load(ctl, W(CTL_SEQ));
    for (let k = 0; s === seq && k < TEAM_SPIN; k++) s = Atomics.load(ctl, W(CTL_SEQ));
    if (s === seq) {
      Atomics.wait(ctl, W(CTL_SEQ), seq);
      s = Atomics.load(ctl, W(CTL_SEQ));
      if (s === seq) continue;
    }
    seq = s;
    if (Atomics.load(ctl, W(CTL_STOP))) {
      // Acknowledged before the thread touches the memory no more: close() waits for it, since
      // the control block may be reused at once (a pool worker's next task).
      Atomics.sub(ctl, W(CTL_READY), 1);
      Atomics.notify(ctl, W(CTL_READY));
      return;
    }
    try {
      Atomics.add(ctl, W(CTL_WORKER_ITEMS), kernels.teamRun(data.ctl, data.scratch));
    } catch (e) {
      parentPort?.postMessage(e instanceof Error ? e.message : String(e));
      Atomics.store(ctl, W(CTL_ERROR), 1);
    }
    Atomics.add(ctl, W(CTL_DONE), 1);
    Atomics.notify(ctl, W(CTL_DONE));
  }
}

loop();
