import { HandoffError } from '../../domain/errors.js';
import type { FailedStep } from '../../domain/setup.js';
import { SETUP_DOC } from '../../core/salesforce/custom-fields.js';

export const ADMIN_FIX =
  'Run setup with admin credentials: SALESFORCE_ADMIN_CLIENT_ID and SALESFORCE_ADMIN_CLIENT_SECRET (a connected app whose run-as user has ' +
  `Customize Application, Modify Metadata and Manage Profiles and Permission Sets), or do this step by hand (${SETUP_DOC}).`;

/** A refused step as the report shows it: our code, the vendor's, the message, and what to do. */
export function failedStep(step: string, err: unknown, fix?: string): FailedStep {
  const e = err instanceof HandoffError ? err : undefined;
  const code = e?.code ?? 'UNKNOWN';
  return {
    step,
    code,
    ...(e?.vendorCode ? { vendorCode: e.vendorCode } : {}),
    message: err instanceof Error ? err.message : String(err),
    fix: fix ?? fixFor(code, e?.system),
  };
}

function fixFor(code: string, system: string | undefined): string {
  switch (code) {
    case 'FORBIDDEN':
      return system === 'hubspot'
        ? 'Give the private app the crm.schemas.contacts.write scope (properties and groups), or create the properties by hand.'
        : ADMIN_FIX;
    case 'AUTH_FAILED':
    case 'SESSION_EXPIRED':
      return system === 'hubspot' ? 'Check HUBSPOT_ACCESS_TOKEN.' : 'Check the Salesforce credentials (SALESFORCE_ADMIN_* for setup, SALESFORCE_* for the integration user).';
    case 'CONFIG_INVALID':
      return 'Set the missing credentials in the environment or .env (see .env.example).';
    case 'DUPLICATE':
      return 'Something of that name exists already but setup could not see it: check who may see it, or remove it.';
    default:
      return `See ${SETUP_DOC}; rerun setup once it is fixed (it only does what is missing).`;
  }
}
