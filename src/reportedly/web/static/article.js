// The article page's record panel: pointing at or clicking a mark, or following a link
// to one (#claim-3, also from the keyboard), shows the record it belongs to (a copy of
// the record's entry below the text).
"use strict";

function showRecord(mark) {
  const panel = document.getElementById("panel");
  const record = document.getElementById("record-" + mark.dataset.record);
  if (!panel || !record) return;
  document.querySelectorAll("mark.active").forEach((m) => m.classList.remove("active"));
  document.querySelectorAll(`mark[data-record="${CSS.escape(mark.dataset.record)}"]`)
    .forEach((m) => m.classList.add("active"));
  const copy = record.cloneNode(true);
  copy.removeAttribute("id");
  panel.replaceChildren(copy);
}

function markOf(event) {
  return event.target instanceof Element ? event.target.closest("mark[data-record]") : null;
}

document.addEventListener("DOMContentLoaded", () => {
  const text = document.getElementById("text");
  if (!text) return;
  for (const kind of ["mouseover", "click"]) {
    text.addEventListener(kind, (event) => {
      const mark = markOf(event);
      if (mark) showRecord(mark);
    });
  }
  const showLinked = () => {
    const target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    const mark = target && target.closest("mark[data-record]");
    if (mark) showRecord(mark);
  };
  window.addEventListener("hashchange", showLinked);
  showLinked();
});
