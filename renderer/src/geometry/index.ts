export * from './idw';
export * from './grid';
export * from './hash';
export * from './chart';
