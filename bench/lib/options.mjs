// Command-line options of the bench scripts from a table of defaults: a string default makes a
// string option, a boolean one a flag, an array a repeatable string option.
import { parseArgs } from 'node:util';

/** Parses process.argv by `defaults` ({ name: default }); `short` maps names to one-letter aliases. Returns the values. */
export function benchOptions(defaults, short = {}) {
  const options = {};
  for (const [name, d] of Object.entries(defaults)) {
    options[name] = Array.isArray(d) ? { type: 'string', multiple: true, default: d }
      : { type: typeof d === 'boolean' ? 'boolean' : 'string', default: d };
    if (short[name]) options[name].short = short[name];
  }
  return parseArgs({ options }).values;
}
