import './commands';

export * from './registry';
export * as builtin from './commands';
