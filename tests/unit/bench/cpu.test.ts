// The bench's /proc reader: finds a process tree and counts the CPU time its members burn;
// no timing assertion: the child burns a fixed amount of its own CPU time.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CpuMeter, perGiB, processTree } from '../../../bench/support/cpu.ts';

/** A node child that, on a line on stdin, burns `ms` of CPU time (its own clock), then prints "done". */
function burner(): ChildProcess {
  const code = `process.stdin.on('data', (d) => {
    const ms = Number(String(d));
    const t0 = process.cpuUsage();
    for (;;) { const u = process.cpuUsage(t0); if ((u.user + u.system) / 1000 >= ms) break; }
    process.stdout.write('done\\n');
  });`;
  return spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
}

async function burn(child: ChildProcess, ms: number): Promise<void> {
  const done = once(child.stdout!, 'data');
  child.stdin!.write(`${ms}\n`);
  await done;
}

describe.runIf(process.platform === 'linux')('bench cpu meter', () => {
  it('counts the CPU seconds a child in the process tree burns', async () => {
    const child = burner();
    await once(child, 'spawn');
    const meter = CpuMeter.start({ mine: () => processTree(process.pid) });
    expect(processTree(process.pid)).toContain(child.pid);
    await burn(child, 300);
    const cpu = meter.stop();
    child.kill();
    // The child alone burned 0.3 s of its own clock; /proc counts in 10 ms ticks.
    expect(cpu['mine']).toBeGreaterThanOrEqual(0.28);
  });

  it('counts nothing for a group whose processes do not run', () => {
    const meter = CpuMeter.start({ none: () => [] });
    expect(meter.stop()).toEqual({ none: 0 });
  });

  it('turns CPU seconds and bytes into seconds per GiB', () => {
    expect(perGiB(3, 256 * 1024 * 1024)).toBe(12);
  });
});
