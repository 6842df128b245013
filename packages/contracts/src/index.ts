export * from './roles';
export * from './env';
