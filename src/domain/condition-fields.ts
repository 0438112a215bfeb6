/*
 * The condition language fit rules use: `{ field, op, value }` over normalized Contact fields.
 * Fields are grouped by the kind of value they hold so a rule that can never match
 * (e.g. `country gte 5`) is refused when the file is loaded rather than scoring nothing silently.
 */
const TEXT_FIELDS = [
  'seniority',
  'jobFunction',
  'country',
  'state',
  'city',
  'industry',
  'lifecycleStage',
  'leadSource',
  'company',
  'companyDomain',
  'title',
  'email.domain',
  'phone.e164',
] as const;
export const NUMBER_FIELDS = ['employees', 'conversions.count'] as const;
export const BOOLEAN_FIELDS = ['email.valid', 'email.freeMail', 'email.disposable'] as const;
export const CONDITION_FIELDS = [...TEXT_FIELDS, ...NUMBER_FIELDS, ...BOOLEAN_FIELDS] as const;
export type ConditionField = (typeof CONDITION_FIELDS)[number];
