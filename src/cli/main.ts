/** The executable entry point: runs the CLI on process.argv and exits with its code. */
import { runCli } from './program.js';

// stdout and stderr are written synchronously through their descriptors (io.ts: a failed write
// is an error, a closed pipe too: exit 1 with one line), so there is nothing to flush here; exiting
// explicitly so that no open handle can keep the process alive.
const code = await runCli(process.argv.slice(2));
process.exit(code);
