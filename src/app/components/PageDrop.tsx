import { useEffect } from 'react';
import { useAccuracyModelStore } from '../accuracy-model-store';
import { importLatencyFiles } from '../drop-files';
import { filesOfDrop, isHatFile } from '../hat-files';
import { selectTab } from '../tabs';

const carriesFiles = (event: DragEvent): boolean => event.dataTransfer?.types.includes('Files') ?? false;

/**
 * Files dropped anywhere on the page (not only on a drop zone) are imported, and the tab that shows them opens:
 * a HAT checkpoint, fairseq's dictionaries and data (or a folder of them) go to the SuperTransformer import, latency
 * CSVs and predictors to the profiles. Without this the browser would leave the app to open the file.
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
      void filesOfDrop(event.dataTransfer).then((files) => {
        const hat = files.filter((file) => isHatFile(file.name));
        const rest = files.filter((file) => !isHatFile(file.name));
        if (hat.length > 0) void useAccuracyModelStore.getState().addFiles(hat);
        // A folder of HAT files may hold other things (logs): only loose files are offered to the profiles.
        if (rest.length > 0 && (hat.length === 0 || rest.some((f) => /\.(csv|json)$/i.test(f.name)))) {
          importLatencyFiles(rest);
        }
        selectTab(hat.length > 0 ? 'model' : 'profiles');
      });
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
