/** Compiles the kernel module once per thread and instantiates it on a (shared) memory. */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ThicketError } from '../errors.js';
import { Arena } from './arena.js';
import type { Kernels } from './kernels.js';
import { LAYOUT_ORDER } from './layout.js';

/** The 4 GiB wasm32 cap; a shared memory needs a maximum. */
const MAX_PAGES = 65536;

let cachedModule: WebAssembly.Module | null = null;

/** Finds build/<name> from src/wasm (tests) or dist/src/wasm (compiled). */
function wasmPath(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const p = join(dir, 'build', name);
    if (existsSync(p)) return p;
    dir = dirname(dir);
  }
  throw new ThicketError(`kernel module build/${name} not found: run \`npm run build\` first`);
}

/** The compiled kernel module (THICKET_WASM=debug selects the build with assertions). */
export function kernelModule(): WebAssembly.Module {
  if (!cachedModule) {
    const name = process.env.THICKET_WASM === 'debug' ? 'thicket.debug.wasm' : 'thicket.wasm';
    cachedModule = new WebAssembly.Module(readFileSync(wasmPath(name)));
  }
  return cachedModule;
}

export function newMemory(initialPages = 2): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: initialPages, maximum: MAX_PAGES, shared: true });
}

/** Kernels bound to one memory, with the arena that hands out its buffers. */
export interface Engine {
  kernels: Kernels;
  arena: Arena;
}

/** Instantiates the kernels on `memory` (a new one when omitted) and checks the layout mirror. */
export function createEngine(memory: WebAssembly.Memory = newMemory(), module: WebAssembly.Module = kernelModule()): Engine {
  const instance = new WebAssembly.Instance(module, {
    env: {
      memory,
      abort: (_msg: number, _file: number, line: number, col: number) => {
        throw new Error(`kernel assertion failed at ${line}:${col}`);
      },
    },
  });
  const kernels = instance.exports as unknown as Kernels;
  LAYOUT_ORDER.forEach((v, i) => {
    if (kernels.layoutValue(i) !== v) throw new Error(`kernel layout mismatch at constant ${i}: rebuild the WASM`);
  });
  return { kernels, arena: new Arena(memory) };
}
