export { startBrowserHost, type BrowserHost, type BrowserHostOptions } from './host';
export type { BridgeCore, CoreDefaults, CoreFactory } from './sessions';
export { buildContentSecurityPolicy, securityHeaders } from './csp';
