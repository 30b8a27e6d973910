import { Notification } from 'electron';
import type { IpcPush, UiCommand } from '../../shared/ipc/contract';

/*
 * Desktop notifications for mentions and promotions that need the user. Text comes from the server
 * as plain text and is shown as such (notifications render no markup). A click brings the window
 * forward and asks the renderer to open the message.
 */

type NotificationPush = IpcPush<'notification'>;

/** The title line of a notification; pure so the wording is tested. */
export function notificationTitle(push: NotificationPush): string {
  return push.kind === 'mention' ? `${push.actorName} mentioned you` : `${push.actorName}: a post for the organization`;
}

/** What a click on the notification should open. */
export function notificationTarget(push: NotificationPush): UiCommand {
  return push.messageId !== null
    ? { kind: 'openMessage', messageId: push.messageId, streamId: push.streamId }
    : { kind: 'openStream', streamId: push.streamId };
}

/**
 * What Settings says about desktop notifications: this host shows them itself (the page's own
 * Notification permission is denied by the session policy and says nothing about them). Electron
 * cannot ask the OS whether the user blocked the app, so "supported" is the best answer it has.
 */
export function desktopNotificationState(): 'granted' | 'unsupported' {
  return Notification.isSupported() ? 'granted' : 'unsupported';
}

/** Shows one notification unless the window already has the user's attention. */
export function showNotification(
  push: NotificationPush,
  options: { windowFocused: boolean; onClick: (command: UiCommand) => void },
): boolean {
  if (options.windowFocused || !Notification.isSupported()) return false;
  const notification = new Notification({
    title: notificationTitle(push),
    body: push.text.slice(0, 240),
    silent: false,
  });
  notification.on('click', () => options.onClick(notificationTarget(push)));
  notification.show();
  return true;
}
