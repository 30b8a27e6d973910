export { startBrowserHost, type BrowserHost, type BrowserHostOptions } from './host';
export type { CoreDefaults, CoreFactory } from './sessions';
