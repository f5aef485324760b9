/** A bump allocator over the kernels' memory: every kernel buffer is an offset handed out here. */
import { ThicketError } from '../errors.js';
import type { Ptr } from './kernels.js';

const PAGE = 65536;
/** The first page stays free for the compiler's own static area. */
const BASE = PAGE;

export class Arena {
  readonly memory: WebAssembly.Memory;
  private top: number = BASE;
  private buffer: ArrayBuffer | SharedArrayBuffer | null = null;
  private u8view = new Uint8Array(0);
  private i32view = new Int32Array(0);
  private f64view = new Float64Array(0);

  constructor(memory: WebAssembly.Memory) {
    this.memory = memory;
  }

  /** Reserves `bytes` (aligned to 16) and returns its offset; grows the memory when needed. */
  alloc(bytes: number): Ptr {
    // Unsigned: offsets past 2 GiB stay positive (a bare & gives a negative int32).
    const ptr = ((this.top + 15) & ~15) >>> 0;
    const end = ptr + Math.max(bytes, 0);
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      try {
        this.memory.grow(pages);
      } catch {
        throw new ThicketError(`out of WebAssembly memory: needed ${(end / 2 ** 20).toFixed(0)} MiB (the 4 GiB wasm32 limit or the machine's memory)`);
      }
    }
    this.top = end;
    return ptr;
  }

  /** The current top, to release everything allocated after it with `reset`. */
  mark(): number {
    return this.top;
  }

  reset(mark: number): void {
    this.top = mark;
  }

  get used(): number {
    return this.top;
  }

  /** The underlying buffer; views must be re-made after the memory grows. */
  private buf(): ArrayBuffer | SharedArrayBuffer {
    const b = this.memory.buffer;
    if (b !== this.buffer) {
      this.buffer = b;
      this.u8view = new Uint8Array(b);
      this.i32view = new Int32Array(b);
      this.f64view = new Float64Array(b);
    }
    return b;
  }

  /**
   * Views over the whole memory, made once per buffer: reading a few fields of a record through
   * them costs far less than making a view per record (the growers read one per tree node).
   */
  get whole(): { i32: Int32Array; f64: Float64Array } {
    this.buf();
    return { i32: this.i32view, f64: this.f64view };
  }

  u8(ptr: Ptr, len: number): Uint8Array { return new Uint8Array(this.buf(), ptr, len); }
  i32(ptr: Ptr, len: number): Int32Array { return new Int32Array(this.buf(), ptr, len); }
  u32(ptr: Ptr, len: number): Uint32Array { return new Uint32Array(this.buf(), ptr, len); }
  f32(ptr: Ptr, len: number): Float32Array { return new Float32Array(this.buf(), ptr, len); }
  f64(ptr: Ptr, len: number): Float64Array { return new Float64Array(this.buf(), ptr, len); }

  /** Copies a typed array into newly reserved memory and returns its offset. */
  put(src: Uint8Array | Int32Array | Uint32Array | Float32Array | Float64Array): Ptr {
    const ptr = this.alloc(src.byteLength);
    this.buf();
    this.u8view.set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength), ptr);
    return ptr;
  }
}
