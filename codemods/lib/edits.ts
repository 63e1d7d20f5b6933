/**
 * Text edits on a source file, composed like a rope: a replacement is a list of parts — new text,
 * or a slice of the original source — and a slice shows the edits made inside it. So when
 * bounded-concurrency turns `Promise.all(xs.map(cb))` into `mapLimit(<xs>, 8, <cb>)` and
 * sleep-signal rewrites a sleep inside `cb`, both changes appear; an edit inside a range that was
 * replaced and not kept as a slice (a timeout promise race-timeout dropped) disappears.
 *
 * Everything outside the edited ranges stays byte for byte: no printer touches it.
 */

/** New text, or the source from `start` to `end` with the edits inside it applied. */
export type Part = string | { start: number; end: number };

interface Edit {
  start: number;
  end: number;
  parts: Part[];
  /** Recording order, to keep inserts at one position in the order they were made. */
  seq: number;
}

export class Edits {
  private readonly list: Edit[] = [];

  constructor(private readonly source: string) {}

  replace(start: number, end: number, parts: Part[]): void {
    this.list.push({ start, end, parts, seq: this.list.length });
  }

  insert(at: number, text: string): void {
    this.replace(at, at, [text]);
  }

  remove(start: number, end: number): void {
    this.replace(start, end, []);
  }

  /**
   * Whether the range `start..end` still shows in the output: some render reaches it (the file, or
   * a slice kept by an edit, recursively) with no edit there replacing it. A node inside code that
   * an edit dropped is dead; a node inside code an edit moved (kept as a slice) is live.
   * Transforms check it before editing a node an earlier transform may have replaced.
   */
  isLive(start: number, end: number): boolean {
    const seen = new Set<string>();
    const visit = (from: number, to: number, inside: ReadonlySet<Edit>): boolean => {
      const key = `${from}:${to}:${inside.size}`;
      if (seen.has(key)) return false;
      seen.add(key);
      const outer = this.outermost(from, to, inside);
      if (from <= start && end <= to && !outer.some((e) => e.start < e.end && e.start <= start && end <= e.end)) return true;
      for (const e of outer) {
        const within = new Set(inside).add(e);
        for (const part of e.parts) if (typeof part !== 'string' && visit(part.start, part.end, within)) return true;
      }
      return false;
    };
    return visit(0, this.source.length, new Set());
  }

  /** The edited source. */
  apply(): string {
    return this.render(0, this.source.length, new Set());
  }

  /** `inside`: the edits whose slices are being rendered (a slice may span its own edit's range). */
  private render(from: number, to: number, inside: ReadonlySet<Edit>): string {
    let out = '';
    let pos = from;
    for (const e of this.outermost(from, to, inside)) {
      out += this.source.slice(pos, e.start);
      const within = new Set(inside).add(e);
      for (const part of e.parts) out += typeof part === 'string' ? part : this.render(part.start, part.end, within);
      pos = e.end;
    }
    return out + this.source.slice(pos, to);
  }

  /**
   * Edits within `from..to` that no other edit there contains, in order. An insert (an empty
   * range) exactly at a slice's boundary belongs to the level around the slice, so it is rendered
   * once; at the top level, inserts at either end belong to the file.
   */
  private outermost(from: number, to: number, inside: ReadonlySet<Edit>): Edit[] {
    const top = from === 0 && to === this.source.length;
    const inRange = this.list.filter(
      (e) => !inside.has(e) && (e.start === e.end ? (top ? e.start >= from && e.start <= to : e.start > from && e.start < to) : e.start >= from && e.end <= to),
    );
    // By start; at one start, inserts first (in recording order), then longer ranges before the ones they contain.
    inRange.sort((a, b) => a.start - b.start || Number(a.end !== a.start) - Number(b.end !== b.start) || b.end - a.end || a.seq - b.seq);
    const out: Edit[] = [];
    let reached = from;
    for (const e of inRange) {
      if (e.start < reached) continue;
      out.push(e);
      reached = e.end;
    }
    return out;
  }
}
