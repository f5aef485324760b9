// Node module hooks that import a .wasm file as a compiled WebAssembly.Module (default export),
// as Cloudflare's bundler (wrangler's CompiledWasm rule) does; used to run the Workers example.
export async function load(url, context, nextLoad) {
  if (!url.endsWith('.wasm')) return nextLoad(url, context);
  return {
    format: 'module',
    shortCircuit: true,
    // globalThis.platformCompile: set by a test that forbids compiling bytes afterwards, as Workers do.
    source: `import { readFileSync } from 'node:fs';\nconst bytes = readFileSync(new URL(${JSON.stringify(url)}));\n`
      + 'export default globalThis.platformCompile ? globalThis.platformCompile(bytes) : new WebAssembly.Module(bytes);\n',
  };
}
