/**
 * A local Allen Brain Atlas API: answers the probe XML, specimen, donor and microarray queries in
 * the API's formats, matched on the decoded query (the real URLs carry quotes, `$` and brackets).
 */
import type { Server } from "bun";

export const DONORS = [
  ["15496", "H0351.1015"],
  ["14380", "H0351.1012"],
  ["15697", "H0351.1016"],
  ["9861", "H0351.2001"],
  ["12876", "H0351.1009"],
  ["10021", "H0351.2002"],
] as const;

/** Donor k: the alignment is a translation by (k, 0, 0) mm; its two samples sit at MRI (1,1,1) and (3.005,2,2). */
export function alignment(k: number) {
  return {
    tvr_00: 1,
    tvr_01: 0,
    tvr_02: 0,
    tvr_03: 0,
    tvr_04: 1,
    tvr_05: 0,
    tvr_06: 0,
    tvr_07: 0,
    tvr_08: 1,
    tvr_09: k,
    tvr_10: 0,
    tvr_11: 0,
  };
}

export const SAMPLES: [number, number, number][] = [
  [1, 1, 1],
  [3.005, 2, 2],
];
export const PROBES = [1023146, 1023147];
export const level = (donor: number, probe: number, sample: number) => 10 * donor + probe + sample / 10;
export const zscore = (donor: number, probe: number, sample: number) => 0.5 - (donor + probe + sample);

export type AllenBehaviour = "ok" | "garbage" | "unavailable" | "no-probes";

export function serveAllen(behaviour: AllenBehaviour = "ok") {
  const hits: string[] = [];
  const server: Server<undefined> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req) {
      const url = new URL(req.url);
      const q = decodeURIComponent(url.search);
      hits.push(url.pathname + q);
      if (url.pathname === "/api/v2/data/query.xml") {
        if (behaviour === "garbage") return new Response("<<<\u0000");
        if (behaviour === "unavailable") return new Response("<html>Site unavailable</html>");
        const n = behaviour === "no-probes" ? 0 : PROBES.length;
        const probes = PROBES.slice(0, n)
          .map((id) => `<probe><id>${id}</id></probe>`)
          .join("");
        return new Response(
          `<?xml version="1.0" encoding="UTF-8"?><Response success="true" id="0" start_row="0" num_rows="${n}" total_rows="${n}"><probes>${probes}</probes></Response>`,
        );
      }
      if (url.pathname === "/api/v2/data/Specimen/query.json") {
        const name = /name\$eq'([^']+)'/.exec(q)?.[1];
        const k = DONORS.findIndex(([, n]) => n === name);
        return Response.json({ success: true, msg: [{ name, alignment3d: alignment(k) }] });
      }
      if (url.pathname === "/api/v2/data/query.json" && q.includes("model::Donor")) {
        return Response.json({
          success: true,
          msg: DONORS.map(([id], k) => ({
            id: Number(id),
            race_only: k % 2 ? "White" : "Black",
            sex: k % 2 ? "M" : "F",
            age: { days: 365 * (30 + k) + 100 },
          })),
        });
      }
      if (url.pathname === "/api/v2/data/query.json" && q.includes("human_microarray_expression")) {
        const donor = /donors\$eq(\d+)/.exec(q)?.[1];
        const k = DONORS.findIndex(([id]) => id === donor);
        return Response.json({
          success: true,
          msg: {
            probes: PROBES.map((id, p) => ({
              id,
              "gene-symbol": "MAOA",
              expression_level: SAMPLES.map((_, s) => String(level(k, p, s))),
              "z-score": SAMPLES.map((_, s) => String(zscore(k, p, s))),
            })),
            samples: SAMPLES.map((mri) => ({ donor: { id: Number(donor), name: DONORS[k][1] }, sample: { mri } })),
          },
        });
      }
      return new Response("not found", { status: 404 });
    },
  });
  return { origin: `http://127.0.0.1:${server.port}`, hits, stop: () => server.stop(true) };
}

/**
 * A NIfTI-1 uint8 mask of 12 × 4 × 4 voxels of 1 mm whose voxel (i, j, k) is at (i, j, k) mm
 * (sform identity); `on(i, j, k)` decides the voxel value.
 */
export function niftiMask(on: (i: number, j: number, k: number) => boolean | number): Uint8Array<ArrayBuffer> {
  const [nx, ny, nz] = [12, 4, 4];
  const buf = new ArrayBuffer(352 + nx * ny * nz);
  const v = new DataView(buf);
  v.setInt32(0, 348, true);
  for (const [i, d] of [3, nx, ny, nz, 1, 1, 1, 1].entries()) v.setInt16(40 + 2 * i, d, true);
  v.setInt16(70, 2, true); // uint8
  v.setInt16(72, 8, true);
  for (const [i, d] of [1, 1, 1, 1, 0, 0, 0, 0].entries()) v.setFloat32(76 + 4 * i, d, true);
  v.setFloat32(108, 352, true);
  v.setInt16(254, 1, true); // sform_code
  const srow = [
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
  ];
  for (const [r, row] of srow.entries())
    for (const [c, x] of row.entries()) v.setFloat32(280 + 16 * r + 4 * c, x, true);
  new Uint8Array(buf, 344, 4).set([0x6e, 0x2b, 0x31, 0]);
  const data = new Uint8Array(buf, 352);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) data[i + nx * (j + ny * k)] = Number(on(i, j, k));
  return new Uint8Array(buf);
}
