import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

/** The parts of a V8 CPU profile the summary reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export interface Hotspot {
  /** `function (file:line)`, the file relative to the workspace. */
  name: string;
  /** Share of the sampled time spent in the function itself. */
  share: number;
}

/**
 * Records CPU profiles of timed sections only (not of their set-up), with
 * the inspector of this very process, and saves each as a .cpuprofile file
 * that Chrome DevTools or VS Code open.
 */
export class SectionProfiler {
  private readonly session = new Session();
  private connected = false;

  constructor(readonly folder: string) {}

  async start(): Promise<void> {
    if (!this.connected) {
      this.session.connect();
      await this.session.post('Profiler.enable');
      await this.session.post('Profiler.setSamplingInterval', { interval: 100 });
      this.connected = true;
    }
    await this.session.post('Profiler.start');
  }

  /** Stops, saves the profile as `<name>.cpuprofile`, and returns its hottest functions. */
  async stop(name: string): Promise<Hotspot[]> {
    const { profile } = await this.session.post('Profiler.stop');
    await writeFile(join(this.folder, `${name}.cpuprofile`), JSON.stringify(profile));
    return hotspots(profile as unknown as CpuProfile);
  }

  close(): void {
    if (this.connected) this.session.disconnect();
    this.connected = false;
  }
}

/** Frames that are the profiler's own work (stopping it is sampled too) or waiting. */
const NOT_WORK = new Set(['(idle)', 'dispatch']);

/** Functions by self time, largest first (idle time and the profiler's own left out). */
export function hotspots(profile: CpuProfile, top = 6): Hotspot[] {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id);
    if (!frame || (NOT_WORK.has(frame.functionName) && frame.url === '')) return;
    const file = frame.url
      .replace(/^.*\/(packages|apps|node_modules)\//, '$1/')
      .replace(/^file:\/\//, '');
    const where = file ? ` (${file}:${frame.lineNumber + 1})` : '';
    const key = `${frame.functionName || '(anonymous)'}${where}`;
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, t]) => ({ name, share: total ? t / total : 0 }));
}
