export {
  startBrowserHost,
  type BrowserHost,
  type BrowserHostOptions,
  type CoreDefaults,
  type CoreFactory,
} from './host';
