/** Worker-thread entry that parses CSV byte ranges (csv-range.ts) on request and posts each result back. */
import { parentPort } from 'node:worker_threads';
import { parseRange, type RangeTask } from './csv-range.js';

parentPort!.on('message', (m: { task: RangeTask; size: number }) => {
  try {
    const result = parseRange(m.task, m.size, (bytes, rows) => parentPort!.postMessage({ progress: bytes, rows }));
    parentPort!.postMessage({ result }, [result.target.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort!.postMessage({ error: (err as Error).message });
  }
});
