import { HandoffError } from '../../domain/errors.js';
import type { Activity } from '../../domain/types.js';
import { sanitizeDeep, sanitizeText } from '../../lib/text.js';
import type { CommitBatch, DeadLetterInput, DecisionRecord, EpisodeAtHandoff, HandoffRecordInput, LedgerEntryInput, StateStore, WriteOptions } from '../../ports/state.js';

/**
 * When the state store refuses a batch because of what one record holds (INVALID_RECORD from
 * `state`: a value the database can't store), the batch is split in halves and each half written on
 * its own, recursively, until the records that cause the refusal stand alone. Those are
 * dead-lettered (stage `state`, payload sanitized); everything else lands. Costs about
 * 2·k·log2(n) extra writes for k bad records in n, and nothing when none is bad.
 */

export function isRecordRefusal(err: unknown): err is HandoffError {
  return err instanceof HandoffError && err.system === 'state' && err.code === 'INVALID_RECORD';
}

export interface Refused<T> {
  item: T;
  error: HandoffError;
}

/** Writes the items, splitting on refusals; returns the items refused on their own. Other errors propagate. */
export async function writeIsolating<T>(items: readonly T[], write: (part: readonly T[]) => Promise<void>): Promise<Refused<T>[]> {
  if (items.length === 0) return [];
  try {
    await write(items);
    return [];
  } catch (err) {
    if (!isRecordRefusal(err)) throw err;
    if (items.length === 1) return [{ item: items[0] as T, error: err }];
  }
  const mid = Math.ceil(items.length / 2);
  return [...(await writeIsolating(items.slice(0, mid), write)), ...(await writeIsolating(items.slice(mid), write))];
}

function stateDeadLetter(hubspotId: string | null, error: HandoffError, payload: unknown, at: string): DeadLetterInput {
  return {
    stage: 'state',
    code: error.code,
    vendorCode: error.vendorCode ?? null,
    message: sanitizeText(error.message),
    hubspotId: hubspotId ?? 'unknown',
    payload: sanitizeDeep(payload),
    at,
  };
}

/**
 * Activities for the store; one the store refuses becomes a dead letter (stage `state`, under its
 * contact), returned for the batch's commit. The contact itself goes on without that activity.
 */
export async function upsertActivitiesIsolating(
  store: StateStore,
  activities: readonly Activity[],
  opts: WriteOptions,
  at: string,
): Promise<DeadLetterInput[]> {
  const refused = await writeIsolating(activities, (part) => store.upsertActivities(part, opts));
  return refused.map((r) => stateDeadLetter(r.item.contactId, r.error, { activity: r.item }, at));
}

/** Everything a commit writes about one contact (null: rows about no contact in particular). */
interface Unit {
  hubspotId: string | null;
  ledger: LedgerEntryInput[];
  records: HandoffRecordInput[];
  deadLetters: DeadLetterInput[];
  resolveDeadLetters: number[];
  decisions: DecisionRecord[];
  episodes: EpisodeAtHandoff[];
}

export interface IsolatedCommit {
  batch: CommitBatch;
  /** Which contact each dead letter in `resolveDeadLetters` belongs to. */
  resolvedOwners: ReadonlyMap<number, string>;
  runId: string;
  at: string;
}

/**
 * commitBatch, isolating refused contacts. Tried whole first (one transaction, the usual case).
 * On a refusal the contacts' rows are written in bisected groups without the cursor, then the
 * refused contacts' dead letters, the pointers and the cursor in a last transaction: the cursor
 * still moves only once every record is written or dead-lettered. Returns the refused contacts.
 */
export async function commitIsolating(store: StateStore, commit: IsolatedCommit): Promise<string[]> {
  const { batch } = commit;
  try {
    await store.commitBatch(batch);
    return [];
  } catch (err) {
    if (!isRecordRefusal(err)) throw err;
  }
  const units = unitsOf(commit);
  const fence = batch.fence ? { fence: batch.fence } : {};
  const refused = await writeIsolating([...units.values()], (part) =>
    store.commitBatch({
      ledger: part.flatMap((u) => u.ledger),
      records: part.flatMap((u) => u.records),
      deadLetters: part.flatMap((u) => u.deadLetters),
      resolveDeadLetters: part.flatMap((u) => u.resolveDeadLetters),
      decisions: part.flatMap((u) => u.decisions),
      episodes: part.flatMap((u) => u.episodes),
      ...fence,
    }),
  );
  const deadLetters = refused.map(({ item, error }) =>
    stateDeadLetter(item.hubspotId, error, { ledger: item.ledger, records: item.records, deadLetters: item.deadLetters, decisions: item.decisions }, commit.at),
  );
  await store.commitBatch({
    ledger: deadLetters.map((d) => ({
      runId: commit.runId,
      hubspotId: d.hubspotId,
      action: 'dead_letter',
      result: 'error',
      errorCode: d.code,
      errorMessage: d.message,
      detail: { stage: d.stage, ...(d.vendorCode ? { vendorCode: d.vendorCode } : {}) },
      at: commit.at,
    })),
    deadLetters,
    ...(batch.pointers ? { pointers: batch.pointers } : {}),
    ...(batch.cursor ? { cursor: batch.cursor } : {}),
    ...(batch.clearKeptEmails ? { clearKeptEmails: true } : {}),
    ...(batch.settlePending ? { settlePending: batch.settlePending } : {}),
    ...(batch.claims ? { claims: batch.claims } : {}),
    ...fence,
  });
  return refused.map((r) => r.item.hubspotId ?? 'unknown');
}

function unitsOf(commit: IsolatedCommit): Map<string | null, Unit> {
  const units = new Map<string | null, Unit>();
  const unit = (hubspotId: string | null | undefined): Unit => {
    const key = hubspotId ?? null;
    let u = units.get(key);
    if (!u) {
      u = { hubspotId: key, ledger: [], records: [], deadLetters: [], resolveDeadLetters: [], decisions: [], episodes: [] };
      units.set(key, u);
    }
    return u;
  };
  for (const e of commit.batch.ledger ?? []) unit(e.hubspotId).ledger.push(e);
  for (const r of commit.batch.records ?? []) unit(r.hubspotId).records.push(r);
  for (const d of commit.batch.deadLetters ?? []) unit(d.hubspotId).deadLetters.push(d);
  for (const d of commit.batch.decisions ?? []) unit(d.hubspotId).decisions.push(d);
  for (const e of commit.batch.episodes ?? []) unit(e.hubspotId).episodes.push(e);
  for (const id of commit.batch.resolveDeadLetters ?? []) unit(commit.resolvedOwners.get(id)).resolveDeadLetters.push(id);
  return units;
}
