export * from './tributary-error.js';
