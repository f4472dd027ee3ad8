/**
 * Maps positions in compiled JavaScript back to the TypeScript they came from, through the `.js.map` file tsc
 * writes beside each output (source map v3, base64 VLQ mappings), so that profile summaries name `src/*.ts`
 * lines. Only what profile-summary needs: line (and column) lookups, no names.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const B64 = new Map([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));

/** One mapping segment: generated column -> source index, source line, source column (all 0-based). */
type Segment = [number, number, number, number];

function decodeVlq(text: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of text) {
    const digit = B64.get(ch)!;
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/** The decoded mappings of one compiled file. */
export class SourceMap {
  private constructor(
    private readonly sources: string[],
    private readonly lines: Segment[][],
  ) {}

  /** Loads `<file>.map` if there is one. */
  static forFile(jsFile: string): SourceMap | null {
    const mapFile = `${jsFile}.map`;
    if (!existsSync(mapFile)) return null;
    const raw = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[]; sourceRoot?: string; mappings: string };
    const base = resolve(dirname(mapFile), raw.sourceRoot ?? '');
    const lines: Segment[][] = [];
    let src = 0;
    let srcLine = 0;
    let srcCol = 0;
    for (const lineText of raw.mappings.split(';')) {
      const segs: Segment[] = [];
      let genCol = 0;
      for (const segText of lineText.split(',')) {
        if (!segText) continue;
        const v = decodeVlq(segText);
        genCol += v[0]!;
        if (v.length >= 4) {
          src += v[1]!;
          srcLine += v[2]!;
          srcCol += v[3]!;
          segs.push([genCol, src, srcLine, srcCol]);
        }
      }
      lines.push(segs);
    }
    return new SourceMap(raw.sources.map((s) => resolve(base, s)), lines);
  }

  /** The source file and 1-based line of a 1-based generated line (and optional 0-based column). */
  lookup(line: number, column?: number): { file: string; line: number } | null {
    const segs = this.lines[line - 1];
    if (!segs || segs.length === 0) return null;
    let best = segs[0]!;
    if (column !== undefined) for (const s of segs) if (s[0] <= column) best = s;
    return { file: this.sources[best[1]]!, line: best[2] + 1 };
  }
}

const cache = new Map<string, SourceMap | null>();

/** Cached {@link SourceMap.forFile}. */
export function sourceMapFor(jsFile: string): SourceMap | null {
  if (!cache.has(jsFile)) cache.set(jsFile, jsFile.endsWith('.js') ? SourceMap.forFile(jsFile) : null);
  return cache.get(jsFile)!;
}
