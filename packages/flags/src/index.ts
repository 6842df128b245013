export * from './bucket';
export * from './diff';
export * from './engine';
export * from './rails';
export * from './schema';
