export * from './env';
export * from './list';
export * from './roles';
