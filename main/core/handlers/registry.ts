import type { IpcChannel } from '../../../shared/ipc/contract';
import type { Handler } from './context';
import { adminHandlers } from './admin.handlers';
import { apiTokenCreate, apiTokenList, apiTokenRevoke } from './apiTokens.handlers';
import { integrationCreate, integrationList, integrationRevoke } from './integrations.handlers';
import { directoryList } from './directory.handlers';
import { auditList, messageHistory, retentionPeriod, speechPolicyGet } from './governance.handlers';
import {
  exportCancel,
  exportStart,
  exportState,
  holdList,
  holdPlace,
  holdRelease,
  retentionGet,
  retentionSet,
} from './compliance.handlers';
import { directOpen } from './directs.handlers';
import {
  guidelinesAcknowledge,
  guidelinesAcknowledgements,
  guidelinesExport,
  guidelinesVersion,
  guidelinesList,
  guidelinesPublish,
  guidelinesRequire,
} from './guidelines.handlers';
import {
  fileCacheClear,
  fileCacheGet,
  fileCacheSet,
  fileCancel,
  fileChunk,
  fileContent,
  fileOpen,
  fileStage,
  fileThumbnail,
  fileUpload,
} from './files.handlers';
import { linkOpen } from './links.handlers';
import {
  messageDelete,
  messageEdit,
  messageFetchOlder,
  messageList,
  messageSend,
  reactionToggle,
  threadGet,
} from './messages.handlers';
import { outboxDiscard, outboxRetry } from './outbox.handlers';
import { presenceGet, presenceList, presenceSet, typingSignal } from './presence.handlers';
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
import { profilePhoto, profileRemovePhoto, profileSetPhoto } from './profilePhotos.handlers';
import { profileGet, profileUpdate } from './profiles.handlers';
import { pulseGet } from './pulse.handlers';
import { searchQuery, searchServer } from './search.handlers';
import { serverInfo } from './server.handlers';
import { accountList, accountSwitch, sessionGet, sessionLogin, sessionLogout, syncRetryNow } from './session.handlers';
import { appAbout, cacheClear, cacheGet, settingsGet, settingsSet } from './settings.handlers';
import { readMark, streamList } from './streams.handlers';
import { messageTag, tagMessages, tagTop } from './tags.handlers';

/** One handler per IPC channel (mirrors server/handlers/registry.ts). */
export type IpcHandlers = { [C in IpcChannel]: Handler<C> };

/** Every IPC channel's handler; the compiler checks it covers the contract exactly. */
export const ipcHandlers: IpcHandlers = {
  'session:get': sessionGet,
  'session:login': sessionLogin,
  'session:logout': sessionLogout,
  'account:list': accountList,
  'account:switch': accountSwitch,
  'sync:retryNow': syncRetryNow,
  'settings:get': settingsGet,
  'settings:set': settingsSet,
  'cache:get': cacheGet,
  'cache:clear': cacheClear,
  'app:about': appAbout,
  'server:info': serverInfo,
  'stream:list': streamList,
  'read:mark': readMark,
  'message:list': messageList,
  'message:fetchOlder': messageFetchOlder,
  'thread:get': threadGet,
  'message:send': messageSend,
  'message:edit': messageEdit,
  'message:delete': messageDelete,
  'reaction:toggle': reactionToggle,
  'outbox:retry': outboxRetry,
  'outbox:discard': outboxDiscard,
  'search:query': searchQuery,
  'directory:list': directoryList,
  'promotion:propose': promotionPropose,
  'promotion:list': promotionList,
  'promotion:permissions': promotionPermissions,
  'promotion:consent': promotionConsent,
  'promotion:decide': promotionDecide,
  'promotion:withdraw': promotionWithdraw,
  'promotion:requestUnpublish': promotionRequestUnpublish,
  'promotion:unpublish': promotionUnpublish,
  'link:open': linkOpen,
  'apitoken:create': apiTokenCreate,
  'apitoken:list': apiTokenList,
  'apitoken:revoke': apiTokenRevoke,
  'integration:create': integrationCreate,
  'integration:list': integrationList,
  'integration:revoke': integrationRevoke,
  'speechPolicy:get': speechPolicyGet,
  'guidelines:list': guidelinesList,
  'guidelines:acknowledge': guidelinesAcknowledge,
  'guidelines:publish': guidelinesPublish,
  'guidelines:require': guidelinesRequire,
  'guidelines:acknowledgements': guidelinesAcknowledgements,
  'guidelines:export': guidelinesExport,
  'guidelines:version': guidelinesVersion,
  'message:history': messageHistory,
  'retention:period': retentionPeriod,
  'audit:list': auditList,
  'search:server': searchServer,
  'tag:messages': tagMessages,
  'tag:top': tagTop,
  'message:tag': messageTag,
  'dm:open': directOpen,
  'profile:get': profileGet,
  'pulse:get': pulseGet,
  'profile:update': profileUpdate,
  'profile:setPhoto': profileSetPhoto,
  'profile:removePhoto': profileRemovePhoto,
  'profile:photo': profilePhoto,
  'presence:list': presenceList,
  'presence:get': presenceGet,
  'presence:set': presenceSet,
  'typing:signal': typingSignal,
  'file:stage': fileStage,
  'file:chunk': fileChunk,
  'file:upload': fileUpload,
  'file:cancel': fileCancel,
  'file:thumbnail': fileThumbnail,
  'file:content': fileContent,
  'file:open': fileOpen,
  'fileCache:get': fileCacheGet,
  'fileCache:set': fileCacheSet,
  'fileCache:clear': fileCacheClear,
  'export:state': exportState,
  'export:start': exportStart,
  'export:cancel': exportCancel,
  'hold:list': holdList,
  'hold:place': holdPlace,
  'hold:release': holdRelease,
  'retention:get': retentionGet,
  'retention:set': retentionSet,
  ...adminHandlers,
};
