import './commands';
import './screens';

export * from './registry';
export * as builtin from './commands';
export * as screens from './screens';
