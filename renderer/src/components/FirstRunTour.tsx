/*
 * The first-run tour: shown once per account after the first sign-in, and again from Help. It asks
 * (never forces) to fill in the profile, saying that every field is private until chosen otherwise,
 * then explains in four short steps where the team's stream is, threads, sharing and offline.
 * "Skip" is on every step; skipping counts as done. It is a panel beside the stream, not a modal:
 * it never takes focus or blocks the app, so someone who came to read a message can just read it.
 */
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useStore } from '../store';
import { SidePanel } from './SidePanel';

const messages = defineMessages({
  title: { id: 'tour.title', defaultMessage: 'Welcome' },
  close: { id: 'tour.close', defaultMessage: 'Close the tour' },
  step: { id: 'tour.step', defaultMessage: 'Step {n, number} of {total, number}' },
  skip: { id: 'tour.skip', defaultMessage: 'Skip the tour' },
  back: { id: 'tour.back', defaultMessage: 'Back' },
  next: { id: 'tour.next', defaultMessage: 'Next' },
  done: { id: 'tour.done', defaultMessage: 'Done' },
  fillProfile: { id: 'tour.fillProfile', defaultMessage: 'Fill in my profile' },
  notNow: { id: 'tour.notNow', defaultMessage: 'Not now' },
  profileTitle: { id: 'tour.profile.title', defaultMessage: 'Tell your colleagues who you are — if you like' },
  profileBody: {
    id: 'tour.profile.body',
    defaultMessage:
      'Your profile has your name and nothing else. Title, role, location, phone, a photo and the rest are optional, and each one is private (only you) until you choose who may see it: your teams or your organization. You can do this now, later in Settings, or never.',
  },
  streamTitle: { id: 'tour.stream.title', defaultMessage: 'Your team’s stream' },
  streamBody: {
    id: 'tour.stream.body',
    defaultMessage:
      'The list on the left has your teams’ streams (#) and the organization’s stream (◎). Your team’s stream is where you talk day to day: only the team’s members read it.',
  },
  threadTitle: { id: 'tour.thread.title', defaultMessage: 'Reply in a thread' },
  threadBody: {
    id: 'tour.thread.body',
    defaultMessage:
      'Use “Reply in thread” on a message to answer it beside the stream, so the conversation stays together. The reply count under a message opens its thread.',
  },
  sharingTitle: { id: 'tour.sharing.title', defaultMessage: 'Sharing with the organization' },
  sharingBody: {
    id: 'tour.sharing.body',
    defaultMessage:
      'Nothing leaves your team without your consent. “Share to organization” on a team message proposes it for the organization’s stream, but its author is asked first and a curator approves it; the Sharing panel shows what waits for you.',
  },
  offlineTitle: { id: 'tour.offline.title', defaultMessage: 'Working offline' },
  offlineBody: {
    id: 'tour.offline.body',
    defaultMessage:
      'Your streams are kept on this computer, so you can read and write without a connection. What you write offline is sent when the connection returns; the bar at the top says how many messages wait.',
  },
});

const TOUR = [
  { title: messages.streamTitle, body: messages.streamBody },
  { title: messages.threadTitle, body: messages.threadBody },
  { title: messages.sharingTitle, body: messages.sharingBody },
  { title: messages.offlineTitle, body: messages.offlineBody },
];
const STEPS = TOUR.length + 1;

export function FirstRunTour() {
  const intl = useIntl();
  const firstRun = useStore((s) => s.settings?.firstRunDone === false);
  const tourOpen = useStore((s) => s.tourOpen);
  const finishTour = useStore((s) => s.finishTour);
  const setPanel = useStore((s) => s.setPanel);
  const step = useStore((s) => s.tourStep);
  const setStep = useStore((s) => s.setTourStep);
  if (!firstRun && !tourOpen) return null;

  const finish = () => void finishTour();
  const page = step === 0 ? null : TOUR[step - 1]!;
  return (
    <SidePanel
      className="first-run"
      testId="first-run"
      title={intl.formatMessage(messages.title)}
      closeLabel={intl.formatMessage(messages.close)}
      onClose={finish}
    >
      <div className="panel-body">
        <p className="muted" data-testid="first-run-step">
          <FormattedMessage {...messages.step} values={{ n: step + 1, total: STEPS }} />
        </p>
        <h3 aria-live="polite">{intl.formatMessage(page ? page.title : messages.profileTitle)}</h3>
        <p>{intl.formatMessage(page ? page.body : messages.profileBody)}</p>
        <div className="dialog-actions">
          <button type="button" className="link-button" onClick={finish}>
            {intl.formatMessage(messages.skip)}
          </button>
          {step > 0 && (
            <button type="button" className="button" onClick={() => setStep(step - 1)}>
              {intl.formatMessage(messages.back)}
            </button>
          )}
          {step === 0 && (
            <button
              type="button"
              className="button"
              onClick={() => {
                setPanel('settings');
                setStep(1);
              }}
            >
              {intl.formatMessage(messages.fillProfile)}
            </button>
          )}
          <button
            type="button"
            className="button button-primary"
            onClick={() => (step === STEPS - 1 ? finish() : setStep(step + 1))}
          >
            {intl.formatMessage(step === 0 ? messages.notNow : step === STEPS - 1 ? messages.done : messages.next)}
          </button>
        </div>
      </div>
    </SidePanel>
  );
}
