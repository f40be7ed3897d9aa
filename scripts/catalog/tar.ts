/**
 * A POSIX ustar writer, gzipped: what `helm package` and `tar -czf` produce, for the few small
 * archives of a catalog. No dependency: node_modules has no tar package, and the format is a
 * 512-byte header per entry. Owner, group and modes are fixed and the time is given, so the
 * same files give the same bytes (and the same digest in index.yaml).
 */

import { gzipSync } from 'zlib';

export interface TarEntry {
  /** Relative, `/`-separated; a directory's path ends with `/`. */
  path: string;
  /** File content; absent for a directory. */
  data?: Uint8Array;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  // width - 1 digits and a NUL, as GNU tar and Go's archive/tar write them.
  return `${ value.toString(8).padStart(width - 1, '0') }\0`;
}

/** ustar keeps a path in name (100 bytes) and prefix (155 bytes), split at a slash. */
function splitPath(path: string): { name: string, prefix: string } {
  if (Buffer.byteLength(path) <= 100) {
    return { name: path, prefix: '' };
  }
  for (let at = path.indexOf('/'); at > 0; at = path.indexOf('/', at + 1)) {
    const prefix = path.slice(0, at);
    const name = path.slice(at + 1);

    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name) {
      return { name, prefix };
    }
  }
  throw new Error(`path too long for a ustar archive: ${ path }`);
}

function header(entry: TarEntry, mtime: number): Buffer {
  if (entry.path.startsWith('/') || entry.path.split('/').includes('..')) {
    throw new Error(`unsafe archive path: ${ entry.path }`);
  }

  const isDir = entry.data === undefined;
  const { name, prefix } = splitPath(entry.path);
  const block = Buffer.alloc(BLOCK);
  const put = (text: string, offset: number, width: number) => block.write(text, offset, width, 'utf8');

  put(name, 0, 100);
  put(octal(isDir ? 0o755 : 0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(entry.data?.length ?? 0, 12), 124, 12); // a directory has no data
  put(octal(mtime, 12), 136, 12);
  put(' '.repeat(8), 148, 8); // counted as spaces while summing
  put(isDir ? '5' : '0', 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  put('root', 265, 32);
  put('root', 297, 32);
  put(prefix, 345, 155);

  const sum = block.reduce((total, byte) => total + byte, 0);

  put(`${ sum.toString(8).padStart(6, '0') }\0 `, 148, 8);

  return block;
}

/** The entries as a tar archive, in the given order, ended by two zero blocks. */
export function tar(entries: readonly TarEntry[], mtime: Date): Uint8Array {
  const seconds = Math.floor(mtime.getTime() / 1000);
  const padded = (entry: TarEntry) => (entry.data ? Math.ceil(entry.data.length / BLOCK) * BLOCK : 0);
  const archive = new Uint8Array(entries.reduce((size, entry) => size + BLOCK + padded(entry), 2 * BLOCK));
  let offset = 0;

  for (const entry of entries) {
    archive.set(header(entry, seconds), offset);
    if (entry.data) {
      archive.set(entry.data, offset + BLOCK);
    }
    offset += BLOCK + padded(entry);
  }

  return archive;
}

/** tar, gzipped; zlib leaves the gzip header's time at 0, so only `mtime` is in the bytes. */
export function tarGz(entries: readonly TarEntry[], mtime: Date): Uint8Array {
  return new Uint8Array(gzipSync(tar(entries, mtime), { level: 9 }));
}
