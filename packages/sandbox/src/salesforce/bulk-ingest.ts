import { noContent, ok } from './api-types.js';
import type { ApiRequest, ApiResponse } from './api-types.js';
import { COLUMN_DELIMITERS, parseCsv, toCsv } from './bulk-csv.js';
import { SfError, notFound } from './errors.js';
import { sfDateTime } from './format.js';
import { KEY_PREFIXES } from './ids.js';
import type { OrgLimits } from './limits.js';
import { findObject } from './objects.js';
import type { SalesforceStore } from './store.js';
import { processRows } from './bulk-process.js';
import type { IngestJob } from './bulk-process.js';

/**
 * Bulk API 2.0 ingest ("Bulk API 2.0 Ingest": Create a Job, Upload Job Data, Close or Abort a Job, Get Job
 * Info, Get Job Successful/Failed/Unprocessed Record Results, Delete a Job). Jobs move
 * Open → UploadComplete → InProgress → JobComplete (or Failed) on timers shortly after the upload closes.
 */
const OPERATIONS = new Set(['insert', 'update', 'upsert', 'delete', 'hardDelete']);
const STEP_MS = 5;

const bulkError = (status: number, errorCode: string, message: string): SfError => new SfError(status, errorCode, message);

export class BulkIngest {
  private jobs = new Map<string, IngestJob>();
  private timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly store: SalesforceStore,
    private readonly limits: OrgLimits,
  ) {}

  handle(req: ApiRequest, parts: string[]): ApiResponse {
    const [jobId, sub, ...rest] = parts;
    if (rest.length > 0) throw notFound();
    if (jobId === undefined) {
      if (req.method === 'POST') return ok(this.info(this.create(req), true));
      if (req.method === 'GET') return ok({ done: true, records: [...this.jobs.values()].map((j) => this.info(j)), nextRecordsUrl: null });
      throw bulkError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${req.method}' not allowed`);
    }
    const job = this.jobs.get(jobId);
    if (!job) throw bulkError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (sub === undefined) return this.jobRoute(req, job);
    if (sub === 'batches' && req.method === 'PUT') return this.upload(req, job);
    if (req.method !== 'GET') throw notFound();
    if (job.state !== 'JobComplete' && job.state !== 'Failed' && job.state !== 'Aborted') {
      throw bulkError(400, 'INVALIDJOBSTATE', `Job is not complete. Current state: ${job.state}`);
    }
    const header = job.header;
    switch (sub) {
      case 'successfulResults':
        return { status: 200, contentType: 'csv', body: toCsv(['sf__Id', 'sf__Created', ...header], job.successful) };
      case 'failedResults':
        return { status: 200, contentType: 'csv', body: toCsv(['sf__Id', 'sf__Error', ...header], job.failed) };
      case 'unprocessedrecords':
        return { status: 200, contentType: 'csv', body: toCsv(header, job.unprocessed) };
      default:
        throw notFound();
    }
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  reset(): void {
    this.stop();
    this.jobs.clear();
  }

  private create(req: ApiRequest): IngestJob {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const o = findObject(String(body.object ?? ''));
    if (!o) throw bulkError(400, 'INVALIDJOB', `Unable to find object: ${String(body.object ?? '')}`);
    const operation = String(body.operation ?? '');
    if (!OPERATIONS.has(operation)) throw bulkError(400, 'INVALIDJOB', `InvalidJob : Invalid operation: ${operation}`);
    const externalIdFieldName = typeof body.externalIdFieldName === 'string' ? body.externalIdFieldName : undefined;
    if (operation === 'upsert' && !externalIdFieldName) {
      throw bulkError(400, 'INVALIDJOB', 'InvalidJob : External ID was blank for upsert operation');
    }
    const delimiter = String(body.columnDelimiter ?? 'COMMA');
    if (!(delimiter in COLUMN_DELIMITERS)) throw bulkError(400, 'INVALIDJOB', `InvalidJob : Invalid column delimiter: ${delimiter}`);
    const now = sfDateTime(this.store.clock.now());
    const job: IngestJob = {
      id: this.store.ids.generate(KEY_PREFIXES.BulkJob ?? '750'),
      object: o.name,
      operation,
      externalIdFieldName,
      assignmentRuleId: typeof body.assignmentRuleId === 'string' ? body.assignmentRuleId : undefined,
      lineEnding: body.lineEnding === 'CRLF' ? 'CRLF' : 'LF',
      columnDelimiter: delimiter,
      state: 'Open',
      createdDate: now,
      systemModstamp: now,
      createdById: this.store.integrationUserId(),
      apiVersion: Number(req.version),
      csv: '',
      header: [],
      successful: [],
      failed: [],
      unprocessed: [],
      errorMessage: undefined,
      processingMs: 0,
    };
    this.jobs.set(job.id, job);
    return job;
  }

  private jobRoute(req: ApiRequest, job: IngestJob): ApiResponse {
    if (req.method === 'GET') return ok(this.info(job));
    if (req.method === 'DELETE') {
      if (job.state === 'Open' || job.state === 'InProgress') {
        throw bulkError(400, 'INVALIDJOBSTATE', `Deleting a job in state ${job.state} is not allowed`);
      }
      this.jobs.delete(job.id);
      return noContent();
    }
    if (req.method !== 'PATCH') throw notFound();
    const state = (req.body as { state?: unknown } | null)?.state;
    if (state === 'Aborted' && (job.state === 'Open' || job.state === 'UploadComplete')) {
      this.setState(job, 'Aborted');
      return ok(this.info(job));
    }
    if (state === 'UploadComplete' && job.state === 'Open') {
      this.setState(job, 'UploadComplete');
      this.later(() => {
        this.setState(job, 'InProgress');
        this.later(() => this.process(job));
      });
      return ok(this.info(job));
    }
    throw bulkError(400, 'INVALIDJOBSTATE', `Invalid state transition from ${job.state} to ${String(state)}`);
  }

  private upload(req: ApiRequest, job: IngestJob): ApiResponse {
    if (job.state !== 'Open') throw bulkError(400, 'INVALIDJOBSTATE', `Job is not open for upload. Current state: ${job.state}`);
    job.csv += typeof req.body === 'string' ? req.body : '';
    return { status: 201 };
  }

  private process(job: IngestJob): void {
    if (job.state !== 'InProgress') return;
    const started = Date.now();
    const rows = parseCsv(job.csv, COLUMN_DELIMITERS[job.columnDelimiter] ?? ',');
    job.csv = '';
    job.header = rows[0] ?? [];
    const outcome = processRows(this.store, job, rows.slice(1));
    this.limits.bulkBatches.add(Math.max(1, Math.ceil((rows.length - 1) / 10_000)));
    job.processingMs = Date.now() - started;
    if (outcome.failure) {
      job.errorMessage = outcome.failure;
      job.unprocessed = rows.slice(1);
      this.setState(job, 'Failed');
    } else this.setState(job, 'JobComplete');
  }

  private setState(job: IngestJob, state: IngestJob['state']): void {
    job.state = state;
    job.systemModstamp = sfDateTime(this.store.clock.now());
  }

  private later(fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, STEP_MS);
    this.timers.add(timer);
  }

  private info(job: IngestJob, created = false): Record<string, unknown> {
    const base = {
      id: job.id,
      operation: job.operation,
      object: job.object,
      createdById: job.createdById,
      createdDate: job.createdDate,
      systemModstamp: job.systemModstamp,
      state: job.state,
      ...(job.externalIdFieldName ? { externalIdFieldName: job.externalIdFieldName } : {}),
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: job.apiVersion,
      lineEnding: job.lineEnding,
      columnDelimiter: job.columnDelimiter,
    };
    if (created) return { ...base, contentUrl: `services/data/v${job.apiVersion.toFixed(1)}/jobs/ingest/${job.id}/batches` };
    return {
      ...base,
      jobType: 'V2Ingest',
      numberRecordsProcessed: job.successful.length + job.failed.length,
      numberRecordsFailed: job.failed.length,
      retries: 0,
      totalProcessingTime: job.processingMs,
      apiActiveProcessingTime: job.processingMs,
      apexProcessingTime: 0,
      ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
    };
  }
}
