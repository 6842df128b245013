export * from './env';
export * from './roles';
