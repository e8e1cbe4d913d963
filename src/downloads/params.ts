/** `/atlas_download` query, as upstream's handler receives it (every field optional). */
export type BundleParams = {
  space_id: string | null;
  parcellation_id: string | null;
  region_id: string | null;
  feature_id: string | null;
  /** JSON `[[x,y,z],[x,y,z]]` in mm of the space. */
  bbox: string | null;
  /** Any non-empty value: only the first of the region / parcellation / space outputs is produced. */
  strict_mode: string | null;
};
