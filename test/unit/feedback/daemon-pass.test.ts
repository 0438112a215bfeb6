import { describe, expect, it } from 'vitest';
import { noopLogger } from '../../../src/lib/logger.js';
import { feedbackPass, LAST_FEEDBACK_CURSOR } from '../../../src/runtime/daemon/feedback-pass.js';
import { fakeDeps } from '../../helpers/fake-ports.js';

describe("the daemon's feedback pass", () => {
  it('runs when feedback.cron has fired since the last pass, under the feedback lease, and records when', async () => {
    const deps = await fakeDeps({ now: '2026-11-02T10:01:00.000Z' });
    const pass = feedbackPass({ store: deps.state, clock: deps.clock, logger: noopLogger, cron: '*/15 * * * *', timeZone: 'UTC' });
    expect(await pass(deps)).toBeNull();
    deps.clock.advance(14 * 60_000);
    const report = await pass(deps);
    expect(report).toMatchObject({ status: 'succeeded' });
    expect((await deps.state.getCursor(LAST_FEEDBACK_CURSOR))?.value).toBe('2026-11-02T10:15:00.000Z');
    expect((await deps.state.getLock('feedback'))?.holder).toBeNull();
    expect(await pass(deps)).toBeNull();
    // Another process holding the feedback lease: skipped, not waited for.
    deps.clock.advance(15 * 60_000);
    await deps.state.acquireLock('feedback', { id: 'other', pid: 1, host: 'elsewhere', command: 'handoff feedback' }, 60_000);
    expect(await pass(deps)).toBeNull();
  });

  it('never runs with feedback.cron null', async () => {
    const deps = await fakeDeps();
    const pass = feedbackPass({ store: deps.state, clock: deps.clock, logger: noopLogger, cron: null, timeZone: 'UTC' });
    deps.clock.advance(86_400_000);
    expect(await pass(deps)).toBeNull();
  });
});
