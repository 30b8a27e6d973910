/** Short-lived notices: notifications and action errors, in the locale of the moment. */
import { defineMessages, useIntl } from 'react-intl';
import { formatText, textDetail } from '../i18n/text';
import { useStore } from '../store';

const messages = defineMessages({
  dismiss: { id: 'toasts.dismiss', defaultMessage: 'Dismiss notice' },
});

export function Toasts() {
  const intl = useIntl();
  const toasts = useStore((s) => s.toasts);
  const dismiss = useStore((s) => s.dismissToast);
  return (
    <div className="toasts" aria-live="polite" data-testid="toasts">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'}>
          {/* The core's or server's own (English) words stay within reach, on hover. */}
          <span title={textDetail(t.text)}>{formatText(intl, t.text)}</span>
          <button
            type="button"
            className="icon-button"
            aria-label={intl.formatMessage(messages.dismiss)}
            onClick={() => dismiss(t.id)}
          >
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
