/** Reusable node-histogram buffers in kernel memory (one per live frontier node). */
import type { Arena } from '../wasm/arena.js';
import type { Ptr } from '../wasm/kernels.js';
import { FEATURE_HIST_BYTES } from '../wasm/layout.js';

export class HistPool {
  private free: Ptr[] = [];
  private readonly bytes: number;
  constructor(private readonly arena: Arena, nFeatures: number) {
    this.bytes = nFeatures * FEATURE_HIST_BYTES;
  }
  get(): Ptr {
    return this.free.pop() ?? this.arena.alloc(this.bytes);
  }
  release(p: Ptr): void {
    this.free.push(p);
  }
}
