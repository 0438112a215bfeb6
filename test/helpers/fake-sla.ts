import type { OverdueTask, Reassignment, ReassignResult, SlaSalesforce, SlaUser, Touch, TouchAsk, TouchRead } from '../../src/ports/sla.js';

export interface FakeTask extends OverdueTask {
  closed: boolean;
}

/** Salesforce as the SLA watch sees it, in memory: Tasks, touches and users, with every call counted. */
export class FakeSlaSalesforce implements SlaSalesforce {
  tasks: FakeTask[] = [];
  touchList: Touch[] = [];
  /** Names of Leads and Contacts ("Ada Lovelace, Acme"), by id, returned when asked for. */
  names = new Map<string, string>();
  userList: SlaUser[] = [];
  leadOwners = new Map<string, string>();
  reassigned: Reassignment[] = [];
  calls = { overdue: 0, touches: 0, users: 0, reassign: 0 };
  /** Thrown by the next reassign call (a vendor outage), once. */
  failReassign: Error | null = null;

  overdueHandoffTasks(now: string): Promise<OverdueTask[]> {
    this.calls.overdue += 1;
    return Promise.resolve(this.tasks.filter((t) => !t.closed && Date.parse(t.dueAt) < Date.parse(now)).map(({ closed: _, ...t }) => ({ ...t })));
  }

  touches(asks: readonly TouchAsk[], now: string, _statuses: readonly string[], withNames = false): Promise<TouchRead> {
    const ids = [...new Set(asks.map((a) => a.whoId))];
    this.calls.touches += Math.ceil(ids.length / 200);
    const names = new Map(withNames ? [...this.names].filter(([id]) => ids.includes(id)) : []);
    return Promise.resolve({ touches: this.touchList.filter((t) => ids.includes(t.whoId) && Date.parse(t.at) <= Date.parse(now)), names });
  }

  users(): Promise<SlaUser[]> {
    this.calls.users += 1;
    return Promise.resolve(this.userList.map((u) => ({ ...u })));
  }

  reassign(items: readonly Reassignment[]): Promise<ReassignResult[]> {
    this.calls.reassign += 1;
    if (this.failReassign !== null) {
      const err = this.failReassign;
      this.failReassign = null;
      return Promise.reject(err);
    }
    return Promise.resolve(
      items.map((r) => {
        const task = this.tasks.find((t) => t.id === r.taskId);
        if (task === undefined) return { taskId: r.taskId, ok: false, errorCode: 'ENTITY_IS_DELETED' };
        task.ownerId = r.ownerId;
        task.dueAt = r.dueAt;
        if (r.leadId !== null) this.leadOwners.set(r.leadId, r.ownerId);
        this.reassigned.push({ ...r });
        return { taskId: r.taskId, ok: true, errorCode: null };
      }),
    );
  }

  instanceUrl(): Promise<string> {
    return Promise.resolve('https://acme.my.salesforce.com');
  }
}
