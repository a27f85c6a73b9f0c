// The minutka web chat page. Plain browser JavaScript, no build step.
// Message text is only ever set with textContent.
(function () {
  'use strict';

  var cfg = JSON.parse(document.getElementById('minutka-config').textContent);
  var S = cfg.strings;
  var HISTORY_MAX = 200;
  var FRAME_MAX = 60000; // bytes; the server closes the socket above 64 KiB
  var KEY_CHAT = 'minutka.chat';
  var KEY_HISTORY = 'minutka.history';
  var KEY_OUTQ = 'minutka.outq';

  function $(id) { return document.getElementById(id); }
  var logEl = $('log');
  var input = $('input');
  var form = $('composer');
  var sendBtn = $('send');
  var typingEl = $('typing');
  var banner = $('banner');
  var statusEl = $('status');
  var closeBtn = $('close');

  // Storage: the chat id lives in localStorage (the same person across tabs and visits),
  // the visible history and unsent messages in sessionStorage (survive a reload of this tab).
  function storage(name) {
    try {
      var s = window[name];
      s.setItem('minutka.probe', '1');
      s.removeItem('minutka.probe');
      return s;
    } catch (e) {
      var mem = {};
      return {
        getItem: function (k) { return Object.prototype.hasOwnProperty.call(mem, k) ? mem[k] : null; },
        setItem: function (k, v) { mem[k] = String(v); },
        removeItem: function (k) { delete mem[k]; }
      };
    }
  }
  var local = storage('localStorage');
  var session = storage('sessionStorage');
  function load(s, key, def) {
    try {
      var v = s.getItem(key);
      return v === null ? def : JSON.parse(v);
    } catch (e) { return def; }
  }
  function save(s, key, v) {
    try { s.setItem(key, JSON.stringify(v)); } catch (e) { /* full or disabled: keep in memory */ }
  }

  function randomId() {
    var c = window.crypto;
    if (c && typeof c.randomUUID === 'function') return c.randomUUID();
    var b = new Uint8Array(16);
    if (c && c.getRandomValues) {
      c.getRandomValues(b);
    } else {
      for (var i = 0; i < b.length; i++) b[i] = Math.floor(Math.random() * 256);
    }
    var s = '';
    for (var j = 0; j < b.length; j++) s += (b[j] < 16 ? '0' : '') + b[j].toString(16);
    return s;
  }

  var chatId = load(local, KEY_CHAT, null);
  if (typeof chatId !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(chatId)) {
    chatId = randomId();
    save(local, KEY_CHAT, chatId);
  }
  var history = load(session, KEY_HISTORY, []);
  if (!Array.isArray(history)) history = [];
  var outq = load(session, KEY_OUTQ, []);
  if (!Array.isArray(outq)) outq = [];

  // Rendering.
  var optionsEl = null;
  var pendingRows = {};
  var locale = document.documentElement.lang || undefined;

  function timeText(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return '';
    try {
      return d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
    } catch (e) {
      return d.toTimeString().slice(0, 5);
    }
  }

  function renderEntry(e) {
    var row = document.createElement('div');
    row.className = 'row ' + (e.who === 'me' ? 'me' : 'bot');
    if (e.text) {
      var b = document.createElement('div');
      b.className = 'bubble';
      b.textContent = e.text;
      row.appendChild(b);
      var t = timeText(e.at);
      if (t) {
        var tm = document.createElement('div');
        tm.className = 'time';
        tm.textContent = t;
        row.appendChild(tm);
      }
    }
    logEl.insertBefore(row, typingEl);
    return row;
  }

  function clearOptions() {
    if (optionsEl) {
      optionsEl.parentNode.removeChild(optionsEl);
      optionsEl = null;
    }
  }

  function renderOptions(row, options) {
    clearOptions();
    if (!options || !options.length) return;
    var box = document.createElement('div');
    box.className = 'options';
    options.forEach(function (o) {
      var btn = document.createElement('button');
      btn.type = 'button';
      btn.className = 'option';
      btn.textContent = o.label || o.value;
      btn.addEventListener('click', function () { pressOption(o); });
      box.appendChild(btn);
    });
    row.appendChild(box);
    optionsEl = box;
  }

  function notice(text) {
    var n = document.createElement('div');
    n.className = 'notice';
    n.setAttribute('role', 'alert');
    n.textContent = text;
    logEl.insertBefore(n, typingEl);
    scrollDown();
  }

  function scrollDown(instant) {
    if (instant) {
      var prev = logEl.style.scrollBehavior;
      logEl.style.scrollBehavior = 'auto';
      logEl.scrollTop = logEl.scrollHeight;
      logEl.style.scrollBehavior = prev;
      return;
    }
    logEl.scrollTop = logEl.scrollHeight;
  }

  function addEntry(e) {
    history.push(e);
    if (history.length > HISTORY_MAX) history = history.slice(history.length - HISTORY_MAX);
    save(session, KEY_HISTORY, history);
  }

  // Typing indicator: from a client message until the next reply (or a minute).
  var typingTimer = null;
  function showTyping() {
    typingEl.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, 60000);
    scrollDown();
  }
  function hideTyping() {
    clearTimeout(typingTimer);
    typingEl.hidden = true;
  }

  // Sending.
  function byteLength(s) {
    if (window.TextEncoder) return new TextEncoder().encode(s).length;
    return unescape(encodeURIComponent(s)).length;
  }

  function transmit(frame) {
    var data = JSON.stringify(frame);
    if (ws && ws.readyState === 1) {
      try {
        ws.send(data);
        return;
      } catch (e) { /* queue it below */ }
    }
    outq.push(frame);
    save(session, KEY_OUTQ, outq);
  }

  function flushOutq() {
    if (!ws || ws.readyState !== 1 || !outq.length) return;
    var q = outq;
    outq = [];
    for (var i = 0; i < q.length; i++) {
      try {
        ws.send(JSON.stringify(q[i]));
      } catch (e) {
        outq = q.slice(i);
        break;
      }
      var row = pendingRows[q[i].id];
      if (row) {
        row.classList.remove('pending');
        delete pendingRows[q[i].id];
      }
    }
    save(session, KEY_OUTQ, outq);
  }

  function post(text, frame) {
    var e = { who: 'me', text: text, at: new Date().toISOString(), id: frame.id };
    clearOptions();
    addEntry(e);
    var row = renderEntry(e);
    transmit(frame);
    if (outq.length && outq[outq.length - 1].id === frame.id) {
      row.classList.add('pending');
      pendingRows[frame.id] = row;
    }
    showTyping();
    scrollDown();
  }

  function sendText(raw) {
    var text = raw.trim();
    if (!text) return false;
    var frame = { type: 'message', id: randomId(), text: text };
    if (byteLength(JSON.stringify(frame)) > FRAME_MAX) {
      notice(S.tooLong);
      return false;
    }
    post(text, frame);
    return true;
  }

  function pressOption(o) {
    var label = o.label || o.value;
    post(label, { type: 'option', id: randomId(), value: o.value, label: label });
  }

  function receive(f) {
    var text = typeof f.text === 'string' ? f.text : '';
    var options = [];
    if (Array.isArray(f.options)) {
      f.options.forEach(function (o) {
        if (o && (o.label || o.value)) options.push({ label: String(o.label || ''), value: String(o.value || '') });
      });
    }
    if (!text && !options.length) return;
    hideTyping();
    var e = { who: 'bot', text: text, options: options, at: typeof f.at === 'string' ? f.at : new Date().toISOString() };
    addEntry(e);
    var row = renderEntry(e);
    renderOptions(row, options);
    scrollDown();
  }

  // The socket, reconnecting with exponential backoff and jitter.
  var ws = null;
  var attempt = 0;
  var retryTimer = null;
  var wasOpen = false;

  function setStatus(state) {
    statusEl.className = 'status ' + state;
    statusEl.textContent = state === 'online' ? S.online : S.connecting;
    if (state === 'offline') {
      banner.textContent = S.offline;
      banner.hidden = false;
    } else if (state === 'online') {
      banner.hidden = true;
    }
  }

  function wsURL() {
    var u = new URL('ws', location.href);
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    u.search = '?chat=' + encodeURIComponent(chatId);
    u.hash = '';
    return u.href;
  }

  function connect() {
    clearTimeout(retryTimer);
    retryTimer = null;
    if (ws) return;
    if (!wasOpen || attempt === 0) setStatus('connecting');
    var s;
    try {
      s = new WebSocket(wsURL());
    } catch (e) {
      setStatus('offline');
      scheduleReconnect();
      return;
    }
    ws = s;
    s.onopen = function () {
      if (ws !== s) return;
      attempt = 0;
      wasOpen = true;
      setStatus('online');
      flushOutq();
    };
    s.onmessage = function (ev) {
      var f;
      try { f = JSON.parse(ev.data); } catch (e) { return; }
      if (f && f.type === 'reply') receive(f);
    };
    s.onclose = function (ev) {
      if (ws !== s) return;
      ws = null;
      if (ev.code === 1009) {
        notice(S.tooLong);
      } else if (ev.code === 1008) {
        notice(S.rejected);
      }
      hideTyping();
      setStatus('offline');
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    if (retryTimer) return;
    var max = Math.min(30000, 1000 * Math.pow(2, attempt));
    attempt = Math.min(attempt + 1, 10);
    var delay = max / 2 + Math.random() * max / 2;
    retryTimer = setTimeout(connect, delay);
  }

  function reconnectNow() {
    if (ws) return;
    attempt = 0;
    connect();
  }

  // Wiring.
  function autosize() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight + 2, 140) + 'px';
    input.style.overflowY = input.scrollHeight + 2 > 140 ? 'auto' : 'hidden';
    sendBtn.disabled = !input.value.trim();
  }

  function submit() {
    if (sendText(input.value)) {
      input.value = '';
      autosize();
    }
    input.focus();
  }

  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      submit();
    }
  });
  input.addEventListener('input', autosize);
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    submit();
  });
  if (closeBtn) {
    closeBtn.addEventListener('click', function () {
      if (window.parent !== window) window.parent.postMessage({ type: 'minutka:close' }, '*');
    });
  }
  window.addEventListener('online', reconnectNow);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') reconnectNow();
  });

  // First paint: greeting, history, the live options of the last bot message.
  if (cfg.greeting) renderEntry({ who: 'bot', text: cfg.greeting, at: '' });
  var lastRow = null;
  history.forEach(function (e) {
    if (!e || typeof e.text !== 'string') return;
    lastRow = renderEntry(e);
    if (e.who === 'me' && outq.some(function (f) { return f.id === e.id; })) {
      lastRow.classList.add('pending');
      pendingRows[e.id] = lastRow;
    }
  });
  var last = history[history.length - 1];
  if (last && last.who === 'bot' && lastRow) renderOptions(lastRow, last.options);
  autosize();
  scrollDown(true);
  if (window.matchMedia && window.matchMedia('(pointer: fine)').matches) input.focus();
  connect();
})();
