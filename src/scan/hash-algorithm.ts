/**
 * HASH_ALGORITHM is sha256: on CPUs with SHA extensions it measured as fast as sha1 (1.0-1.5 GiB/s)
 * and 2-3x faster than md5; it has no known collisions; and any of them outruns the disks and the
 * cloud link the files come from.
 */
export const HASH_ALGORITHM = 'sha256';

/** HASH_CHUNK is the read size: large enough to amortise calls, small enough to never hold a file whole. */
export const HASH_CHUNK = 1024 * 1024;
