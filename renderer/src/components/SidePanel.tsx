/** A panel beside the stream (search, sharing, thread): a named region with its heading and a close button. */
import type { ReactNode } from 'react';

export interface SidePanelProps {
  /** The panel's own class, beside `side-panel`. */
  className: string;
  testId: string;
  /** The heading, also the region's name. */
  title: string;
  closeLabel: string;
  onClose: () => void;
  children: ReactNode;
}

export function SidePanel({ className, testId, title, closeLabel, onClose, children }: SidePanelProps) {
  return (
    <aside className={`side-panel ${className}`} data-testid={testId} aria-label={title}>
      <header className="panel-header">
        <h2>{title}</h2>
        <button type="button" className="icon-button" aria-label={closeLabel} onClick={onClose}>
          ✕
        </button>
      </header>
      {children}
    </aside>
  );
}
