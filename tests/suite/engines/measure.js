// Measures a laid-out document in a browser engine (WebKitGTK, or the iframe epub.js renders
// a section in) and returns, as a JSON string, the same shape tests/suite/engines/measure.py reports
// for the other engines: its text blocks with one box per line, in the window's coordinates.
// The expression is a function of the document; WebKitGTK's driver calls it on `document`.
(function (doc) {
  var round = function (x) { return Math.round(x * 100) / 100; };
  function script(text) {
    var rtl = 0, other = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (!/\p{L}/u.test(text[i])) continue;
      if ((c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF)) rtl++;
      else other++;
    }
    if (rtl + other === 0) return null;
    return rtl > other ? 'rtl' : 'ltr';
  }
  // The element's text fragments, merged into one box per line.
  function lines(el) {
    var range = el.ownerDocument.createRange();
    range.selectNodeContents(el);
    var merged = [];
    Array.prototype.forEach.call(range.getClientRects(), function (r) {
      if (r.width <= 0 || r.height <= 0) return;
      var middle = (r.top + r.bottom) / 2;
      var line = merged.find(function (l) { return middle > l[1] && middle < l[3]; });
      if (line) {
        line[0] = Math.min(line[0], r.left); line[2] = Math.max(line[2], r.right);
        line[1] = Math.min(line[1], r.top); line[3] = Math.max(line[3], r.bottom);
      } else {
        merged.push([r.left, r.top, r.right, r.bottom]);
      }
    });
    merged.sort(function (a, b) { return a[1] - b[1]; });
    return merged.map(function (l) { return l.map(round); });
  }
  var view = doc.defaultView;
  var blocks = Array.prototype.map.call(
    doc.querySelectorAll('h1, h2, p, .title-page div'),
    function (el) {
      var text = el.textContent.trim();
      return {
        text: text.slice(0, 60),
        script: script(text),
        heading: /^H[1-6]$/i.test(el.tagName),
        align: view.getComputedStyle(el).textAlign,
        direction: view.getComputedStyle(el).direction,
        lines: lines(el)
      };
    }
  ).filter(function (b) { return b.lines.length > 0 && b.script; });
  return JSON.stringify({
    width: view.innerWidth,
    height: view.innerHeight,
    body_direction: view.getComputedStyle(doc.body).direction,
    scroll_height: doc.scrollingElement ? doc.scrollingElement.scrollHeight : null,
    blocks: blocks
  });
})
