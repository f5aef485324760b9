/** The executable entry point: runs the CLI on process.argv and exits with its code. */
import { runCli } from './program.js';

// A closed stdout (e.g. `thicket predict ... | head`) ends the run quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
});

const code = await runCli(process.argv.slice(2));
// Flush stdout / stderr before exiting (exiting explicitly so no open handle can keep the process alive).
await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
process.exit(code);
