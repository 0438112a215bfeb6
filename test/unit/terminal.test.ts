import { describe, expect, it } from 'vitest';
import type { WritePlan } from '../../src/domain/plan.js';
import type { DeadLetter } from '../../src/ports/state.js';
import type { ReconcileResult } from '../../src/jobs/reconcile/reconcile.js';
import { deadLetterTable } from '../../src/runtime/cli/commands/dlq.js';
import { reconcileText } from '../../src/runtime/cli/commands/reconcile.js';
import { formatPlan, planPrinter } from '../../src/runtime/cli/print-plan.js';
import { printable, printableText, terminalJson } from '../../src/runtime/cli/terminal.js';

const RED = '\u001b[31m';
// eslint-disable-next-line no-control-regex -- the test looks for control characters
const RAW_CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

describe('printable', () => {
  it.each([
    [`${RED}Mallory`, '\\x1b[31mMallory'],
    ['a\nb\tc\rd', 'a\\nb\\tc\\rd'],
    ['csi\u009b2J', 'csi\\x9b2J'],
    ['abc\u202Efed', 'abc\\u202efed'],
    ['lone \uD800', 'lone \\ud800'],
    ['😀 Zoë 山田', '😀 Zoë 山田'],
  ])('%j → %j', (raw, shown) => {
    expect(printable(raw)).toBe(shown);
  });

  it('keeps a printout’s own line breaks but escapes every other control', () => {
    expect(printableText(`one ${RED}\ntwo\u0007\n`)).toBe('one \\x1b[31m\ntwo\\x07\n');
  });

  it('writes JSON a terminal will not act on, with the same value', () => {
    const value = { name: `${RED}x\u009b\u202E` };
    const text = terminalJson(value);
    expect(text).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('printers escape record text', () => {
  it('sync --dry-run: the plan', () => {
    const plan: WritePlan = {
      leads: [{ hubspotId: '1', op: 'upsert', id: null, isNew: true, record: { FirstName: `${RED}Eve`, LastName: 'X', Email: 'e@x.com' }, fixes: [{ field: 'Title', fix: 'truncated', detail: `cut ${RED}` }], reasons: [`because ${RED}`] }],
      tasks: [{ hubspotId: '1', handoffKey: '1:1', who: { kind: 'lead-of', hubspotId: '1' }, record: { Subject: `Call ${RED}Eve` }, fixes: [], reasons: [] }],
      skips: [{ hubspotId: '2', kind: 'invalid', reason: `bad\n${RED}` }],
      deadLetters: [{ hubspotId: '3', stage: 'lead.validate', code: 'VALIDATION', message: `no ${RED}`, payload: null }],
      contactsMatched: [],
    };
    const text = formatPlan(plan);
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).toContain('\\x1b[31mEve');
    expect(text).toContain('bad\\n\\x1b[31m');
  });

  it('the dry run plan printer: text, the lines of each chunk as it comes (an empty chunk after the first says nothing); JSON Lines, one escaped object per chunk with something planned', () => {
    const plan: WritePlan = {
      leads: [],
      tasks: [],
      skips: [{ hubspotId: '2', kind: 'invalid', reason: `bad ${RED}` }],
      deadLetters: [],
      contactsMatched: [],
    };
    const empty: WritePlan = { leads: [], tasks: [], skips: [], deadLetters: [], contactsMatched: [] };
    const text: string[] = [];
    const toText = planPrinter('text', (t) => text.push(t));
    for (const p of [empty, plan, empty, plan]) toText(p);
    expect(text).toEqual([formatPlan(empty), formatPlan(plan), formatPlan(plan)]);
    const json: string[] = [];
    const toJson = planPrinter('json', (t) => json.push(t));
    for (const p of [empty, plan, empty, plan]) toJson(p);
    expect(json).toHaveLength(2);
    for (const line of json) {
      expect(line).not.toContain(RED);
      expect(line.endsWith('}\n')).toBe(true);
    }
    expect(json.map((l) => JSON.parse(l) as unknown)).toEqual([
      { chunk: 2, plan },
      { chunk: 4, plan },
    ]);
  });

  it('dlq list: the table', () => {
    const dl: DeadLetter = {
      id: 1,
      stage: 'lead.write',
      code: 'VALIDATION',
      vendorCode: null,
      message: `Name ${RED}red`,
      hubspotId: '107',
      payload: null,
      attempts: 1,
      firstSeen: '2026-01-01T00:00:00.000Z',
      lastSeen: '2026-01-01T00:00:00.000Z',
      resolvedAt: null,
    } as DeadLetter;
    const text = deadLetterTable([dl], false);
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).toContain('Name \\x1b[31mred');
  });

  it('reconcile: gaps, dead letters and skips', () => {
    const r = {
      since: '2026-01-01',
      at: '2026-01-02',
      summary: { qualified: 3, landed: 0, deadLettered: 1, explained: 0, skipped: 1, gaps: 1 },
      explained: {},
      explainedContacts: [],
      gaps: [{ hubspotId: '1', reason: 'never handed off', handoffKey: null, detail: `x${RED}` }],
      deadLettered: [{ hubspotId: '2', deadLetterId: 5, stage: `s${RED}`, code: 'VALIDATION', attempts: 1 }],
      skipped: [{ hubspotId: '3', reason: `dup ${RED}` }],
      landed: [],
      sources: { hubspot: 3, state: 0 },
      calls: { hubspot: 1, salesforce: 1 },
    } as unknown as ReconcileResult;
    const text = reconcileText(r);
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).toContain('dup \\x1b[31m');
  });
});
