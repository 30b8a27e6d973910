export * from './entities';
export * from './errors';
export * from './http';
export * from './limits';
export * from './messageBody';
export * from './pushes';
export * from './requests';
export * from './tags';
