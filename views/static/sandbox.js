// Sandbox chat: appends new messages as the bot answers, and turns a chosen contact file
// into form fields (base64) so it travels with the message. No inline script (CSP).
(function () {
  'use strict';
  var chat = document.querySelector('[data-chat-url]');
  if (chat) {
    var url = chat.getAttribute('data-chat-url');
    var last = Number(chat.getAttribute('data-last-id')) || 0;
    chat.scrollTop = chat.scrollHeight;
    var poll = function () {
      fetch(url + '&after=' + last, { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : { messages: [] }; })
        .then(function (data) {
          data.messages.forEach(function (m) {
            if (chat.querySelector('[data-id="' + m.id + '"]')) return;
            var b = document.createElement('div');
            b.className = 'bubble ' + m.direction;
            b.setAttribute('data-id', m.id);
            b.textContent = m.body || '';
            if (m.media) {
              var a = document.createElement('span'); a.className = 'meta'; a.textContent = '📎 ';
              var name = m.media.fileName || m.media.kind;
              if (m.media.sha256 && chat.hasAttribute('data-can-download')) {
                var link = document.createElement('a'); link.href = '/sandbox/files/' + m.id; link.setAttribute('download', ''); link.textContent = name; a.appendChild(link);
              } else a.appendChild(document.createTextNode(name));
              b.appendChild(a);
            }
            var t = document.createElement('span'); t.className = 'meta'; t.textContent = String(m.created_at).slice(0, 16).replace('T', ' ');
            b.appendChild(t);
            chat.appendChild(b);
            last = Math.max(last, m.id);
          });
          if (data.messages.length) chat.scrollTop = chat.scrollHeight;
          setTimeout(poll, 1000);
        })
        .catch(function () { setTimeout(poll, 5000); });
    };
    setTimeout(poll, 500);
  }
  var file = document.querySelector('[data-attach]');
  if (file) {
    file.addEventListener('change', function () {
      var form = file.form, f = file.files[0];
      if (!f) { form.attachmentData.value = ''; return; }
      var reader = new FileReader();
      reader.onload = function () {
        form.attachmentName.value = f.name;
        form.attachmentType.value = f.type || 'text/plain';
        form.attachmentData.value = String(reader.result).replace(/^data:[^,]*,/, '');
      };
      reader.readAsDataURL(f);
    });
  }
})();
