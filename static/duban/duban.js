// 字数统计: live character counter for every textarea with data-maxchars.
// Counts characters (code points), as the 300字以内 rule does. Nothing is ever cut: the counter
// turns red and the server refuses the save until the text is shortened.
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
      area.classList.toggle("over", n > max);
    }
    area.addEventListener("input", update);
    update();
  });
}

// 确认: every irreversible step (提交, 签发, 审核通过, 退回, 撤回, 锁定, 催办, 确认导入) asks first.
document.addEventListener("submit", function (e) {
  var form = e.target;
  // The button pressed may ask its own question (同意 / 不同意 in one form), else the form's.
  var question = (e.submitter && e.submitter.dataset && e.submitter.dataset.confirm) || (form.dataset && form.dataset.confirm);
  if (question && !window.confirm(question)) {
    e.preventDefault();
    e.stopImmediatePropagation();
  }
}, true);

// 填报表 sheet: row state (saved / unsaved / conflict), filters, "next unfilled", keyboard.
function dubanSheet(root) {
  var sheet = document.querySelector(".sheet");
  if (!sheet) return;
  root.querySelectorAll(".sheet-row form.c-fields").forEach(function (form) {  // the row's fields, not its evidence forms
    if (form.dataset.bound) return;
    form.dataset.bound = "1";
    var row = form.closest(".sheet-row");
    form.addEventListener("input", function () { if (row.dataset.state !== "conflict") row.dataset.state = "dirty"; });
    form.addEventListener("change", function () { if (row.dataset.state !== "conflict") row.dataset.state = "dirty"; });
  });
}

function dubanRows() { return Array.from(document.querySelectorAll(".sheet-row")); }

// 已填 N / M 项 · N 项有提示: counted again from the rows after a row is saved (each row carries its state).
function dubanCounts() {
  var box = document.querySelector(".sheet-counts");
  if (!box) return;
  var rows = dubanRows();
  var filled = rows.filter(function (r) { return r.dataset.filled === "1"; }).length;
  var flagged = rows.filter(function (r) { return r.dataset.flagged === "1"; }).length;
  var text = box.dataset.filledText.replace("__N__", filled).replace("__T__", rows.length);
  if (flagged) text += " · " + box.dataset.flaggedText.replace("__N__", flagged);
  box.textContent = text;
  var current = document.querySelector(".sheet-tools .filter.on");
  if (current && current.dataset.filter !== "all") dubanFilter(current.dataset.filter);
}

function dubanFilter(kind) {
  var shown = 0;
  dubanRows().forEach(function (row) {
    var show = kind === "all" || (kind === "unfilled" && row.dataset.filled === "0") || (kind === "flagged" && row.dataset.flagged === "1");
    row.hidden = !show;
    if (show) shown += 1;
  });
  var none = document.querySelector(".sheet-tools-none");
  if (none) none.hidden = shown > 0 || dubanRows().length === 0;
  document.querySelectorAll(".sheet-tools .filter").forEach(function (b) {
    var on = b.dataset.filter === kind;
    b.classList.toggle("on", on);
    b.setAttribute("aria-pressed", on ? "true" : "false");
  });
}

function dubanNextUnfilled() {
  var rows = dubanRows().filter(function (r) { return !r.hidden; });
  var current = document.activeElement && document.activeElement.closest ? document.activeElement.closest(".sheet-row") : null;
  var start = current ? rows.indexOf(current) + 1 : 0;
  var ordered = rows.slice(start).concat(rows.slice(0, start));
  var next = ordered.find(function (r) { return r.dataset.filled === "0" && r !== current; });
  if (!next) return;
  next.scrollIntoView({ block: "start" });
  // the row's own fields (完成情况 first), not the 佐证材料 file control in the task cell
  var field = next.querySelector(".c-fields textarea, .c-fields select, .c-fields input:not([type=hidden])");
  (field || next).focus();
}

document.addEventListener("click", function (e) {
  var filter = e.target.closest && e.target.closest(".sheet-tools .filter");
  if (filter) { dubanFilter(filter.dataset.filter); return; }
  if (e.target.closest && e.target.closest(".next-unfilled")) dubanNextUnfilled();
});

document.addEventListener("keydown", function (e) {
  var row = e.target.closest && e.target.closest(".sheet-row");
  if (row && (e.ctrlKey || e.metaKey) && (e.key === "Enter" || e.key === "s")) {
    var form = row.querySelector("form.c-fields");  // the row's fields, never its 佐证材料 upload
    if (form) { e.preventDefault(); form.requestSubmit(); }
  } else if (e.altKey && (e.key === "n" || e.key === "N")) {
    e.preventDefault();
    dubanNextUnfilled();
  }
});

window.addEventListener("beforeunload", function (e) {
  var sheet = document.querySelector(".sheet");
  if (sheet && document.querySelector('.sheet-row[data-state="dirty"]')) {
    e.preventDefault();
    e.returnValue = sheet.dataset.unsavedWarning || "";
  }
});

// The language menu submits on change (no inline handlers: see the Content-Security-Policy).
document.addEventListener("change", function (e) {
  if (e.target.matches && e.target.matches("select[data-autosubmit]")) e.target.form.submit();
});

document.addEventListener("DOMContentLoaded", function () { dubanCounters(document); dubanSheet(document); });
document.addEventListener("htmx:afterSwap", function (e) { dubanCounters(document); dubanSheet(document); dubanCounts(); });
// A refused row save (409: the package left draft) shows its message instead of being ignored.
document.addEventListener("htmx:responseError", function (e) {
  var row = e.detail.elt && e.detail.elt.closest ? e.detail.elt.closest(".sheet-row") : null;
  if (row && e.detail.xhr && e.detail.xhr.responseText) {
    row.dataset.state = "error";
    var box = row.querySelector(".row-status");
    if (box) box.innerHTML = e.detail.xhr.responseText;
  }
});


// The bar's drop-down menus (<details class="menu">): one open at a time; Esc closes it and returns
// the focus to its summary; a click elsewhere closes it. Without this script they still open and close.
document.addEventListener("toggle", function (e) {
  var menu = e.target;
  if (!(menu instanceof HTMLDetailsElement) || !menu.classList.contains("menu") || !menu.open) return;
  document.querySelectorAll("details.menu[open]").forEach(function (other) { if (other !== menu) other.open = false; });
}, true);
document.addEventListener("keydown", function (e) {
  if (e.key !== "Escape") return;
  var menu = document.activeElement && document.activeElement.closest && document.activeElement.closest("details.menu[open]");
  if (!menu) return;
  menu.open = false;
  menu.querySelector("summary").focus();
});
document.addEventListener("click", function (e) {
  document.querySelectorAll("details.menu[open]").forEach(function (menu) { if (!menu.contains(e.target)) menu.open = false; });
});
