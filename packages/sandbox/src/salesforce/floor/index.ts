// The sales floor: simulated reps acting on Handoff's handoffs as the sandbox clock moves.
export { SalesFloor } from './floor.js';
export { salesFloorControl } from './control.js';
export { addBusinessMinutes, isBusinessTime, nextBusinessTime } from './business-hours.js';
export type { AttemptTruth, FloorTruth, HandoffTruth, OpportunityTruth, RepTruth, TouchKind } from './truth.js';
