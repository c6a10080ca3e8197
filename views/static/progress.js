// Live campaign progress: polls the page's JSON endpoint and updates bars and counts.
// Plain JS, no inline script (the CSP forbids it). Stops when the tab is hidden.
(function () {
  'use strict';
  var box = document.querySelector('[data-progress-url]');
  if (!box) return;
  var url = box.getAttribute('data-progress-url');
  var FINAL = { completed: 1, cancelled: 1 };

  function text(el, value) { if (el) el.textContent = value; }

  function updateList(data) {
    data.campaigns.forEach(function (c) {
      var row = document.querySelector('tr[data-campaign="' + c.id + '"]');
      if (!row) return;
      var bar = row.querySelector('progress');
      bar.max = Math.max(1, c.total); bar.value = c.done;
      text(row.querySelector('[data-field="label"]'), c.done + ' / ' + c.total);
      var st = row.querySelector('[data-field="status"]');
      st.textContent = c.status; st.className = 'state ' + c.status;
    });
  }

  function updatePage(s) {
    var toSend = Math.max(1, s.total - s.counts.skipped);
    var bar = box.querySelector('progress');
    bar.max = toSend; bar.value = Math.round(s.progress * toSend);
    text(box.querySelector('[data-field="percent"]'), Math.round(s.progress * 100) + '%');
    text(box.querySelector('[data-field="eta"]'), s.etaSeconds != null ? '· about ' + Math.ceil(s.etaSeconds / 60) + ' min left at the safe pace' : '');
    text(box.querySelector('[data-field="total"]'), s.total.toLocaleString('en-US'));
    var c = s.counts;
    text(box.querySelector('[data-field="sent-all"]'), (c.sent + c.delivered + c.read).toLocaleString('en-US'));
    text(box.querySelector('[data-field="delivered-all"]'), (c.delivered + c.read).toLocaleString('en-US'));
    text(box.querySelector('[data-field="read-all"]'), c.read.toLocaleString('en-US'));
    Object.keys(s.counts).forEach(function (k) { text(box.querySelector('[data-count="' + k + '"]'), s.counts[k].toLocaleString('en-US')); });
    var st = document.querySelector('h1 [data-field="status"]');
    if (st) { st.textContent = s.status; st.className = 'state ' + s.status; }
    return !FINAL[s.status];
  }

  function poll() {
    if (document.hidden) return setTimeout(poll, 3000);
    fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return setTimeout(poll, 10000);
        var more = box.hasAttribute('data-campaign-page') ? updatePage(data) : (updateList(data), true);
        if (more) setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 10000); });
  }
  setTimeout(poll, 2000);
})();
