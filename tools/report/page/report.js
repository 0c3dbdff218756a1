// Draws every chart of a memchain report with the inlined vega-embed, and marks the page when
// done: <html data-charts-total="N" data-charts-rendered="M" data-charts-done="true">. A chart
// that fails shows its error in place and on the console.
(function () {
  'use strict';
  var root = document.documentElement;
  var charts = Array.prototype.slice.call(document.querySelectorAll('.chart[data-spec]'));
  root.setAttribute('data-charts-total', String(charts.length));

  function fail(element, message) {
    var p = document.createElement('p');
    p.className = 'chart-error';
    p.textContent = 'This chart could not be drawn: ' + message;
    element.textContent = '';
    element.appendChild(p);
    console.error('memchain report: chart ' + element.id + ': ' + message);
    return false;
  }

  function draw(element) {
    var spec;
    try {
      spec = JSON.parse(document.getElementById(element.getAttribute('data-spec')).textContent);
    } catch (e) {
      return Promise.resolve(fail(element, 'unreadable specification (' + e.message + ')'));
    }
    return vegaEmbed(element, spec, {
      mode: 'vega-lite',
      renderer: 'svg',
      actions: { export: true, source: false, compiled: false, editor: false },
      downloadFileName: element.id
    }).then(function () {
      element.setAttribute('data-rendered', 'true');
      return true;
    }, function (e) {
      return fail(element, e && e.message ? e.message : String(e));
    });
  }

  var jobs = typeof vegaEmbed === 'function'
    ? charts.map(draw)
    : charts.map(function (element) {
        return Promise.resolve(fail(element, 'the chart library did not load'));
      });
  Promise.all(jobs).then(function (results) {
    root.setAttribute('data-charts-rendered', String(results.filter(Boolean).length));
    root.setAttribute('data-charts-done', 'true');
  });
})();
