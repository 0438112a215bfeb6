import { errorResponse, ok } from './api-types.js';
import type { ApiRequest, ApiResponse } from './api-types.js';
import type { BulkIngest } from './bulk-ingest.js';
import { notFound } from './errors.js';
import type { OrgLimits } from './limits.js';
import { handleCollections } from './routes-collections.js';
import { handleComposite } from './routes-composite.js';
import { handleActions } from './notifications.js';
import { handleQuery } from './routes-query.js';
import type { QueryCursors } from './routes-query.js';
import { handleSObjects } from './routes-sobjects.js';
import { handleTooling } from './setup/routes-tooling.js';
import type { SalesforceStore } from './store.js';

/** Routes `/services/data/vXX.X/...` (prefix removed). Also the dispatcher for composite subrequests. */
export class DataApi {
  constructor(
    private readonly store: SalesforceStore,
    private readonly limits: OrgLimits,
    private readonly cursors: QueryCursors,
    private readonly bulk: BulkIngest,
  ) {}

  dispatch(req: ApiRequest): ApiResponse {
    try {
      return this.route(req);
    } catch (err) {
      return errorResponse(err);
    }
  }

  private route(req: ApiRequest): ApiResponse {
    const parts = req.path.split('/').filter((p) => p !== '').map((p) => decodeURIComponent(p));
    const [head, second, ...rest] = parts;
    switch (head) {
      case undefined:
        return ok(this.resources(req.version));
      case 'limits':
        if (second !== undefined) throw notFound();
        return ok(this.limits.body());
      case 'sobjects':
        return handleSObjects(this.store, req, parts.slice(1));
      case 'query':
      case 'queryAll':
        if (rest.length > 0) throw notFound();
        return handleQuery(this.store, this.cursors, req, head === 'queryAll', second);
      case 'composite':
        if (second === undefined) return handleComposite(this.store, req, (sub) => this.dispatch(sub));
        if (second === 'sobjects') return handleCollections(this.store, req, rest);
        throw notFound();
      case 'actions':
        return handleActions(this.store, req, parts.slice(1));
      case 'jobs':
        if (second === 'ingest') return this.bulk.handle(req, rest);
        throw notFound();
      case 'tooling':
        return handleTooling(this.store, req, parts.slice(1));
      default:
        throw notFound();
    }
  }

  /** `GET /services/data/vXX.X/` ("Resources by Version", REST API Developer Guide), trimmed to what is emulated. */
  private resources(version: string): Record<string, string> {
    const base = `/services/data/v${version}`;
    return {
      sobjects: `${base}/sobjects`,
      query: `${base}/query`,
      queryAll: `${base}/queryAll`,
      composite: `${base}/composite`,
      limits: `${base}/limits`,
      jobs: `${base}/jobs`,
      tooling: `${base}/tooling`,
    };
  }
}
