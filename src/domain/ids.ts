/**
 * A HubSpot contact id: digits only. Dead letters and ledger rows may carry other keys (a page
 * number, a batch label) where no contact could be named; only a contact id can be read again.
 */
export function isContactId(id: string): boolean {
  return /^\d+$/.test(id);
}
