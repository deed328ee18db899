import { describe, expect, it } from 'vitest';
import { fileDropHandlers } from '../../src/app/file-drop';

const file = (name: string): File => new File(['x'], name);

function setup() {
  const received: string[][] = [];
  const dragging: boolean[] = [];
  const handlers = fileDropHandlers(
    (files) => received.push(files.map((f) => f.name)),
    (d) => dragging.push(d),
  );
  return { handlers, received, dragging };
}

function event<T extends object>(extra: T) {
  let prevented = 0;
  return { ...extra, preventDefault: () => (prevented += 1), prevented: () => prevented };
}

describe('file drop handlers', () => {
  it('highlights while dragging, prevents the browser opening the file, and hands over dropped files', () => {
    const { handlers, received, dragging } = setup();
    const enter = event({});
    handlers.zoneProps.onDragEnter(enter);
    const over = event({});
    handlers.zoneProps.onDragOver(over);
    const drop = event({ dataTransfer: { files: [file('a.csv'), file('b.json')] } as unknown as DataTransfer });
    handlers.zoneProps.onDrop(drop);
    expect([enter.prevented(), over.prevented(), drop.prevented()]).toEqual([1, 1, 1]);
    expect(dragging).toEqual([true, false]);
    expect(received).toEqual([['a.csv', 'b.json']]);
    handlers.zoneProps.onDragLeave();
    expect(dragging).toEqual([true, false, false]);
  });

  it('hands over chosen files and empties the input so the same file can be chosen again', () => {
    const { handlers, received } = setup();
    const target = { files: [file('HAT.yml')], value: 'C:\\fakepath\\HAT.yml' };
    handlers.onInputChange({ target } as never);
    expect(received).toEqual([['HAT.yml']]);
    expect(target.value).toBe('');
    handlers.onInputChange({ target: { files: null, value: '' } } as never);
    expect(received).toEqual([['HAT.yml'], []]);
  });
});
