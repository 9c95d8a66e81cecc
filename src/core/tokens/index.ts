export * from './calibration';
export * from './registry';
export * from './count';
