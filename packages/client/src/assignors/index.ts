export { RangeAssignor } from './range.js';
export { RoundRobinAssignor } from './round-robin.js';
