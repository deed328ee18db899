import { useRef, useState, type ChangeEvent, type DragEvent, type RefObject } from 'react';

/** The handlers of a drop zone's element and of its hidden file input. */
export interface FileDropHandlers {
  zoneProps: {
    onDragEnter(event: Pick<DragEvent<HTMLElement>, 'preventDefault'>): void;
    onDragOver(event: Pick<DragEvent<HTMLElement>, 'preventDefault'>): void;
    onDragLeave(): void;
    onDrop(event: Pick<DragEvent<HTMLElement>, 'preventDefault' | 'dataTransfer'>): void;
  };
  /** For the hidden file input's onChange. */
  onInputChange(event: Pick<ChangeEvent<HTMLInputElement>, 'target'>): void;
}

/**
 * Files from a drop or from the file chooser, handed to `onFiles` the same way. The browser's default (opening the
 * dropped file in the tab) is prevented, and the input is emptied after each choice so that choosing the same file
 * again fires again. Kept apart from the hook so Node tests can drive it without a DOM.
 */
export function fileDropHandlers(
  onFiles: (files: File[]) => void,
  setDragging: (dragging: boolean) => void,
): FileDropHandlers {
  return {
    zoneProps: {
      onDragEnter(event) {
        event.preventDefault();
        setDragging(true);
      },
      onDragOver: (event) => event.preventDefault(),
      onDragLeave: () => setDragging(false),
      onDrop(event) {
        event.preventDefault();
        setDragging(false);
        onFiles(Array.from(event.dataTransfer.files));
      },
    },
    onInputChange({ target }) {
      onFiles(Array.from(target.files ?? []));
      target.value = '';
    },
  };
}

export interface FileDrop {
  /** True while files are dragged over the zone (for its highlight). */
  dragging: boolean;
  zoneProps: FileDropHandlers['zoneProps'];
  /**
   * Spread on an `<input>` (with its own accept): a multiple file chooser wired to the same `onFiles`, hidden and
   * out of the tab order, since a visible button calls choose().
   */
  inputProps: {
    ref: RefObject<HTMLInputElement | null>;
    type: 'file';
    multiple: true;
    className: 'visually-hidden';
    tabIndex: -1;
    onChange: FileDropHandlers['onInputChange'];
  };
  /** Opens the file chooser (for a visible button next to the hidden input). */
  choose(): void;
}

/** A drop zone with a file chooser: its dragging state and the props for its element and hidden input. */
export function useFileDrop(onFiles: (files: File[]) => void): FileDrop {
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const { zoneProps, onInputChange } = fileDropHandlers(onFiles, setDragging);
  return {
    dragging,
    zoneProps,
    inputProps: {
      ref: inputRef,
      type: 'file',
      multiple: true,
      className: 'visually-hidden',
      tabIndex: -1,
      onChange: onInputChange,
    },
    choose: () => inputRef.current?.click(),
  };
}
