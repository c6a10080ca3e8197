// Sender page: polls the state endpoint and shows the current QR code (WhatsApp rotates it
// every ~20 s) and the connection state. Plain JS; the CSP forbids inline scripts.
(function () {
  'use strict';
  var box = document.querySelector('[data-state-url]');
  if (!box) return;
  var url = box.getAttribute('data-state-url');
  function set(name, value) { var el = box.querySelector('[data-field="' + name + '"]'); if (el) el.textContent = value; }

  function show(s) {
    var st = box.querySelector('[data-field="status"]');
    st.textContent = s.status; st.className = 'state ' + s.status;
    set('health', s.health);
    set('phone', s.phone || 'not linked yet');
    set('sent', String(s.sentToday));
    set('cap', s.capToday == null ? 'no cap' : String(s.capToday));
    set('warmup', s.warmupStep || 'done / none');
    var img = box.querySelector('[data-field="qr"]');
    if (!img) return;
    if (s.qr) {
      if (img.getAttribute('src') !== s.qr.dataUrl) img.setAttribute('src', s.qr.dataUrl);
      img.hidden = false;
      set('qr-help', 'Open WhatsApp on the phone → Linked devices → Link a device, and scan this code.');
    } else {
      img.hidden = true;
      set('qr-help', s.status === 'open' ? 'Linked.' : 'Waiting for a QR code from WhatsApp… (this page refreshes it by itself)');
    }
  }

  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) { if (s) show(s); setTimeout(poll, s && s.status === 'open' ? 10000 : 2000); })
      .catch(function () { setTimeout(poll, 5000); });
  }
  poll();
})();
