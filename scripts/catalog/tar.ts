/**
 * Gzipped tar archives of in-memory files, written by `tar` (node-tar, the package npm itself
 * packs with), for the few small archives of a catalog. Deterministic: portable headers (no
 * uid, gid, user or group names, atime or ctime of this machine: GNU tar reads them as 0/0),
 * fixed modes (0755 directories, 0644 files), the given mtime on every file (directories carry
 * none in portable mode), a gzip header without time or OS, and the entries in the order given
 * (each caller gives a fixed one). The same files give the same bytes, and the same digest in
 * index.yaml.
 */

import { Header, PackSync, ReadEntry } from 'tar';

export interface TarEntry {
  /** Relative, `/`-separated; a directory's path ends with `/`. */
  path: string;
  /** File content; absent for a directory. */
  data?: Uint8Array;
}

function readEntryOf(entry: TarEntry, mtime: Date): ReadEntry {
  if (entry.path.startsWith('/') || entry.path.split('/').includes('..')) {
    throw new Error(`unsafe archive path: ${ entry.path }`);
  }
  const isDir = entry.data === undefined;

  return new ReadEntry(new Header({
    path: entry.path, type: isDir ? 'Directory' : 'File', size: entry.data?.length ?? 0, mode: isDir ? 0o755 : 0o644, mtime
  }));
}

/** The entries as a gzipped tar archive, in the given order. */
export function tarGz(entries: readonly TarEntry[], mtime: Date): Uint8Array {
  const chunks: Uint8Array[] = [];
  const pack = new PackSync({
    gzip: { level: 9 }, portable: true, mtime, strict: true
  });

  pack.on('data', (chunk) => chunks.push(new Uint8Array(chunk)));
  for (const entry of entries) {
    const read = readEntryOf(entry, mtime);

    pack.add(read);
    if (entry.data) {
      read.end(Buffer.from(entry.data));
    } else {
      read.end();
    }
  }
  pack.end();

  return new Uint8Array(Buffer.concat(chunks));
}
