import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { T0, contacts, engagement, raw, startHarness } from './hubspot-fixture.js';
import type { Harness } from './hubspot-fixture.js';

/** Records carry `url`, their page in HubSpot's app, on every read and write, as real answers do. */
const PORTAL = 24681357;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ portalId: PORTAL });
});
afterAll(async () => {
  await h.sb.stop();
});
beforeEach(() => {
  h.sb.reset();
  h.clock.set(T0, true);
  h.sb.load({ contacts: contacts(2), tasks: [engagement(501, { hs_task_subject: 'Call back' }, T0 - 1000)], notes: [engagement(601, { hs_note_body: 'Met' }, T0 - 1000)] });
});

type Obj = { id: string; url: string };

describe('record urls', () => {
  it('links a contact to its record page on get, list, search and create', async () => {
    const contactUrl = (id: string) => `https://app.hubspot.com/contacts/${PORTAL}/record/0-1/${id}`;
    expect(((await raw(h.sb, '/crm/v3/objects/contacts/1')).body as Obj).url).toBe(contactUrl('1'));
    expect(((await raw(h.sb, '/crm/v3/objects/contacts')).body as { results: Obj[] }).results.map((r) => r.url)).toEqual([contactUrl('1'), contactUrl('2')]);
    const found = await raw(h.sb, '/crm/v3/objects/contacts/search', { method: 'POST', body: JSON.stringify({ filterGroups: [], limit: 1 }) });
    expect((found.body as { results: Obj[] }).results[0]?.url).toBe(contactUrl('1'));
    const created = await raw(h.sb, '/crm/v3/objects/contacts', { method: 'POST', body: JSON.stringify({ properties: { email: 'new@example.com' } }) });
    const body = created.body as Obj;
    expect(body.url).toBe(contactUrl(body.id));
    // The account details name the same portal and app domain.
    expect((await raw(h.sb, '/account-info/v3/details')).body).toMatchObject({ portalId: PORTAL, uiDomain: 'app.hubspot.com' });
  });

  it('links a task to its task view and other engagements to a list filtered to their id', async () => {
    expect(((await raw(h.sb, '/crm/v3/objects/tasks/501')).body as Obj).url).toBe(`https://app.hubspot.com/tasks/${PORTAL}/view/all/task/501`);
    const note = (await raw(h.sb, '/crm/v3/objects/notes/601')).body as Obj;
    const url = new URL(note.url);
    expect(`${url.origin}${url.pathname}`).toBe(`https://app.hubspot.com/contacts/${PORTAL}/objects/0-46/views/all/list`);
    expect(JSON.parse(url.searchParams.get('filters') ?? '')).toEqual([{ property: 'hs_object_id', operator: 'EQ', value: '601' }]);
    expect(note.url).toContain('filters=%5B%7B%22property%22%3A%22hs_object_id%22');
  });
});
