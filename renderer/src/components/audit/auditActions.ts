/**
 * What each audit action means, in words, for the audit viewer (the server writes dotted names such
 * as `member.add`). An action not listed here is shown by its name.
 */
import { defineMessages, type MessageDescriptor } from 'react-intl';

export const ACTION_LABELS: Record<string, MessageDescriptor> = defineMessages({
  login: { id: 'audit.action.login', defaultMessage: 'Signed in' },
  'login.failed': { id: 'audit.action.loginFailed', defaultMessage: 'Failed sign-in' },
  logout: { id: 'audit.action.logout', defaultMessage: 'Signed out' },
  'org.create': { id: 'audit.action.orgCreate', defaultMessage: 'Organization created' },
  'user.add': { id: 'audit.action.userAdd', defaultMessage: 'Person added' },
  'user.deactivated': { id: 'audit.action.userDeactivated', defaultMessage: 'Person deactivated' },
  'org.role': { id: 'audit.action.orgRole', defaultMessage: 'Organization role changed' },
  'password.reset': { id: 'audit.action.passwordReset', defaultMessage: 'Password reset' },
  'team.add': { id: 'audit.action.teamAdd', defaultMessage: 'Team created' },
  'team.policy': { id: 'audit.action.teamPolicy', defaultMessage: 'Team sharing policy changed' },
  'member.add': { id: 'audit.action.memberAdd', defaultMessage: 'Added to a team' },
  'member.remove': { id: 'audit.action.memberRemove', defaultMessage: 'Removed from a team' },
  'member.role': { id: 'audit.action.memberRole', defaultMessage: 'Team role changed' },
  'org.url_policy': { id: 'audit.action.urlPolicy', defaultMessage: 'Link policy changed' },
  'org.speech_policy': { id: 'audit.action.speechPolicy', defaultMessage: 'Speech policy changed' },
  'org.export': { id: 'audit.action.export', defaultMessage: 'History exported' },
  'message.delete': { id: 'audit.action.messageDelete', defaultMessage: 'Message deleted' },
  'message.tag': { id: 'audit.action.messageTag', defaultMessage: 'Tag added to a message' },
  'message.untag': { id: 'audit.action.messageUntag', defaultMessage: 'Tag removed from a message' },
  'promotion.propose': { id: 'audit.action.promotionPropose', defaultMessage: 'Proposed for the organization' },
  'promotion.submit': { id: 'audit.action.promotionSubmit', defaultMessage: 'Author consented' },
  'promotion.publish': { id: 'audit.action.promotionPublish', defaultMessage: 'Published to the organization' },
  'promotion.decline': { id: 'audit.action.promotionDecline', defaultMessage: 'Declined' },
  'promotion.withdraw': { id: 'audit.action.promotionWithdraw', defaultMessage: 'Proposal withdrawn' },
  'promotion.unpublish_request': { id: 'audit.action.unpublishRequest', defaultMessage: 'Author asked to unpublish' },
  'promotion.unpublish': { id: 'audit.action.promotionUnpublish', defaultMessage: 'Unpublished' },
  'api_token.create': { id: 'audit.action.apiTokenCreate', defaultMessage: 'API token created' },
  'api_token.revoke': { id: 'audit.action.apiTokenRevoke', defaultMessage: 'API token revoked' },
});

/** The actions the viewer offers as a filter, in the order of the list above. */
export const FILTER_ACTIONS = Object.keys(ACTION_LABELS);

/** Whether an action is a step of a promotion, whose whole chain the viewer can show. */
export const isPromotionStep = (action: string): boolean => action.startsWith('promotion.');
