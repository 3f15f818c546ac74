// Test media: a WebM (VP8 + Opus) made with the system's ffmpeg at test time, cached under the temp dir by its
// parameters so re-runs cost nothing. A short noisy segment is encoded at a high bitrate (noise does not compress,
// so the size is what the bitrate says) and looped by stream copy to the full length, which costs no encoding.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface WebmOptions {
  /** Whole seconds (a multiple of `segmentSeconds`). */
  readonly seconds: number;
  readonly videoBitsPerSecond: number;
  readonly segmentSeconds?: number;
  readonly width?: number;
  readonly height?: number;
}

/** A minute at 8 Mbit/s (about 60 MB, so the app picks 64 KiB pieces). */
export const DEFAULT_WEBM: WebmOptions = { seconds: 60, videoBitsPerSecond: 8_000_000, segmentSeconds: 5, width: 640, height: 360 };

/** Path of a WebM made to `o` (made once per machine; later calls return the cached file). */
export function makeWebm(o: WebmOptions = DEFAULT_WEBM): string {
  const seg = o.segmentSeconds ?? 5;
  const width = o.width ?? 640;
  const height = o.height ?? 360;
  // Noise keeps the encoder at the asked bitrate (it cannot compress noise away); more bits need more noise.
  const noise = Math.min(80, Math.round(o.videoBitsPerSecond / 125_000));
  if (o.seconds % seg !== 0) throw new Error(`seconds (${o.seconds}) must be a multiple of the segment (${seg})`);
  const key = `v2-${o.seconds}s-${o.videoBitsPerSecond}bps-${seg}s-${width}x${height}-n${noise}`;
  const dir = path.join(tmpdir(), 'rivulet-test-media');
  const out = path.join(dir, `${key}.webm`);
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  const segment = path.join(dir, `${key}.segment.webm`);
  const partial = path.join(dir, `${key}.${process.pid}.partial.webm`);
  const rate = String(o.videoBitsPerSecond);
  const ffmpeg = (args: string[]): void => {
    try {
      execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
    } catch (e) {
      const stderr = (e as { stderr?: Buffer }).stderr?.toString() ?? '';
      throw new Error(`ffmpeg failed (is it installed? Debian: apt-get install -y ffmpeg): ${(e as Error).message}\n${stderr}`);
    }
  };
  // A keyframe every second, so a seek anywhere resumes within a second of its target.
  ffmpeg([
    '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=30,noise=alls=${noise}:allf=t`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', String(seg),
    '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '16', '-threads', '2',
    '-b:v', rate, '-minrate', rate, '-maxrate', rate, '-bufsize', String(o.videoBitsPerSecond / 5),
    '-g', '30', '-keyint_min', '30',
    '-c:a', 'libopus', '-b:a', '64k',
    segment,
  ]);
  ffmpeg(['-stream_loop', String(o.seconds / seg - 1), '-i', segment, '-c', 'copy', '-t', String(o.seconds), '-f', 'webm', partial]);
  rmSync(segment, { force: true });
  renameSync(partial, out); // atomic: a concurrent run never sees half a file
  return out;
}
