import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

export interface TrainingJob {
  pid: number;
  /** Stopped (kill -STOP) for a measurement: it holds no core meanwhile. */
  paused: boolean;
}

/** The repository's training scripts (scripts/train/*.ts) on this machine: each may hold a core. */
export function trainingJobs(): TrainingJob[] {
  const jobs: TrainingJob[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (!/scripts\/train\/[\w-]+\.ts/.test(command)) continue;
      // /proc/<pid>/stat: "pid (name) state ...", state T when stopped.
      const state = /\) (\w)/.exec(readFileSync(`/proc/${entry}/stat`, 'utf8'))?.[1];
      jobs.push({ pid: Number(entry), paused: state === 'T' });
    } catch {
      // The process ended meanwhile.
    }
  }
  return jobs;
}

export interface MachineLoad {
  cores: number;
  /** 1-, 5- and 15-minute load averages. */
  loadAverage: [number, number, number];
  trainingJobs: TrainingJob[];
}

export function machineLoad(): MachineLoad {
  const [one, five, fifteen] = loadavg();
  return { cores: availableParallelism(), loadAverage: [one!, five!, fifteen!], trainingJobs: trainingJobs() };
}

/** Training jobs in words: which were running and which paused. */
export function trainingNote(jobs: readonly TrainingJob[]): string {
  if (jobs.length === 0) return 'no training job';
  const running = jobs.filter((j) => !j.paused).map((j) => j.pid);
  const paused = jobs.filter((j) => j.paused).map((j) => j.pid);
  return [
    running.length > 0 ? `training job(s) running (pid ${running.join(', ')})` : '',
    paused.length > 0 ? `training job(s) paused for the measurement (pid ${paused.join(', ')})` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** The load a figure was taken under, in words, for a table's caption. */
export function loadNote(load: MachineLoad = machineLoad()): string {
  return `${load.cores} cores, load average ${load.loadAverage.map((x) => x.toFixed(1)).join(' / ')}, ${trainingNote(load.trainingJobs)}`;
}
