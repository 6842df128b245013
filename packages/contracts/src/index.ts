export * from './env';
export * from './list';
export * from './roles';
export * from './codec-levels';
export * from './ffmpeg-ladder';
export * from './ladder-rules';
export * from './profiles';
