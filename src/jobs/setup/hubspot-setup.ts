import type { HubSpotSetupReport } from '../../domain/setup.js';
import { HUBSPOT_GROUP_LABEL, HUBSPOT_PROPERTIES } from '../../core/hubspot/property-definitions.js';
import type { HubSpotPropertyDefinition } from '../../core/hubspot/property-definitions.js';
import { planProperties } from '../../core/setup/plan.js';
import type { SetupHubSpot } from '../../ports/setup.js';
import { failedStep } from './failed-step.js';

/** The property group and the contact properties Handoff writes, each only when missing. */
export async function setupHubSpot(
  hs: SetupHubSpot,
  opts: { dryRun: boolean; groupName: string; properties?: readonly HubSpotPropertyDefinition[] },
): Promise<HubSpotSetupReport> {
  const report: HubSpotSetupReport = { group: { name: opts.groupName, created: false }, created: [], unchanged: [], conflicts: [], failed: [] };
  let plan;
  try {
    const [groups, existing] = await Promise.all([hs.propertyGroups(), hs.contactProperties()]);
    plan = planProperties(opts.properties ?? HUBSPOT_PROPERTIES, existing, groups, opts.groupName);
  } catch (err) {
    report.failed.push(failedStep('read the contact properties and groups', err));
    return report;
  }
  report.unchanged = plan.unchanged.map((p) => p.name);
  report.conflicts = plan.conflicts;
  if (plan.createGroup) {
    if (opts.dryRun) report.group.created = true;
    else {
      try {
        await hs.createGroup(opts.groupName, HUBSPOT_GROUP_LABEL);
        report.group.created = true;
      } catch (err) {
        report.failed.push(failedStep(`create the property group ${opts.groupName}`, err));
        return report;
      }
    }
  }
  for (const def of plan.create) {
    if (opts.dryRun) {
      report.created.push(def.name);
      continue;
    }
    try {
      await hs.createProperty(def, opts.groupName);
      report.created.push(def.name);
    } catch (err) {
      report.failed.push(failedStep(`create the contact property ${def.name}`, err));
    }
  }
  return report;
}
