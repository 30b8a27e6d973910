export * from './protocol';
export * from './ipc';
export * from './domain/ids';
export * from './domain/mentions';
export * from './domain/urlPolicy';
export * from './domain/demo';
export * from './domain/markdown';
export * from './domain/serverUrl';
