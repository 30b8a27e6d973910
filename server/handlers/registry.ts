import type { SocketRequestName } from '../../shared/protocol/index';
import { auditList } from './audit.handlers';
import { adminHandlers } from './admin.registry';
import { apiTokenCreate, apiTokenList, apiTokenRevoke } from './apiTokens.handlers';
import type { HandlerMap } from './context';
import { integrationCreate, integrationList, integrationRevoke } from './integrations.handlers';
import { messageDelete, messageEdit, messageSend, reactionToggle } from './messages.handlers';
import {
  promotionConsent,
  promotionDecide,
  promotionList,
  promotionPermissions,
  promotionPropose,
  promotionRequestUnpublish,
  promotionUnpublish,
  promotionWithdraw,
} from './promotions.handlers';
import { profileGet, profileUpdate } from './profiles.handlers';
import { presenceGet, presenceList, presenceSet, typingSignal } from './presence.handlers';
import { pulseGet } from './pulse.handlers';
import { search } from './search.handlers';
import { directoryList, hello, history, readMark, sync } from './session.handlers';
import { messageHistory, speechPolicyGet, speechPolicySet } from './governance.handlers';
import { messageTag, tagMessages, tagTop } from './tags.handlers';
import { retentionGet, retentionPeriod, retentionSet } from './retention.handlers';
import { holdList, holdPlace, holdRelease } from './legalHolds.handlers';
import { directOpen } from './directs.handlers';
import {
  guidelinesAcknowledge,
  guidelinesAcknowledgements,
  guidelinesExport,
  guidelinesGet,
  guidelinesList,
  guidelinesPublish,
  guidelinesRequire,
  guidelinesVersion,
} from './guidelines.handlers';

/** Every socket request's handler; the compiler checks it covers the shared registry exactly. */
export const handlers: HandlerMap = {
  hello,
  sync,
  history,
  'message:send': messageSend,
  'message:edit': messageEdit,
  'message:delete': messageDelete,
  'reaction:toggle': reactionToggle,
  'read:mark': readMark,
  'directory:list': directoryList,
  'promotion:propose': promotionPropose,
  'promotion:consent': promotionConsent,
  'promotion:decide': promotionDecide,
  'promotion:withdraw': promotionWithdraw,
  'promotion:requestUnpublish': promotionRequestUnpublish,
  'promotion:unpublish': promotionUnpublish,
  'promotion:list': promotionList,
  'promotion:permissions': promotionPermissions,
  'apitoken:create': apiTokenCreate,
  'apitoken:list': apiTokenList,
  'apitoken:revoke': apiTokenRevoke,
  'integration:create': integrationCreate,
  'integration:list': integrationList,
  'integration:revoke': integrationRevoke,
  'speechPolicy:get': speechPolicyGet,
  'speechPolicy:set': speechPolicySet,
  'message:history': messageHistory,
  'retention:get': retentionGet,
  'retention:set': retentionSet,
  'retention:period': retentionPeriod,
  'hold:list': holdList,
  'hold:place': holdPlace,
  'hold:release': holdRelease,
  search,
  'tag:messages': tagMessages,
  'tag:top': tagTop,
  'message:tag': messageTag,
  'audit:list': auditList,
  'dm:open': directOpen,
  'profile:get': profileGet,
  'profile:update': profileUpdate,
  'guidelines:list': guidelinesList,
  'guidelines:get': guidelinesGet,
  'guidelines:version': guidelinesVersion,
  'guidelines:publish': guidelinesPublish,
  'guidelines:require': guidelinesRequire,
  'guidelines:acknowledge': guidelinesAcknowledge,
  'guidelines:acknowledgements': guidelinesAcknowledgements,
  'guidelines:export': guidelinesExport,
  'presence:list': presenceList,
  'presence:get': presenceGet,
  'presence:set': presenceSet,
  'typing:signal': typingSignal,
  'pulse:get': pulseGet,
  ...adminHandlers,
};

/**
 * Requests that only read. Their units of work never wait for another request's commit, and the
 * engine refuses a write from them (a handler that starts writing must leave this list).
 */
export const READ_ONLY_REQUESTS: ReadonlySet<SocketRequestName> = new Set<SocketRequestName>([
  'hello',
  'sync',
  'history',
  'directory:list',
  'promotion:list',
  'promotion:permissions',
  'apitoken:list',
  'integration:list',
  'speechPolicy:get',
  'message:history',
  'retention:get',
  'retention:period',
  'hold:list',
  'search',
  'tag:messages',
  'tag:top',
  'audit:list',
  'profile:get',
  'guidelines:list',
  'guidelines:get',
  'guidelines:version',
  'guidelines:acknowledgements',
  'guidelines:export',
  'presence:list',
  'presence:get',
  'pulse:get',
  // relayed, never stored
  'typing:signal',
  'admin:users',
  'admin:teams',
  'admin:urlPolicy',
  'admin:apiTokens',
]);
