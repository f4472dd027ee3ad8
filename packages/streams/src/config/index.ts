export { StreamsConfig, type StreamsProps } from './streams-config.js';
