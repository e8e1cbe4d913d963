/** openMINDS vocabulary context carried by every openMINDS-derived model. */
export const VOCAB = Object.freeze({ "@vocab": "https://openminds.ebrains.eu/vocab/" });

/** A `Coordinates`/`AxesOrigin` entry (mm values). */
export function coordinate(value: number) {
  return { "@context": VOCAB, typeOfUncertainty: null, uncertainty: null, unit: null, value };
}
