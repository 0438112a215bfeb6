/**
 * Salesforce record ids: a 3-char key prefix naming the object, 12 chars of instance + counter, and
 * (in the 18-char form every API returns) a 3-char suffix that makes the id case-insensitively unique.
 * Suffix algorithm: "What are Salesforce IDs composed of?" (help.salesforce.com, article 000385008)
 * — each 5-char chunk becomes a 5-bit mask of its upper-case letters, indexed into A–Z0–5.
 */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
/** Fake pod / instance part, fixed so ids stay stable between runs. */
const INSTANCE = '8d0';

export const KEY_PREFIXES: Readonly<Record<string, string>> = {
  Lead: '00Q',
  Contact: '003',
  Account: '001',
  Task: '00T',
  User: '005',
  Profile: '00e',
  Opportunity: '006',
  Event: '00U',
  OpportunityContactRole: '00K',
  LeadHistory: '017',
  Group: '00G',
  QueueSobject: '03g',
  Organization: '00D',
  BulkJob: '750',
  QueryLocator: '01g',
  // Setup objects (setup/objects.ts) and the Tooling API's CustomField.
  PermissionSet: '0PS',
  FieldPermissions: '01k',
  PermissionSetAssignment: '0Pa',
  PermissionSetLicense: '0PL',
  PermissionSetLicenseAssign: '2LA',
  CustomNotificationType: '0ML',
  DuplicateRule: '0Bm',
  AssignmentRule: '01Q',
  CustomField: '00N',
};

export function checksumSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let flags = 0;
    for (let i = 0; i < 5; i += 1) {
      const ch = id15.charAt(chunk * 5 + i);
      if (ch >= 'A' && ch <= 'Z') flags |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(flags);
  }
  return suffix;
}

/** Builds the 18-char id for a key prefix and a sequence number. */
export function makeId(prefix: string, sequence: number): string {
  let n = sequence;
  let body = '';
  while (n > 0) {
    body = BASE62.charAt(n % 62) + body;
    n = Math.floor(n / 62);
  }
  const id15 = prefix + INSTANCE + body.padStart(9, '0');
  return id15 + checksumSuffix(id15);
}

const ID_SHAPE = /^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/;

/** 15- or 18-char id → canonical 18-char id; undefined when the value is not id-shaped or the suffix is wrong. */
export function normalizeId(value: string): string | undefined {
  if (!ID_SHAPE.test(value)) return undefined;
  const id15 = value.slice(0, 15);
  const full = id15 + checksumSuffix(id15);
  if (value.length === 18 && value.slice(15).toUpperCase() !== full.slice(15)) return undefined;
  return full;
}

export function objectForId(id: string): string | undefined {
  const prefix = id.slice(0, 3);
  return Object.keys(KEY_PREFIXES).find((name) => KEY_PREFIXES[name] === prefix);
}

export class IdFactory {
  private next = new Map<string, number>();

  generate(prefix: string): string {
    const seq = this.next.get(prefix) ?? 1;
    this.next.set(prefix, seq + 1);
    // Offset keeps generated ids clear of small hand-written ids in fixtures.
    return makeId(prefix, seq + 1_000_000);
  }

  reset(): void {
    this.next.clear();
  }
}
