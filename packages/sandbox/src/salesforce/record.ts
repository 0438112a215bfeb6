/** A field value as the store keeps it. */
export type SfValue = string | number | boolean | null;
/** A stored record: canonical API field names. Records are replaced, never mutated, so references are snapshots. */
export type SfRecord = Readonly<Record<string, SfValue>>;
