import type { AlertChannel, AlertNotice } from '../types.js';
import { fieldLines, oneLine, severityTag, truncate } from './format.js';
import { postJson } from './post-json.js';

export interface SlackChannelOptions {
  name: string;
  /** Incoming-webhook URL; a secret, so it appears in no log line or error. */
  url: string;
  fetch: typeof fetch;
  timeoutMs: number;
}

const EMOJI = { critical: ':rotating_light:', warning: ':warning:', info: ':information_source:' } as const;

/** Posts to a Slack incoming webhook: `text` for notifications, `blocks` for the message body. */
export function createSlackChannel(options: SlackChannelOptions): AlertChannel {
  return {
    name: options.name,
    type: 'slack',
    send: (notice) =>
      postJson({
        fetch: options.fetch,
        url: options.url,
        body: JSON.stringify(slackPayload(notice)),
        timeoutMs: options.timeoutMs,
      }),
  };
}

export function slackPayload(notice: AlertNotice): { text: string; blocks: unknown[] } {
  const emoji = notice.recovered === true ? ':white_check_mark:' : EMOJI[notice.severity];
  const title = escape(oneLine(notice.title));
  return {
    // Section text is capped at 3000 characters and context elements at 2000 by Slack.
    text: truncate(`${emoji} [${severityTag(notice)}] ${title}`, 3000),
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: truncate(`${emoji} *${title}*\n${escape(notice.detail)}`, 3000) },
      },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: truncate(escape(fieldLines(notice).join(' · ')), 2000) }],
      },
    ],
  };
}

/** Slack's mrkdwn treats these three as control characters. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
