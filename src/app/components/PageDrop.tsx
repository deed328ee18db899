import { useEffect } from 'react';
import { importLatencyFiles } from '../drop-files';
import { selectTab } from '../tabs';

const carriesFiles = (event: DragEvent): boolean => event.dataTransfer?.types.includes('Files') ?? false;

/**
 * Files dropped anywhere on the page (not only on the Profiles tab's drop zone) are imported, and the Profiles tab
 * opens to show them: without this the browser would leave the app to open the file.
 */
export function PageDrop() {
  useEffect(() => {
    const onDragOver = (event: DragEvent): void => {
      if (carriesFiles(event)) event.preventDefault();
    };
    const onDrop = (event: DragEvent): void => {
      // A drop zone handled it already (it prevents the default), or it is not files.
      if (event.defaultPrevented || !carriesFiles(event)) return;
      event.preventDefault();
      importLatencyFiles(Array.from(event.dataTransfer?.files ?? []));
      selectTab('profiles');
    };
    addEventListener('dragover', onDragOver);
    addEventListener('drop', onDrop);
    return () => {
      removeEventListener('dragover', onDragOver);
      removeEventListener('drop', onDrop);
    };
  }, []);
  return null;
}
