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
  {
    version: 6,
    name: 'episodes',
    statements: [
      // One row per handoff episode: the values at handoff (written with it) and what sales did.
      `CREATE TABLE episodes (
        hubspot_id TEXT NOT NULL,
        episode INTEGER NOT NULL,
        handoff_key TEXT NOT NULL,
        handed_off_at TEXT NOT NULL,
        salesforce_lead_id TEXT,
        salesforce_contact_id TEXT,
        salesforce_task_id TEXT,
        first_owner_id TEXT,
        team TEXT,
        tier TEXT,
        sla_due_at TEXT,
        score REAL,
        grade TEXT,
        model_version TEXT,
        source TEXT,
        segment TEXT,
        calendar TEXT,
        time_zone TEXT,
        sales_status TEXT NOT NULL,
        current_owner_id TEXT,
        first_touch_at TEXT,
        first_touch_kind TEXT,
        response_business_minutes REAL,
        sla_met INTEGER CHECK (sla_met IN (0, 1)),
        accepted_at TEXT,
        working_at TEXT,
        meeting_at TEXT,
        converted_at TEXT,
        opportunity_id TEXT,
        opportunity_created_at TEXT,
        opportunity_stage TEXT,
        opportunity_amount REAL,
        currency_iso_code TEXT,
        closed_at TEXT,
        won INTEGER CHECK (won IN (0, 1)),
        disqualified_at TEXT,
        disqualify_reason TEXT,
        recycled_at TEXT,
        outcome TEXT,
        lead_quality INTEGER,
        reminded_at TEXT,
        escalated_at TEXT,
        reassigned_at TEXT,
        reassigned_to_id TEXT,
        lead_status TEXT,
        hubspot_hash TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (hubspot_id, episode)
      ) STRICT`,
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
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        message_key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        channel TEXT NOT NULL,
        recipient_id TEXT,
        hubspot_id TEXT,
        handoff_key TEXT,
        body TEXT,
        send_after TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        created_at TEXT NOT NULL,
        sent_at TEXT
      ) STRICT`,
      'CREATE INDEX outbox_due ON outbox (status, next_attempt_at)',
      'CREATE INDEX outbox_contact ON outbox (hubspot_id)',
      // The SLA watch's steps, once per episode each; a reassignment is applied to Salesforce after it is decided.
      `CREATE TABLE sla_steps (
        handoff_key TEXT NOT NULL,
        step TEXT NOT NULL,
        hubspot_id TEXT NOT NULL,
        task_id TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        owner_id TEXT,
        recipient_id TEXT,
        to_owner_id TEXT,
        due_at TEXT,
        lead_id TEXT,
        applied_at TEXT,
        PRIMARY KEY (handoff_key, step)
      ) STRICT`,
      'CREATE INDEX sla_steps_unapplied ON sla_steps (applied_at, step)',
    ],
  },
  {
    version: 8,
    name: 'decision-shadow',
    statements: [
      // The shadow model's result beside the live one (handoff.yaml scoring.shadow); null without one.
      'ALTER TABLE decisions ADD COLUMN shadow_score REAL',
      'ALTER TABLE decisions ADD COLUMN shadow_grade TEXT',
      'ALTER TABLE decisions ADD COLUMN shadow_qualified INTEGER CHECK (shadow_qualified IN (0, 1))',
      'ALTER TABLE decisions ADD COLUMN shadow_model_version TEXT',
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
      'ALTER TABLE outbox ADD COLUMN claim_lock TEXT',
      'ALTER TABLE outbox ADD COLUMN claim_token INTEGER',
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
        account_id TEXT PRIMARY KEY,
        domain TEXT,
        owner_id TEXT,
        modstamp TEXT NOT NULL,
        domain_since TEXT NOT NULL
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
        budget TEXT PRIMARY KEY,
        used INTEGER,
        lim INTEGER,
        taken INTEGER NOT NULL DEFAULT 0,
        returned INTEGER NOT NULL DEFAULT 0,
        reported_at TEXT,
        probe_at TEXT
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
      'CREATE TABLE pending_contacts (contact_id TEXT PRIMARY KEY)',
    ],
  },
];
