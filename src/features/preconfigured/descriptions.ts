/** Class `DESCRIPTION` texts of siibra 0.4a106, verbatim (including upstream's spacing and typos). */
export const DESCRIPTIONS = {
  ReceptorDensityFingerprint:
    "Fingerprint of densities (in fmol/mg protein) of receptors for classical neurotransmitters obtained by means of quantitative in vitro autoradiography. The fingerprint provides average density measurments for different receptors measured in tissue samples from different subjects together with the corresponding standard deviations. ",
  ReceptorDensityProfile:
    "Cortical profile of densities (in fmol/mg protein) of receptors for classical neurotransmitters obtained by means of quantitative in vitro autoradiography. The profiles provide, for a single tissue sample, an exemplary density distribution for a single receptor from the pial surface to the border between layer VI and the white matter.",
  CellDensityProfile:
    "Cortical profile of estimated densities of detected cell bodies (in detected cells per 0.1 cube millimeter) obtained by applying a Deep Learning based instance segmentation algorithm (Contour Proposal Network; Upschulte et al., Neuroimage 2022) to a 1 micron resolution cortical image patch prepared with modified Silver staining. Densities have been computed per cortical layer after manual layer segmentation, by dividing the number of detected cells in that layer with the area covered by the layer. Therefore, each profile contains 6 measurement points. The cortical depth is estimated from the measured layer thicknesses.",
  LayerwiseCellDensity:
    "Layerwise estimated densities of detected cell bodies  (in detected cells per 0.1 cube millimeter) obtained by applying a Deep Learning based instance segmentation algorithm (Contour Proposal Network; Upschulte et al., Neuroimage 2022) to a 1 micron resolution cortical image patch prepared with modified Silver staining. Densities have been computed per cortical layer after manual layer segmentation, by dividing the number of detected cells in that layer with the area covered by the layer. Therefore, each profile contains 6 measurement points. The cortical depth is estimated from the measured layer thicknesses.",
  MarmosetCalbindinDensityProfile: "Marmoset Calbindin Cell Density Profile",
} as const;
