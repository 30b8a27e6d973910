import { evaluateUrl, OPEN_URL_POLICY, type UrlPolicy } from '../../../shared/domain/urlPolicy';
import { getAccountValue } from '../cache/directory';
import type { Handler, HandlerContext } from './context';

/** The organization's link policy as last seen in `hello` (signed in only: links come from messages). */
function currentUrlPolicy(ctx: HandlerContext): UrlPolicy {
  const stored = getAccountValue(ctx.account().db, 'urlPolicy');
  return stored ? (JSON.parse(stored) as UrlPolicy) : OPEN_URL_POLICY;
}

/** `link:open`: opens a link in the system browser once the organization's URL policy allows it. */
export const linkOpen: Handler<'link:open'> = async (ctx, req) => {
  const verdict = evaluateUrl(req.url, currentUrlPolicy(ctx));
  if (!verdict.allowed) return { opened: false, reason: verdict.reason };
  if (!ctx.openExternal) return { opened: false, reason: 'no browser is available to open links' };
  try {
    await ctx.openExternal(req.url);
    return { opened: true, reason: null };
  } catch (error) {
    return { opened: false, reason: error instanceof Error ? error.message : 'could not open the link' };
  }
};
