/**
 * Offsets to line/column and back: the one place positions are converted. Lines and columns
 * are zero-based (LSP style); the CLI adds one when printing.
 */
export interface Position {
  line: number;
  character: number;
}

export class LineIndex {
  private lineStarts: number[] | undefined;

  constructor(readonly text: string) {}

  /** Where each line starts; found on first use (a document is re-analysed on every edit, but
   * its positions are asked for only when there is something to show). */
  private get starts(): number[] {
    if (this.lineStarts) return this.lineStarts;
    const s = [0];
    const t = this.text;
    for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) s.push(i + 1);
    return (this.lineStarts = s);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Position of a character offset (clamped to the text). */
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo]! };
  }

  /** Character offset of a position (clamped to the line and the text). */
  offsetAt(p: Position): number {
    if (p.line < 0) return 0;
    if (p.line >= this.starts.length) return this.text.length;
    const start = this.starts[p.line]!;
    const next = p.line + 1 < this.starts.length ? this.starts[p.line + 1]! - 1 : this.text.length;
    return Math.max(start, Math.min(start + p.character, next));
  }

  /** Offset where a line starts. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
  }
}
