// The input of the join-semantics tables of Kafka Streams' developer guide: one key, timestamps 1 to 15, each
// record on the left or the right side; null values are tombstones (tables) or ignored records (streams).

export interface Row {
  readonly ts: number;
  readonly side: 'left' | 'right';
  readonly value: string | null;
}

export const GUIDE_ROWS: readonly Row[] = [
  { ts: 1, side: 'left', value: null },
  { ts: 2, side: 'right', value: null },
  { ts: 3, side: 'left', value: 'A' },
  { ts: 4, side: 'right', value: 'a' },
  { ts: 5, side: 'left', value: 'B' },
  { ts: 6, side: 'right', value: 'b' },
  { ts: 7, side: 'left', value: null },
  { ts: 8, side: 'right', value: null },
  { ts: 9, side: 'left', value: 'C' },
  { ts: 10, side: 'right', value: 'c' },
  { ts: 11, side: 'right', value: null },
  { ts: 12, side: 'left', value: null },
  { ts: 13, side: 'right', value: null },
  { ts: 14, side: 'right', value: 'd' },
  { ts: 15, side: 'left', value: 'D' },
];

/** The joiner of the tables: `[left, right]` with Java's null. */
export const bracket = (left: string | null, right: string | null): string => `[${left ?? 'null'}, ${right ?? 'null'}]`;

/** An output record as the tables list it: the joined value and its timestamp. */
export interface Out {
  readonly value: string | null;
  readonly ts: number;
}
