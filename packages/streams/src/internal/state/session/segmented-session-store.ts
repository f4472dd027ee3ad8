// The innermost session store (Kafka's RocksDBSessionStore / InMemorySessionStore): bytes over an engine, one
// local entry per (segment of the session end, key) listing that key's sessions. findSessions and
// fetchSession are point reads (synchronous); key ranges scan the live segments. A session has expired when
// its end is at or before observed stream time - retention (as Kafka's).

import { KeyValue } from '../../../common/key-value.js';
import { SessionWindow, Windowed } from '../../../kstream/windowed.js';
import type { StateStore, StateStoreContext } from '../../../processor/state-store.js';
import { InvalidStateStoreException } from '../../../state/errors.js';
import type { KeyValueIterator } from '../../../state/key-value-store.js';
import type { SessionStore } from '../../../state/session-store.js';
import type { BytesEngine } from '../bytes/bytes-engine.js';
import { arrayCursor, concatCursors, CursorIterator, type Cursor } from '../bytes/cursor.js';
import type { OverlayEntry } from '../bytes/merge-cursor.js';
import { keyString } from '../bytes/sorted-string-map.js';
import { andThen, sequence } from '../maybe-async.js';
import { identityConverter, type ConvertingRestore, type RestoreConverter } from '../restore-converters.js';
import { Segments } from '../segments.js';
import { decodeSessions, encodeSessions, extractSessionEnd, extractSessionKey, extractSessionStart, withSession, type StoredSession } from './session-key-schema.js';

/** A session store of bytes (Kafka's `SessionStore<Bytes, byte[]>`). */
export type SessionBytesStore = SessionStore<Buffer, Buffer>;

export class SegmentedSessionStore implements SessionBytesStore, ConvertingRestore {
  readonly segments: Segments;
  #open = false;
  #converter: RestoreConverter = identityConverter;

  constructor(
    private readonly storeName: string,
    private readonly engine: BytesEngine,
    retentionPeriod: number,
    segmentInterval: number,
  ) {
    this.segments = new Segments(retentionPeriod, segmentInterval);
  }

  name(): string {
    return this.storeName;
  }

  persistent(): boolean {
    return this.engine.persistent;
  }

  isOpen(): boolean {
    return this.#open;
  }

  setRestoreConverter(converter: RestoreConverter): void {
    this.#converter = converter;
  }

  init(context: StateStoreContext, root: StateStore): void | Promise<void> {
    return andThen(this.engine.open(context, this.storeName), () => {
      this.#open = true;
      this.segments.load(this.engine);
      context.register(root, (records) => this.#restore(records.map(this.#converter)));
    });
  }

  put(sessionKey: Windowed<Buffer>, aggregate: Buffer | null): void {
    this.#check();
    const { startMs: start, endMs: end } = sessionKey.window();
    this.segments.observe(end);
    if (this.segments.expired(end)) return;
    const local = this.#localKey(end, sessionKey.key());
    const sessions = withSession(decodeSessions(this.engine.get(local)), start, end, aggregate);
    this.engine.put(local, sessions.length === 0 ? null : encodeSessions(sessions));
  }

  remove(sessionKey: Windowed<Buffer>): void {
    this.put(sessionKey, null);
  }

  findSessions(key: Buffer, earliestSessionEndTime: number, latestSessionStartTime: number): Array<KeyValue<Windowed<Buffer>, Buffer>> {
    this.#check();
    const out: Array<KeyValue<Windowed<Buffer>, Buffer>> = [];
    for (const id of this.segments.segmentsFor(earliestSessionEndTime, Number.MAX_SAFE_INTEGER)) {
      for (const s of decodeSessions(this.engine.get(Buffer.concat([this.segments.prefix(id), key])))) {
        if (s.end >= earliestSessionEndTime && s.start <= latestSessionStartTime && !this.segments.expired(s.end)) out.push(session(key, s));
      }
    }
    return out;
  }

  fetchSession(key: Buffer, sessionStartTime: number, sessionEndTime: number): Buffer | null {
    this.#check();
    if (this.segments.expired(sessionEndTime)) return null;
    const found = decodeSessions(this.engine.get(this.#localKey(sessionEndTime, key))).find((s) => s.start === sessionStartTime && s.end === sessionEndTime);
    return found?.value ?? null;
  }

  fetch(key: Buffer): KeyValueIterator<Windowed<Buffer>, Buffer> {
    return new CursorIterator(arrayCursor(this.findSessions(key, 0, Number.MAX_SAFE_INTEGER)));
  }

  backwardFetch(key: Buffer): KeyValueIterator<Windowed<Buffer>, Buffer> {
    return new CursorIterator(arrayCursor(this.findSessions(key, 0, Number.MAX_SAFE_INTEGER).reverse()));
  }

  fetchRange(keyFrom: Buffer | null, keyTo: Buffer | null): KeyValueIterator<Windowed<Buffer>, Buffer> {
    this.#check();
    return new CursorIterator(this.#scan(keyFrom, keyTo, false));
  }


  flush(): void | Promise<void> {
    if (!this.#open) return undefined;
    return this.segments.flush(this.engine);
  }

  close(): void | Promise<void> {
    if (!this.#open) return undefined;
    return sequence([
      () => this.flush(),
      () => {
        this.#open = false;
        return this.engine.close();
      },
    ]);
  }

  approximateNumEntries(): number {
    return this.engine.approximateNumEntries();
  }

  #scan(keyFrom: Buffer | null, keyTo: Buffer | null, reverse: boolean): Cursor<KeyValue<Windowed<Buffer>, Buffer>> {
    const ids = this.segments.segmentsFor(0, Number.MAX_SAFE_INTEGER);
    if (reverse) ids.reverse();
    return concatCursors(
      ids.map((id) => () => {
        const prefix = this.segments.prefix(id);
        const range = this.engine.range({
          from: keyFrom === null ? prefix : Buffer.concat([prefix, keyFrom]),
          to: keyTo === null ? this.segments.prefix(id + 1) : Buffer.concat([prefix, keyTo]),
          toExclusive: keyTo === null,
          reverse,
        });
        return expandSessions(range, (s) => !this.segments.expired(s.end), reverse);
      }),
    );
  }

  /** Applies changelog records ([key][end][start] -> aggregate) to the lists, then writes them in one batch. */
  #restore(records: readonly OverlayEntry[]): void | Promise<void> {
    const lists = new Map<string, { local: Buffer; sessions: StoredSession[] }>();
    for (const [binary, value] of records) {
      const end = extractSessionEnd(binary);
      this.segments.observe(end);
      if (this.segments.expired(end)) continue;
      const local = this.#localKey(end, extractSessionKey(binary));
      const k = keyString(local);
      const entry = lists.get(k) ?? { local, sessions: decodeSessions(this.engine.get(local)) };
      entry.sessions = withSession(entry.sessions, extractSessionStart(binary), end, value);
      lists.set(k, entry);
    }
    const entries: OverlayEntry[] = [...lists.values()].map(({ local, sessions }) => [local, sessions.length === 0 ? null : encodeSessions(sessions)]);
    entries.push(this.segments.metaEntry());
    return this.engine.writeBatch(entries);
  }

  #localKey(end: number, key: Buffer): Buffer {
    return Buffer.concat([this.segments.prefix(this.segments.segmentId(end)), key]);
  }

  #check(): void {
    if (!this.#open) throw new InvalidStateStoreException(`Store ${this.storeName} is currently closed.`);
  }
}

function session(key: Buffer, s: StoredSession): KeyValue<Windowed<Buffer>, Buffer> {
  return new KeyValue(new Windowed(key, new SessionWindow(s.start, s.end)), s.value);
}

/** Each local entry ([segment][key] -> list) as its sessions. */
function expandSessions(range: Cursor<readonly [Buffer, Buffer]>, keep: (s: StoredSession) => boolean, reverse: boolean): Cursor<KeyValue<Windowed<Buffer>, Buffer>> {
  let pending: Array<KeyValue<Windowed<Buffer>, Buffer>> = [];
  return {
    async next() {
      while (pending.length === 0) {
        const entry = await range.next();
        if (entry === undefined) return undefined;
        const key = entry[0].subarray(8);
        pending = decodeSessions(entry[1])
          .filter(keep)
          .map((s) => session(key, s));
        if (reverse) pending.reverse();
      }
      return pending.shift();
    },
    close: () => range.close(),
  };
}
