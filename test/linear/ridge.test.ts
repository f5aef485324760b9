import { describe, expect, it } from 'vitest';
import { fitRidge } from '../../src/linear/ridge.js';
import { solveSpd } from '../../src/linear/cholesky.js';

// Centred columns x1 = [1,-1,1,-1], x2 = [1,1,1,-3]; y = 5 + [2,0,1,-3].
// X'X = [[4,4],[4,12]], X'yc = [6,12].
const x1 = [1, -1, 1, -1];
const x2 = [1, 1, 1, -3];
const y = [7, 5, 6, 2];
const rowMajor = (a: number[], b: number[]) => Float64Array.from(a.flatMap((v, i) => [v, b[i]!]));

describe('fitRidge', () => {
  it('solves the hand-worked 2-variable problem: (X\'X + 2I) beta = X\'y gives (9/17, 12/17), intercept 5', () => {
    const fit = fitRidge(rowMajor(x1, x2), 4, 2, y, 2);
    expect(fit.coef[0]).toBeCloseTo(9 / 17, 12);
    expect(fit.coef[1]).toBeCloseTo(12 / 17, 12);
    expect(fit.intercept).toBeCloseTo(5, 12);
  });

  it('with lambda 0 is ordinary least squares: (0.75, 0.75)', () => {
    const fit = fitRidge(rowMajor(x1, x2), 4, 2, y, 0);
    expect(fit.coef[0]).toBeCloseTo(0.75, 10);
    expect(fit.coef[1]).toBeCloseTo(0.75, 10);
    expect(fit.intercept).toBeCloseTo(5, 10);
  });

  it('does not penalise the intercept: shifting x1 by 10 moves only the intercept', () => {
    const fit = fitRidge(rowMajor(x1.map((v) => v + 10), x2), 4, 2, y, 2);
    expect(fit.coef[0]).toBeCloseTo(9 / 17, 10);
    expect(fit.coef[1]).toBeCloseTo(12 / 17, 10);
    expect(fit.intercept).toBeCloseTo(5 - (10 * 9) / 17, 10);
  });

  it('a row of weight 2 counts as the row twice', () => {
    const weighted = fitRidge(rowMajor(x1, x2), 4, 2, y, 1.5, [2, 1, 1, 1]);
    const dup = fitRidge(rowMajor([...x1, x1[0]!], [...x2, x2[0]!]), 5, 2, [...y, y[0]!], 1.5);
    expect(weighted.coef[0]).toBeCloseTo(dup.coef[0]!, 12);
    expect(weighted.coef[1]).toBeCloseTo(dup.coef[1]!, 12);
    expect(weighted.intercept).toBeCloseTo(dup.intercept, 12);
  });

  it('survives exactly collinear columns with lambda 0 (jittered solve) and still fits y', () => {
    const fit = fitRidge(rowMajor(x1, x1), 4, 2, [1, -1, 1, -1], 0);
    expect(fit.coef[0]! + fit.coef[1]!).toBeCloseTo(1, 6);
    expect(fit.intercept).toBeCloseTo(0, 8);
  });

  it('rejects a negative lambda', () => {
    expect(() => fitRidge(rowMajor(x1, x2), 4, 2, y, -1)).toThrow(/lambda/);
  });
});

describe('solveSpd', () => {
  it('solves a 3 x 3 SPD system', () => {
    const A = Float64Array.from([4, 2, 0, 2, 5, 1, 0, 1, 3]);
    const x = solveSpd(A, 3, [6, 8, 4]); // solution (1, 1, 1)
    for (const v of x) expect(v).toBeCloseTo(1, 12);
  });
});
