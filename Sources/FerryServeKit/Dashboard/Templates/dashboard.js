// Ferry dashboard: the run page follows the run's Server-Sent Events (the same stream as
// GET /api/v1/runs/{id}/events, authorised by the session cookie) to move the progress bar and
// extend the events timeline; the page reloads once the run has ended to show its final state.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var run = document.getElementById("run");
  if (!run || run.dataset.live !== "true" || !window.EventSource) return;
  var bar = document.getElementById("progress");
  var text = document.getElementById("progress-text");
  var timeline = document.getElementById("timeline");
  var seen = timeline.children.length;
  var source = new EventSource("/ui/runs/" + encodeURIComponent(run.dataset.run) + "/events");
  var count = 0;
  source.onmessage = null;
  function add(event) {
    count += 1;
    if (count <= seen) return; // already rendered by the server
    var data;
    try { data = JSON.parse(event.data); } catch (e) { return; }
    var item = document.createElement("li");
    item.className = "event " + data.type;
    var time = document.createElement("time");
    time.textContent = (data.time || "").slice(11, 23);
    var type = document.createElement("b");
    type.textContent = data.type;
    var summary = document.createElement("span");
    summary.textContent = summarise(data);
    item.append(time, " ", type, " ", summary);
    timeline.appendChild(item);
    if (data.type === "progress") {
      if (data.total_bytes > 0) {
        bar.max = data.total_bytes;
        bar.value = Math.min(data.bytes_read, data.total_bytes);
        text.textContent = Math.floor(100 * bar.value / bar.max) + "% · " + data.rows_written + " rows";
      } else {
        text.textContent = data.rows_written + " rows";
      }
    }
    if (data.type === "run_completed" || data.type === "run_failed") {
      bar.max = 100;
      bar.value = 100;
    }
  }
  function summarise(data) {
    if (data.type === "progress") return data.rows_read + " read, " + data.rows_written + " written";
    if (data.type === "run_completed") return data.rows_written + " rows written, " + data.rows_rejected + " rejected";
    if (data.type === "run_failed") return data.error ? data.error.message : "failed";
    if (data.type === "rows_rejected") return (data.count || "") + " rows rejected";
    if (data.type === "warning") return data.message || data.code || "";
    return "";
  }
  ["run_started", "schema_resolved", "progress", "warning", "rows_rejected", "retrying", "checks_completed",
   "run_completed", "run_failed"].forEach(function (type) { source.addEventListener(type, add); });
  source.addEventListener("end", function () {
    source.close();
    window.location.reload();
  });
  source.onerror = function () {
    source.close();
    window.setTimeout(function () { window.location.reload(); }, 2000);
  };
});
