// Draws each dashboard chart from the JSON beside it, with the vendored ECharts (no CDN).
// The table under each chart holds the same numbers for readers without charts.
(function () {
  "use strict";
  function draw(el) {
    var data = JSON.parse(document.getElementById(el.dataset.chart).textContent);
    var chart = echarts.init(el, null, { renderer: "svg" });
    var option;
    if (data.type === "pie") {
      option = {
        tooltip: { trigger: "item" },
        series: [{
          type: "pie", radius: ["35%", "65%"],
          data: data.labels.map(function (l, i) { return { name: l, value: data.series[0].data[i] }; })
        }]
      };
    } else {
      var horizontal = data.type === "bar" && (data.labels.length > 6 || el.clientWidth < 520);
      var cat = { type: "category", data: data.labels, axisLabel: { interval: 0, width: 90, overflow: "truncate" } };
      var val = { type: "value", minInterval: 1 };
      option = {
        tooltip: { trigger: "axis" },
        legend: data.series.length > 1 ? { type: "scroll", top: 0 } : undefined,
        grid: { left: 8, right: 16, top: data.series.length > 1 ? 32 : 12, bottom: 8, containLabel: true },
        xAxis: horizontal ? val : cat,
        yAxis: horizontal ? Object.assign({}, cat, { inverse: true }) : val,
        series: data.series.map(function (s) { return { name: s.name, type: data.type, data: s.data }; })
      };
      if (horizontal) { el.style.height = Math.max(240, data.labels.length * 22 + 40) + "px"; chart.resize(); }
    }
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (typeof echarts === "undefined") { return; }
    document.querySelectorAll("[data-chart]").forEach(draw);
  });
})();
