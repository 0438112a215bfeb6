import type { Alternative } from '../../core/match.js';
import type { ReviewItem } from '../../jobs/review.js';
import { STYLE } from './html.js';
import { esc } from './svg.js';

export interface ReviewsPageOptions {
  /** The org's URL the record links start from (`SALESFORCE_INSTANCE_URL`, else `salesforce.loginUrl`); null: ids without links. */
  salesforceUrl: string | null;
  /** Back to the dashboard. */
  dashboardHref: string;
  /** The JSON of the same list (`handoff review list --json`). */
  dataHref: string;
  generatedAt: string;
}

/** The reviews still open: never resolved (a held contact is open until a record is named). */
export function openReviews(items: readonly ReviewItem[]): ReviewItem[] {
  return items.filter((i) => i.resolved === null);
}

/** The command that moves the handoff of review `id` to `to` (or, for a held contact, hands it off to `to`). */
export function resolveCommand(id: number, to: Alternative): string {
  return `handoff review resolve ${id} --pick ${to.id}`;
}

/**
 * The commands a person can run: one per alternative, and one for the pick. For a held contact the
 * pick is one more record to hand off to; for a handoff already on the pick, naming it accepts the
 * pick and closes the review without writing to Salesforce.
 */
function commands(item: ReviewItem): string[] {
  const pick = `<code>${esc(resolveCommand(item.id, item.picked))}</code>${item.held ? '' : ' (keeps the pick and closes the review)'}`;
  return [pick, ...item.alternatives.map((a) => `<code>${esc(resolveCommand(item.id, a))}</code>`)];
}

function record(r: Alternative, base: string | null): string {
  const label = `${r.object} ${r.id}`;
  if (base === null) return esc(label);
  return `<a href="${esc(`${base}/${encodeURIComponent(r.id)}`)}">${esc(label)}</a>`;
}

const list = (items: readonly string[]): string => (items.length === 0 ? '–' : `<ul class="plain">${items.map((i) => `<li>${i}</li>`).join('')}</ul>`);

/** `2026-11-30 09:00 UTC`; the exact instant stays in the element's datetime. */
function utcMinute(at: string): string {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? at : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function row(item: ReviewItem, base: string | null): string {
  const status = item.held
    ? 'Held by matching.strict: nothing written yet'
    : `Handed off to the pick${item.handoffKey ? ` (handoff ${esc(item.handoffKey)})` : ''}${item.taskId ? `, Task ${esc(item.taskId)}` : ''}`;
  return `<tr data-review="${esc(item.id)}"><th scope="row">${esc(item.id)}</th><td>${esc(item.hubspotId)}</td><td>${record(item.picked, base)}</td><td>${list(item.alternatives.map((a) => record(a, base)))}</td><td>${esc(status)}</td><td><time datetime="${esc(item.at)}">${esc(utcMinute(item.at))}</time></td><td>${list(commands(item))}</td></tr>`;
}

/**
 * `/dashboard/reviews`: the ambiguous matches still awaiting a pick (and the contacts matching.strict
 * holds), each with the command that resolves it. Read-only: resolving is `handoff review resolve`.
 */
export function renderReviewsHtml(items: readonly ReviewItem[], o: ReviewsPageOptions): string {
  const open = openReviews(items);
  const held = open.filter((i) => i.held).length;
  const resolved = items.length - open.length;
  const parts: string[] = [];
  parts.push(
    `<header><h1>Ambiguous matches awaiting review</h1><p class="sub"><span data-open-reviews="${open.length}">${open.length}</span> open (${held} held by matching.strict), ${resolved} resolved · generated ${esc(o.generatedAt)}</p></header>`,
  );
  parts.push(`<nav aria-label="Dashboard"><ul><li><a href="${esc(o.dashboardHref)}">Back to the dashboard</a></li><li><a href="${esc(o.dataHref)}">The same list as JSON (handoff review list --json)</a></li></ul></nav>`);
  parts.push(
    '<section aria-labelledby="open"><h2 id="open">Open reviews</h2><p class="sub">One HubSpot contact\'s email matched several Salesforce Leads or Contacts. Handoff picked by its documented order (a Lead keyed to the contact, else a Contact, else an open Lead; oldest first). To move the handoff to another record, run the command shown for it; to keep the pick, run the one that names it. This page changes nothing.</p>',
  );
  if (open.length === 0) parts.push('<p>No ambiguous match is awaiting review.</p>');
  else {
    const headers = ['Review ID', 'HubSpot contact', 'Record picked', 'Alternatives', 'Status', 'Recorded at', 'To resolve, run'];
    parts.push(
      `<div class="scroll"><table class="reviews"><caption class="sub">Open reviews, oldest first</caption><thead><tr>${headers.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${open.map((i) => row(i, o.salesforceUrl)).join('')}</tbody></table></div>`,
    );
  }
  parts.push('</section>');
  const css = `${STYLE}main{max-width:1500px}table.reviews td,table.reviews th{text-align:left;vertical-align:top}table.reviews a,table.reviews time{white-space:nowrap}ul.plain{margin:0;padding-left:1.1em}code{font-size:.85rem}`;
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Handoff: ambiguous matches awaiting review</title><style>${css}</style></head><body><main>${parts.join('\n')}</main></body></html>\n`;
}
