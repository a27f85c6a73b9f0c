// The minutka chat widget. Add to a site with
//   <script src="https://HOST/widget.js" async></script>
// It shows a round button in the bottom-right corner that opens the chat in an iframe.
(function () {
  'use strict';
  if (window.__minutkaWidget) return;
  window.__minutkaWidget = true;

  var cfg = /*CONFIG*/{};

  var script = document.currentScript;
  if (!script) {
    var all = document.getElementsByTagName('script');
    for (var i = all.length - 1; i >= 0; i--) {
      if (/\/widget\.js([?#]|$)/.test(all[i].src)) { script = all[i]; break; }
    }
  }
  if (!script || !script.src) return;
  var base = new URL('./', script.src); // the chat's root, wherever it is mounted
  var chatURL = new URL('./?embed=1', base).href;
  var chatOrigin = base.origin;

  var ICON_CHAT = '<svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true"><path fill="currentColor" d="M4 4h16a2 2 0 012 2v10a2 2 0 01-2 2H9l-5 4v-4a2 2 0 01-2-2V6a2 2 0 012-2z"/></svg>';
  var ICON_CLOSE = '<svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" fill="none"/></svg>';
  var Z = '2147483000';

  function css(el, styles) {
    for (var k in styles) el.style.setProperty(k, styles[k], 'important');
  }

  function init() {
    var small = window.matchMedia ? window.matchMedia('(max-width: 480px)') : { matches: false };
    var button = document.createElement('button');
    button.type = 'button';
    button.innerHTML = ICON_CHAT; // a constant, never message text
    button.setAttribute('aria-label', cfg.open || 'Chat');
    button.title = cfg.title || cfg.open || '';
    css(button, {
      position: 'fixed', right: '20px', bottom: '20px', 'z-index': Z,
      width: '60px', height: '60px', margin: '0', padding: '0', border: '0', 'border-radius': '50%',
      background: '#4f46e5', color: '#fff', cursor: 'pointer',
      display: 'flex', 'align-items': 'center', 'justify-content': 'center',
      'box-shadow': '0 6px 24px rgba(20,22,40,.28)', transition: 'transform .15s ease'
    });
    button.addEventListener('mouseenter', function () { button.style.setProperty('transform', 'scale(1.06)', 'important'); });
    button.addEventListener('mouseleave', function () { button.style.setProperty('transform', 'none', 'important'); });

    var frame = null;
    var open = false;

    function place() {
      if (!frame) return;
      if (small.matches) {
        css(frame, { left: '0', top: '0', right: '0', bottom: '0', width: '100%', height: '100%', 'border-radius': '0' });
        css(button, { display: open ? 'none' : 'flex' });
      } else {
        css(frame, {
          left: 'auto', top: 'auto', right: '20px', bottom: '92px',
          width: '380px', height: 'min(600px, calc(100vh - 120px))', 'border-radius': '16px'
        });
        css(button, { display: 'flex' });
      }
    }

    function show() {
      if (!frame) {
        frame = document.createElement('iframe');
        frame.src = chatURL;
        frame.title = cfg.title || 'Chat';
        frame.setAttribute('allow', 'clipboard-write');
        css(frame, {
          position: 'fixed', 'z-index': Z, border: '0', margin: '0', padding: '0',
          background: '#fff', 'box-shadow': '0 12px 48px rgba(20,22,40,.25)', 'color-scheme': 'normal'
        });
        document.body.appendChild(frame);
      }
      open = true;
      css(frame, { display: 'block' });
      place();
      button.innerHTML = ICON_CLOSE;
      button.setAttribute('aria-label', cfg.close || 'Close');
      button.setAttribute('aria-expanded', 'true');
      try { frame.focus(); } catch (e) { /* ignore */ }
    }

    function hide() {
      open = false;
      if (frame) css(frame, { display: 'none' });
      place();
      button.innerHTML = ICON_CHAT;
      button.setAttribute('aria-label', cfg.open || 'Chat');
      button.setAttribute('aria-expanded', 'false');
    }

    button.addEventListener('click', function () {
      if (open) hide(); else show();
    });
    window.addEventListener('message', function (e) {
      if (e.origin !== chatOrigin || !frame || e.source !== frame.contentWindow) return;
      if (e.data && e.data.type === 'minutka:close') hide();
    });
    if (small.addEventListener) small.addEventListener('change', place);
    document.addEventListener('keydown', function (e) {
      if (open && e.key === 'Escape') hide();
    });
    button.setAttribute('aria-expanded', 'false');
    document.body.appendChild(button);
  }

  if (document.body) init();
  else document.addEventListener('DOMContentLoaded', init);
})();
