import { listDirectory } from '../cache/directory';
import type { Handler } from './context';

/** `directory:list`: the cached people and teams of my organization. */
export const directoryList: Handler<'directory:list'> = (ctx) => listDirectory(ctx.account().db);
