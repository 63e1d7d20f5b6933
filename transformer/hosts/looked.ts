/**
 * Writes the record of output files a build looked at and left as `tsc` wrote them (read by the
 * runtime: see runtime/looked.ts, which says why). `leash build` and the ts-patch plugin write it
 * once per build, after the outputs are on disk.
 */
import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LOOKED_FORMAT, matchesRecord, readRecord, recordFileFor, type LookedRecord } from '../../runtime/looked';

/**
 * Records `files` (output files left unchanged) as they are on disk now, and forgets `changed`
 * (outputs of the same build leash rewrote, which announce themselves). Entries of earlier builds
 * stay while their file still matches them. A file written before `since` (epoch ms), when given,
 * is not this build's output (a compiler API that emitted in memory, say) and is not recorded.
 * Never throws: without the record, a process running only such files reads as never looked at,
 * as before.
 */
export function recordLooked(files: readonly string[], changed: readonly string[], since?: number): void {
  const byRecord = new Map<string, { add: Map<string, [number, number]>; drop: string[] }>();
  const groupOf = (file: string): { add: Map<string, [number, number]>; drop: string[] } | undefined => {
    const path = recordFileFor(file);
    if (path === undefined) return undefined;
    let group = byRecord.get(path);
    if (group === undefined) byRecord.set(path, (group = { add: new Map(), drop: [] }));
    return group;
  };
  const rewritten = new Set(changed.map((name) => resolve(name)));
  for (const file of files.map((name) => resolve(name))) {
    if (rewritten.has(file)) continue; // one output of several sources (outFile), some of them rewritten
    try {
      const stat = statSync(file);
      // Filesystems with coarse times (FAT: 2 s) can stamp a file just written earlier than `since`.
      if (since !== undefined && stat.mtimeMs < since - 2000) continue;
      groupOf(file)?.add.set(file, [stat.size, stat.mtimeMs]);
    } catch {
      // Not on disk (noEmit, or removed since): nothing to record.
    }
  }
  for (const file of rewritten) groupOf(file)?.drop.push(file);
  for (const [path, { add, drop }] of byRecord) {
    const before = readRecord(path);
    const entries: Record<string, readonly [number, number]> = {};
    // An earlier build's entry stays while its file is as that build left it (this build's own files are about to be replaced).
    const replaced = new Set(drop);
    if (before !== undefined) for (const file of Object.keys(before.files)) if (!add.has(file) && !replaced.has(file) && matchesRecord(before, file)) entries[file] = before.files[file] as readonly [number, number];
    for (const [file, stat] of add) entries[file] = stat;
    const record: LookedRecord = { format: LOOKED_FORMAT, files: entries };
    try {
      mkdirSync(dirname(path), { recursive: true });
      const temp = `${path}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(record));
      renameSync(temp, path);
    } catch {
      // A read-only or full disk: the build's outputs are fine; only the record is missing.
    }
  }
}
