import type { Migration } from '../sql/migrations.js';

/**
 * PostgreSQL schema, oldest first. Unqualified names: tables land in the schema the connection's
 * search_path selects, which is how one database hosts isolated stores. Text keys that are paged
 * or listed in order use COLLATE "C" so they sort byte-wise, exactly as SQLite sorts them.
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    statements: [
      `CREATE TABLE cursors (
        name text COLLATE "C" PRIMARY KEY,
        value text NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
      `CREATE TABLE handoffs (
        hubspot_id text COLLATE "C" PRIMARY KEY,
        episode integer NOT NULL,
        status text NOT NULL,
        salesforce_lead_id text,
        salesforce_contact_id text,
        salesforce_task_id text,
        owner_id text,
        score double precision,
        grade text,
        fingerprint text,
        handoff_key text,
        first_handed_off_at timestamptz,
        updated_at timestamptz NOT NULL
      )`,
      'CREATE INDEX handoffs_lead ON handoffs (salesforce_lead_id)',
      'CREATE INDEX handoffs_updated ON handoffs (updated_at)',
      `CREATE TABLE ledger (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        run_id text NOT NULL,
        hubspot_id text,
        salesforce_ids jsonb NOT NULL DEFAULT '{}',
        action text NOT NULL,
        payload_hash text,
        result text NOT NULL,
        error_code text,
        error_message text,
        detail jsonb,
        at timestamptz NOT NULL
      )`,
      'CREATE INDEX ledger_run ON ledger (run_id, seq)',
      'CREATE INDEX ledger_contact ON ledger (hubspot_id, seq)',
      'CREATE INDEX ledger_at ON ledger (at)',
      `CREATE TABLE dead_letters (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        stage text NOT NULL,
        code text NOT NULL,
        message text NOT NULL,
        hubspot_id text NOT NULL,
        payload jsonb,
        attempts integer NOT NULL CHECK (attempts > 0),
        first_seen timestamptz NOT NULL,
        last_seen timestamptz NOT NULL,
        resolved_at timestamptz,
        UNIQUE (stage, hubspot_id)
      )`,
      'CREATE INDEX dead_letters_last_seen ON dead_letters (last_seen)',
      `CREATE TABLE runs (
        id text PRIMARY KEY,
        kind text NOT NULL,
        status text NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        report jsonb
      )`,
      'CREATE INDEX runs_started ON runs (started_at)',
      'CREATE INDEX runs_kind_finished ON runs (kind, status, finished_at)',
      `CREATE TABLE rr_pointers (
        team text COLLATE "C" PRIMARY KEY,
        position bigint NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
      `CREATE TABLE cache (
        key text PRIMARY KEY,
        value jsonb,
        expires_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
      `CREATE TABLE locks (
        name text PRIMARY KEY,
        token bigint NOT NULL CHECK (token > 0),
        holder_id text,
        holder_pid integer,
        holder_host text,
        holder_command text,
        acquired_at timestamptz,
        expires_at timestamptz
      )`,
    ],
  },
  {
    version: 2,
    name: 'activities',
    statements: [
      `CREATE TABLE activities (
        id text NOT NULL,
        contact_id text COLLATE "C" NOT NULL,
        type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        outcome text,
        title text,
        PRIMARY KEY (contact_id, id)
      )`,
    ],
  },
  {
    version: 3,
    name: 'dead-letter-vendor-code',
    // The vendor's own error code (e.g. REQUIRED_FIELD_MISSING) beside ours, when a vendor gave one.
    statements: ['ALTER TABLE dead_letters ADD COLUMN vendor_code text'],
  },
  {
    version: 4,
    name: 'decisions',
    statements: [
      // Each contact's latest evaluation and why it was or wasn't handed off (docs/state.md).
      // No names, emails or phones: `fields` holds email and phone only as presence, validity and domain.
      `CREATE TABLE decisions (
        hubspot_id text COLLATE "C" PRIMARY KEY,
        evaluated_at timestamptz NOT NULL,
        run_id text NOT NULL,
        reason text NOT NULL,
        qualified boolean NOT NULL,
        rule text,
        score double precision,
        fit double precision,
        engagement double precision,
        grade text,
        threshold double precision,
        model_version text,
        duplicate_of text,
        source text,
        lifecycle_stage text,
        country text,
        region text,
        state text,
        segment text,
        employees bigint,
        fields jsonb NOT NULL
      )`,
      'CREATE INDEX decisions_reason ON decisions (reason, hubspot_id)',
      'CREATE INDEX decisions_evaluated ON decisions (evaluated_at)',
    ],
  },
  {
    version: 5,
    name: 'claims-and-budget',
    statements: [
      // See the SQLite migration for what these hold.
      `CREATE TABLE claims (
        hubspot_id text COLLATE "C" PRIMARY KEY,
        job text NOT NULL,
        token bigint NOT NULL,
        claimed_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        owner_id text,
        owner_team text
      )`,
      'CREATE INDEX claims_job ON claims (job, token)',
      `CREATE TABLE budget_calls (
        budget text NOT NULL,
        slot bigint NOT NULL,
        lane text NOT NULL,
        calls integer NOT NULL CHECK (calls > 0),
        PRIMARY KEY (budget, slot, lane)
      )`,
    ],
  },
  {
    version: 6,
    name: 'episodes',
    statements: [
      // One row per handoff episode: the values at handoff (written with it) and what sales did.
      `CREATE TABLE episodes (
        hubspot_id text COLLATE "C" NOT NULL,
        episode integer NOT NULL,
        handoff_key text NOT NULL,
        handed_off_at timestamptz NOT NULL,
        salesforce_lead_id text,
        salesforce_contact_id text,
        salesforce_task_id text,
        first_owner_id text,
        team text,
        tier text,
        sla_due_at timestamptz,
        score double precision,
        grade text,
        model_version text,
        source text,
        segment text,
        calendar text,
        time_zone text,
        sales_status text NOT NULL,
        current_owner_id text,
        first_touch_at timestamptz,
        first_touch_kind text,
        response_business_minutes double precision,
        sla_met boolean,
        accepted_at timestamptz,
        working_at timestamptz,
        meeting_at timestamptz,
        converted_at timestamptz,
        opportunity_id text,
        opportunity_created_at timestamptz,
        opportunity_stage text,
        opportunity_amount double precision,
        currency_iso_code text,
        closed_at timestamptz,
        won boolean,
        disqualified_at timestamptz,
        disqualify_reason text,
        recycled_at timestamptz,
        outcome text,
        lead_quality integer,
        reminded_at timestamptz,
        escalated_at timestamptz,
        reassigned_at timestamptz,
        reassigned_to_id text,
        lead_status text,
        hubspot_hash text,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (hubspot_id, episode)
      )`,
      'CREATE INDEX episodes_handed_off ON episodes (handed_off_at)',
      'CREATE INDEX episodes_updated ON episodes (updated_at)',
    ],
  },
  {
    version: 7,
    name: 'outbox-and-sla-steps',
    statements: [
      // Messages to people about leads, written with the decision that caused them (docs/sla-and-feedback.md).
      // body holds what is said (a lead's name) only until the message is sent.
      `CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        message_key text NOT NULL UNIQUE,
        kind text NOT NULL,
        channel text NOT NULL,
        recipient_id text,
        hubspot_id text COLLATE "C",
        handoff_key text,
        body text,
        send_after timestamptz NOT NULL,
        status text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        last_error text,
        created_at timestamptz NOT NULL,
        sent_at timestamptz
      )`,
      'CREATE INDEX outbox_due ON outbox (status, next_attempt_at)',
      'CREATE INDEX outbox_contact ON outbox (hubspot_id)',
      // The SLA watch's steps, once per episode each; a reassignment is applied to Salesforce after it is decided.
      `CREATE TABLE sla_steps (
        handoff_key text NOT NULL,
        step text NOT NULL,
        hubspot_id text COLLATE "C" NOT NULL,
        task_id text NOT NULL,
        decided_at timestamptz NOT NULL,
        owner_id text,
        recipient_id text,
        to_owner_id text,
        due_at timestamptz,
        lead_id text,
        applied_at timestamptz,
        PRIMARY KEY (handoff_key, step)
      )`,
      'CREATE INDEX sla_steps_unapplied ON sla_steps (applied_at, step)',
    ],
  },
  {
    version: 8,
    name: 'decision-shadow',
    statements: [
      // The shadow model's result beside the live one (handoff.yaml scoring.shadow); null without one.
      'ALTER TABLE decisions ADD COLUMN shadow_score double precision',
      'ALTER TABLE decisions ADD COLUMN shadow_grade text',
      'ALTER TABLE decisions ADD COLUMN shadow_qualified boolean',
      'ALTER TABLE decisions ADD COLUMN shadow_model_version text',
    ],
  },
  {
    version: 9,
    name: 'kept-emails',
    statements: [
      // Which contact a streamed sync window kept per email, as SHA-256 hashes of the normalized
      // address (never the address); emptied when the window's last chunk commits.
      'CREATE TABLE kept_emails (hash TEXT PRIMARY KEY, hubspot_id TEXT NOT NULL)',
    ],
  },
  {
    version: 10,
    name: 'outbox-claim-fence',
    statements: [
      // The job lease a message was claimed under: a later holder of the same lease may take it
      // over at once (the claimer is gone or fenced out) instead of waiting out the claim.
      'ALTER TABLE outbox ADD COLUMN claim_lock text',
      'ALTER TABLE outbox ADD COLUMN claim_token bigint',
    ],
  },
  {
    version: 11,
    name: 'account-index-daily-budget',
    statements: [
      // The Account index (ports/account-index.ts): one row per Salesforce Account with the
      // orgDomain of its Website (null when it has none), its owner, the SystemModstamp of the read
      // that wrote it (a row only moves forward) and when it got this domain (the oldest holder of a
      // domain wins). Read per chunk for the chunk's domains, never whole.
      `CREATE TABLE account_index (
        account_id text PRIMARY KEY,
        domain text,
        owner_id text,
        modstamp text NOT NULL,
        domain_since text NOT NULL
      )`,
      'CREATE INDEX account_index_domain ON account_index (domain)',
      'CREATE INDEX account_index_modstamp ON account_index (modstamp)',
      // The index this table replaces: one cache entry holding every Account of the org.
      "DELETE FROM cache WHERE key = 'salesforce:account-index:v2'",
      // Daily API allowances (HubSpot's daily limit, Salesforce's daily allocation) shared by every
      // process on the state: the usage the vendor last reported, its limit, the calls Handoff
      // started and those that came back (the difference is in flight), and when a report or a
      // probe last came (ports/budget.ts).
      `CREATE TABLE budget_daily (
        budget text PRIMARY KEY,
        used bigint,
        lim bigint,
        taken bigint NOT NULL DEFAULT 0,
        returned bigint NOT NULL DEFAULT 0,
        reported_at text,
        probe_at text
      )`,
    ],
  },
  {
    version: 12,
    name: 'pending-contacts',
    statements: [
      // Contacts a sync window's activities touched, written with those activities before the
      // window's contacts are processed and deleted by the commit that processes each contact: a
      // cursor past an activity leaves its contact here until a cycle hands it off.
      'CREATE TABLE pending_contacts (contact_id text COLLATE "C" PRIMARY KEY)',
    ],
  },
];
