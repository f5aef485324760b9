import { describe, expect, it } from 'vitest';
import { isMissingWord, NumberParser, NumberStatus, parseNumericText } from '../../src/data/number-parser.js';

function parse(text: string): { value: number; status: number } {
  const parser = new NumberParser();
  const buf = Buffer.from(`#${text}#`, 'latin1');
  const value = parser.parse(buf, 1, buf.length - 1);
  return { value, status: parser.status };
}

describe('NumberParser', () => {
  it('parses the decimal grammar exactly like Number()', () => {
    for (const text of ['0', '-0', '+1', '1.', '.5', '-.5', '007', '1e3', '1E+3', '2.5e-3', '123456789012345', '0.1', '0.000123', '3.14159265358979323846', '1234567890123456789', '1e-400', '1.7976931348623157e308', '  42 ', '\t-7\t', '9007199254740993', '0.30000000000000004']) {
      const { value, status } = parse(text);
      expect(status, text).toBe(NumberStatus.Ok);
      expect(Object.is(value, Number(text.trim())), text).toBe(true);
    }
  });

  it('matches Number() on random decimals with up to 20 digits and wide exponents', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let k = 0; k < 20000; k++) {
      const intDigits = Math.floor(rand() * 12);
      const fracDigits = Math.floor(rand() * 10);
      let text = rand() < 0.3 ? '-' : '';
      for (let d = 0; d < intDigits; d++) text += Math.floor(rand() * 10);
      if (fracDigits > 0 || intDigits === 0) text += '.';
      for (let d = 0; d < Math.max(fracDigits, intDigits === 0 ? 1 : 0); d++) text += Math.floor(rand() * 10);
      if (rand() < 0.3) text += `e${Math.floor(rand() * 60) - 30}`;
      const { value, status } = parse(text);
      expect(status, text).toBe(NumberStatus.Ok);
      expect(value, text).toBe(Number(text));
    }
  });

  it('reports empty, non-finite and invalid fields', () => {
    expect(parse('').status).toBe(NumberStatus.Empty);
    for (const t of ['Inf', '-inf', '+Infinity', 'INFINITY', '1e400', '-1e999']) expect(parse(t).status, t).toBe(NumberStatus.NonFinite);
    for (const t of ['NaN', 'nan', '-nan', 'NAN', 'NA', ' NA ', 'N/A', 'n/a', '#N/A', '<NA>', 'null', 'NULL', 'Null', 'None', '?', '\t?']) {
      expect(parse(t).status, t).toBe(NumberStatus.Missing);
      expect(isMissingWord(t), t).toBe(true);
    }
    for (const t of ['abc', '1.2.3', '1e', 'e5', '.', '-', '+', ' ', '0x10', '1_000', '1,5', '12a', 'na', 'none', 'N A', 'NA?', '??', '-NA', 'infinit', '1 2']) {
      expect(parse(t).status, t).toBe(NumberStatus.Invalid);
      expect(isMissingWord(t), t).toBe(false);
    }
  });
});

describe('parseNumericText', () => {
  it('accepts the same grammar and rejects everything else', () => {
    expect(parseNumericText('42')).toBe(42);
    expect(parseNumericText(' -1.5e2 ')).toBe(-150);
    expect(parseNumericText('0x10')).toBeUndefined();
    expect(parseNumericText('NaN')).toBeUndefined();
    expect(parseNumericText('1e999')).toBeUndefined();
    expect(parseNumericText('')).toBeUndefined();
  });
});
