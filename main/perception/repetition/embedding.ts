// Per-frame embeddings for repetition counting: a coarse RGB grid of the frame, normalised per frame so lighting drops out.

/**
 * Turns a frame into gridWidth·gridHeight·3 numbers with mean 0 and mean square 1. Each cell is the
 * mean colour of a regular sub-grid of its pixels (about `samplesPerCell`, whatever the frame size).
 * Normalising the whole vector per frame removes any global gain and offset (a lamp switched on, the
 * camera's auto-exposure), so the squared distance between two embeddings, averaged per dimension, is
 * 2·(1 − their correlation): 0 for the same picture, about 2 for unrelated ones. Colour is kept because
 * a figure can have the luma of its background and still differ in hue.
 */
export class FrameEmbedder {
  readonly dimensions: number;
  private width = 0;
  private height = 0;
  /** Sampled columns (pixel x) and the cell column each belongs to. */
  private columns: Int32Array = new Int32Array(0);
  private columnCell: Int32Array = new Int32Array(0);
  private rows: Int32Array = new Int32Array(0);
  private rowCell: Int32Array = new Int32Array(0);
  /** 1 / number of samples in each cell. */
  private cellWeight = new Float64Array(0);
  private readonly sums: Float64Array;

  constructor(
    private readonly gridWidth: number,
    private readonly gridHeight: number,
    private readonly samplesPerCell: number,
  ) {
    this.dimensions = gridWidth * gridHeight * 3;
    this.sums = new Float64Array(this.dimensions);
  }

  /** Writes the embedding of `rgb` (width·height·3, already validated) into `out` (length `dimensions`). */
  embed(rgb: Uint8Array, width: number, height: number, out: Float32Array): void {
    this.prepare(width, height);
    const sums = this.sums;
    sums.fill(0);
    const { columns, columnCell, rows, rowCell, gridWidth } = this;
    const rowStride = width * 3;
    for (let r = 0; r < rows.length; r++) {
      const rowBase = rows[r] * rowStride;
      const cellRowBase = rowCell[r] * gridWidth;
      for (let c = 0; c < columns.length; c++) {
        const p = rowBase + columns[c] * 3;
        const d = (cellRowBase + columnCell[c]) * 3;
        sums[d] += rgb[p];
        sums[d + 1] += rgb[p + 1];
        sums[d + 2] += rgb[p + 2];
      }
    }
    const n = this.dimensions;
    let mean = 0;
    for (let i = 0; i < n; i++) {
      const v = sums[i] * this.cellWeight[(i / 3) | 0];
      sums[i] = v;
      mean += v;
    }
    mean /= n;
    let variance = 0;
    for (let i = 0; i < n; i++) {
      const v = sums[i] - mean;
      variance += v * v;
    }
    variance /= n;
    // A featureless frame (a covered lens, a black screen: under one level of spread) has no shape to
    // compare; it becomes the zero vector, at distance 1 from every real picture and 0 from itself.
    const scale = variance < 1 ? 0 : 1 / Math.sqrt(variance);
    for (let i = 0; i < n; i++) out[i] = (sums[i] - mean) * scale;
  }

  private prepare(width: number, height: number): void {
    if (width === this.width && height === this.height) return;
    this.width = width;
    this.height = height;
    // One stride for both axes, chosen so a cell holds about samplesPerCell samples. A frame smaller
    // than the grid leaves some cells without a sample: they read 0 in every frame and add no motion.
    const cellW = width / this.gridWidth;
    const cellH = height / this.gridHeight;
    const stride = Math.max(1, Math.floor(Math.sqrt((cellW * cellH) / this.samplesPerCell)));
    const pick = (size: number, cells: number): { at: Int32Array; cell: Int32Array } => {
      const count = Math.ceil(size / stride);
      const at = new Int32Array(count);
      const cell = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        // Centre the sub-grid inside the stride so both edges of the frame are sampled alike.
        const x = Math.min(size - 1, i * stride + (stride >> 1));
        at[i] = x;
        cell[i] = Math.min(cells - 1, Math.floor((x * cells) / size));
      }
      return { at, cell };
    };
    const cols = pick(width, this.gridWidth);
    const rws = pick(height, this.gridHeight);
    this.columns = cols.at;
    this.columnCell = cols.cell;
    this.rows = rws.at;
    this.rowCell = rws.cell;
    const perColumnCell = new Int32Array(this.gridWidth);
    const perRowCell = new Int32Array(this.gridHeight);
    for (const c of cols.cell) perColumnCell[c]++;
    for (const r of rws.cell) perRowCell[r]++;
    this.cellWeight = new Float64Array(this.gridWidth * this.gridHeight);
    for (let r = 0; r < this.gridHeight; r++) {
      for (let c = 0; c < this.gridWidth; c++) {
        const samples = perRowCell[r] * perColumnCell[c];
        this.cellWeight[r * this.gridWidth + c] = samples === 0 ? 0 : 1 / samples;
      }
    }
  }
}

/** Mean squared difference per dimension: 2·(1 − correlation) for normalised embeddings. */
export function embeddingDistance(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    sum += d * d;
  }
  return sum / a.length;
}

/** The same with a weight per dimension (weights averaging 1 keep the scale of the unweighted distance). */
export function weightedDistance(a: Float32Array, b: Float32Array, weights: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    sum += weights[i] * d * d;
  }
  return sum / a.length;
}
