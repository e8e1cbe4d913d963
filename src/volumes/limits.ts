/**
 * Bounds of the volume layer. The decoded-size cap keeps one request from exhausting memory (a gzip
 * bomb or an absurd header fails fast); the JBA MNI152 maps are ~17 MB (int16) per hemisphere file
 * and ~34 MB (float32) per probability map, so 512 MiB leaves ample room while staying far below
 * what a Bun worker can hold.
 */
export const MAX_DECODED_BYTES = 512 * 1024 * 1024;

/** Budget for one volume download (the largest configured NIfTI files are tens of MB). */
export const VOLUME_TIMEOUT_MS = 60_000;

/** Downloads of a statistical map's region files run this many at a time. */
export const FETCH_CONCURRENCY = 8;
