import { SfError } from './errors.js';
import { parseSfDateTime, sfDate, sfDateTime } from './format.js';
import { OPPORTUNITY_STAGES } from './objects-sales.js';
import type { SfValue } from './record.js';

type Mutable = Record<string, SfValue>;

/**
 * What Salesforce computes on the sales objects when they are saved: an Opportunity's IsClosed, IsWon and
 * forecast category follow its stage; an Event's ActivityDateTime, ActivityDate, EndDateTime and
 * DurationInMinutes follow its start (a timed Event needs a start: REQUIRED_FIELD_MISSING otherwise).
 */
export function deriveSalesFields(type: string, record: Mutable): void {
  if (type === 'Opportunity') deriveOpportunity(record);
  else if (type === 'Event') deriveEvent(record);
}

function deriveOpportunity(record: Mutable): void {
  const stage = OPPORTUNITY_STAGES.find((s) => s.name === record.StageName);
  record.IsClosed = stage?.closed ?? false;
  record.IsWon = stage?.won ?? false;
  if (stage) record.ForecastCategoryName = stage.forecast;
}

function deriveEvent(record: Mutable): void {
  const start = parseSfDateTime(String(record.StartDateTime ?? record.ActivityDateTime ?? ''));
  if (start === undefined) {
    if (record.IsAllDayEvent === true && record.ActivityDate) return;
    throw new SfError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [StartDateTime]', ['StartDateTime']);
  }
  record.StartDateTime = sfDateTime(start);
  record.ActivityDateTime = record.StartDateTime;
  record.ActivityDate = sfDate(start);
  const end = parseSfDateTime(String(record.EndDateTime ?? ''));
  if (typeof record.DurationInMinutes === 'number') record.EndDateTime = sfDateTime(start + record.DurationInMinutes * 60_000);
  else if (end !== undefined) record.DurationInMinutes = Math.round((end - start) / 60_000);
  else throw new SfError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [DurationInMinutes]', ['DurationInMinutes']);
}
