import type { SetupReport } from '../../domain/setup.js';
import type { Config } from '../../config/load.js';
import type { SetupHubSpot, SetupSalesforce } from '../../ports/setup.js';
import { requiredNotificationTypes } from '../../core/salesforce/custom-notifications.js';
import { failedStep } from './failed-step.js';
import { setupHubSpot } from './hubspot-setup.js';
import { setupSalesforce } from './salesforce-setup.js';

export interface SetupDeps {
  config: Config;
  /** Salesforce as the setup user (admin credentials, else the integration user); a refused connection is a failed step. */
  salesforce: () => Promise<SetupSalesforce>;
  hubspot: () => SetupHubSpot;
  ranAs: 'admin' | 'integration';
}

/**
 * `handoff setup`: creates what Handoff needs in both systems, idempotently. Salesforce and HubSpot are
 * independent: a failure on one side does not stop the other.
 */
export async function runSetup(deps: SetupDeps, opts: { dryRun: boolean }): Promise<SetupReport> {
  const groupName = deps.config.handoff.writeback.propertyGroup;
  const salesforce = deps
    .salesforce()
    .then((sf) => setupSalesforce(sf, { dryRun: opts.dryRun, ranAs: deps.ranAs, notificationTypes: requiredNotificationTypes(deps.config.handoff) }))
    .catch((err: unknown) => ({
      ranAs: deps.ranAs,
      created: [],
      unchanged: [],
      conflicts: [],
      permissionSet: null,
      notificationTypes: { created: [], unchanged: [] },
      failed: [failedStep(`connect to Salesforce as the ${deps.ranAs === 'admin' ? 'admin (SALESFORCE_ADMIN_*)' : 'integration user'}`, err)],
    }));
  const hubspot = Promise.resolve()
    .then(() => setupHubSpot(deps.hubspot(), { dryRun: opts.dryRun, groupName }))
    .catch((err: unknown) => ({
      group: { name: groupName, created: false },
      created: [],
      unchanged: [],
      conflicts: [],
      failed: [failedStep('connect to HubSpot', err)],
    }));
  return { dryRun: opts.dryRun, salesforce: await salesforce, hubspot: await hubspot };
}
