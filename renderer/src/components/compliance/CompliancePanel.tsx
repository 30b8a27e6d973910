/**
 * The compliance console (org role `compliance`): the export download and legal holds. The audit
 * trail has its own panel; the server checks the role of every step.
 */
import { defineMessages, useIntl } from 'react-intl';
import { useStore } from '../../store';
import { SidePanel } from '../SidePanel';
import { ExportDownload } from './ExportDownload';
import { LegalHolds } from './LegalHolds';

const messages = defineMessages({
  title: { id: 'compliance.title', defaultMessage: 'Compliance' },
  close: { id: 'compliance.close', defaultMessage: 'Close the compliance console' },
});

export function CompliancePanel() {
  const intl = useIntl();
  const setPanel = useStore((s) => s.setPanel);
  return (
    <SidePanel
      className="compliance-panel"
      testId="compliance-panel"
      title={intl.formatMessage(messages.title)}
      closeLabel={intl.formatMessage(messages.close)}
      onClose={() => setPanel('none')}
    >
      <div className="panel-body">
        <ExportDownload />
        <LegalHolds />
      </div>
    </SidePanel>
  );
}
