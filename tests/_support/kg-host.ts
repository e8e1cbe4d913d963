/**
 * A local stand-in for the remote sources an answer is built from, which a test can take down and
 * bring back: the knowledge-graph snapshot documents siibra reads (src/datasets/kg-store.ts, both the
 * data-proxy bucket and the jugit file API) and neuroglancer mesh indices (src/atlas/mesh-fragments.ts).
 * Every document is generated from the uuid or label in its path, so any id the configuration names
 * is served, and a test computes what the service should make of it from the same generator.
 *
 * Down is what an outage of the real hosts mostly looks like to the service: the port refuses
 * connections (the listener is closed and opened again on the same port, so remap rules and the
 * served data URLs stay the same). `"unavailable"` instead keeps listening and answers 503, as a
 * gateway in front of a stopped backend would.
 */
import type { Server } from "bun";

/** The data-proxy bucket siibra reads knowledge-graph snapshots from (DATA_PROXY_SOURCE). */
export const DATA_PROXY = "https://data-proxy.ebrains.eu";
/** siibra's own snapshot source, the jugit file API (JUGIT_SOURCE). */
export const JUGIT = "https://jugit.fz-juelich.de";
/** Where the configuration's surface meshes live (all but the marmoset's, which is on the data-proxy). */
export const NEUROGLANCER = "https://neuroglancer.humanbrainproject.eu";

const BUCKET = "/api/v1/buckets/reference-atlas-data/";
const JUGIT_FILES = /^\/api\/v4\/projects\/7846\/repository\/files\/([^/]+)\/raw$/;
const KG_DOC =
  /^ebrainsquery\/(v1\/dataset|v3\/DatasetVersion|v3\/Dataset|v3\/ParcellationEntity)\/([0-9a-f-]{36})\.json$/;
const MESH_INDEX = /\/mesh\/(\d+):0$/;
const KG_INSTANCES = "https://kg.ebrains.eu/api/instances/";

/** The title every generated dataset document carries (v1 `name`, v3 `fullName`). */
export const datasetTitle = (uuid: string) => `Dataset ${uuid}`;
/** The version of every generated DatasetVersion. */
export const VERSION_IDENTIFIER = "v1";
/** Fragment names of the surface mesh with this label. */
export const meshFragmentNames = (label: string) => [`lh.${label}.gii`, `rh.${label}.gii`];

/**
 * A snapshot document in the fields src/datasets/kg-records.ts and src/atlas/related.ts read
 * (siibra's `ebrainsquery` formats): complete, so no dataset needs a second document to be named.
 */
function kgDocument(kind: string, uuid: string): unknown {
  const person = { id: `${KG_INSTANCES}person-${uuid}`, type: ["https://openminds.ebrains.eu/core/Person"] };
  switch (kind) {
    case "v1/dataset":
      return {
        name: datasetTitle(uuid),
        kgReference: [`10.25493/${uuid.slice(0, 8)}`],
        description: `About ${uuid}.`,
        contributors: [{ "@id": `person-${uuid}`, name: "Doe, Jane", shortName: "Doe, J." }],
        custodians: [],
      };
    case "v3/DatasetVersion":
      return {
        id: `${KG_INSTANCES}${uuid}`,
        fullName: datasetTitle(uuid),
        versionIdentifier: VERSION_IDENTIFIER,
        description: `About ${uuid}.`,
        doi: [{ identifier: `https://doi.org/10.25493/${uuid.slice(0, 8)}` }],
        author: [{ ...person, givenName: "Jane", familyName: "Doe" }],
        custodian: [],
        isVersionOf: [],
      };
    case "v3/Dataset":
      return {
        id: `${KG_INSTANCES}${uuid}`,
        fullName: datasetTitle(uuid),
        description: `About ${uuid}.`,
        doi: [{ identifier: `https://doi.org/10.25493/${uuid.slice(0, 8)}` }],
        custodian: [],
        versions: [],
      };
    default:
      // A ParcellationEntity without relation assessments: the region relations come from the configuration.
      return { id: `${KG_INSTANCES}${uuid}`, hasVersion: [], inRelationTo: [] };
  }
}

/** The document a path names, or null (404): snapshots by either source's URL layout, mesh indices anywhere. */
function documentAt(pathname: string): unknown {
  const jugit = JUGIT_FILES.exec(pathname);
  const kgPath = jugit
    ? decodeURIComponent(jugit[1])
    : pathname.startsWith(BUCKET)
      ? pathname.slice(BUCKET.length)
      : null;
  const kg = kgPath === null ? null : KG_DOC.exec(kgPath);
  if (kg) return kgDocument(kg[1], kg[2]);
  if (pathname.endsWith("/info")) return { "@type": "neuroglancer_legacy_mesh", mesh: "mesh" };
  const mesh = MESH_INDEX.exec(pathname);
  if (mesh) return { fragments: meshFragmentNames(mesh[1]) };
  return null;
}

export type KgHost = {
  origin: string;
  /** `SIIBRA_API_REMAP_PROVIDERS` lines sending these hosts here (default: the data-proxy and jugit). */
  remap(...hosts: string[]): string;
  readonly state: "up" | "refused" | "unavailable";
  up(): void;
  down(how?: "refused" | "unavailable"): void;
  /** Requests answered (any status) since the host started. */
  readonly requests: number;
  stop(): void;
};

export function startKgHost(opts: { up?: boolean } = {}): KgHost {
  let state: KgHost["state"] = "up";
  let requests = 0;
  const listen = (port: number): Server<undefined> =>
    Bun.serve({
      hostname: "127.0.0.1",
      port,
      fetch(req) {
        requests++;
        if (state === "unavailable") return new Response("upstream unavailable", { status: 503 });
        const doc = documentAt(new URL(req.url).pathname);
        return doc === null ? new Response("not found", { status: 404 }) : Response.json(doc);
      },
    });
  let server: Server<undefined> | null = listen(0);
  const port = server.port as number;
  const origin = `http://127.0.0.1:${port}`;
  const host: KgHost = {
    origin,
    remap: (...hosts) => (hosts.length > 0 ? hosts : [DATA_PROXY, JUGIT]).map((h) => `${h}::${origin}`).join("\n"),
    get state() {
      return state;
    },
    get requests() {
      return requests;
    },
    up() {
      state = "up";
      server ??= listen(port);
    },
    down(how = "refused") {
      state = how;
      if (how === "refused") {
        server?.stop(true);
        server = null;
      } else {
        server ??= listen(port);
      }
    },
    stop() {
      server?.stop(true);
      server = null;
    },
  };
  if (opts.up === false) host.down();
  return host;
}
