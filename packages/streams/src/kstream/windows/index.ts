export { Windows, type EnumerableWindowDefinition } from './windows.js';
export { TimeWindows } from './time-windows.js';
export { SlidingWindows } from './sliding-windows.js';
export { SessionWindows } from './session-windows.js';
export { JoinWindows } from './join-windows.js';
export { UnlimitedWindows } from './unlimited-windows.js';
export { UnlimitedWindow, MAX_WINDOW_END_MS } from './unlimited-window.js';
export { EmitStrategy, type EmitStrategyType } from './emit-strategy.js';
export { UnsupportedOperationException } from './unsupported-operation.js';
