/* livemig HTML report: the run page and the compare page, from the pieces of report.js. */
(function () {
  'use strict';
  var R = window.livemigReport, D = R.data, el = R.el, num = R.num, dur = R.dur;

  function header(title, facts) {
    var h = el('header', { cls: 'top' }, [el('h1', { text: title })]);
    var f = el('div', { cls: 'facts' });
    facts.forEach(function (kv) { if (kv[1] != null) f.appendChild(el('span', null, [kv[0] + ' ', el('b', { text: String(kv[1]) })])); });
    h.appendChild(f);
    R.app.appendChild(h);
  }

  function cards(parent, list) {
    var c = el('div', { cls: 'cards' });
    list.forEach(function (kv) { c.appendChild(el('div', { cls: 'card' }, [el('div', { cls: 'v', text: kv[1] }), el('div', { cls: 'k', text: kv[0] })])); });
    parent.appendChild(c);
  }

  function expects(list) {
    if (!list || !list.length) return;
    var missed = list.filter(function (e) { return !e.ok; }).length;
    var s = R.section('Expectations', missed ? missed + ' of ' + list.length + ' missed' : 'all ' + list.length + ' met');
    R.table(s, ['measure', 'metric', 'expected', 'measured', 'result'], list.map(function (e) {
      return [e.measure, e.metric, e.expected, e.measured == null ? '(none)' : e.word || num(e.measured, 3), { v: e.ok ? 'ok' : 'MISS', cls: e.ok ? 'ok' : 'bad' }];
    }), 50, [3]);
  }

  /** Over 40 bars: the first 40 shown, the rest a drag of the slider away (both zooms on the same window). */
  function firstBars(n) {
    if (n <= 40) return [];
    return [{ type: 'inside', startValue: 0, endValue: 39 }, { type: 'slider', height: 18, bottom: 8, startValue: 0, endValue: 39 }];
  }

  function outcomes(report) {
    var counts = {};
    report.migrations.forEach(function (m) { counts[m.outcome] = (counts[m.outcome] || 0) + 1; });
    return counts;
  }

  function drains(report) {
    if (!report.drains.length) return;
    var s = R.section('Drains', report.drains.length + ' host' + (report.drains.length > 1 ? 's' : '') + ' drained: how long each took, where its VMs went, the slowest moves and what was not moved.');
    var moved = 0, left = [], slow = [], bytes = 0;
    report.drains.forEach(function (d) {
      bytes += d.bytesMoved;
      d.vms.forEach(function (v) {
        if (v.outcome === 'completed') moved++; else left.push([d.host, v.vm, v.to || '–', v.outcome, v.reason || '–']);
        slow.push({ d: d, v: v, t: (v.queueWait || 0) + (v.copySeconds || 0) });
      });
    });
    cards(s, [['VMs moved', num(moved, 0)], ['not moved', num(left.length, 0)], ['GiB moved', R.gib(bytes)],
      ['longest drain', dur(Math.max.apply(null, report.drains.map(function (d) { return d.seconds; })))]]);
    var c = R.chart(s, 'small');
    var hosts = report.drains.map(function (d) { return d.host; });
    c.setOption({
      animation: false, grid: { left: 56, right: 56, top: 30, bottom: 56 }, tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'category', data: hosts },
      yAxis: [{ type: 'value', name: 'minutes' }, { type: 'value', name: 'Gbps', splitLine: { show: false } }],
      dataZoom: firstBars(hosts.length),
      series: [{ type: 'bar', name: 'drain minutes', itemStyle: { color: '#1f5fa8' }, data: report.drains.map(function (d) { return Math.round(d.seconds / 6) / 10; }) },
        { type: 'line', name: 'mean Gbps', yAxisIndex: 1, symbol: 'none', itemStyle: { color: '#f39c12' }, data: report.drains.map(function (d) { return d.meanGbps; }) }]
    });
    R.table(s, ['host', 'from', 'to', 'took', 'VMs moved', 'not moved', 'GiB', 'mean Gbps', 'peak Gbps', 'VMs went to'], report.drains.map(function (d) {
      var to = {}, ok = 0;
      d.vms.forEach(function (v) { if (v.outcome === 'completed') { ok++; to[v.to] = (to[v.to] || 0) + 1; } });
      var dest = Object.keys(to).sort(function (a, b) { return to[b] - to[a] || R.natural(a, b); });
      return [d.host, dur(d.startedAt), dur(d.finishedAt), dur(d.seconds), ok, { v: d.vms.length - ok, cls: d.vms.length - ok ? 'bad' : '' },
        R.gib(d.bytesMoved), num(d.meanGbps, 2), num(d.peakGbps, 2),
        dest.slice(0, 4).map(function (h) { return h + ' ×' + to[h]; }).join(', ') + (dest.length > 4 ? ', … (' + dest.length + ' hosts)' : '')];
    }), 20, [4, 5, 6, 7, 8]);
    slow.sort(function (a, b) { return b.t - a.t; });
    s.appendChild(el('h3', { text: 'Slowest VMs (queue wait + copy)' }));
    R.table(s, ['drain', 'VM', 'to', 'queue wait s', 'copy s', 'blackout ms', 'outcome'], slow.slice(0, 10).map(function (x) {
      return [x.d.host, x.v.vm, x.v.to || '–', num(x.v.queueWait, 1), num(x.v.copySeconds, 1), num(x.v.downtimeMs, 2), x.v.outcome];
    }), 10, [3, 4, 5]);
    s.appendChild(el('h3', { text: 'Not moved' }));
    if (!left.length) s.appendChild(el('p', { cls: 'note', text: 'Every VM was moved.' }));
    else R.table(s, ['drain', 'VM', 'to', 'outcome', 'why'], left, 20);
  }

  function maintenance(report) {
    report.maintenance.forEach(function (w, i) {
      var s = R.section('Rolling maintenance' + (report.maintenance.length > 1 ? ' ' + (i + 1) : ''),
        w.hosts.length + ' hosts patched one after another from ' + dur(w.startedAt) + ' to ' + dur(w.finishedAt) + '.');
      var leftHosts = w.hosts.filter(function (h) { return h.vmsLeft > 0; });
      var vmsLeft = 0;
      leftHosts.forEach(function (h) { vmsLeft += h.vmsLeft; });
      cards(s, [['window', dur(w.seconds)], ['hosts', num(w.hosts.length, 0)], ['mean per host', dur(w.seconds / Math.max(1, w.hosts.length))],
        ['VMs left on a host while patched', num(vmsLeft, 0)]]);
      var c = R.chart(s);
      var names = w.hosts.map(function (h) { return h.host; });
      function part(f) { return w.hosts.map(function (h) { return Math.round(f(h) / 6) / 10; }); }
      c.setOption({
        animation: false, grid: { left: 56, right: 20, top: 34, bottom: 56 }, legend: { top: 0 }, tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: names }, yAxis: { type: 'value', name: 'minutes' },
        dataZoom: firstBars(names.length),
        series: [
          { type: 'bar', stack: 'h', name: 'drain', itemStyle: { color: '#1f5fa8' }, data: part(function (h) { return h.drainedAt - h.startedAt; }) },
          { type: 'bar', stack: 'h', name: 'patch', itemStyle: { color: '#c5ccd6' }, data: part(function (h) { return h.patchedAt - h.drainedAt; }) },
          { type: 'bar', stack: 'h', name: 'return', itemStyle: { color: '#3d8bd9' }, data: part(function (h) { return h.finishedAt - h.patchedAt; }) }]
      });
      R.table(s, ['host', 'started', 'drained', 'patched', 'finished', 'took', 'share %', 'VMs left while patched'], w.hosts.map(function (h) {
        return [h.host, dur(h.startedAt), dur(h.drainedAt), dur(h.patchedAt), dur(h.finishedAt), dur(h.seconds), num(h.share * 100, 1),
          { v: h.vmsLeft, cls: h.vmsLeft ? 'bad' : '' }];
      }), 20, [6, 7]);
    });
  }

  function crashes(report) {
    if (!report.crashes.length) return;
    var s = R.section('Crashes and cold restarts', 'A host that went down takes its VMs with it; each boots again (cold) on an up host with room. '
      + 'A VM lost in post-copy through a link is listed under its source, which did not crash (the cause says so).');
    var rows = [];
    report.crashes.forEach(function (c) {
      if (!c.vms.length) rows.push([c.host, dur(c.at), '–', '–', '–', { v: 'no VM ran on it', cls: '' }]);
      c.vms.forEach(function (v) {
        rows.push([c.cause ? c.host + ' (' + c.cause + ')' : c.host, dur(c.at), v.vm, v.restartedOn || '–',
          v.downSeconds == null ? '–' : num(v.downSeconds, 1),
          { v: v.reason || 'restarted', cls: v.reason ? 'bad' : 'ok' }]);
      });
    });
    R.table(s, ['host', 'crashed at', 'VM', 'restarted on', 'down s', ''], rows, 25, [4]);
  }

  function renderRun() {
    var r = D.report, counts = outcomes(r);
    header('livemig · ' + r.scenario, [['scenario', r.scenario], ['file', D.file], ['seed', r.seed], ['version', D.version]]);
    var end = 0;
    r.migrations.forEach(function (m) { end = Math.max(end, m.finishedAt); });
    var s = R.section('Summary');
    var list = [['migrations', num(r.migrations.length, 0)], ['completed', num(counts.completed || 0, 0)]];
    Object.keys(counts).sort().forEach(function (k) { if (k !== 'completed') list.push([k, num(counts[k], 0)]); });
    list.push(['last migration ended', dur(end)]);
    cards(s, list);
    if (r.measures.length) {
      s.appendChild(el('h3', { text: 'Measures' }));
      var outcomeOf = {};
      r.migrations.forEach(function (m) { outcomeOf[m.id] = m.outcome; });
      // as `run` says it: a measured move that did not complete, a drain that left VMs behind
      var complete = function (m) {
        if (m.migration && outcomeOf[m.migration] && outcomeOf[m.migration] !== 'completed')
          return { v: 'INCOMPLETE: ' + m.migration + ' ' + outcomeOf[m.migration], cls: 'bad' };
        if (m.vmsLeft) return { v: 'INCOMPLETE: ' + m.vmsLeft + ' VM' + (m.vmsLeft === 1 ? '' : 's') + ' left', cls: 'bad' };
        return 'yes';
      };
      R.table(s, ['measure', 'time', 'seconds', 'copy Gbps', 'blackout ms', 'migration', 'complete'], r.measures.map(function (m) {
        return [m.name, dur(m.seconds), num(m.seconds, 2), num(m.copyGbps, 2), num(m.downtimeMs, 2), m.migration || '–', complete(m)];
      }), 50, [2, 3, 4]);
    }
    expects(D.expects);
    R.timeline(R.section('Timeline'), r);
    var series = r.series || { resolution: 1, group: 1, nicGbps: {}, cpuCores: {} };
    R.lines(R.section('NIC utilisation', 'Payload Gbit/s sent by each NIC that carried a migration, over simulated time.'),
      series.nicGbps, 'NIC series', 'Gbps', series.resolution, series.group);
    R.lines(R.section('CPU', 'Cores busy on each host: its VMs plus compression.'), series.cpuCores, 'CPU series', 'cores', series.resolution, series.group);
    R.passes(R.section('Pre-copy passes', 'Per migration: pages sent in each pass, pages the guest dirtied meanwhile, and what remained (log scale); the title gives the stop reason.'), r);
    drains(r);
    maintenance(r);
    crashes(r);
    R.migrationsTable(R.section('Migrations', 'Every move, with what the guest felt: pings sent / lost, TCP sessions dropped, the stall of a TCP session through the blackout.'), r);
  }

  function renderCompare() {
    var c = D.comparison;
    header('livemig · compare ' + c.scenario, [['scenario', c.scenario], ['file', D.file], ['version', D.version], ['variants', c.variants.length]]);
    function label(v) { return c.keys.map(function (k) { return v.values[k]; }).join(' · '); }
    var s = R.section('Comparison', 'Each measure of each variant, its change against the first variant (the base) and the ratio, what held it back (shares of its moves\' time) and how its outcome differs.');
    if (D.view) {
      var numericCols = [];
      D.view.right.forEach(function (r, i) { if (r) numericCols.push(i); });
      R.table(s, D.view.header, D.view.rows.map(function (row) {
        return row.map(function (cell, i) {
          if (D.view.header[i] === 'change' && /^[+-]/.test(cell)) return { v: cell, cls: cell.charAt(0) === '+' ? 'bad' : 'ok' };
          return cell;
        });
      }), 50, numericCols);
      D.view.lines.concat(D.view.notes).forEach(function (line) { s.appendChild(el('p', { cls: 'note', text: line })); });
    } else {
      var head = c.keys.slice(), numeric = [];
      c.measures.forEach(function (m) { c.metrics.forEach(function (x) { numeric.push(head.length); head.push(m + ' ' + x); numeric.push(head.length); head.push('change'); }); });
      head.push('not completed');
      R.table(s, head, c.variants.map(function (v, i) {
        var row = c.keys.map(function (k) { return v.values[k]; });
        c.measures.forEach(function (m) {
          c.metrics.forEach(function (x) {
            var y = (v.measures[m] || {})[x] || {};
            row.push(y.value == null ? '–' : num(y.value, 2));
            var p = y.changePercent;
            row.push(i === 0 ? 'base' : p == null ? '–' : { v: (p > 0 ? '+' : '') + num(p, 1) + ' %', cls: p > 0 ? 'bad' : p < 0 ? 'ok' : '' });
          });
        });
        var counts = outcomes(v.report), parts = [];
        Object.keys(counts).sort().forEach(function (k) { if (k !== 'completed') parts.push(counts[k] + ' ' + k); });
        row.push(parts.join(', '));
        return row;
      }), 50, numeric);
    }
    var g = el('div', { cls: 'grid2' });
    R.section('Per measure', 'One chart per measure and metric, a bar per variant.').appendChild(g);
    c.measures.forEach(function (m) {
      c.metrics.forEach(function (x) {
        var ch = R.chart(g, 'small');
        ch.setOption({
          animation: false, title: { text: m + ' · ' + x, textStyle: { fontSize: 13 } }, grid: { left: 60, right: 12, top: 36, bottom: 60 },
          tooltip: { trigger: 'axis' }, xAxis: { type: 'category', data: c.variants.map(label), axisLabel: { interval: 0, rotate: c.variants.length > 4 ? 30 : 0 } },
          yAxis: { type: 'value' },
          series: [{ type: 'bar', name: x, data: c.variants.map(function (v, i) {
            var y = (v.measures[m] || {})[x] || {};
            return { value: y.value == null ? null : y.value, itemStyle: { color: i === 0 ? '#7f8c8d' : '#1f5fa8' } };
          }) }]
        });
      });
    });
    var spread = (D.view && D.view.spread) || [];
    if (spread.length) {
      var sg = el('div', { cls: 'grid2' });
      R.section('Spread over seeds', 'Per combination of the other keys: a bar of the mean over its seeds, the line from min to max, the box from p5 to p95 (nearest rank).').appendChild(sg);
      var pairs = [];
      spread.forEach(function (x) { var k = x.measure + ' · ' + x.metric; if (pairs.indexOf(k) < 0) pairs.push(k); });
      pairs.forEach(function (k) {
        var xs = spread.filter(function (x) { return x.measure + ' · ' + x.metric === k; });
        var ch = R.chart(sg, 'small');
        ch.setOption({
          animation: false, title: { text: k + ' · ' + xs[0].seeds + ' seeds', textStyle: { fontSize: 13 } }, grid: { left: 60, right: 12, top: 36, bottom: 60 },
          tooltip: { trigger: 'item' }, xAxis: { type: 'category', data: xs.map(function (x) { return x.group; }), axisLabel: { interval: 0, rotate: xs.length > 4 ? 30 : 0 } },
          yAxis: { type: 'value' },
          series: [
            { type: 'bar', name: 'mean', data: xs.map(function (x) { return x.mean; }), itemStyle: { color: '#1f5fa8', opacity: 0.6 } },
            { type: 'boxplot', name: 'min, p5, p50, p95, max', data: xs.map(function (x) { return [x.min, x.p5, x.p50, x.p95, x.max]; }), itemStyle: { color: '#f5d76e', borderColor: '#7f5f00' } }
          ]
        });
      });
    }
    var t = R.section('Timelines', 'Open a variant to draw its timeline.');
    c.variants.forEach(function (v, i) {
      var d = el('details', { 'data-variant': String(i) }, [el('summary', { text: 'variant ' + (i + 1) + ': ' + label(v) + ' — ' + v.report.migrations.length + ' migration' + (v.report.migrations.length === 1 ? '' : 's') })]);
      t.appendChild(d);
      var drawn = false;
      d.addEventListener('toggle', function () { if (d.open && !drawn) { drawn = true; R.timeline(d, v.report); } });
    });
  }

  function renderAdvise() {
    var a = D.advice, s0 = a.search, cost0 = a.costs[0];
    header('livemig · advise ' + a.scenario, [['scenario', a.scenario], ['file', D.file], ['options', a.options], ['version', D.version]]);
    var s = R.section('Question', a.rule + '.');
    cards(s, [['layouts', num(s0.layouts, 0)], ['excluded', num(s0.excluded, 0)], ['seeds', num(a.seeds.length, 0)],
      ['runs (' + s0.mode + ')', num(s0.runs, 0) + (s0.mode === 'exhaustive' ? '' : ' of ' + num(s0.exhaustiveRuns, 0))],
      ['feasible', num(a.layouts.filter(function (e) { return e.verdict === 'feasible'; }).length, 0)]]);
    s.appendChild(el('p', { cls: 'note', text: 'Goals: ' + a.goals.join('; ') }));
    var best = a.layouts.filter(function (e) { return e.layout === a.cheapest; })[0];
    s.appendChild(el('p', null, [el('b', { text: best ? 'Cheapest: ' + best.layout : 'No layout meets every goal on every seed.' })]));
    if (best) s.appendChild(el('p', { cls: 'note', text: a.costs.map(function (c) { return c.name + ' ' + best.costs[c.name] + (c.unit ? ' ' + c.unit : ''); }).join(', ')
      + ' · ' + best.goals.map(function (g) { return g.goal.replace(/\s*(<=|>=|==|<|>).*$/, '') + ' ' + (g.shown || '–'); }).join(', ') }));
    var goal0 = a.goals[0], lim = a.goals[0].match(/(<=|>=|==|<|>)/);
    var fp = R.section('Pareto front', cost0.name + ' against the worst seed\'s ' + goal0.replace(/\s*(<=|>=|==|<|>).*$/, '')
      + ': every layout run (feasible blue, dominated grey, infeasible red), the front joined.');
    var ch = R.chart(fp);
    function pt(e) { return { value: [e.costs[cost0.name], e.goals[0].worst], name: e.layout }; }
    var byV = function (v) { return a.layouts.filter(function (e) { return e.verdict === v && e.goals[0].worst != null; }).map(pt); };
    var front = a.front.map(function (f) { return pt(a.layouts.filter(function (e) { return e.layout === f; })[0]); });
    ch.setOption({
      animation: false, grid: { left: 70, right: 30, top: 40, bottom: 50 }, legend: { top: 0 },
      tooltip: { trigger: 'item', formatter: function (q) { return q.name + '<br>' + cost0.name + ' ' + q.value[0] + ' · ' + num(q.value[1], 2); } },
      xAxis: { type: 'value', name: cost0.name + (cost0.unit ? ' (' + cost0.unit + ')' : ''), nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'value', name: goal0.replace(/\s*(<=|>=|==|<|>).*$/, '') + (/\s/.test(goal0.replace(/\s*(<=|>=|==|<|>).*$/, '')) ? '' : ' (s, worst seed)') },
      series: [
        { type: 'scatter', name: 'infeasible', symbolSize: 8, itemStyle: { color: '#c0392b', opacity: 0.6 }, data: byV('infeasible') },
        { type: 'scatter', name: 'dominated', symbolSize: 8, itemStyle: { color: '#95a5a6' }, data: byV('dominated') },
        { type: 'scatter', name: 'feasible', symbolSize: 10, itemStyle: { color: '#1f5fa8' }, data: byV('feasible') },
        { type: 'line', name: 'front', step: 'end', symbol: 'diamond', symbolSize: 12, itemStyle: { color: '#f39c12' }, data: front,
          markLine: lim ? { symbol: 'none', label: { formatter: goal0, position: 'insideEndTop' }, lineStyle: { color: '#27ae60', type: 'dashed' },
            data: [{ yAxis: a.limits[0] }] } : undefined }]
    });
    function rows(list, misses) {
      return list.map(function (e) {
        var r = [e.rank + (e.front ? ' *' : ''), e.layout].concat(a.costs.map(function (c) { return num(e.costs[c.name], 0); }));
        if (misses) r.push(e.misses.map(function (m) { return m.text; }).join('; ') || e.dominatedBy || '');
        else e.goals.forEach(function (g) { r.push((g.shown || '–') + (g.spread ? ' (' + g.spread + ')' : '')); });
        return r;
      });
    }
    var costHead = a.costs.map(function (c) { return c.name + (c.unit ? ' ' + c.unit : ''); });
    var numeric = a.costs.map(function (c, i) { return 2 + i; });
    var feas = a.layouts.filter(function (e) { return e.verdict === 'feasible'; });
    var fs = R.section('Feasible layouts', feas.length + ', cheapest first (* on the front); each goal\'s worst seed, and (min / p50 / max) over the seeds.');
    if (feas.length) R.table(fs, ['rank', 'layout'].concat(costHead, a.goals.map(function (g) { return g.replace(/\s*(<=|>=|==|<|>).*$/, ''); })), rows(feas, false), 25, numeric);
    var dom = a.layouts.filter(function (e) { return e.verdict === 'dominated'; });
    if (dom.length) R.table(R.section('Dominated layouts', 'A feasible layout is no dearer and no slower: not run on every seed.'),
      ['rank', 'layout'].concat(costHead, ['dominated by']), rows(dom, true), 25, numeric);
    var inf = a.layouts.filter(function (e) { return e.verdict === 'infeasible'; });
    if (inf.length) R.table(R.section('Infeasible layouts', inf.length + ', cheapest first: what each misses on its worst seed, by how much.'),
      ['rank', 'layout'].concat(costHead, ['misses']), rows(inf, true), 25, numeric);
    if (a.excluded.length) R.table(R.section('Excluded combinations', 'Not run: the options file excludes them, or they are over a cost\'s max.'),
      ['layout', 'because'], a.excluded.map(function (x) { return [x.layout, x.because]; }), 25);
  }

  if (D.kind === 'advise') { renderAdvise(); window.addEventListener('resize', function () { R.charts.forEach(function (c) { c.resize(); }); }); document.body.setAttribute('data-ready', '1'); return; }
  if (D.kind === 'compare') D.comparison.variants.forEach(function (v) { R.decode(v.report); }); else R.decode(D.report);
  if (D.kind === 'compare') renderCompare(); else renderRun();
  window.addEventListener('resize', function () { R.charts.forEach(function (c) { c.resize(); }); });
  document.body.setAttribute('data-ready', '1');
})();
