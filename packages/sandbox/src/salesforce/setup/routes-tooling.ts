import { noContent, objectBody, ok } from '../api-types.js';
import type { ApiRequest, ApiResponse } from '../api-types.js';
import { SfError, notFound } from '../errors.js';
import { sfDateTime } from '../format.js';
import type { SalesforceStore } from '../store.js';
import { requireAdmin } from './access.js';
import { createCustomField, readCustomField, updateCustomField } from './custom-fields.js';
import { SETUP_KEY_PREFIXES } from './objects.js';

/**
 * `/services/data/vXX.X/tooling/...` ("Tooling API", Tooling API Developer Guide): the calls `handoff
 * setup` makes. CustomField create/read/update, and CustomNotificationType create (the type is then a
 * record of the data API's CustomNotificationType, as in a real org). Every call needs the setup rights.
 */
export function handleTooling(store: SalesforceStore, req: ApiRequest, parts: string[]): ApiResponse {
  const [head, type, id, ...rest] = parts;
  if (head !== 'sobjects' || rest.length > 0) throw notFound();
  requireAdmin(req.session, `The Tooling API (${type ?? 'sobjects'})`);
  if (type === 'CustomField') {
    if (id === undefined) {
      if (req.method !== 'POST') throw notFound();
      return created(createCustomField(store, req.body));
    }
    if (req.method === 'GET') return ok(readCustomField(store, id));
    if (req.method === 'PATCH') {
      updateCustomField(store, id, req.body);
      return noContent();
    }
    throw notFound();
  }
  if (type === 'CustomNotificationType' && id === undefined && req.method === 'POST') {
    return created(createNotificationType(store, objectBody(req)));
  }
  throw notFound();
}

const created = (id: string): ApiResponse => ok({ id, success: true, errors: [], warnings: [], infos: [] }, 201);

function createNotificationType(store: SalesforceStore, body: Record<string, unknown>): string {
  const meta = (body.Metadata ?? {}) as Record<string, unknown>;
  const name = String(body.FullName ?? body.DeveloperName ?? '');
  const label = meta.masterLabel ?? body.MasterLabel;
  if (!/^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/.test(name) || typeof label !== 'string' || label === '') {
    throw new SfError(400, 'FIELD_INTEGRITY_EXCEPTION', 'A custom notification type needs an API name and a masterLabel', []);
  }
  if (store.all('CustomNotificationType').some((t) => String(t.DeveloperName).toLowerCase() === name.toLowerCase())) {
    throw new SfError(400, 'DUPLICATE_DEVELOPER_NAME', `There is already a custom notification type named ${name}.`, []);
  }
  const id = store.ids.generate(SETUP_KEY_PREFIXES.CustomNotificationType ?? '0ML');
  const now = sfDateTime(store.clock.now());
  const userId = store.integrationUserId();
  store.put('CustomNotificationType', {
    Id: id,
    DeveloperName: name,
    MasterLabel: label,
    Description: typeof meta.description === 'string' ? meta.description : null,
    Desktop: meta.desktop === true,
    Mobile: meta.mobile === true,
    CreatedDate: now,
    CreatedById: userId,
    LastModifiedDate: now,
    LastModifiedById: userId,
    SystemModstamp: now,
    IsDeleted: false,
  });
  return id;
}
