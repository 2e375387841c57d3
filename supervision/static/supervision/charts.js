/* 督办图表: draws every [data-chart] element from the JSON in the element named by data-source.
   The table next to each chart carries the same figures for screen readers and printing. */
(function () {
  function data(id) { var el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }
  function draw(el) {
    if (!window.echarts) return;
    var d = data(el.dataset.source); if (!d) return;
    var chart = echarts.init(el, null, { renderer: "svg" });
    var kind = el.dataset.chart, option;
    if (kind === "status") {
      option = { tooltip: {}, xAxis: { type: "category", data: d.status.map(function (s) { return s.name; }) },
                 yAxis: { type: "value", minInterval: 1 }, series: [{ type: "bar", data: d.status.map(function (s) { return s.value; }) }] };
    } else if (kind === "rates") {
      var part = d[el.dataset.part];
      option = { tooltip: { trigger: "axis" }, legend: {}, grid: { left: 8, right: 24, containLabel: true },
                 xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
                 yAxis: { type: "category", data: part.labels, inverse: true, axisLabel: { width: 160, overflow: "truncate" } },
                 series: [{ name: d.names.completion, type: "bar", data: part.completion },
                          { name: d.names.lag, type: "bar", data: part.lag }] };
    } else if (kind === "history") {
      var series = [], single = d.rounds.length < 2;  // one round: no line to see, so mark the points
      d.series.forEach(function (s) {
        series.push({ name: s.name + " " + d.labels.actual, type: "line", data: s.actual, connectNulls: true, symbolSize: 8 });
        series.push({ name: s.name + " " + d.labels.target, type: "line", data: s.target, lineStyle: { type: "dashed" }, symbol: single ? "diamond" : "none", symbolSize: 10 });
      });
      option = { tooltip: { trigger: "axis" }, legend: {}, grid: { left: 8, right: 24, containLabel: true },
                 xAxis: { type: "category", data: d.rounds }, yAxis: { type: "value" }, series: series };
    }
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(draw);
  });
})();
