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
  /** Lower of the two (padded-grid) cells a sampled column is shared between, and the upper one's share. */
  private columnCell: Int32Array = new Int32Array(0);
  private columnWeight: Float64Array = new Float64Array(0);
  private rows: Int32Array = new Int32Array(0);
  private rowCell: Int32Array = new Int32Array(0);
  private rowWeight: Float64Array = new Float64Array(0);
  /** 1 / total sample weight of each padded cell. */
  private cellWeight = new Float64Array(0);
  /** Sums over the padded grid (one extra cell on every side), and the inner grid's cell means. */
  private readonly sums: Float64Array;
  private readonly innerSums: Float64Array;
  /** Size of the padded grid. */
  private readonly gridWidth: number;
  private readonly gridHeight: number;

  constructor(gridWidth: number, gridHeight: number, private readonly samplesPerCell: number) {
    this.dimensions = gridWidth * gridHeight * 3;
    this.gridWidth = gridWidth + 2;
    this.gridHeight = gridHeight + 2;
    this.sums = new Float64Array(this.gridWidth * this.gridHeight * 3);
    this.innerSums = new Float64Array(this.dimensions);
  }

  /** Writes the embedding of `rgb` (width·height·3, already validated) into `out` (length `dimensions`). */
  embed(rgb: Uint8Array, width: number, height: number, out: Float32Array): void {
    this.prepare(width, height);
    const sums = this.sums;
    sums.fill(0);
    const { columns, columnCell, columnWeight, rows, rowCell, rowWeight, gridWidth } = this;
    const rowStride = width * 3;
    // Every sample is shared between the two nearest cell centres on each axis (a tent of two cells'
    // width, like bilinear interpolation): a picture shifted by a pixel then changes each cell a little,
    // where hard cell borders would move a whole edge from one cell into the next (camera shake).
    for (let r = 0; r < rows.length; r++) {
      const rowBase = rows[r] * rowStride;
      const wy = rowWeight[r];
      const cellRow0 = rowCell[r] * gridWidth;
      const cellRow1 = cellRow0 + gridWidth;
      for (let c = 0; c < columns.length; c++) {
        const p = rowBase + columns[c] * 3;
        const red = rgb[p];
        const green = rgb[p + 1];
        const blue = rgb[p + 2];
        const wx = columnWeight[c];
        const c0 = columnCell[c];
        const w00 = (1 - wy) * (1 - wx);
        const w01 = (1 - wy) * wx;
        const w10 = wy * (1 - wx);
        const w11 = wy * wx;
        let d = (cellRow0 + c0) * 3;
        sums[d] += red * w00;
        sums[d + 1] += green * w00;
        sums[d + 2] += blue * w00;
        d += 3;
        sums[d] += red * w01;
        sums[d + 1] += green * w01;
        sums[d + 2] += blue * w01;
        d = (cellRow1 + c0) * 3;
        sums[d] += red * w10;
        sums[d + 1] += green * w10;
        sums[d + 2] += blue * w10;
        d += 3;
        sums[d] += red * w11;
        sums[d + 1] += green * w11;
        sums[d + 2] += blue * w11;
      }
    }
    // The padded border (one cell each side) only catches the outer halves of the tents; the grid
    // proper is cells 1..gridWidth × 1..gridHeight of the padded one.
    const n = this.dimensions;
    const inner = this.innerSums;
    let mean = 0;
    for (let y = 0; y < this.gridHeight - 2; y++) {
      for (let x = 0; x < this.gridWidth - 2; x++) {
        const cell = (y + 1) * gridWidth + x + 1;
        const o = (y * (this.gridWidth - 2) + x) * 3;
        const weight = this.cellWeight[cell];
        for (let ch = 0; ch < 3; ch++) {
          const v = sums[cell * 3 + ch] * weight;
          inner[o + ch] = v;
          mean += v;
        }
      }
    }
    mean /= n;
    let variance = 0;
    for (let i = 0; i < n; i++) {
      const v = inner[i] - mean;
      variance += v * v;
    }
    variance /= n;
    // A featureless frame (a covered lens, a black screen: under one level of spread) has no shape to
    // compare; it becomes the zero vector, at distance 1 from every real picture and 0 from itself.
    const scale = variance < 1 ? 0 : 1 / Math.sqrt(variance);
    for (let i = 0; i < n; i++) out[i] = (inner[i] - mean) * scale;
  }

  private prepare(width: number, height: number): void {
    if (width === this.width && height === this.height) return;
    this.width = width;
    this.height = height;
    const cellsX = this.gridWidth - 2;
    const cellsY = this.gridHeight - 2;
    // One stride for both axes, chosen so a cell holds about samplesPerCell samples.
    const stride = Math.max(1, Math.floor(Math.sqrt(((width / cellsX) * (height / cellsY)) / this.samplesPerCell)));
    const pick = (size: number, cells: number) => {
      const count = Math.ceil(size / stride);
      const at = new Int32Array(count);
      const cell = new Int32Array(count);
      const weight = new Float64Array(count);
      for (let i = 0; i < count; i++) {
        // Centre the sub-grid inside the stride so both edges of the frame are sampled alike.
        const x = Math.min(size - 1, i * stride + (stride >> 1));
        at[i] = x;
        // Position in cell units with cell centres at whole numbers; the padded grid starts one cell before.
        const u = ((x + 0.5) * cells) / size - 0.5 + 1;
        const lower = Math.floor(u);
        cell[i] = lower;
        weight[i] = u - lower;
      }
      return { at, cell, weight };
    };
    const cols = pick(width, cellsX);
    const rws = pick(height, cellsY);
    this.columns = cols.at;
    this.columnCell = cols.cell;
    this.columnWeight = cols.weight;
    this.rows = rws.at;
    this.rowCell = rws.cell;
    this.rowWeight = rws.weight;
    // Total tent weight each cell receives: the frame's content is averaged, whatever its size.
    const perColumn = new Float64Array(this.gridWidth);
    const perRow = new Float64Array(this.gridHeight);
    cols.cell.forEach((c, i) => {
      perColumn[c] += 1 - cols.weight[i];
      perColumn[c + 1] += cols.weight[i];
    });
    rws.cell.forEach((r, i) => {
      perRow[r] += 1 - rws.weight[i];
      perRow[r + 1] += rws.weight[i];
    });
    this.cellWeight = new Float64Array(this.gridWidth * this.gridHeight);
    for (let r = 0; r < this.gridHeight; r++) {
      for (let c = 0; c < this.gridWidth; c++) {
        const total = perRow[r] * perColumn[c];
        this.cellWeight[r * this.gridWidth + c] = total === 0 ? 0 : 1 / total;
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
