import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

/** Pids of the repository's training script running on this machine (issue 17's job may hold a core). */
export function trainingJobs(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (/scripts\/train\/train\.ts/.test(command)) pids.push(Number(entry));
    } catch {
      // The process ended meanwhile.
    }
  }
  return pids;
}

export interface MachineLoad {
  cores: number;
  /** 1-, 5- and 15-minute load averages. */
  loadAverage: [number, number, number];
  trainingJobPids: number[];
}

export function machineLoad(): MachineLoad {
  const [one, five, fifteen] = loadavg();
  return { cores: availableParallelism(), loadAverage: [one!, five!, fifteen!], trainingJobPids: trainingJobs() };
}

/** The load a figure was taken under, in words, for a table's caption. */
export function loadNote(load: MachineLoad = machineLoad()): string {
  const training =
    load.trainingJobPids.length > 0
      ? `, training job running (pid ${load.trainingJobPids.join(', ')})`
      : ', no training job';
  return `${load.cores} cores, load average ${load.loadAverage.map((x) => x.toFixed(1)).join(' / ')}${training}`;
}
