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
];
