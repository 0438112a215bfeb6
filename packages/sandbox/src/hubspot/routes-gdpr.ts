import { notFound } from './errors.js';
import { asObject, json, route } from './http-util.js';
import { findRecord } from './store-actions.js';
import type { RequestContext, Reply, Route } from './http-util.js';

/**
 * GDPR delete (developers.hubspot.com/docs/api/crm/contacts, "GDPR delete"): the contact is removed
 * permanently, with its associations. Unlike an archive it is not restorable and never shows in the
 * archived list; reads by its id find nothing. `idProperty: 'email'` finds it by address.
 */
function gdprDelete(ctx: RequestContext): Reply {
  const body = asObject(ctx.body);
  const objectId = String(body['objectId'] ?? '');
  const idProperty = typeof body['idProperty'] === 'string' ? body['idProperty'] : null;
  const rec = findRecord(ctx.store, 'contacts', objectId, idProperty, false) ?? findRecord(ctx.store, 'contacts', objectId, idProperty, true);
  if (!rec) throw notFound('Object not found.  objectId are usually numeric.', { id: [objectId] });
  const assoc = ctx.store.associations;
  for (const other of assoc.pairsFrom('contacts')) {
    for (const target of [...assoc.get('contacts', rec.id, other)]) assoc.remove('contacts', rec.id, other, target);
  }
  ctx.store.collection('contacts').remove(rec);
  return json(204);
}

export const gdprRoutes: Route[] = [route('POST', '/crm/v3/objects/contacts/gdpr-delete', gdprDelete)];
