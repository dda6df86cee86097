// The quantity page's charts: each div.chart names the <script type="application/json">
// that holds its Plotly figure (data, not code: the page runs no inline script).
// Clicking a point opens its figure in its article.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const div of document.querySelectorAll("div.chart[data-figure]")) {
    const source = document.getElementById(div.dataset.figure);
    if (!source) continue;
    const figure = JSON.parse(source.textContent);
    Plotly.newPlot(div, figure.data, figure.layout, { responsive: true, displaylogo: false });
    div.on("plotly_click", (event) => {
      const link = event.points.length ? event.points[0].customdata : null;
      if (typeof link === "string" && link.startsWith("/articles/")) location.assign(link);
    });
  }
});
