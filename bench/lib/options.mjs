// Command-line options of the bench scripts from a table of defaults: a string default makes a
// string option, a boolean one a flag, an array a repeatable string option.
import { parseArgs } from 'node:util';

/**
 * Parses process.argv by `defaults` ({ name: default }); `short` maps names to one-letter aliases.
 * @template {Record<string, string | boolean | string[]>} T
 * @param {T} defaults
 * @param {Partial<Record<keyof T, string>>} [short]
 * @returns {{ [K in keyof T]: T[K] extends boolean ? boolean : T[K] extends string[] ? string[] : string }}
 */
export function benchOptions(defaults, short = {}) {
  /** @type {NonNullable<import('node:util').ParseArgsConfig['options']>} */
  const options = {};
  for (const [name, d] of Object.entries(defaults)) {
    options[name] = Array.isArray(d) ? { type: 'string', multiple: true, default: d }
      : typeof d === 'boolean' ? { type: 'boolean', default: d } : { type: 'string', default: d };
    const s = short[name];
    if (s) options[name].short = s;
  }
  return /** @type {any} */ (parseArgs({ options }).values);
}
