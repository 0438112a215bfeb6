import type { MessageBody } from '../../domain/outbox.js';

/** Slack's mrkdwn treats these three as control characters. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** `text` (for notifications and screen readers) and `blocks` (the message) for chat.postMessage. */
export function slackMessage(body: MessageBody): { text: string; blocks: unknown[] } {
  const title = escape(body.title);
  const lines = body.lines.map(escape);
  const link = body.link === null ? '' : `\n<${body.link}|Open in Salesforce>`;
  return {
    text: cut(title, 3000),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: cut(`*${title}*\n${lines.join('\n')}${link}`, 3000) } }],
  };
}

export function emailMessage(body: MessageBody): { subject: string; text: string } {
  const oneLine = body.title.replace(/\s+/g, ' ').trim();
  return { subject: `[Handoff] ${oneLine}`, text: [oneLine, '', ...body.lines, ...(body.link === null ? [] : ['', body.link]), ''].join('\n') };
}

export function notificationText(body: MessageBody): { title: string; body: string } {
  return { title: body.title, body: body.lines.join('\n') };
}
