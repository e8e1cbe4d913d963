import { firstColor, templateLayout } from "./templates.ts";
import { wrapText } from "./wrap.ts";
import { labelName } from "../data/matrix-regions.ts";
import type { PlotlyTemplate } from "./templates.ts";
import type { Cell, Frame } from "../data/frame.ts";

/**
 * Plotly figures (`{data, layout}`) of the kinds siibra 0.4 plots with its plotly backend: the traces
 * and layout keys plotly express writes for the same call. Values are JSON-safe (NaN → null).
 */
export type PlotlyFigure = { data: Record<string, unknown>[]; layout: Record<string, unknown> };

const num = (x: Cell) => (typeof x === "number" && Number.isFinite(x) ? x : null);
const column = (frame: Frame, j: number) => frame.data.map((row) => num(row[j]));
const titleOf = (text: string) => ({
  text: wrapText(text, 40).join("<br>"),
  automargin: true,
  yref: "container",
  xref: "container",
  pad: { t: 40 },
  xanchor: "left",
  yanchor: "top",
});
const axis = (anchor: string, title: string, extra: Record<string, unknown> = {}) => ({
  anchor,
  domain: [0, 1],
  title: { text: title },
  ...extra,
});

function layout(template: PlotlyTemplate, rest: Record<string, unknown>): Record<string, unknown> {
  const t = templateLayout(template);
  return t ? { template: t, ...rest } : rest;
}

/** `Tabular.plot`: a bar per row of the first column, `std` as error bars when present. */
export function barFigure(
  frame: Frame,
  opts: { title: string; unit: string | null; xlabel: string; template: PlotlyTemplate },
): PlotlyFigure {
  const y = String(frame.columns[0]);
  const stdAt = frame.columns.indexOf("std");
  const valueLabel = `${y}${stdAt >= 0 ? " &plusmn; std" : ""} ${opts.unit ?? ""}`;
  const trace: Record<string, unknown> = {
    alignmentgroup: "True",
    hovertemplate: `${opts.xlabel}=%{x}<br>${valueLabel}=%{y}<extra></extra>`,
    legendgroup: "",
    marker: { color: firstColor(opts.template), pattern: { shape: "" } },
    name: "",
    offsetgroup: "",
    orientation: "v",
    showlegend: false,
    textposition: "auto",
    x: frame.index.map((i) => labelName(i)),
    xaxis: "x",
    y: column(frame, 0),
    yaxis: "y",
    type: "bar",
  };
  if (stdAt >= 0) trace.error_y = { array: column(frame, stdAt) };
  return {
    data: [trace],
    layout: layout(opts.template, {
      xaxis: axis("y", opts.xlabel),
      yaxis: axis("x", valueLabel),
      title: titleOf(opts.title),
      barmode: "relative",
    }),
  };
}

const LAYERS = ["I", "II", "III", "IV", "V", "VI"];
const BOUNDARY_KEYS = ["0-1", "1-2", "2-3", "3-4", "4-5", "5-6", "6-7"];

/** `CorticalProfile.plot`: the profile as a line over cortical depth, layers shaded when mapped. */
export function profileFigure(
  frame: Frame,
  opts: { title: string; unit: string; boundaries: Record<string, number>; template: PlotlyTemplate },
): PlotlyFigure {
  const name = String(frame.columns[0]);
  const values = column(frame, 0);
  const shapes: Record<string, unknown>[] = [];
  if (BOUNDARY_KEYS.every((k) => k in opts.boundaries)) {
    const b = BOUNDARY_KEYS.map((k) => opts.boundaries[k]);
    for (let i = 0; i + 1 < b.length; i++) {
      shapes.push({
        type: "rect",
        x0: b[i],
        x1: b[i + 1],
        xref: "x",
        y0: 0,
        y1: 1,
        yref: "y domain",
        fillcolor: "gray",
        opacity: i % 2 === 0 ? 0.2 : 0,
        line: { width: 0 },
        label: { text: LAYERS[i], textposition: "bottom center" },
      });
    }
  }
  const max = Math.max(0, ...values.filter((v): v is number => v !== null));
  return {
    data: [
      {
        hovertemplate: `variable=${name}<br>Cortical depth=%{x}<br>${opts.unit}=%{y}<extra></extra>`,
        legendgroup: name,
        line: { color: firstColor(opts.template), dash: "solid" },
        mode: "lines",
        name,
        showlegend: true,
        x: frame.index,
        xaxis: "x",
        y: values,
        yaxis: "y",
        type: "scatter",
      },
    ],
    layout: layout(opts.template, {
      xaxis: axis("y", "Cortical depth"),
      yaxis: axis("x", opts.unit, { range: [0, max] }),
      title: titleOf(opts.title),
      showlegend: false,
      ...(shapes.length > 0 ? { shapes } : {}),
    }),
  };
}

/** plotly express' default sequential scale (plasma). */
const PLASMA = [
  [0, "#0d0887"],
  [0.1111111111111111, "#46039f"],
  [0.2222222222222222, "#7201a8"],
  [0.3333333333333333, "#9c179e"],
  [0.4444444444444444, "#bd3786"],
  [0.5555555555555556, "#d8576b"],
  [0.6666666666666666, "#ed7953"],
  [0.7777777777777778, "#fb9f3a"],
  [0.8888888888888888, "#fdca26"],
  [1, "#f0f921"],
];

/** `plotly.express.imshow(matrix, x=names, y=names)`: the matrix as a heat map with region names. */
export function heatmapFigure(frame: Frame, opts: { title: string; template: PlotlyTemplate }): PlotlyFigure {
  const names = frame.columns.map(labelName);
  const rows = frame.index.map(labelName);
  return {
    data: [
      {
        colorscale: PLASMA,
        name: "0",
        x: names,
        y: rows,
        z: frame.data.map((r) => r.map(num)),
        type: "heatmap",
        xaxis: "x",
        yaxis: "y",
        hovertemplate: "x: %{x}<br>y: %{y}<br>color: %{z}<extra></extra>",
      },
    ],
    layout: layout(opts.template, {
      xaxis: { anchor: "y", domain: [0, 1], scaleanchor: "y", constrain: "domain" },
      yaxis: { anchor: "x", domain: [0, 1], autorange: "reversed", constrain: "domain" },
      margin: { t: 60 },
      title: titleOf(opts.title),
    }),
  };
}

/** Lines of several numeric columns against another (marmoset percentile profiles per case). */
export function percentileFigure(
  frame: Frame,
  opts: { title: string; template: PlotlyTemplate; unit: string },
): PlotlyFigure | null {
  const col = (name: string) => frame.columns.indexOf(name);
  const pcts = ["density_5", "density_25", "density_50", "density_75", "density_95"];
  if (col("case_id") < 0 || col("depth") < 0 || pcts.some((p) => col(p) < 0)) return null;
  const cases = [...new Set(frame.data.map((r) => String(r[col("case_id")])))];
  const n = Math.max(3, cases.length);
  const gap = 0.04;
  const width = (1 - gap * (n - 1)) / n;
  const data: Record<string, unknown>[] = [];
  const axes: Record<string, unknown> = {};
  cases.forEach((c, idx) => {
    const rows = frame.data.filter((r) => String(r[col("case_id")]) === c);
    const suffix = idx === 0 ? "" : String(idx + 1);
    pcts.forEach((p, k) => {
      data.push({
        x: rows.map((r) => num(r[col(p)])),
        y: rows.map((r) => num(r[col("depth")])),
        mode: "lines",
        name: c,
        line: { color: p === "density_50" ? "#000000" : "#555555" },
        ...(k > 0 ? { fill: "tonexty", fillcolor: k === 1 || k === 4 ? "#eeeeee" : "#cccccc" } : {}),
        type: "scatter",
        xaxis: `x${suffix}`,
        yaxis: `y${suffix}`,
      });
    });
    axes[`xaxis${suffix}`] = {
      anchor: `y${suffix}`,
      domain: [idx * (width + gap), idx * (width + gap) + width],
      title: { text: opts.unit },
    };
    axes[`yaxis${suffix}`] = {
      anchor: `x${suffix}`,
      domain: [0, 1],
      autorange: "reversed",
      title: { text: "Cortical depth" },
    };
  });
  return {
    data,
    layout: layout(opts.template, {
      ...axes,
      annotations: cases.map((c, idx) => ({
        text: c,
        showarrow: false,
        x: idx * (width + gap) + width / 2,
        xanchor: "center",
        xref: "paper",
        y: 1,
        yanchor: "bottom",
        yref: "paper",
      })),
      showlegend: false,
      title: titleOf(opts.title),
    }),
  };
}
