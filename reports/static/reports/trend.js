/* 指标跨年度: target and actual per year and round, from the JSON in #trend-data (json_script). */
(function () {
  function draw() {
    var el = document.getElementById("trend-chart");
    var src = el && document.getElementById(el.dataset.source);
    if (!el || !src || !window.echarts) return;
    var d = JSON.parse(src.textContent);
    var series = [];
    d.series.forEach(function (s) {
      series.push({ name: d.labels.target, type: "line", data: s.target, lineStyle: { type: "dashed" }, symbol: "diamond", symbolSize: 9 });
      series.push({ name: d.labels.actual, type: "line", data: s.actual, connectNulls: true, symbolSize: 9 });
    });
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({ tooltip: { trigger: "axis" }, legend: {}, grid: { left: 8, right: 24, containLabel: true },
                      xAxis: { type: "category", data: d.rounds }, yAxis: { type: "value" }, series: series });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
