/** Parses decimal numbers straight from UTF-8 bytes, so reading a CSV makes no string per numeric cell. */

/** Outcome of the last `parse` call; kept on the parser rather than returned so `parse` always returns a number. */
export const NumberStatus = {
  Ok: 0,
  /** Zero-length field: a missing value. */
  Empty: 1,
  /** Inf, Infinity (any case, optional sign) or a number too large for a double. */
  NonFinite: 2,
  /** Anything else: the column is not numeric. */
  Invalid: 3,
  /** A missing-value word (MISSING_WORDS: NA, N/A, NaN, null, ?, ...): missing, as an empty field. */
  Missing: 4,
} as const;
export type NumberStatus = (typeof NumberStatus)[keyof typeof NumberStatus];

/**
 * Words read as a missing value in a column of numbers, as pandas and R write them (plus '?',
 * common in UCI files), matched exactly after spaces and tabs around are removed; NaN in any
 * case and sign. In a column of text they are ordinary text. README "Missing values" lists them.
 */
export const MISSING_WORDS: ReadonlySet<string> = new Set(['NA', 'N/A', 'n/a', '#N/A', '<NA>', 'null', 'NULL', 'Null', 'None', '?']);
const LONGEST_WORD = 4;

/** Whether `text` is a missing-value word (MISSING_WORDS, or NaN in any case and sign). */
export function isMissingWord(text: string): boolean {
  const t = text.replace(/^[ \t]+|[ \t]+$/g, '');
  return MISSING_WORDS.has(t) || /^[+-]?nan$/i.test(t);
}

// Powers of ten that are exact doubles; mantissa * or / one of them rounds once, so it is exact-rounded.
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const MAX_FAST_DIGITS = 15; // below 2^53, so the mantissa is an exact integer
const SPACE = 32;
const TAB = 9;

/** A reusable parser; after each `parse`, `status` says whether the value is usable. */
export class NumberParser {
  status: NumberStatus = NumberStatus.Ok;

  /**
   * Parses bytes [start, end) of `buf` as `[+-]digits[.digits][(e|E)[+-]digits]`, with optional
   * spaces or tabs around. Returns the value, or NaN with `status` telling why not.
   */
  parse(buf: Buffer, start: number, end: number): number {
    if (start === end) {
      this.status = NumberStatus.Empty;
      return NaN;
    }
    // Fast path for the common shape: [-]digits[.digits] with at most 15 digits and nothing else.
    // It computes exactly what the general path below does for such text.
    {
      let i = start;
      const negative = buf[i] === 45;
      if (negative) i++;
      let mantissa = 0;
      let digits = 0;
      let dot = -1;
      for (; i < end; i++) {
        const d = buf[i]! - 48;
        if (d >= 0 && d <= 9) {
          mantissa = mantissa * 10 + d;
          digits++;
        } else if (d === -2 && dot < 0) {
          dot = i;
        } else {
          break;
        }
      }
      if (i === end && digits > 0 && digits <= MAX_FAST_DIGITS) {
        const fraction = dot < 0 ? 0 : end - dot - 1;
        const value = mantissa === 0 ? 0 : fraction === 0 ? mantissa : mantissa / POW10[fraction]!;
        this.status = NumberStatus.Ok;
        return negative ? -value : value;
      }
    }
    let s = start;
    let e = end;
    while (s < e && (buf[s] === SPACE || buf[s] === TAB)) s++;
    while (e > s && (buf[e - 1] === SPACE || buf[e - 1] === TAB)) e--;
    let i = s;
    let negative = false;
    if (i < e && (buf[i] === 45 || buf[i] === 43)) {
      negative = buf[i] === 45;
      i++;
    }
    let mantissa = 0;
    let significant = 0;
    let digits = 0;
    let exp10 = 0;
    let slow = false;
    while (i < e) {
      const d = buf[i]! - 48;
      if (d < 0 || d > 9) break;
      digits++;
      if (mantissa !== 0 || d !== 0) {
        if (significant < MAX_FAST_DIGITS) mantissa = mantissa * 10 + d;
        else slow = true;
        significant++;
      }
      i++;
    }
    if (i < e && buf[i] === 46) {
      i++;
      while (i < e) {
        const d = buf[i]! - 48;
        if (d < 0 || d > 9) break;
        digits++;
        if (mantissa !== 0 || d !== 0) {
          if (significant < MAX_FAST_DIGITS) mantissa = mantissa * 10 + d;
          else slow = true;
          significant++;
        }
        exp10--;
        i++;
      }
    }
    if (digits === 0) return this.notANumber(buf, s, i, e);
    if (i < e && (buf[i]! | 32) === 101) {
      i++;
      let expNegative = false;
      if (i < e && (buf[i] === 45 || buf[i] === 43)) {
        expNegative = buf[i] === 45;
        i++;
      }
      let exponent = 0;
      const first = i;
      while (i < e) {
        const d = buf[i]! - 48;
        if (d < 0 || d > 9) break;
        if (exponent < 100_000) exponent = exponent * 10 + d;
        i++;
      }
      if (i === first) return this.invalid();
      exp10 += expNegative ? -exponent : exponent;
    }
    if (i !== e) return this.invalid();
    let value: number;
    if (slow || exp10 > 22 || exp10 < -22) {
      // Rare: long mantissas or large exponents. The grammar is already checked, so Number() only computes the value.
      value = Number(buf.toString('latin1', s, e));
      if (!Number.isFinite(value)) {
        this.status = NumberStatus.NonFinite;
        return NaN;
      }
      this.status = NumberStatus.Ok;
      return value;
    }
    if (mantissa === 0) value = 0;
    else if (exp10 >= 0) value = mantissa * POW10[exp10]!;
    else value = mantissa / POW10[-exp10]!;
    this.status = NumberStatus.Ok;
    return negative ? -value : value;
  }

  private invalid(): number {
    this.status = NumberStatus.Invalid;
    return NaN;
  }

  /**
   * No digits in [s, e) (i: past the sign): a missing-value word is Missing, Inf/Infinity get
   * their own status so the reader can say "use an empty field", anything else is Invalid.
   */
  private notANumber(buf: Buffer, s: number, i: number, e: number): number {
    if (e - s <= LONGEST_WORD && MISSING_WORDS.has(buf.toString('latin1', s, e))) {
      this.status = NumberStatus.Missing;
      return NaN;
    }
    const word = e - i;
    if (word === 3 || word === 8) {
      const w = buf.toString('latin1', i, e).toLowerCase();
      if (w === 'nan') {
        this.status = NumberStatus.Missing;
        return NaN;
      }
      if (w === 'inf' || w === 'infinity') {
        this.status = NumberStatus.NonFinite;
        return NaN;
      }
    }
    return this.invalid();
  }
}

const NUMERIC_TEXT = /^[ \t]*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[ \t]*$/;

/**
 * Parses one string with the same grammar as NumberParser (for category levels that should be
 * numbers). Returns undefined for anything else, including text that overflows to Infinity.
 */
export function parseNumericText(text: string): number | undefined {
  if (!NUMERIC_TEXT.test(text)) return undefined;
  const value = Number(text.trim());
  return Number.isFinite(value) ? value : undefined;
}
