/** A person's name that opens their profile card: a link in look, a button in kind (keyboard and screen readers). */
import { defineMessages, useIntl } from 'react-intl';
import { useStore } from '../store';
import { usePersonName } from '../store/personNames';

const messages = defineMessages({
  open: { id: 'person.openProfile', defaultMessage: 'Show the profile of {name}' },
});

export interface PersonNameProps {
  userId: string;
  name: string;
  className?: string;
  testId?: string;
}

export function PersonName({ userId, name, className = '', testId }: PersonNameProps) {
  const intl = useIntl();
  const openProfile = useStore((s) => s.openProfile);
  // `name` is what the item carries; the directory's display name wins, and follows its changes
  const shown = usePersonName(userId, name);
  return (
    <button
      type="button"
      className={`person-name ${className}`.trim()}
      data-testid={testId}
      data-user-id={userId}
      title={intl.formatMessage(messages.open, { name: shown })}
      onClick={() => void openProfile(userId)}
    >
      {shown}
    </button>
  );
}
