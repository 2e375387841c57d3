// 导入预览: choosing an existing round reloads the preview with the rows matched to its tasks;
// a lead unit set to "新建单位…" shows the name field, any other choice hides it.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-reload-param]").forEach(function (sel) {
    sel.addEventListener("change", function () {
      var params = new URLSearchParams(window.location.search);
      if (sel.value) { params.set(sel.dataset.reloadParam, sel.value); } else { params.delete(sel.dataset.reloadParam); }
      window.location.search = params.toString();
    });
  });
  document.querySelectorAll("select[name$='-lead']").forEach(function (sel) {
    var input = sel.parentElement.querySelector("input[name$='-lead_new']");
    if (!input) return;
    function update() { input.hidden = sel.value !== "new"; }
    sel.addEventListener("change", update);
    update();
  });
});
