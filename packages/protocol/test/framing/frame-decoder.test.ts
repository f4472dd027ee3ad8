import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_MAX_FRAME_BYTES, FrameDecoder, FrameTooLargeError, InvalidFrameError, TributaryError } from '@tributary/protocol';

/** A size-prefixed frame around `body`. */
function frame(body: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

/** Bodies of varied sizes, including empty and ones longer than the chunks used below. */
const bodies = [0, 1, 3, 4, 5, 17, 300, 2, 64].map((n, i) => Buffer.alloc(n, i + 1));
const stream = Buffer.concat(bodies.map(frame));

function decodeAll(chunks: Buffer[], decoder = new FrameDecoder()): Buffer[] {
  const out: Buffer[] = [];
  for (const c of chunks) for (const f of decoder.feed(c)) out.push(Buffer.from(f));
  return out;
}

function splitAt(buf: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts)].filter((c) => c > 0 && c < buf.length).sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let prev = 0;
  for (const p of [...points, buf.length]) {
    parts.push(buf.subarray(prev, p));
    prev = p;
  }
  return parts;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('FrameDecoder', () => {
  it('yields the same frames whatever single point the stream is split at', () => {
    const expected = bodies.map((b) => b.toString('hex')).join('|');
    for (let cut = 0; cut <= stream.length; cut++) {
      const frames = decodeAll([stream.subarray(0, cut), stream.subarray(cut)]);
      expect(frames.map((b) => b.toString('hex')).join('|'), `cut at ${cut}`).toBe(expected);
    }
  });

  it('yields the same frames when fed one byte at a time', () => {
    const decoder = new FrameDecoder();
    const chunks = Array.from(stream, (b) => Buffer.from([b]));
    expect(decodeAll(chunks, decoder)).toEqual(bodies);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('yields the same frames for random splits (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (arrays, rawCuts) => {
          const expected = arrays.map((a) => Buffer.from(a));
          const all = Buffer.concat(expected.map(frame));
          const cuts = rawCuts.map((c) => (all.length === 0 ? 0 : c % all.length));
          expect(decodeAll(splitAt(all, cuts))).toEqual(expected);
        },
      ),
    );
  });

  it('returns a view of the chunk, not a copy, when a frame lies inside one chunk', () => {
    const chunk = frame(Buffer.from('hello'));
    const [f] = [...new FrameDecoder().feed(chunk)];
    expect(f!.buffer).toBe(chunk.buffer);
    expect(f!.byteOffset).toBe(chunk.byteOffset + 4);
    expect(f!.toString()).toBe('hello');
  });

  it('assembles a frame spread over chunks, holding only what was received', () => {
    const body = Buffer.alloc(1000, 7);
    const whole = frame(body);
    const decoder = new FrameDecoder();
    expect([...decoder.feed(whole.subarray(0, 2))]).toEqual([]);
    expect(decoder.bufferedBytes).toBe(2);
    expect([...decoder.feed(whole.subarray(2, 500))]).toEqual([]);
    expect(decoder.bufferedBytes).toBe(496);
    const out = [...decoder.feed(whole.subarray(500))];
    expect(out).toEqual([body]);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('supports pull-style use with push and next', () => {
    const decoder = new FrameDecoder();
    decoder.push(stream);
    const got: Buffer[] = [];
    for (let f = decoder.next(); f !== undefined; f = decoder.next()) got.push(f);
    expect(got).toEqual(bodies);
    expect(decoder.next()).toBeUndefined();
  });

  it('keeps unread frames when the consumer stops iterating early', () => {
    const decoder = new FrameDecoder();
    for (const f of decoder.feed(stream)) {
      expect(f).toEqual(bodies[0]);
      break;
    }
    const rest: Buffer[] = [];
    for (let f = decoder.next(); f !== undefined; f = decoder.next()) rest.push(f);
    expect(rest).toEqual(bodies.slice(1));
  });

  it('refuses a frame above the limit as soon as its size is known, before allocating', () => {
    const alloc = vi.spyOn(Buffer, 'allocUnsafe');
    const allocSafe = vi.spyOn(Buffer, 'alloc');
    const decoder = new FrameDecoder({ maxFrameBytes: 1000 });
    const prefix = Buffer.alloc(4);
    prefix.writeInt32BE(1001);
    allocSafe.mockClear();
    let caught: unknown;
    try {
      [...decoder.feed(prefix)];
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(FrameTooLargeError);
    expect(caught).toBeInstanceOf(TributaryError);
    expect((caught as FrameTooLargeError).code).toBe('FRAME_TOO_LARGE');
    expect((caught as FrameTooLargeError).declaredSize).toBe(1001);
    expect((caught as FrameTooLargeError).maxFrameBytes).toBe(1000);
    expect(alloc.mock.calls.filter(([n]) => (n as number) > 4)).toEqual([]);
    expect(allocSafe.mock.calls.filter(([n]) => (n as number) > 4)).toEqual([]);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('refuses a huge declared size under the default limit (socket.request.max.bytes)', () => {
    expect(new FrameDecoder().maxFrameBytes).toBe(104857600);
    expect(DEFAULT_MAX_FRAME_BYTES).toBe(104857600);
    const prefix = Buffer.from([0x7f, 0xff, 0xff, 0xff]);
    expect(() => [...new FrameDecoder().feed(prefix)]).toThrow(FrameTooLargeError);
    // exactly at the limit is accepted (and waits for the body)
    const atLimit = Buffer.alloc(4);
    atLimit.writeInt32BE(DEFAULT_MAX_FRAME_BYTES);
    expect([...new FrameDecoder().feed(atLimit)]).toEqual([]);
  });

  it('refuses a size prefix split across chunks just the same', () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 10 });
    const prefix = Buffer.from([0, 0, 0, 11]);
    expect([...decoder.feed(prefix.subarray(0, 3))]).toEqual([]);
    expect(() => [...decoder.feed(prefix.subarray(3))]).toThrow(FrameTooLargeError);
  });

  it('refuses negative sizes with FRAME_INVALID, after yielding the frames before it', () => {
    const decoder = new FrameDecoder();
    const bad = Buffer.concat([frame(Buffer.from('ok')), Buffer.from([0xff, 0xff, 0xff, 0xfe]), Buffer.from('junk')]);
    const got: Buffer[] = [];
    let caught: unknown;
    try {
      for (const f of decoder.feed(bad)) got.push(f);
    } catch (e) {
      caught = e;
    }
    expect(got.map(String)).toEqual(['ok']);
    expect(caught).toBeInstanceOf(InvalidFrameError);
    expect((caught as InvalidFrameError).code).toBe('FRAME_INVALID');
    expect((caught as InvalidFrameError).declaredSize).toBe(-2);
  });

  it('keeps failing after a bad frame, since the stream cannot be resynchronised', () => {
    const decoder = new FrameDecoder();
    expect(() => [...decoder.feed(Buffer.from([0xff, 0xff, 0xff, 0xff]))]).toThrow(InvalidFrameError);
    expect(() => decoder.push(frame(Buffer.from('x')))).toThrow(InvalidFrameError);
    expect(() => decoder.next()).toThrow(InvalidFrameError);
  });

  it('yields empty frames for size 0', () => {
    expect(decodeAll([Buffer.alloc(8)])).toEqual([Buffer.alloc(0), Buffer.alloc(0)]);
  });

  it('rejects an invalid limit', () => {
    expect(() => new FrameDecoder({ maxFrameBytes: -1 })).toThrow(RangeError);
    expect(() => new FrameDecoder({ maxFrameBytes: 2 ** 31 })).toThrow(RangeError);
  });
});
