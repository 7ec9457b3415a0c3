import OKRPages

/// The dashboard's stylesheet and script, served from its own origin (`/assets/…`): no CDN, no
/// web font, nothing inline (the Content-Security-Policy allows only `'self'`).
enum Assets {
    static let stylesheet = pageStylesheet + SVGChart.stylesheet.markup

    private static let pageStylesheet = """
    :root { --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --muted: #57606a; --line: #d0d7de; }
    * { box-sizing: border-box; }
    body { font-family: system-ui, sans-serif; margin: 0; padding: 0 1rem 2rem; color: #1f2328; overflow-wrap: anywhere; }
    header { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; padding: .75rem 0; border-bottom: 1px solid var(--line); }
    nav a { margin-right: .75rem; }
    main { max-width: 80rem; }
    h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-bottom: .25rem; }
    .muted { color: var(--muted); font-weight: normal; }
    .objective { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; margin: .75rem 0; }
    table { border-collapse: collapse; width: 100%; display: block; overflow-x: auto; overflow-wrap: break-word; }
    th, td { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
    td.num { text-align: right; white-space: nowrap; }
    svg.bar { width: 6rem; height: .6rem; vertical-align: middle; }
    svg.bar .track { fill: #eaeef2; }
    svg.bar .fill, svg.bar .committed { fill: #0969da; } svg.bar .aspirational { fill: #8250df; }
    .pace-done, .pace-on-track { color: var(--ok); fill: var(--ok); }
    .pace-at-risk { color: var(--warn); fill: var(--warn); }
    .pace-off-track { color: var(--bad); fill: var(--bad); }
    .pace-no-data, .pace-not-started { color: var(--muted); fill: var(--muted); }
    .health-healthy { color: var(--ok); }
    .health-unhealthy { color: var(--bad); }
    .health-unknown { color: var(--muted); }
    .banner { background: #fff8c5; border: 1px solid var(--warn); padding: .5rem; }
    .error { color: var(--bad); }
    figure.chart { margin: 1rem 0; } figure.chart svg.chart { width: 100%; max-width: 48rem; height: auto; }
    ul.tree ul { padding-left: 1.25rem; }
    svg.spark polyline { fill: none; stroke: #0969da; stroke-width: 1.5; }
    .screen { font-size: 1.2rem; }
    body.kiosk { font-size: 150%; }
    /* A phone: each key result a small card of labelled lines, not a table wider than the screen. */
    @media (max-width: 40rem) {
      table.krs thead { display: none; }
      table.krs, table.krs tbody, table.krs tr { display: block; }
      table.krs tr { border-bottom: 1px solid var(--line); padding: .25rem 0; }
      table.krs td { display: flex; justify-content: space-between; gap: 1rem; border: 0; padding: .1rem 0; text-align: right; }
      table.krs td::before { content: attr(data-label); color: var(--muted); text-align: left; }
      table.krs td:first-child { display: block; text-align: left; font-weight: 600; }
      table.krs td:first-child::before { content: none; }
    }
    """

    static let script = """
    // okr dashboard: live updates from /events, the okrd banner, and the date control's
    // submit-on-change. Every page works without it.
    (function () {
      var when = document.querySelector('form.when input[type=date]');
      if (when) { when.addEventListener('change', function () { when.form.submit(); }); }
      var banner = document.getElementById('okrd-lost');
      if (!window.EventSource || !banner) { return; }
      var source = new EventSource('/events');
      var pending = null;
      var lostTimer = null;
      function lost() { banner.hidden = false; }
      function refresh() {
        pending = null;
        fetch(location.href, { headers: { 'Accept': 'text/html' } })
          .then(function (answer) { if (!answer.ok) { throw answer.status; } return answer.text(); })
          .then(function (text) {
            var fresh = new DOMParser().parseFromString(text, 'text/html').querySelector('main');
            var current = document.querySelector('main');
            if (fresh && current) { current.replaceWith(fresh); }
            banner.hidden = true;
          })
          .catch(lost);
      }
      source.addEventListener('commit', function () { if (!pending) { pending = setTimeout(refresh, 150); } });
      source.addEventListener('okrd-lost', lost);
      source.addEventListener('okrd-back', refresh);
      source.onopen = function () { if (lostTimer) { clearTimeout(lostTimer); lostTimer = null; } };
      source.onerror = function () { if (!lostTimer) { lostTimer = setTimeout(lost, 3000); } };
    })();
    """
}
