/*
 * Help: the keyboard shortcuts and the tour again. The list mirrors the real key handlers, each
 * entry naming where it is handled, so a change there has its line here to update.
 */
import { defineMessages, FormattedMessage, useIntl, type MessageDescriptor } from 'react-intl';
import { useStore } from '../store';
import { SidePanel } from './SidePanel';

const messages = defineMessages({
  title: { id: 'help.title', defaultMessage: 'Help' },
  close: { id: 'help.close', defaultMessage: 'Close help' },
  shortcuts: { id: 'help.shortcuts', defaultMessage: 'Keyboard shortcuts' },
  tour: { id: 'help.tour', defaultMessage: 'New here?' },
  tourBody: {
    id: 'help.tourBody',
    defaultMessage: 'The tour shows where your team’s stream is, threads, sharing and offline in four short steps.',
  },
  showTour: { id: 'help.showTour', defaultMessage: 'Show the tour again' },
  profile: {
    id: 'help.profile',
    defaultMessage: 'Your profile is in Settings; each field is private until you choose who may see it.',
  },
  // what each shortcut does
  switcher: { id: 'help.key.switcher', defaultMessage: 'Switch to another stream' },
  search: { id: 'help.key.search', defaultMessage: 'Search messages' },
  adjacent: { id: 'help.key.adjacent', defaultMessage: 'Previous or next stream' },
  send: { id: 'help.key.send', defaultMessage: 'Send the message' },
  newline: { id: 'help.key.newline', defaultMessage: 'New line in the message' },
  editLast: { id: 'help.key.editLast', defaultMessage: 'Edit your last message (in an empty message box)' },
  autocomplete: { id: 'help.key.autocomplete', defaultMessage: 'Pick a @person or #tag suggestion' },
  saveEdit: { id: 'help.key.saveEdit', defaultMessage: 'Save or cancel an edit' },
  page: { id: 'help.key.page', defaultMessage: 'Scroll the history a page' },
  escape: { id: 'help.key.escape', defaultMessage: 'Close the thread, dialog or search' },
  // key names that are words
  ctrl: { id: 'help.keyName.ctrl', defaultMessage: 'Ctrl/⌘' },
  alt: { id: 'help.keyName.alt', defaultMessage: 'Alt' },
  shift: { id: 'help.keyName.shift', defaultMessage: 'Shift' },
  enter: { id: 'help.keyName.enter', defaultMessage: 'Enter' },
  tab: { id: 'help.keyName.tab', defaultMessage: 'Tab' },
  esc: { id: 'help.keyName.esc', defaultMessage: 'Esc' },
  pageUp: { id: 'help.keyName.pageUp', defaultMessage: 'Page Up' },
  pageDown: { id: 'help.keyName.pageDown', defaultMessage: 'Page Down' },
});

type Key = MessageDescriptor | string;
/** One shortcut: its key combinations (each a list of keys) and what it does. */
interface Shortcut {
  keys: Key[][];
  does: MessageDescriptor;
}

const SHORTCUTS: Shortcut[] = [
  // App.tsx, useGlobalShortcuts
  { keys: [[messages.ctrl, 'K']], does: messages.switcher },
  { keys: [[messages.ctrl, 'F']], does: messages.search },
  {
    keys: [
      [messages.alt, '↑'],
      [messages.alt, '↓'],
    ],
    does: messages.adjacent,
  },
  // Composer.tsx, onKeyDown
  { keys: [[messages.enter]], does: messages.send },
  { keys: [[messages.shift, messages.enter]], does: messages.newline },
  { keys: [['↑']], does: messages.editLast },
  { keys: [['↑'], ['↓'], [messages.enter], [messages.tab]], does: messages.autocomplete },
  // InlineEditor.tsx
  { keys: [[messages.enter], [messages.esc]], does: messages.saveEdit },
  // VirtualList.tsx and StreamView.tsx
  { keys: [[messages.pageUp], [messages.pageDown]], does: messages.page },
  // App.tsx (thread), Modal.tsx, SearchPanel.tsx
  { keys: [[messages.esc]], does: messages.escape },
];

export function HelpPanel() {
  const intl = useIntl();
  const setPanel = useStore((s) => s.setPanel);
  const setTourOpen = useStore((s) => s.setTourOpen);
  const keyName = (key: Key) => (typeof key === 'string' ? key : intl.formatMessage(key));
  return (
    <SidePanel
      className="help-panel"
      testId="help-panel"
      title={intl.formatMessage(messages.title)}
      closeLabel={intl.formatMessage(messages.close)}
      onClose={() => setPanel('none')}
    >
      <div className="panel-body">
        <section aria-labelledby="help-tour">
          <h3 id="help-tour">{intl.formatMessage(messages.tour)}</h3>
          <p>
            <FormattedMessage {...messages.tourBody} />
          </p>
          <button
            type="button"
            className="button"
            onClick={() => {
              // the tour takes the place beside the stream that Help has now
              setTourOpen(true);
              setPanel('none');
            }}
          >
            {intl.formatMessage(messages.showTour)}
          </button>
          <p className="muted">
            <FormattedMessage {...messages.profile} />
          </p>
        </section>
        <section aria-labelledby="help-shortcuts">
          <h3 id="help-shortcuts">{intl.formatMessage(messages.shortcuts)}</h3>
          <dl className="shortcuts" data-testid="shortcuts">
            {SHORTCUTS.map((s) => (
              <div key={s.does.id} className="shortcut">
                <dt>
                  {s.keys.map((combo, i) => (
                    <span key={i} className="shortcut-combo">
                      {i > 0 && <span aria-hidden="true">/</span>}
                      {combo.map((key, j) => (
                        <kbd key={j}>{keyName(key)}</kbd>
                      ))}
                    </span>
                  ))}
                </dt>
                <dd>{intl.formatMessage(s.does)}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
    </SidePanel>
  );
}
