/*
 * A modal dialog: backdrop, role="dialog" with aria-modal and a label, focus moved in on open,
 * Tab/Shift+Tab kept inside while open, Escape and a backdrop click close it, and focus returns to
 * whatever opened it (the WAI-ARIA dialog pattern).
 */
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/** The elements Tab can reach inside a container, in order. */
export function focusableIn(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !el.closest('[inert]'));
}

export interface ModalProps {
  onClose: () => void;
  className: string;
  testId: string;
  /** Either a label or the id of the visible title. */
  label?: string;
  labelledBy?: string;
  /** CSS selector of the element to focus on open; the first focusable one otherwise. */
  initialFocus?: string;
  children: ReactNode;
}

export function Modal({ onClose, className, testId, label, labelledBy, initialFocus, children }: ModalProps) {
  const ref = useRef<HTMLDivElement>(null);
  // Read during the first render, before anything inside the dialog can take focus.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const preferred = initialFocus ? el.querySelector<HTMLElement>(initialFocus) : null;
    (preferred ?? focusableIn(el)[0] ?? el).focus();
    return () => {
      // The opener may have scrolled out of a virtual list meanwhile; then focus stays where it falls.
      if (opener && opener.isConnected && opener !== document.body) opener.focus();
    };
  }, [initialFocus, opener]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
      return;
    }
    if (e.key !== 'Tab' || !ref.current) return;
    const items = focusableIn(ref.current);
    if (items.length === 0) {
      e.preventDefault();
      return;
    }
    const first = items[0]!;
    const last = items[items.length - 1]!;
    const active = document.activeElement;
    const inside = active instanceof Node && ref.current.contains(active);
    if (e.shiftKey && (!inside || active === first || active === ref.current)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (!inside || active === last)) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="modal-backdrop" onMouseDown={() => onClose()}>
      <div
        ref={ref}
        className={`modal ${className}`}
        role="dialog"
        aria-modal="true"
        aria-label={label}
        aria-labelledby={labelledBy}
        data-testid={testId}
        tabIndex={-1}
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={onKeyDown}
      >
        {children}
      </div>
    </div>
  );
}
