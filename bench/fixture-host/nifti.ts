/** Minimal NIfTI-1 single files (`n+1`, 352-byte header, qform/sform from `srow`) as the data host serves them. */
export function niftiRaw(
  dims: number[],
  datatype: number,
  data: ArrayBufferView,
  srow: number[],
): Uint8Array<ArrayBuffer> {
  const header = new Uint8Array(352);
  const view = new DataView(header.buffer);
  view.setInt32(0, 348, true);
  view.setInt16(40, 3, true);
  dims.forEach((n, d) => {
    view.setInt16(42 + d * 2, n, true);
  });
  view.setInt16(70, datatype, true);
  view.setInt16(72, datatype === 4 ? 16 : 32, true);
  view.setFloat32(108, 352, true);
  view.setInt16(254, 1, true);
  srow.forEach((v, i) => {
    view.setFloat32(280 + i * 4, v, true);
  });
  header.set([0x6e, 0x2b, 0x31, 0], 344);
  const out = new Uint8Array(352 + data.byteLength);
  out.set(header);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 352);
  return out;
}

/** Gzipped at level 1: generation stays short, and decoding cost on the service side is what counts. */
export function nifti(
  dims: number[],
  datatype: number,
  data: ArrayBufferView,
  srow: number[],
): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Bun.gzipSync(niftiRaw(dims, datatype, data, srow), { level: 1 }));
}
