import { StudioError } from '../../contract/channels';

/** N feature vectors of dimension d, row-major float64 (what KID and precision/recall consume). */
export interface FeatureMatrix {
  rows: number;
  dim: number;
  data: Float64Array;
}

export function featureMatrix(data: ArrayLike<number>, dim: number): FeatureMatrix {
  if (dim <= 0 || data.length % dim !== 0) {
    throw new StudioError(
      'BAD_REQUEST',
      `Feature data of length ${data.length} is not a whole number of ${dim}-d rows.`,
    );
  }
  return { rows: data.length / dim, dim, data: Float64Array.from(data) };
}

/** The listed rows of m, gathered into a new contiguous matrix. */
export function pickRows(m: FeatureMatrix, rows: ArrayLike<number>): FeatureMatrix {
  const out = new Float64Array(rows.length * m.dim);
  for (let r = 0; r < rows.length; r++)
    out.set(m.data.subarray(rows[r]! * m.dim, (rows[r]! + 1) * m.dim), r * m.dim);
  return { rows: rows.length, dim: m.dim, data: out };
}

/** Squared Euclidean length of each row. */
export function rowNorms(m: FeatureMatrix): Float64Array {
  const out = new Float64Array(m.rows);
  for (let r = 0; r < m.rows; r++) {
    let s = 0;
    for (let c = r * m.dim; c < (r + 1) * m.dim; c++) s += m.data[c]! * m.data[c]!;
    out[r] = s;
  }
  return out;
}
