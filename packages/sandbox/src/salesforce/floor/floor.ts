import { DateTime } from 'luxon';
import { Rng } from '../../generate/random.js';
import { parseSfDateTime } from '../format.js';
import type { SalesforceStore, SfRecord } from '../store.js';
import { Journey } from './journey.js';
import type { Step } from './journey.js';
import { leadQuality, repStyle } from './odds.js';
import { iso } from './truth.js';
import type { FloorTruth, HandoffTruth, RepTruth } from './truth.js';

interface Entry {
  journey: Journey | null;
  truth: HandoffTruth;
  /** Bumped on a reassignment: steps of an earlier epoch are dropped. */
  epoch: number;
}

interface Pending {
  at: number;
  seq: number;
  taskId: string;
  epoch: number;
  step: Step;
}

/**
 * The sales floor: simulated reps working the handoff Tasks (those with a `Handoff_Key__c`) as the sandbox
 * clock moves. It catches up lazily: before the org answers any request, every rep step due by the clock's
 * current instant runs, in time order, with that step's own instant as the records' timestamps, so no
 * reader can see the org at an instant without what the reps did by then. Deterministic for a seed and a
 * sequence of requests: each handoff draws from a stream of its own (seed, key, owner).
 */
export class SalesFloor {
  private enabled = false;
  private seed = 1;
  private since: number | null = null;
  private entries = new Map<string, Entry>();
  private queue: Pending[] = [];
  private seq = 0;
  private reps = new Map<string, RepTruth & { zone: string }>();
  private problems: { key: string; at: string; message: string }[] = [];
  private running = false;

  constructor(private readonly store: SalesforceStore) {}

  /**
   * Switches the floor off (what it did stays readable), or on: switching it on from off, or to another seed,
   * starts over from the clock's current instant; on again with the same seed changes nothing.
   */
  configure(enabled: boolean, seed?: number): void {
    const reseed = seed !== undefined && seed !== this.seed;
    if (seed !== undefined) this.seed = seed;
    if (enabled && (!this.enabled || reseed)) {
      this.forget();
      this.since = this.store.clock.now();
    }
    this.enabled = enabled;
  }

  /** Back to off, with nothing remembered (the sandbox's reset). */
  reset(): void {
    this.enabled = false;
    this.since = null;
    this.forget();
  }

  /** A new dataset: earlier handoffs are gone; a running floor starts over from now. */
  reload(): void {
    this.forget();
    if (this.enabled) this.since = this.store.clock.now();
  }

  /** Runs every rep step due by now. Cheap when off. */
  catchUp(): void {
    if (!this.enabled || this.running) return;
    this.running = true;
    try {
      const now = this.store.clock.now();
      this.discover();
      for (let next = this.queue[0]; next && next.at <= now; next = this.queue[0]) {
        this.queue.shift();
        const entry = this.entries.get(next.taskId);
        if (!entry?.journey || entry.epoch !== next.epoch) continue;
        this.runStep(entry, next);
      }
    } finally {
      this.running = false;
    }
  }

  truth(): FloorTruth {
    this.catchUp();
    const handoffs = [...this.entries.values()].map((e) => e.truth).sort((a, b) => a.handedOffAt.localeCompare(b.handedOffAt) || a.key.localeCompare(b.key));
    const reps = [...this.reps.values()].map(({ zone: _zone, ...rep }) => rep).sort((a, b) => a.userId.localeCompare(b.userId));
    return {
      enabled: this.enabled,
      seed: this.seed,
      since: this.since === null ? null : iso(this.since),
      asOf: iso(this.store.clock.now()),
      reps,
      handoffs,
      ...(this.problems.length > 0 ? { problems: this.problems } : {}),
    };
  }

  private forget(): void {
    this.entries.clear();
    this.queue = [];
    this.reps.clear();
    this.problems = [];
  }

  private runStep(entry: Entry, p: Pending): void {
    const journey = entry.journey;
    if (!journey) return;
    const sp = this.store.savepoint();
    try {
      journey.run(p.at, p.step, this.scheduler(p.taskId, entry.epoch));
    } catch (err) {
      // A rep's save the org refused (say a validation rule): that handoff's story ends there.
      this.store.rollbackTo(sp);
      this.problems.push({ key: entry.truth.key, at: iso(p.at), message: err instanceof Error ? err.message : String(err) });
      entry.journey = null;
    } finally {
      this.store.release();
    }
  }

  private scheduler(taskId: string, epoch: number): (at: number, step: Step) => void {
    return (at, step) => {
      const pending: Pending = { at, seq: (this.seq += 1), taskId, epoch, step };
      let lo = 0;
      let hi = this.queue.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const q = this.queue[mid];
        if (q && (q.at < at || (q.at === at && q.seq < pending.seq))) lo = mid + 1;
        else hi = mid;
      }
      this.queue.splice(lo, 0, pending);
    };
  }

  /** New handoff Tasks get a journey; an untouched one whose owner changed starts over with the new owner. */
  private discover(): void {
    const changed: [SfRecord, Entry | null][] = [];
    for (const task of this.store.withIndexedValue('Task', 'Handoff_Key__c')) {
      const entry = this.entries.get(String(task.Id));
      if (!entry) {
        if (task.IsClosed !== true) changed.push([task, null]);
      } else if (entry.truth.repId !== task.OwnerId && entry.truth.firstTouch === null) {
        changed.push([task, entry]);
      }
    }
    // In a stable order (the index's order follows the org's write history, not the handoffs).
    changed.sort(([a], [b]) => String(a.CreatedDate).localeCompare(String(b.CreatedDate)) || String(a.Id).localeCompare(String(b.Id)));
    for (const [task, entry] of changed) this.begin(task, entry);
  }

  private begin(task: SfRecord, previous: Entry | null): void {
    const created = parseSfDateTime(String(task.CreatedDate)) ?? this.store.clock.now();
    const ownerId = String(task.OwnerId);
    const whoId = String(task.WhoId ?? '');
    const whoType = whoId.startsWith('003') ? 'Contact' : 'Lead';
    const lead = whoType === 'Lead' ? this.store.get('Lead', whoId) : undefined;
    const score = typeof lead?.Handoff_Score__c === 'number' ? lead.Handoff_Score__c : null;
    const tier = typeof task.Handoff_SLA_Tier__c === 'string' ? task.Handoff_SLA_Tier__c : null;
    const truth: HandoffTruth = previous
      ? { ...previous.truth, repId: ownerId, reassignedFrom: [...previous.truth.reassignedFrom, previous.truth.repId] }
      : {
          key: String(task.Handoff_Key__c), taskId: String(task.Id), whoId, whoType, repId: ownerId, reassignedFrom: [], handedOffAt: iso(created),
          score, tier, statusAtHandoff: typeof lead?.Status === 'string' ? lead.Status : null, quality: leadQuality(score, tier), firstTouch: null, taskCompletedAt: null, attempts: [], statusChanges: [], meetings: [],
          scorecard: null, disqualified: null, conversion: null, opportunity: null,
        };
    const entry: Entry = { journey: null, truth, epoch: (previous?.epoch ?? 0) + 1 };
    this.entries.set(String(task.Id), entry);
    const rep = this.rep(ownerId);
    if (!rep) return; // a queue or an inactive user: nobody works it until it is reassigned
    // A reassignment restarts the clock for the new owner at the moment of the change.
    const changedAt = previous ? (parseSfDateTime(String(task.SystemModstamp)) ?? created) : created;
    const start = Math.max(changedAt, this.since ?? changedAt);
    entry.journey = new Journey(this.store, truth, Rng.derive(this.seed, `${truth.key}|${ownerId}`), rep.zone, rep);
    entry.journey.start(start, this.scheduler(String(task.Id), entry.epoch));
  }

  private rep(userId: string): (RepTruth & { zone: string }) | undefined {
    const known = this.reps.get(userId);
    if (known) return known;
    const user = this.store.get('User', userId);
    if (!user || user.IsActive === false) return undefined;
    const zoneName = String(user.TimeZoneSidKey ?? 'GMT');
    const zone = DateTime.now().setZone(zoneName).isValid ? zoneName : 'UTC';
    const style = repStyle(Rng.derive(this.seed, `rep:${userId}`));
    const rep = { userId, name: String(user.Name ?? user.Username ?? userId), timeZone: zone, zone, ...style };
    this.reps.set(userId, rep);
    return rep;
  }
}
