/** Reusable node-histogram buffers in kernel memory (one per live frontier node). */
import type { Arena } from '../wasm/arena.js';
import type { Ptr } from '../wasm/kernels.js';

export class HistPool {
  private free: Ptr[] = [];
  /** bytes: one node's histograms (all channels, all features). */
  constructor(private readonly arena: Arena, private readonly bytes: number) {}
  get(): Ptr {
    return this.free.pop() ?? this.arena.alloc(this.bytes);
  }
  release(p: Ptr): void {
    this.free.push(p);
  }
}
