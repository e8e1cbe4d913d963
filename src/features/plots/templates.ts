/**
 * The seven `PlotlyTemplate` names of siibra-api and the layout template each puts into a figure
 * (`layout.template`). Our own compact definitions in the spirit of plotly.py's built-in themes:
 * colours, fonts, backgrounds and grid lines; `none` adds no template.
 */
export const PLOTLY_TEMPLATES = [
  "plotly",
  "plotly_white",
  "plotly_dark",
  "ggplot2",
  "seaborn",
  "simple_white",
  "none",
] as const;
export type PlotlyTemplate = (typeof PLOTLY_TEMPLATES)[number];

const PLOTLY_COLORWAY = [
  "#636efa",
  "#EF553B",
  "#00cc96",
  "#ab63fa",
  "#FFA15A",
  "#19d3f3",
  "#FF6692",
  "#B6E880",
  "#FF97FF",
  "#FECB52",
];

type Theme = { paper: string; plot: string; font: string; grid: string; line: string; colorway: string[] };

const THEMES: Record<Exclude<PlotlyTemplate, "none">, Theme> = {
  plotly: { paper: "white", plot: "#E5ECF6", font: "#2a3f5f", grid: "white", line: "white", colorway: PLOTLY_COLORWAY },
  plotly_white: {
    paper: "white",
    plot: "white",
    font: "#2a3f5f",
    grid: "#EBF0F8",
    line: "#EBF0F8",
    colorway: PLOTLY_COLORWAY,
  },
  plotly_dark: {
    paper: "rgb(17,17,17)",
    plot: "rgb(17,17,17)",
    font: "#f2f5fa",
    grid: "#283442",
    line: "#506784",
    colorway: PLOTLY_COLORWAY,
  },
  ggplot2: {
    paper: "white",
    plot: "rgb(237,237,237)",
    font: "rgb(51,51,51)",
    grid: "white",
    line: "white",
    colorway: ["#F8766D", "#A3A500", "#00BF7D", "#00B0F6", "#E76BF3"],
  },
  seaborn: {
    paper: "white",
    plot: "rgb(234,234,242)",
    font: "rgb(36,36,36)",
    grid: "white",
    line: "white",
    colorway: ["rgb(76,114,176)", "rgb(221,132,82)", "rgb(85,168,104)", "rgb(196,78,82)", "rgb(129,114,179)"],
  },
  simple_white: {
    paper: "white",
    plot: "white",
    font: "rgb(36,36,36)",
    grid: "white",
    line: "rgb(36,36,36)",
    colorway: [
      "#1F77B4",
      "#FF7F0E",
      "#2CA02C",
      "#D62728",
      "#9467BD",
      "#8C564B",
      "#E377C2",
      "#7F7F7F",
      "#BCBD22",
      "#17BECF",
    ],
  },
};

export function templateLayout(name: PlotlyTemplate): Record<string, unknown> | undefined {
  if (name === "none") return undefined;
  const t = THEMES[name];
  const axis = {
    gridcolor: t.grid,
    linecolor: t.line,
    zerolinecolor: t.grid,
    ticks: "",
    title: { standoff: 15 },
    automargin: true,
  };
  return {
    data: {
      bar: [{ marker: { line: { color: t.plot, width: 0.5 } }, error_y: { color: t.font }, type: "bar" }],
      scatter: [{ marker: { line: { width: 0 } }, type: "scatter" }],
      heatmap: [{ colorbar: { outlinewidth: 0, ticks: "" }, type: "heatmap" }],
    },
    layout: {
      colorway: t.colorway,
      font: { color: t.font },
      paper_bgcolor: t.paper,
      plot_bgcolor: t.plot,
      hovermode: "closest",
      xaxis: axis,
      yaxis: axis,
      title: { x: 0.05 },
      coloraxis: { colorbar: { outlinewidth: 0, ticks: "" } },
    },
  };
}

/** The first colour of a template's colour way (plotly express' first trace colour). */
export function firstColor(name: PlotlyTemplate): string {
  return name === "none" ? "#636efa" : THEMES[name].colorway[0];
}
