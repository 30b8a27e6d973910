export * from './contract';
export * from './bridge';
export * from './accounts';
export * from './fileChannels';
export * from './compliance';
