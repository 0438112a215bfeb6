import { z } from 'zod';
import { cronExpressionLike } from './cron.js';
import { MESSAGE_CHANNELS, MESSAGE_KINDS } from '../domain/outbox.js';

/**
 * handoff.yaml `notify:` (messages to people about leads) and `sla:` (the SLA watch). Secrets are
 * named by the environment variable that holds them, never written here.
 */
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name, e.g. SLACK_BOT_TOKEN');
const tierName = z.string().regex(/^[a-z0-9-]{1,20}$/, 'a tier name from sla.yaml');

const ruleSchema = z
  .object({
    /** The sla.yaml tiers this rule covers; none listed: every tier. */
    tiers: z.array(tierName).default([]),
    /** The events it covers. */
    on: z.array(z.enum(MESSAGE_KINDS)).min(1, 'at least one of qualified, reminder, escalation, reassignment'),
    /** Where the messages go: slack (a direct message), slack-channel (notify.slack.channel), email, salesforce. */
    channels: z.array(z.enum(MESSAGE_CHANNELS)).min(1, 'at least one channel'),
    /** Send at once, even outside the recipient's business hours. */
    anyHour: z.boolean().default(false),
  })
  .strict();

export const notifySchema = z
  .object({
    slack: z
      .object({
        /** Bot token with chat:write and users:read.email. */
        tokenEnv: envName.default('SLACK_BOT_TOKEN'),
        apiBaseUrl: z.url({ message: 'must be an absolute URL such as https://slack.com/api' }).default('https://slack.com/api'),
        /** Channel id (or name) for `slack-channel` messages. */
        channel: z.string().min(1).nullable().default(null),
        /** How long a Salesforce user's Slack id found by email is remembered. */
        lookupCacheHours: z.number().positive().default(24),
      })
      .strict()
      .prefault({}),
    email: z
      .object({
        /** The same SMTP settings alerts use. */
        smtpUrlEnv: envName.default('SMTP_URL'),
        from: z.email().nullable().default(null),
      })
      .strict()
      .prefault({}),
    salesforce: z
      .object({
        /** DeveloperName of the CustomNotificationType the admin created for Handoff. */
        notificationType: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a DeveloperName, e.g. Handoff_Lead').nullable().default(null),
      })
      .strict()
      .prefault({}),
    /** Channels on which a message names the lead and links to it; elsewhere it carries record ids only. */
    nameLeadOn: z.array(z.enum(MESSAGE_CHANNELS)).default(['slack', 'salesforce']),
    rules: z.array(ruleSchema).default([]),
    worker: z
      .object({
        /** Messages taken per claim. */
        batchSize: z.number().int().min(1).max(500).default(50),
        /** A claimed message not marked sent by then is tried again (a worker killed mid-send). */
        claimSeconds: z.number().int().min(10).max(3600).default(120),
        /** After this many attempts a message is marked failed. */
        maxAttempts: z.number().int().min(1).max(50).default(8),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((n, ctx) => {
    n.rules.forEach((r, i) => {
      r.channels.forEach((c, j) => {
        if (c === 'slack-channel' && n.slack.channel === null) ctx.addIssue({ code: 'custom', path: ['rules', i, 'channels', j], message: 'slack-channel needs notify.slack.channel' });
        if (c === 'email' && n.email.from === null) ctx.addIssue({ code: 'custom', path: ['rules', i, 'channels', j], message: 'email needs notify.email.from' });
        if (c === 'salesforce' && n.salesforce.notificationType === null) {
          ctx.addIssue({ code: 'custom', path: ['rules', i, 'channels', j], message: 'salesforce needs notify.salesforce.notificationType' });
        }
      });
    });
  });

export const REASSIGN_POLICIES = ['none', 'round-robin', 'user'] as const;

export const slaWatchSchema = z
  .object({
    /** When the daemon runs the watch (on the leader); null: only `handoff sla --once`. */
    cron: cronExpressionLike('*/5 * * * *')
      .nullable()
      .default(null),
    /** Business minutes (owner's calendar) after the due time before the manager is told. */
    escalateAfterBusinessMinutes: z.number().int().min(0).max(100_000).default(60),
    reassign: z
      .object({
        policy: z.enum(REASSIGN_POLICIES).default('none'),
        /** policy user: who gets the Task (a username, email or alias from routing.yaml). */
        user: z.string().min(1).nullable().default(null),
        /** Business minutes after the due time before the Task moves; at least the escalation's. */
        afterBusinessMinutes: z.number().int().min(0).max(100_000).default(120),
      })
      .strict()
      .prefault({}),
    /** Candidates per touch query (Salesforce IN lists); 200 as the issue asks. */
    batchSize: z.number().int().min(1).max(200).default(200),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.reassign.policy === 'user' && s.reassign.user === null) ctx.addIssue({ code: 'custom', path: ['reassign', 'user'], message: 'policy user needs reassign.user' });
    if (s.reassign.policy !== 'none' && s.reassign.afterBusinessMinutes < s.escalateAfterBusinessMinutes) {
      ctx.addIssue({ code: 'custom', path: ['reassign', 'afterBusinessMinutes'], message: `must be at least escalateAfterBusinessMinutes (${s.escalateAfterBusinessMinutes}): reassignment follows escalation` });
    }
  });

export type NotifyConfig = z.output<typeof notifySchema>;
export type NotifyRule = NotifyConfig['rules'][number];
export type SlaWatchConfig = z.output<typeof slaWatchSchema>;
