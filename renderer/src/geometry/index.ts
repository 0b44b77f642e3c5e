export * from './idw';
export * from './grid';
export * from './strip';
export * from './hash';
