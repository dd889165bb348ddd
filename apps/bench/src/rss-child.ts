// Runs workload iv alone in its own process and reports the peak of its
// resident memory during the read. Usage: node rss-child.js <repository folder>
// Prints one JSON line.
import { readFileSync, writeFileSync } from 'node:fs';
import { Repo } from '@lakota/core';
import { FsPod } from '@lakota/pod-fs';

/**
 * Linux carries a process's peak RSS across fork and exec, so a child of a
 * large benchmark process starts with its parent's peak. Writing 5 to
 * clear_refs resets it (Linux 4.0+); false where that is not possible.
 */
function resetPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** VmHWM (Linux), else the process's maxRSS, in bytes. */
function peakRss(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // Not Linux: maxRSS below.
  }
  return process.resourceUsage().maxRSS * 1024;
}

const folder = process.argv[2];
if (!folder) {
  console.error('usage: rss-child <repository folder written by workload iv>');
  process.exit(2);
}
const repo = await Repo.open(new FsPod(folder));
const collection = await repo.collection('bench');
(globalThis as { gc?: () => void }).gc?.();
const reset = resetPeak();
const before = process.memoryUsage().rss;
const frame = await collection.series('full').read();
console.log(JSON.stringify({ rows: frame.length, rssBefore: before, peakRss: peakRss(), reset }));
