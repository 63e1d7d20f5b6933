/**
 * The demo as a test: `node samples/demo.mjs --quick --json` builds the leaky service plain,
 * with leash `track` and with leash `bind`, drives each with the same load, and reports what
 * each left behind. The bind build must leave nothing; the plain build must leave what the
 * sample is built to leak; the track build must name the sites checked in under
 * samples/leaky-service/expected/.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

interface Counts {
  timers: number;
  listeners: number;
  tasks: number;
}

interface VariantResult {
  built: boolean;
  error?: string;
  node: { timers: number; listeners: number };
  registry: (Counts & { live: number }) | null;
  upstream: { open: number; waiting: number; peakWaiting: number; received: number };
  load: { sent: number; answered: number; cancelled: number; failed: number };
}

interface DemoResult {
  variants: Record<'plain' | 'track' | 'bind', VariantResult>;
  trackSites?: string[];
  codemod: { ran: boolean; summary?: string; output: string };
  errors: string[];
  seconds: number;
}

function runDemo(): Promise<{ result: DemoResult; stderr: string }> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [join('samples', 'demo.mjs'), '--quick', '--json'],
      { cwd: root, timeout: 150_000, maxBuffer: 32 << 20, env: { ...process.env, LEASH_MODE: '', LEASH_STACKS: '' } },
      (error, stdout, stderr) => {
        try {
          done({ result: JSON.parse(stdout) as DemoResult, stderr });
        } catch {
          fail(new Error(`the demo printed no JSON result (${error?.message ?? 'no error'})\n${stderr}`));
        }
      },
    );
  });
}

describe('samples/demo.mjs --quick', () => {
  let demo: DemoResult;
  let log = '';

  beforeAll(async () => {
    const { result, stderr } = await runDemo();
    demo = result;
    log = stderr;
  }, 160_000);

  it('builds and runs all three variants', () => {
    expect(demo.errors, log).toEqual([]);
    for (const name of ['plain', 'track', 'bind'] as const) {
      const variant = demo.variants[name];
      expect(variant.built, `${name}: ${variant.error}`).toBe(true);
      expect(variant.error, name).toBeUndefined();
      expect(variant.load.sent, name).toBe(600);
      expect(variant.load.failed, name).toBe(0);
    }
  });

  it('bind: nothing is left after the load', () => {
    const bind = demo.variants.bind;
    expect(bind.node).toMatchObject({ timers: 0, listeners: 0 });
    expect(bind.registry).toMatchObject({ live: 0, timers: 0, listeners: 0, tasks: 0 });
    expect(bind.upstream.waiting).toBe(0);
  });

  it('plain: timers, listeners and upstream calls are left behind', () => {
    const plain = demo.variants.plain;
    expect(plain.node.timers).toBeGreaterThan(0);
    expect(plain.node.listeners).toBeGreaterThan(0);
    expect(plain.upstream.waiting).toBeGreaterThan(0);
    expect(plain.registry).toBeNull();
  });

  it('track: the same kinds of leaks as plain, and the registry names their sites', () => {
    const track = demo.variants.track;
    expect(track.node.timers).toBeGreaterThan(0);
    expect(track.node.listeners).toBeGreaterThan(0);
    expect(track.upstream.waiting).toBeGreaterThan(0);
    expect(track.registry).toMatchObject({ timers: expect.any(Number), listeners: expect.any(Number), tasks: expect.any(Number) });
    expect(track.registry!.timers).toBeGreaterThan(0);
    expect(track.registry!.listeners).toBeGreaterThan(0);
    expect(track.registry!.tasks).toBeGreaterThan(0);
    const expected = readFileSync(join(root, 'samples/leaky-service/expected/track-sites.txt'), 'utf8').trim().split('\n');
    expect(demo.trackSites).toEqual(expected);
  });

  it('runs the codemods on a copy of the sample and prints their summary', () => {
    expect(demo.codemod.ran, demo.codemod.output).toBe(true);
    expect(demo.codemod.summary).toMatch(/^leash codemod all: \d+ files/);
  });
});
