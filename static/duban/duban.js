// 字数统计: live character counter for every textarea with data-maxchars.
// Counts characters (code points), as the 300字以内 rule does.
function dubanCounters(root) {
  root.querySelectorAll("textarea[data-maxchars]").forEach(function (area) {
    if (area.dataset.counterBound) return;
    area.dataset.counterBound = "1";
    var max = parseInt(area.dataset.maxchars, 10);
    var out = document.createElement("div");
    out.className = "counter";
    out.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", out);
    function update() {
      var n = Array.from(area.value).length;
      out.textContent = n + " / " + max;
      out.classList.toggle("over", n > max);
    }
    area.addEventListener("input", update);
    update();
  });
}
document.addEventListener("DOMContentLoaded", function () { dubanCounters(document); });
document.addEventListener("htmx:afterSwap", function (e) { dubanCounters(e.target); });

// Behaviour that used to be inline handlers (the Content-Security-Policy allows no inline script):
// <select data-autosubmit> submits its form on change (language switch);
// <select data-round-switch> reloads the page with ?round=<value> (import preview: file into a round).
document.addEventListener("change", function (e) {
  var el = e.target;
  if (el.matches && el.matches("select[data-autosubmit]")) el.form.submit();
  if (el.matches && el.matches("select[data-round-switch]")) {
    window.location.search = el.value ? "?round=" + encodeURIComponent(el.value) : "";
  }
});
