/**
 * The runtime's WebAssembly kernel (build/thicket-runtime.wasm, embedded as base64): compiled once,
 * instantiated once per loaded model on a memory of its own (not shared), with a bump allocator
 * for the model's trees and a scratch area above them for each prediction's rows and outputs.
 */
import { ThicketError } from '../errors.js';
import { base64Bytes } from './bytes.js';
import { RUNTIME_WASM_BASE64 } from './wasm-inline.js';

const PAGE = 65536;
/** Nothing below this offset is handed out (the compiler's static area, empty for this module). */
const BASE = 1024;

/** The runtime build's exports (tests call them directly too). */
export interface Exports {
  memory: WebAssembly.Memory;
  predictRowMajor(data: number, nRows: number, nFeatures: number, nodes: number, catLen: number, catWords: number,
    value: number, valueWidth: number, treeRoot: number, treeBegin: number, treeEnd: number, out: number, blockRows: number, scratch: number): void;
  packNodes(left: number, right: number, feature: number, flags: number, catOffset: number, threshold: number, n: number, out: number): void;
}

let compiled: WebAssembly.Module | null = null;

/**
 * Uses a kernel module compiled by the platform (build/thicket-runtime.wasm, the package's
 * `thicket/runtime.wasm` export) instead of compiling the embedded bytes: for hosts that forbid
 * compiling WebAssembly from bytes at run time, such as Cloudflare Workers, whose bundler turns
 * `import mod from 'thicket/runtime.wasm'` into a WebAssembly.Module.
 */
export function useRuntimeModule(module: WebAssembly.Module): void {
  if (!(module instanceof WebAssembly.Module)) throw new ThicketError('wasmModule must be a WebAssembly.Module (thicket/runtime.wasm)');
  const names = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
  for (const name of ['memory', 'predictRowMajor', 'packNodes']) {
    if (!names.has(name)) throw new ThicketError(`wasmModule is not thicket's runtime kernel (no export '${name}'): use thicket/runtime.wasm from the same package version`);
  }
  compiled = module;
}

/** The compiled kernel module (synchronous: the module is a few KB, under every browser's main-thread limit). */
export function runtimeModule(): WebAssembly.Module {
  if (!compiled) {
    if (typeof WebAssembly !== 'object') throw new ThicketError('this JavaScript environment has no WebAssembly');
    compiled = new WebAssembly.Module(base64Bytes(RUNTIME_WASM_BASE64));
  }
  return compiled;
}

/** One kernel instance and its memory: permanent allocations (trees) below, per-call scratch above. */
export class Kernel {
  readonly exports: Exports;
  private top = BASE;
  private scratchTop = BASE;
  /** Bytes of memory; only ensure() grows it (the kernels never do), so views stay valid until then. */
  private capacity: number;
  private f32v: Float32Array;
  private i32v: Int32Array;

  constructor() {
    this.exports = new WebAssembly.Instance(runtimeModule(), {}).exports as unknown as Exports;
    const b = this.exports.memory.buffer;
    this.capacity = b.byteLength;
    this.f32v = new Float32Array(b);
    this.i32v = new Int32Array(b);
  }

  private ensure(end: number): void {
    if (end <= this.capacity) return;
    const mem = this.exports.memory;
    try {
      mem.grow(Math.ceil((end - this.capacity) / PAGE));
    } catch {
      throw new ThicketError(`out of WebAssembly memory: needed ${(end / 2 ** 20).toFixed(0)} MiB`);
    }
    const b = mem.buffer;
    this.capacity = b.byteLength;
    this.f32v = new Float32Array(b);
    this.i32v = new Int32Array(b);
  }

  /** Reserves `bytes` (16-byte aligned) for the kernel's lifetime. Call before any scratch use of a prediction. */
  alloc(bytes: number): number {
    const ptr = (this.top + 15) & ~15;
    this.ensure(ptr + bytes);
    this.top = ptr + bytes;
    this.scratchTop = this.top;
    return ptr;
  }

  /** Copies a typed array into a permanent allocation and returns its offset. */
  put(src: Int32Array | Uint32Array | Float32Array): number {
    const ptr = this.alloc(src.byteLength);
    new Uint8Array(this.exports.memory.buffer, ptr, src.byteLength).set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength));
    return ptr;
  }

  /** Frees every scratch block (the start of a prediction). */
  resetScratch(): void {
    this.scratchTop = this.top;
  }

  /** The scratch top, to free what is reserved after it with release. */
  mark(): number {
    return this.scratchTop;
  }

  release(mark: number): void {
    this.scratchTop = mark;
  }

  /** Reserves `bytes` of scratch (16-byte aligned), valid until the next resetScratch. */
  scratch(bytes: number): number {
    const ptr = (this.scratchTop + 15) & ~15;
    this.ensure(ptr + bytes);
    this.scratchTop = ptr + bytes;
    return ptr;
  }

  /** Float32 view of the whole memory (re-made when the memory grows); index = byte offset / 4. */
  f32(): Float32Array {
    return this.f32v;
  }

  i32(): Int32Array {
    return this.i32v;
  }
}
