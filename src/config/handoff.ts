import { z } from 'zod';
import { cronExpression } from './cron.js';
import { feedbackSchema } from './feedback.js';
import { timeZoneSchema } from './sla.js';
import { rolloutSchema } from './rollout.js';
import { notifySchema, slaWatchSchema } from './notify.js';

/** config/handoff.yaml: schedule, non-secret connection settings, sync behaviour, alerting. */
const url = z.url({ message: 'must be an absolute URL such as https://example.com' });

const alertChannelSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('log'), name: z.string().default('log') }).strict(),
  z
    .object({
      type: z.literal('slack'),
      name: z.string().default('slack'),
      /** Name of the environment variable holding the incoming-webhook URL (a secret). */
      urlEnv: z.string().default('SLACK_WEBHOOK_URL'),
    })
    .strict(),
  z
    .object({
      type: z.literal('webhook'),
      name: z.string().default('webhook'),
      urlEnv: z.string().default('ALERT_WEBHOOK_URL'),
      /** Environment variable with the HMAC-SHA256 signing secret. */
      secretEnv: z.string().default('ALERT_WEBHOOK_SECRET'),
    })
    .strict(),
  z
    .object({
      type: z.literal('email'),
      name: z.string().default('email'),
      /** Environment variable with the SMTP URL, e.g. smtps://user:pass@smtp.example.com:465 */
      smtpUrlEnv: z.string().default('SMTP_URL'),
      from: z.email(),
      to: z.array(z.email()).min(1),
    })
    .strict(),
]);

export const handoffSchema = z
  .object({
    schedule: z
      .object({
        cron: z.string().default('*/5 * * * *'),
        timeZone: z.string().default('UTC'),
      })
      .strict()
      .prefault({}),
    sync: z
      .object({
        /** First run without a cursor reads contacts modified within this many days; older ones only via backfill. */
        initialLookbackDays: z.number().int().positive().default(30),
        /** Re-read this many seconds before the cursor: HubSpot's search index lags writes. */
        overlapSeconds: z.number().int().nonnegative().default(300),
        /** Record changes whose writes failed transiently are retried this many times within a cycle. */
        maxRecordAttempts: z.number().int().min(1).max(10).default(3),
        /**
         * A cycle reads its window's activities ahead, then processes its changed contacts and then
         * the contacts only activity touched in chunks of this many contacts, each committed with its
         * own cursor position.
         */
        chunkSize: z.number().int().min(1).max(1_000_000).default(5_000),
        /**
         * A chunk other than its window's last writes to Salesforce only once this many contacts
         * need it (those held back from earlier chunks included), and then whole collections of 200;
         * the rest wait, durably pending, for a later chunk. The window's last chunk writes all.
         */
        writeBatch: z.number().int().min(1).max(10_000).default(2_000),
      })
      .strict()
      .prefault({}),
    hubspot: z
      .object({
        baseUrl: url.default('https://api.hubapi.com'),
        /** The account's API tier decides its 10-second limit. */
        tier: z.enum(['starter', 'professional', 'enterprise', 'oauth']).default('professional'),
        /** Share of the account's limits Handoff may use; other integrations share the rest. */
        rateShare: z.number().gt(0).max(1).default(0.5),
        /** Search is limited per account per second, separately. */
        searchPerSecond: z.number().gt(0).max(5).default(4),
        /** A request with no answer by then counts as a transient failure and is retried. */
        requestTimeoutSeconds: z.number().int().min(1).max(600).default(30),
      })
      .strict()
      .prefault({}),
    salesforce: z
      .object({
        loginUrl: url.default('https://login.salesforce.com'),
        apiVersion: z
          .string()
          .regex(/^\d{2}\.0$/, 'must look like 64.0')
          .default('64.0'),
        /** Above this share of the daily API allocation Handoff starts no new work and alerts. */
        dailyBudgetShare: z.number().gt(0).max(1).default(0.75),
        describeCacheMinutes: z.number().int().positive().default(60),
        /** A request with no answer by then counts as a transient failure and is retried. */
        requestTimeoutSeconds: z.number().int().min(1).max(600).default(60),
        /** Salesforce object for records Handoff creates. */
        leadObject: z.literal('Lead').default('Lead'),
      })
      .strict()
      .prefault({}),
    claims: z
      .object({
        /**
         * How long a job's claim on a contact lasts (ports/claims.ts). A live job's claims also end
         * when its lease does, so a killed job frees its contacts within its lease (15-30 s).
         */
        ttlSeconds: z.number().int().min(10).max(3600).default(300),
        /** How often a job waiting for a contact another job holds looks again. */
        pollMs: z.number().int().min(10).max(60_000).default(1000),
      })
      .strict()
      .prefault({}),
    budget: z
      .object({
        /** Share of each API window kept free for live work (sync, SLA watch, feedback): a backfill never uses it. */
        liveReserve: z.number().min(0).max(0.9).default(0.2),
      })
      .strict()
      .prefault({}),
    backfill: z
      .object({
        /** Most of each API window a backfill may use, and only what live work leaves. */
        maxShare: z.number().gt(0).max(1).default(0.5),
        /** Above this many contacts to scan, a backfill asks for confirmation (or --yes). */
        confirmAbove: z.number().int().nonnegative().default(10_000),
      })
      .strict()
      .prefault({}),
    writeback: z
      .object({
        enabled: z.boolean().default(true),
        /** Lifecycle stage set on handoff; it only ever moves forward. */
        lifecycleStage: z.string().default('marketingqualifiedlead'),
        propertyGroup: z.string().default('handoff'),
      })
      .strict()
      .prefault({}),
    deadLetters: z
      .object({
        retentionDays: z.number().int().positive().default(30),
        /** The daemon purges what is past retention this often; 0: only `handoff dlq purge` does. */
        purgeEveryHours: z.number().int().nonnegative().default(24),
      })
      .strict()
      .prefault({}),
    privacy: z
      .object({
        /**
         * When the daemon checks HubSpot for contacts deleted or archived there and erases their
         * personal data from the state (docs/operations.md); off (null) by default. Costs one batch
         * read per 100 contacts the state holds personal data for.
         */
        sweepCron: cronExpression.nullable().default(null),
      })
      .strict()
      .prefault({}),
    alerts: z
      .object({
        channels: z.array(alertChannelSchema).default([{ type: 'log', name: 'log' }]),
        /** Channel names per severity. */
        routes: z
          .object({
            critical: z.array(z.string()).default(['log']),
            warning: z.array(z.string()).default(['log']),
            info: z.array(z.string()).default(['log']),
          })
          .strict()
          .prefault({}),
        email: z
          .object({
            /**
             * smtp:// to a host other than loopback requires STARTTLS, so credentials and alerts are
             * never sent in clear; true allows a server that offers no TLS.
             */
            allowInsecure: z.boolean().default(false),
          })
          .strict()
          .prefault({}),
        dedupeWindowMinutes: z.number().int().nonnegative().default(60),
        deadLetterThreshold: z.number().int().nonnegative().default(10),
        staleAfterIntervals: z.number().int().positive().default(3),
      })
      .strict()
      .prefault({}),
    /** What sales did with each handoff, read back from Salesforce (docs/sla-and-feedback.md). */
    feedback: feedbackSchema.prefault({}),
    scoring: z
      .object({
        /**
         * A candidate model (a scoring.yaml-shaped file, relative to the config directory) that scores
         * every contact beside the live one; both are recorded, only the live one acts. Null: none.
         */
        shadow: z.string().min(1).nullable().default(null),
      })
      .strict()
      .prefault({}),
    matching: z
      .object({
        /**
         * An email matching several Salesforce Leads or Contacts: false picks by the documented order
         * and lists the match for review; true holds the contact for `handoff review resolve` instead
         * of writing it (docs/governance.md).
         */
        strict: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    report: z
      .object({
        /** The zone report periods (`--since 2026-11-02` is midnight there) and ISO weeks are read in. */
        timeZone: timeZoneSchema.default('UTC'),
        /** Score-band edges for grouping and calibration, ascending: [50, 60] gives <50, 50–59, 60+. */
        scoreBands: z
          .array(z.number().int().min(1).max(1000))
          .min(1)
          .max(20)
          .default([50, 60, 70, 80, 90])
          .refine((edges) => edges.every((e, i) => i === 0 || e > (edges[i - 1] as number)), { message: 'edges must be strictly ascending, e.g. [50, 65, 80]' }),
      })
      .strict()
      .prefault({}),
    /** The pilot: which qualified contacts are handed off (config/rollout.ts); default everyone. */
    rollout: rolloutSchema,
    /** Messages to people about leads (docs/sla-and-feedback.md). */
    notify: notifySchema.prefault({}),
    /** The SLA watch: reminders, escalation, reassignment (docs/sla-and-feedback.md). */
    sla: slaWatchSchema.prefault({}),
    http: z
      .object({
        port: z.number().int().min(0).max(65535).default(9464),
        host: z.string().default('0.0.0.0'),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const names = new Set(cfg.alerts.channels.map((c) => c.name));
    for (const [severity, list] of Object.entries(cfg.alerts.routes)) {
      list.forEach((name, i) => {
        if (!names.has(name)) {
          ctx.addIssue({
            code: 'custom',
            path: ['alerts', 'routes', severity, i],
            message: `no alert channel named "${name}" (channels: ${[...names].join(', ')})`,
          });
        }
      });
    }
  });

export type HandoffConfig = z.output<typeof handoffSchema>;
