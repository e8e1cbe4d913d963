import { datasetRefs, str } from "../../atlas/config-json.ts";
import { featureId } from "../ids.ts";
import { featureClass } from "../hierarchy.ts";
import type { Json } from "../../atlas/config-json.ts";
import type { DatasetRefs } from "../../atlas/model.ts";

/** Corners in mm of the image's space; `[min, max]` per axis after construction. */
export type Box = { min: [number, number, number]; max: [number, number, number] };

/** The box spanned by two corners given in any order. */
export function spanBox(a: readonly number[], b: readonly number[]): Box {
  return {
    min: [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.min(a[2], b[2])],
    max: [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.max(a[2], b[2])],
  };
}

/** A preconfigured image feature (volume of interest or section) of siibra 0.4. */
export type ImageRecord = {
  path: string;
  className: string;
  category: string | null;
  id: string;
  /** `"<file name> (<modality>)"`, as siibra's `Image.name`. */
  name: string;
  modality: string;
  spaceId: string;
  /** The file's `region` (siibra builds an anchor region from it); null for most images. */
  regionSpec: string | null;
  /** The `neuroglancer/precomputed` URL (every v04_EOL image has one), as configured (not remapped). */
  url: string;
  providers: Record<string, string>;
  /** The box written in the file, if any; others come from the neuroglancer `info` (neuroglancer-box.ts). */
  configuredBox: Box | null;
  datasets: DatasetRefs;
};

/**
 * `Factory.build_volume_of_interest` / `build_section`: the class (and the modality siibra stores)
 * follows the file's `modality`. Unknown modalities are configuration errors upstream.
 */
function classify(modality: string, section: boolean, where: string): [className: string, modality: string] {
  if (section) {
    if (modality === "cell body staining") return ["CellbodyStainedSection", modality];
  } else if (modality === "cell body staining") return ["CellBodyStainedVolumeOfInterest", modality];
  else if (modality === "blockface") return ["BlockfaceVolumeOfInterest", modality];
  else if (modality === "PLI HSV fibre orientation map") return ["PLIVolumeOfInterest", "HSV fibre orientation map"];
  else if (modality === "transmittance") return ["PLIVolumeOfInterest", modality];
  else if (modality === "XPCT") return ["XPCTVolumeOfInterest", modality];
  else if (modality === "DTI") return ["DTIVolumeOfInterest", modality];
  else if (modality.includes("MRI")) return ["MRIVolumeOfInterest", modality];
  else if (modality === "LSFM") return ["LSFMVolumeOfInterest", "Light Sheet Fluorescence Microscopy"];
  else if (modality === "morphometry") return ["MorphometryVolumeOfInterest", "Morphometry"];
  throw new Error(`configuration ${where}: No method for building image section feature type ${modality}.`);
}

/** The classes reading each image folder (`configuration_folder`); DTI shares the blockface folder. */
const FOLDER_CLASSES: Record<string, string[]> = {
  "features/images/vois/cellbody": ["CellBodyStainedVolumeOfInterest"],
  "features/images/vois/blockface": ["BlockfaceVolumeOfInterest", "DTIVolumeOfInterest"],
  "features/images/vois/pli": ["PLIVolumeOfInterest"],
  "features/images/vois/mri": ["MRIVolumeOfInterest"],
  "features/images/vois/xpct": ["XPCTVolumeOfInterest"],
  "features/images/vois/lsfm": ["LSFMVolumeOfInterest"],
  "features/images/vois/morphometry": ["MorphometryVolumeOfInterest"],
  "features/images/sections/cellbody": ["CellbodyStainedSection"],
};

function box(value: unknown): Box | null {
  const coords = (value as Json | undefined)?.coordinates;
  if (!Array.isArray(coords) || coords.length !== 2) return null;
  const [a, b] = coords.map((c) => (Array.isArray(c) ? c.slice(0, 3).map(Number) : []));
  if (a.length !== 3 || b.length !== 3 || [...a, ...b].some((x) => !Number.isFinite(x))) return null;
  return spanBox(a, b);
}

function buildImage(path: string, doc: Json): ImageRecord {
  const section = doc["@type"] === "siibra/feature/section/v0.1";
  if (!section && doc["@type"] !== "siibra/feature/voi/v0.1")
    throw new Error(`configuration ${path}: No factory method for specification type ${String(doc["@type"])}.`);
  const [className, modality] = classify(str(doc, "modality") ?? "", section, path);
  const providers = Object.fromEntries(
    Object.entries((doc.providers ?? {}) as Json).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
  const url = providers["neuroglancer/precomputed"];
  if (!url) throw new Error(`configuration ${path}: image without a neuroglancer/precomputed provider`);
  const name = `${str(doc, "name") ?? ""} (${modality})`;
  const datasets = datasetRefs(doc);
  return {
    path,
    className,
    category: featureClass(className)?.category ?? null,
    id: featureId(str(doc, "@id"), name, datasets),
    name,
    modality,
    spaceId: String(((doc.space ?? {}) as Json)["@id"] ?? ""),
    regionSpec: str(doc, "region"),
    url,
    providers,
    configuredBox: box(doc.boundingbox),
    datasets,
  };
}

/**
 * Image features in siibra's order: classes in definition order, each with the files of its folder
 * (byte-sorted paths) that build into an instance of itself.
 */
export function buildImages(docs: [string, unknown][]): ImageRecord[] {
  const built = docs
    .filter(([path]) => FOLDER_CLASSES[path.slice(0, path.lastIndexOf("/"))] !== undefined)
    .map(([path, doc]) => buildImage(path, doc as Json));
  const order = Object.values(FOLDER_CLASSES).flat();
  return order.flatMap((cls) =>
    built.filter((r) => r.className === cls && FOLDER_CLASSES[r.path.slice(0, r.path.lastIndexOf("/"))].includes(cls)),
  );
}
