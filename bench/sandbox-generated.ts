/**
 * A sandbox child that generates its dataset in its own process instead of loading a file: a
 * million-contact dataset is larger than one JSON string can be, so `handoff sandbox --dataset`
 * cannot load it. Same output as `handoff sandbox`: its first stdout line is
 * {"hubspotUrl", "salesforceUrl", "env"}; it runs until SIGTERM.
 *
 *   node --conditions=source --import tsx bench/sandbox-generated.ts CONTACTS SEED ACTIVITIES_PER_CONTACT
 *
 * The org gets the users the configuration in HANDOFF_CONFIG_DIR names, as `handoff sandbox` does.
 */
import { generateDataset, startSandbox } from '@handoff/sandbox';
import { loadConfig } from '../src/config/load.js';
import { routingUsers } from '../src/runtime/cli/routing-users.js';

const [contacts, seed, activitiesPerContact] = process.argv.slice(2).map(Number);
if (contacts === undefined || seed === undefined || activitiesPerContact === undefined || [contacts, seed, activitiesPerContact].some((n) => !Number.isFinite(n))) {
  process.stderr.write('usage: sandbox-generated.ts CONTACTS SEED ACTIVITIES_PER_CONTACT\n');
  process.exit(2);
}
const dir = process.env['HANDOFF_CONFIG_DIR'];
const config = loadConfig({ env: {}, ...(dir ? { dir } : {}) });
const sandbox = await startSandbox({
  dataset: generateDataset({ contacts, seed, activitiesPerContact }),
  users: routingUsers(config.routing),
  hubspotPort: 0,
  salesforcePort: 0,
});
sandbox.control.salesforce.setOrgState('complete');
process.stdout.write(`${JSON.stringify({ hubspotUrl: sandbox.hubspotUrl, salesforceUrl: sandbox.salesforceUrl, env: sandbox.env })}\n`);
process.stderr.write(`sandbox: ${contacts} generated contacts (seed ${seed}, ${activitiesPerContact} activities each)\n`);
const stop = (): void => {
  void sandbox.stop().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
