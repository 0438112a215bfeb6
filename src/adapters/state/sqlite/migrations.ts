import type { Migration } from '../sql/migrations.js';

/**
 * SQLite schema, oldest first. STRICT tables so a wrong type fails loudly instead of being stored.
 * Timestamps are ISO-8601 UTC text with milliseconds (they sort as text); JSON is text.
 * AUTOINCREMENT on ledger and dead letters so a purged id is never handed out again.
 */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    statements: [
      `CREATE TABLE cursors (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT`,
      `CREATE TABLE handoffs (
        hubspot_id TEXT PRIMARY KEY,
        episode INTEGER NOT NULL,
        status TEXT NOT NULL,
        salesforce_lead_id TEXT,
        salesforce_contact_id TEXT,
        salesforce_task_id TEXT,
        owner_id TEXT,
        score REAL,
        grade TEXT,
        fingerprint TEXT,
        handoff_key TEXT,
        first_handed_off_at TEXT,
        updated_at TEXT NOT NULL
      ) STRICT`,
      'CREATE INDEX handoffs_lead ON handoffs (salesforce_lead_id)',
      'CREATE INDEX handoffs_updated ON handoffs (updated_at)',
      `CREATE TABLE ledger (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL,
        hubspot_id TEXT,
        salesforce_ids TEXT NOT NULL DEFAULT '{}',
        action TEXT NOT NULL,
        payload_hash TEXT,
        result TEXT NOT NULL,
        error_code TEXT,
        error_message TEXT,
        detail TEXT,
        at TEXT NOT NULL
      ) STRICT`,
      'CREATE INDEX ledger_run ON ledger (run_id, seq)',
      'CREATE INDEX ledger_contact ON ledger (hubspot_id, seq)',
      'CREATE INDEX ledger_at ON ledger (at)',
      `CREATE TABLE dead_letters (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        stage TEXT NOT NULL,
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        hubspot_id TEXT NOT NULL,
        payload TEXT,
        attempts INTEGER NOT NULL CHECK (attempts > 0),
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        resolved_at TEXT,
        UNIQUE (stage, hubspot_id)
      ) STRICT`,
      'CREATE INDEX dead_letters_last_seen ON dead_letters (last_seen)',
      `CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        report TEXT
      ) STRICT`,
      'CREATE INDEX runs_started ON runs (started_at)',
      'CREATE INDEX runs_kind_finished ON runs (kind, status, finished_at)',
      `CREATE TABLE rr_pointers (
        team TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT`,
      `CREATE TABLE cache (
        key TEXT PRIMARY KEY,
        value TEXT,
        expires_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT`,
      `CREATE TABLE locks (
        name TEXT PRIMARY KEY,
        token INTEGER NOT NULL CHECK (token > 0),
        holder_id TEXT,
        holder_pid INTEGER,
        holder_host TEXT,
        holder_command TEXT,
        acquired_at TEXT,
        expires_at TEXT
      ) STRICT`,
    ],
  },
  {
    version: 2,
    name: 'activities',
    statements: [
      // Engagements seen by incremental reads, kept so scoring sees a contact's whole history
      // without re-reading it from HubSpot every time the contact changes.
      `CREATE TABLE activities (
        id TEXT NOT NULL,
        contact_id TEXT NOT NULL,
        type TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        outcome TEXT,
        title TEXT,
        PRIMARY KEY (contact_id, id)
      ) STRICT`,
    ],
  },
  {
    version: 3,
    name: 'dead-letter-vendor-code',
    // The vendor's own error code (e.g. REQUIRED_FIELD_MISSING) beside ours, when a vendor gave one.
    statements: ['ALTER TABLE dead_letters ADD COLUMN vendor_code TEXT'],
  },
  {
    version: 4,
    name: 'decisions',
    statements: [
      // Each contact's latest evaluation and why it was or wasn't handed off (docs/state.md).
      // No names, emails or phones: `fields` holds email and phone only as presence, validity and domain.
      `CREATE TABLE decisions (
        hubspot_id TEXT PRIMARY KEY,
        evaluated_at TEXT NOT NULL,
        run_id TEXT NOT NULL,
        reason TEXT NOT NULL,
        qualified INTEGER NOT NULL CHECK (qualified IN (0, 1)),
        rule TEXT,
        score REAL,
        fit REAL,
        engagement REAL,
        grade TEXT,
        threshold REAL,
        model_version TEXT,
        duplicate_of TEXT,
        source TEXT,
        lifecycle_stage TEXT,
        country TEXT,
        region TEXT,
        state TEXT,
        segment TEXT,
        employees INTEGER,
        fields TEXT NOT NULL
      ) STRICT`,
      'CREATE INDEX decisions_reason ON decisions (reason, hubspot_id)',
      'CREATE INDEX decisions_evaluated ON decisions (evaluated_at)',
    ],
  },
  {
    version: 5,
    name: 'claims-and-budget',
    statements: [
      // One row per contact a job has claimed (ports/claims.ts). A claim counts while it is
      // unexpired AND the lease named by (job, token) is still current, so a killed job frees its
      // contacts when its lease runs out. The owner a job reserved stays until the results commit.
      `CREATE TABLE claims (
        hubspot_id TEXT PRIMARY KEY,
        job TEXT NOT NULL,
        token INTEGER NOT NULL,
        claimed_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        owner_id TEXT,
        owner_team TEXT
      ) STRICT`,
      'CREATE INDEX claims_job ON claims (job, token)',
      // API calls started per budget, lane and time slot (ports/budget.ts), shared by every process.
      `CREATE TABLE budget_calls (
        budget TEXT NOT NULL,
        slot INTEGER NOT NULL,
        lane TEXT NOT NULL,
        calls INTEGER NOT NULL CHECK (calls > 0),
        PRIMARY KEY (budget, slot, lane)
      ) STRICT`,
    ],
  },
];
