/*
 * Files dropped onto a stream (or a thread: its reply draft), or pasted into a composer, are attached
 * to its draft. Only drags
 * that carry files are taken (dragging text keeps working as before).
 */
import { useState, type ClipboardEvent, type DragEvent } from 'react';
import { useStore } from '../../store';

const carriesFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes('Files');

/** Drop-zone props for a stream's view, and whether files are being dragged over it. */
export function useFileDrop(draftKey: string, streamId: string) {
  const attachFiles = useStore((s) => s.attachFiles);
  const [over, setOver] = useState(false);
  return {
    over,
    props: {
      onDragOver: (e: DragEvent) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        // the innermost zone takes the files (the thread's, inside its stream's view)
        e.stopPropagation();
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      },
      onDragLeave: (e: DragEvent) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      },
      onDrop: (e: DragEvent) => {
        setOver(false);
        const files = Array.from(e.dataTransfer.files);
        if (files.length === 0) return;
        e.preventDefault();
        e.stopPropagation();
        attachFiles(draftKey, streamId, files);
      },
    },
  };
}

/** A paste handler for the composer: pasted files (a screenshot) are attached; pasted text stays text. */
export function usePasteFiles(draftKey: string, streamId: string) {
  const attachFiles = useStore((s) => s.attachFiles);
  return (e: ClipboardEvent) => {
    const files = Array.from(e.clipboardData.files);
    if (files.length === 0) return;
    e.preventDefault();
    attachFiles(draftKey, streamId, files);
  };
}
