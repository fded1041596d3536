import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** One injected fault, as labelled by the dataset. */
export interface Fault {
  /** Injection time; the dataset's `inject_time`, read as UTC (see {@link readFaults}). */
  onset: Date;
  pod: string;
  service: string;
  type: string;
}

/** One day of the dataset, extracted: where its telemetry files are and its labelled faults. */
export interface NezhaDay {
  archive: string;
  day: string;
  /** Directories holding `trace/`, `log/`, `metric/` for this day (fault-suffering, then fault-free). */
  telemetryDirs: string[];
  faults: Fault[];
}

/**
 * Kubernetes pod name → service: a Deployment's pods are `<deployment>-<replicaset hash>-<pod
 * suffix>`, so both trailing segments go. Names that do not look like that are kept whole.
 */
export function serviceOfPod(pod: string): string {
  const match = /^(.+)-[a-z0-9]{6,10}-[a-z0-9]{5}$/.exec(pod);
  return match?.[1] ?? pod;
}

/** Every `*.tgz` in `dataDir` whose name contains `nameFilter`, extracted once into a cache under the OS temp dir. */
export function extractArchives(dataDir: string, nameFilter: string, log: (line: string) => void): string[] {
  const archives = readdirSync(dataDir).filter(
    (name) =>
      (name.endsWith('.tgz') || name.endsWith('.tar.gz')) &&
      name.toLowerCase().includes(nameFilter.toLowerCase()),
  );
  return archives.map((name) => {
    const archive = join(dataDir, name);
    const target = join(
      tmpdir(),
      'cairn-rca',
      `${basename(name).replace(/\.(tgz|tar\.gz)$/, '')}-${statSync(archive).size}`,
    );
    if (existsSync(join(target, '.extracted'))) {
      log(`using extracted ${name} in ${target}`);
    } else {
      log(`extracting ${name} into ${target} …`);
      mkdirSync(target, { recursive: true });
      execFileSync('tar', ['xzf', archive, '-C', target]);
      execFileSync('touch', [join(target, '.extracted')]);
    }
    return target;
  });
}

/** The days under `<root>/rca_data/` that have a fault list. */
export function findDays(root: string, archive: string): NezhaDay[] {
  const rca = join(root, 'rca_data');
  if (!existsSync(rca)) return [];
  return readdirSync(rca)
    .filter((day) => existsSync(join(rca, day, `${day}-fault_list.json`)))
    .map((day) => ({
      archive,
      day,
      telemetryDirs: [join(rca, day), join(root, 'construct_data', day)].filter((dir) => existsSync(dir)),
      faults: readFaults(join(rca, day, `${day}-fault_list.json`)),
    }));
}

interface RawFault {
  inject_time: string;
  inject_timestamp?: string;
  inject_pod: string;
  inject_type: string;
}

/**
 * The fault list groups faults by hour. Its `inject_timestamp` disagrees with `inject_time` (by 8 h
 * for some entries and by one to several minutes for others), while `inject_time` read as UTC lines
 * up with the telemetry's own clocks, so that is the onset used.
 */
export function readFaults(path: string): Fault[] {
  // The file is the dataset's JSON; its shape is checked field by field below.
  const groups = JSON.parse(readFileSync(path, 'utf8')) as Record<string, RawFault[]>;
  const faults: Fault[] = [];
  for (const list of Object.values(groups)) {
    for (const raw of list) {
      const onset = new Date(`${raw.inject_time.replace(' ', 'T')}Z`);
      if (Number.isNaN(onset.getTime()) || typeof raw.inject_pod !== 'string') {
        throw new Error(`${path}: unreadable fault ${JSON.stringify(raw)}`);
      }
      faults.push({
        onset,
        pod: raw.inject_pod,
        service: serviceOfPod(raw.inject_pod),
        type: raw.inject_type,
      });
    }
  }
  return faults.sort((a, b) => a.onset.getTime() - b.onset.getTime());
}
