/**
 * The modification time of every entry of the zips we write (feature downloads, atlas bundles):
 * 1980-01-01 00:00:00, the earliest a zip entry can hold (docs/decisions.md#deterministic-zips).
 *
 * A strong ETag names a download before it is built, so its bytes must be the same in every process
 * that may build it: not the clock (fflate stamps `Date.now()` by default) and not the time zone. Zip
 * entry times are local wall-clock fields, which fflate reads with the local-time getters; built from
 * local fields, this date encodes as 1980-01-01 00:00 in every zone (a UTC instant would encode as
 * 1979-12-31 west of UTC, which fflate refuses).
 */
export function zipEntryTime(): Date {
  return new Date(1980, 0, 1);
}
