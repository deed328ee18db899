import { describe, expect, it } from 'vitest';
import { deviceFromFileName, parseHatDatasetName, taskSpaceMismatch } from '../../../src/core/latency/device';
import { HAT_LATENCY_FILES } from '../dataset/hat-latency-files';

describe('profile names from HAT file names', () => {
  it('names every shipped file by device and task', () => {
    expect(HAT_LATENCY_FILES.map(deviceFromFileName)).toEqual([
      "Raspberry Pi · WMT'14 En-De",
      "Intel Xeon · WMT'14 En-De",
      "NVIDIA TITAN Xp · WMT'14 En-De",
      "NVIDIA TITAN Xp · WMT'19 En-De",
      "NVIDIA TITAN Xp · IWSLT'14 De-En",
    ]);
  });

  it('reads the task of HAT’s WMT’14 En-Fr files instead of calling them En-De', () => {
    expect(deviceFromFileName('wmt14enfr_cpu_xeon_all.csv')).toBe("Intel Xeon · WMT'14 En-Fr");
    expect(deviceFromFileName('wmt14enfr_cpu_raspberrypi_all.csv')).toBe("Raspberry Pi · WMT'14 En-Fr");
    expect(deviceFromFileName('wmt14enfr_gpu_titanxp_all.csv')).toBe("NVIDIA TITAN Xp · WMT'14 En-Fr");
  });

  it('names the hardware HAT measured on', () => {
    expect(parseHatDatasetName('wmt14ende_cpu_raspberrypi_all.csv')).toMatchObject({
      task: 'wmt14ende',
      processor: 'cpu',
      hardware: 'Raspberry Pi ARM Cortex-A72 CPU',
      spaces: ['hat-wmt', 'hat-wmt-latency'],
    });
    expect(parseHatDatasetName('wmt14ende_cpu_xeon_all.csv')?.hardware).toBe('Intel Xeon E5-2640 CPU');
    expect(parseHatDatasetName('iwslt14deen_gpu_titanxp_all.csv')).toMatchObject({
      hardware: 'NVIDIA TITAN Xp GPU',
      spaces: ['hat-iwslt'],
    });
  });

  it('accepts a folder, upper case, a missing _all and a browser’s " (1)" copy suffix', () => {
    expect(deviceFromFileName('/data/HAT/wmt19ende_gpu_titanxp_all.csv')).toBe("NVIDIA TITAN Xp · WMT'19 En-De");
    expect(deviceFromFileName('C:\\x\\WMT14ENDE_CPU_XEON_ALL.CSV')).toBe("Intel Xeon · WMT'14 En-De");
    expect(deviceFromFileName('wmt14ende_cpu_raspberrypi.csv')).toBe("Raspberry Pi · WMT'14 En-De");
    expect(deviceFromFileName('wmt14ende_cpu_raspberrypi_all (1).csv')).toBe("Raspberry Pi · WMT'14 En-De");
  });

  it('keeps an unknown device of a known task as the file spells it', () => {
    expect(deviceFromFileName('wmt14ende_gpu_jetsonnano_all.csv')).toBe("jetsonnano · WMT'14 En-De");
    expect(parseHatDatasetName('wmt14ende_gpu_jetsonnano_all.csv')?.hardware).toBe('jetsonnano GPU');
  });

  it('falls back to the file name for anything else, never to a guessed device or task', () => {
    expect(deviceFromFileName('my-laptop.csv')).toBe('my-laptop');
    expect(deviceFromFileName('xeon_rows.csv')).toBe('xeon_rows');
    expect(deviceFromFileName('wmt16enro_cpu_xeon_all.csv')).toBe('wmt16enro_cpu_xeon_all');
    expect(deviceFromFileName('wmt14ende_tpu_xeon_all.csv')).toBe('wmt14ende_tpu_xeon_all');
    expect(deviceFromFileName('raspberrypi_wmt14.csv')).toBe('raspberrypi_wmt14');
    expect(parseHatDatasetName('constructor_cpu_xeon_all.csv')).toBeNull();
  });
});

describe('a profile used on another task’s search space', () => {
  it('warns for an IWSLT profile on the WMT spaces and a WMT profile on the IWSLT space', () => {
    expect(taskSpaceMismatch('iwslt14deen_gpu_titanxp_all.csv', 'hat-wmt')).toMatch(
      /measured on IWSLT'14 De-En SubTransformers \(hat-iwslt\), not hat-wmt: /,
    );
    expect(taskSpaceMismatch('wmt14ende_cpu_raspberrypi_all.csv', 'hat-iwslt')).toMatch(/WMT'14 En-De/);
    expect(taskSpaceMismatch('wmt14enfr_cpu_xeon_all.csv', 'hat-iwslt')).toMatch(/WMT'14 En-Fr/);
  });

  it('is silent when they match, or when the file says nothing about its task', () => {
    expect(taskSpaceMismatch('iwslt14deen_gpu_titanxp_all.csv', 'hat-iwslt')).toBeNull();
    expect(taskSpaceMismatch('wmt19ende_gpu_titanxp_all.csv', 'hat-wmt')).toBeNull();
    expect(taskSpaceMismatch('wmt14ende_cpu_xeon_all.csv', 'hat-wmt-latency')).toBeNull();
    expect(taskSpaceMismatch('this-device.csv', 'hat-iwslt')).toBeNull();
  });
});
