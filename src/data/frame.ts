/** The in-memory table a reader produces, and the typed dataset a schema turns it into. */

/** One column as read from a file, before a schema is applied. */
export type RawColumn =
  | {
      name: string;
      kind: 'numeric';
      /** Float64Array, length nRows; NaN marks a missing (empty / null) cell. */
      values: Float64Array;
    }
  | {
      name: string;
      kind: 'categorical';
      /** Int32Array, length nRows; index into `levels`, -1 marks a missing cell. */
      codes: Int32Array;
      /** Distinct non-empty strings in first-seen order. */
      levels: string[];
    };

/** A table read from one file. */
export interface Frame {
  /** The file it came from, for error messages. */
  source: string;
  nRows: number;
  columns: RawColumn[];
}

export type Task = 'binary' | 'multiclass' | 'regression';

/** One feature as the model knows it. */
export interface FeatureSpec {
  name: string;
  kind: 'numeric' | 'categorical';
  /** Categorical only: sorted training levels; a feature value is the index into this list. */
  levels?: string[];
}

/** The target as the model knows it. */
export interface TargetSpec {
  name: string;
  task: Task;
  /** Classification only: sorted class labels; a label's class index is its position here. */
  classes?: string[];
}

/** Column names, kinds and levels: stored in the model and checked at predict time. */
export interface Schema {
  features: FeatureSpec[];
  target: TargetSpec;
}

/** Features and target in model order, ready for binning or prediction. */
export interface Dataset {
  schema: Schema;
  nRows: number;
  /**
   * Float32Array, length nRows * nFeatures, column-major (feature f at [f * nRows, (f + 1) * nRows)).
   * NaN marks missing; categorical features hold the level index as a float.
   */
  features: Float32Array;
  /** Float64Array, length nRows: class index (classification) or value (regression); absent when the file had no target. */
  target?: Float64Array;
  /** Float64Array, length nRows: optional sample weights. */
  weight?: Float64Array;
}
