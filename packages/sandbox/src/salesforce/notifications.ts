import { ok } from './api-types.js';
import type { ApiRequest, ApiResponse } from './api-types.js';
import { SfError, notFound } from './errors.js';
import { objectForId } from './ids.js';
import type { SalesforceStore } from './store.js';

/**
 * Custom notifications ("Custom Notification Actions", REST API Developer Guide): the standard invocable
 * action `POST /actions/standard/customNotificationAction` that sends one of the org's
 * CustomNotificationTypes (created by `handoff setup`, setup/objects.ts) to users. What was sent is kept for tests.
 */
export interface SentNotification {
  at: string;
  typeId: string;
  recipientIds: string[];
  title: string;
  body: string;
  targetId: string;
}

const sent = new WeakMap<SalesforceStore, SentNotification[]>();

/** Every custom notification sent through the action, oldest first. */
export function sentNotifications(store: SalesforceStore): SentNotification[] {
  let list = sent.get(store);
  if (list === undefined) sent.set(store, (list = []));
  return list;
}

interface ActionInput {
  customNotifTypeId?: unknown;
  recipientIds?: unknown;
  title?: unknown;
  body?: unknown;
  targetId?: unknown;
}

const refuse = (statusCode: string, message: string): ApiResponse => ({
  status: 400,
  body: [{ actionName: 'customNotificationAction', errors: [{ statusCode, message, fields: [] }], isSuccess: false, outputValues: null }],
});

/** `actions/standard/customNotificationAction` (the `/services/data/vXX.X/` prefix removed). */
export function handleActions(store: SalesforceStore, req: ApiRequest, parts: string[]): ApiResponse {
  if (parts.join('/') !== 'standard/customNotificationAction') throw notFound();
  if (req.method !== 'POST') throw new SfError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${req.method}' not allowed. Allowed are POST`, []);
  const inputs = (req.body as { inputs?: unknown } | undefined)?.inputs;
  if (!Array.isArray(inputs) || inputs.length === 0) return refuse('INVALID_INPUT', 'inputs: a list of at least one notification');
  const out: unknown[] = [];
  const accepted: SentNotification[] = [];
  for (const raw of inputs as ActionInput[]) {
    const typeId = typeof raw.customNotifTypeId === 'string' ? raw.customNotifTypeId : '';
    if (store.get('CustomNotificationType', typeId) === undefined) return refuse('INVALID_ID_FIELD', 'Invalid customNotifTypeId');
    const recipients = Array.isArray(raw.recipientIds) ? raw.recipientIds.filter((r): r is string => typeof r === 'string') : [];
    if (recipients.length === 0 || recipients.length > 500) return refuse('INVALID_INPUT', 'recipientIds: between 1 and 500 user, group or queue ids');
    if (recipients.some((id) => objectForId(id) === 'User' && store.get('User', id) === undefined)) return refuse('INVALID_ID_FIELD', 'Invalid recipientIds');
    if (typeof raw.title !== 'string' || raw.title === '' || raw.title.length > 250) return refuse('STRING_TOO_LONG', 'title: required, at most 250 characters');
    if (typeof raw.body !== 'string' || raw.body === '' || raw.body.length > 750) return refuse('STRING_TOO_LONG', 'body: required, at most 750 characters');
    const targetId = typeof raw.targetId === 'string' ? raw.targetId : '';
    const targetType = objectForId(targetId);
    if (targetType === undefined || store.get(targetType, targetId) === undefined) return refuse('INVALID_ID_FIELD', 'Invalid targetId');
    accepted.push({ at: store.clock.nowIso(), typeId, recipientIds: recipients, title: raw.title, body: raw.body, targetId });
    out.push({ actionName: 'customNotificationAction', errors: null, isSuccess: true, outputValues: { SuccessMessage: 'Your custom notification is processed successfully.' } });
  }
  sentNotifications(store).push(...accepted);
  return ok(out);
}
