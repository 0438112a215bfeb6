/**
 * The sandbox clock. It follows the real clock by default; the control API can pin it to an instant
 * or move it forward, so rate windows, daily counters, session expiry and record timestamps that
 * would take minutes or days pass in milliseconds.
 */
export class SandboxClock {
  private offsetMs = 0;
  private pinnedMs: number | null = null;

  /** Epoch milliseconds. */
  now(): number {
    return this.pinnedMs ?? Date.now() + this.offsetMs;
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  /** Jump to an instant. `pin: true` stops the clock there until the next set/advance/resume. */
  set(epochMs: number, pin = false): void {
    if (pin) {
      this.pinnedMs = epochMs;
      return;
    }
    this.pinnedMs = null;
    this.offsetMs = epochMs - Date.now();
  }

  advance(ms: number): void {
    if (this.pinnedMs !== null) this.pinnedMs += ms;
    else this.offsetMs += ms;
  }

  /** Back to the real clock. */
  reset(): void {
    this.offsetMs = 0;
    this.pinnedMs = null;
  }

  describe(): { now: string; pinned: boolean; offsetMs: number } {
    return { now: this.nowIso(), pinned: this.pinnedMs !== null, offsetMs: this.offsetMs };
  }
}
