/* livemig HTML report: draws the page from the JSON in #livemig-data with Apache ECharts. */
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('livemig-data').textContent);
  var app = document.getElementById('app');
  var charts = [];
  /** More timeline rows than this: one row per source host, a host picked for its migrations. */
  var DETAIL_ROWS = 120;
  /** More utilisation series than this: totals and the busiest, a host picked for its own. */
  var MAX_LINES = 12;

  var PHASES = [
    { name: 'queue wait', color: '#c5ccd6' },
    { name: 'build', color: '#7fb3e0' },
    { name: 'pre-copy pass 0', color: '#1f5fa8' },
    { name: 'later passes', color: '#3d8bd9' },
    { name: 'blackout', color: '#d32f2f' },
    { name: 'post-copy push', color: '#8e44ad' },
    { name: 'destroy', color: '#8d6e63' },
    { name: 'down (cold restart)', color: '#f39c12' },
    { name: 'moves (aggregated)', color: '#3d8bd9' },
    { name: 'moves with a failure', color: '#e57373' }
  ];
  var MARKS = [
    { name: 'failed', symbol: 'triangle', rotate: 180, color: '#b71c1c' },
    { name: 'rejected', symbol: 'rect', rotate: 0, color: '#37474f' },
    { name: 'retry', symbol: 'arrow', rotate: -90, color: '#ef6c00' },
    { name: 'host crash', symbol: 'pin', rotate: 0, color: '#6a1b9a' },
    { name: 'cold restart', symbol: 'diamond', rotate: 0, color: '#f39c12' }
  ];

  // ------------------------------------------------------------------ DOM and number helpers
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k]; else if (k === 'cls') e.className = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (kids || []).forEach(function (k) { if (k != null) e.appendChild(typeof k === 'string' ? document.createTextNode(k) : k); });
    return e;
  }
  function section(title, note) {
    var s = el('section', null, [el('h2', { text: title })]);
    if (note) s.appendChild(el('p', { cls: 'note', text: note }));
    app.appendChild(s);
    return s;
  }
  function num(v, d) { return v == null ? '–' : Number(v).toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }); }
  function dur(s) {
    if (s == null) return '–';
    var a = Math.abs(s);
    if (a < 120) return num(s, a < 10 ? 2 : 1) + ' s';
    if (a < 7200) return num(s / 60, 1) + ' min';
    return num(s / 3600, 2) + ' h';
  }
  /** Axis labels in s, min or h as the span suits, with a decimal where whole units would repeat. */
  function axisTime(span) {
    var unit = span < 300 ? [1, ' s'] : span < 10800 ? [60, ' min'] : [3600, ' h'];
    var d = span / unit[0] < 12 ? 1 : 0;
    return function (v) { return num(v / unit[0], d) + unit[1]; };
  }
  function gib(b) { return num(b / 1073741824, 2); }
  function natural(a, b) { return String(a).localeCompare(String(b), 'en', { numeric: true }); }

  /** A table of rows (arrays of cells: text, or {v, cls}), paged when longer than pageSize. */
  function table(parent, head, rows, pageSize, numeric) {
    var wrap = el('div');
    parent.appendChild(wrap);
    var page = 0, size = pageSize || rows.length || 1, pages = Math.max(1, Math.ceil(rows.length / size));
    function draw() {
      wrap.textContent = '';
      var t = el('table');
      var hr = el('tr');
      head.forEach(function (h, i) { hr.appendChild(el('th', { text: h, cls: numeric && numeric.indexOf(i) >= 0 ? 'n' : '' })); });
      t.appendChild(el('thead', null, [hr]));
      var tb = el('tbody');
      rows.slice(page * size, (page + 1) * size).forEach(function (r) {
        var tr = el('tr');
        r.forEach(function (c, i) {
          var o = c != null && typeof c === 'object' ? c : { v: c };
          var cls = (numeric && numeric.indexOf(i) >= 0 ? 'n ' : '') + (o.cls || '');
          tr.appendChild(el('td', { text: o.v == null ? '–' : String(o.v), cls: cls.trim() }));
        });
        tb.appendChild(tr);
      });
      t.appendChild(tb);
      wrap.appendChild(el('div', { cls: 'wide' }, [t]));
      if (pages > 1) {
        var prev = el('button', { text: '‹ previous' }), next = el('button', { text: 'next ›' });
        prev.disabled = page === 0; next.disabled = page === pages - 1;
        prev.onclick = function () { page--; draw(); };
        next.onclick = function () { page++; draw(); };
        wrap.appendChild(el('div', { cls: 'pager' }, [prev, 'page ' + (page + 1) + ' of ' + pages + ' (' + rows.length + ' rows)', next]));
      }
    }
    draw();
  }

  /** A chart in holder, in place of old (disposed): for a view a picker redraws. */
  function replaceChart(holder, old, cls) {
    if (old) { charts.splice(charts.indexOf(old), 1); old.dispose(); }
    holder.textContent = '';
    return chart(holder, cls);
  }

  function chart(parent, cls) {
    var div = el('div', { cls: 'chart ' + (cls || '') });
    parent.appendChild(div);
    var c = echarts.init(div, null, { renderer: 'canvas' });
    charts.push(c);
    return c;
  }

  function select(parent, label, options, onChange) {
    var s = el('select');
    options.forEach(function (o) { s.appendChild(el('option', { value: o[0], text: o[1] })); });
    s.onchange = function () { onChange(s.value); };
    parent.appendChild(el('label', null, [label + ' ', s]));
    return s;
  }

  // ------------------------------------------------------------------ the timeline
  /** The phases of one migration: [phase, from, to] in simulated seconds. */
  function phasesOf(m) {
    var out = [], end = m.finishedAt;
    var start = m.startedAt == null ? end : m.startedAt;
    if (start > m.queuedAt) out.push([0, m.queuedAt, start]);
    if (m.startedAt == null) return out;
    var built = m.builtAt == null ? end : m.builtAt;
    if (built > start) out.push([1, start, built]);
    if (m.builtAt == null) return out;
    var copyEnd = m.pausedAt != null ? m.pausedAt : end, t = m.builtAt, first = true;
    m.passes.forEach(function (p) {
      if (p[0] !== 'precopy') return;
      var to = Math.min(t + p[2], copyEnd);
      if (to > t) out.push([first ? 2 : 3, t, to]);
      first = false;
      t = to;
    });
    if (m.pausedAt == null) return out;
    var resumed = m.resumedAt == null ? end : m.resumedAt;
    out.push([4, m.pausedAt, Math.max(resumed, m.pausedAt)]);
    if (m.resumedAt == null) return out;
    var after = m.resumedAt, pushed = false;
    m.passes.forEach(function (p) {
      if (p[0] === 'post-copy') { out.push([5, after, Math.min(after + p[2], end)]); after = Math.min(after + p[2], end); pushed = true; }
    });
    // lost during the push: it has no pass record, it ran from the resume to the loss
    if (!pushed && m.outcome === 'lost' && end > after) out.push([5, after, end]);
    if (m.outcome === 'completed' && end > after) out.push([6, after, end]);
    return out;
  }

  function isRetry(m) { return /\.\d+$/.test(m.id); }

  /**
   * Rows of the timeline: one per migration (and per VM a crash took down), grouped by source host;
   * with more than DETAIL_ROWS and no host picked, one per source host.
   */
  function timelineModel(report, host) {
    var items = [];
    report.migrations.forEach(function (m, i) { if (host == null || m.from === host) items.push({ host: m.from, at: m.queuedAt, m: m, i: i }); });
    report.crashes.forEach(function (c) {
      c.vms.forEach(function (v) { if (host == null || c.host === host) items.push({ host: c.host, at: c.at, crash: c, vm: v }); });
    });
    items.sort(function (a, b) { return natural(a.host, b.host) || a.at - b.at; });
    var hosts = [];
    items.forEach(function (it) { if (!hosts.length || hosts[hosts.length - 1] !== it.host) hosts.push(it.host); });
    var model = { rows: [], segs: PHASES.map(function () { return []; }), marks: MARKS.map(function () { return []; }), bands: [], end: 0 };
    var aggregate = host == null && items.length > DETAIL_ROWS;
    model.aggregate = aggregate;
    if (aggregate) {
      hosts.forEach(function (h, r) {
        model.rows.push({ label: h, host: h, first: true });
        var spans = [], cur = null;
        items.forEach(function (it) {
          if (it.host !== h) return;
          if (it.crash) {
            var back = it.vm.downSeconds == null ? null : it.crash.at + it.vm.downSeconds;
            model.marks[3].push([it.crash.at, r, h + ' crashed', it.vm.vm + (back == null ? ' not restarted' : ' restarted on ' + it.vm.restartedOn)]);
            if (back != null) model.marks[4].push([back, r, it.vm.vm + ' restarted on ' + it.vm.restartedOn, '']);
            return;
          }
          var m = it.m;
          if (cur && m.queuedAt <= cur.to) { cur.to = Math.max(cur.to, m.finishedAt); cur.n++; cur.bad += m.outcome === 'completed' ? 0 : 1; }
          else { cur = { from: m.queuedAt, to: m.finishedAt, n: 1, bad: m.outcome === 'completed' ? 0 : 1 }; spans.push(cur); }
          if (m.outcome !== 'completed') model.marks[m.outcome === 'rejected' ? 1 : 0].push([m.finishedAt, r, m.id + ' ' + m.vm + ' ' + m.outcome, m.failure || '']);
          model.end = Math.max(model.end, m.finishedAt);
        });
        spans.forEach(function (s) {
          model.segs[s.bad ? 9 : 8].push([r, s.from, Math.max(s.to, s.from), s.n + ' moves from ' + h + (s.bad ? ', ' + s.bad + ' not completed' : ''), '']);
        });
      });
      return model;
    }
    var lastHost = null, bandStart = 0;
    items.forEach(function (it, r) {
      if (it.host !== lastHost) {
        if (lastHost != null) model.bands.push([bandStart, r - 1, lastHost]);
        lastHost = it.host; bandStart = r;
      }
      var first = r === bandStart;
      if (it.crash) {
        var v = it.vm, back = v.downSeconds == null ? null : it.crash.at + v.downSeconds;
        model.rows.push({ label: v.vm + ' (crash)', host: it.host, first: first });
        var end = back == null ? Math.max(it.crash.at, model.end) : back;
        model.segs[7].push([r, it.crash.at, end, v.vm + ' down: ' + it.crash.host + ' crashed', v.reason || ('restarted (cold) on ' + v.restartedOn)]);
        model.marks[3].push([it.crash.at, r, it.crash.host + ' crashed', v.vm + ' went down']);
        if (back != null) model.marks[4].push([back, r, v.vm + ' restarted on ' + v.restartedOn, 'down ' + dur(v.downSeconds)]);
        model.end = Math.max(model.end, end);
        return;
      }
      var m = it.m;
      model.rows.push({ label: m.vm + ' · ' + m.id + (isRetry(m) ? ' ↻' : ''), host: it.host, first: first });
      var what = m.id + ' ' + m.vm + ' ' + m.from + ' → ' + m.to;
      phasesOf(m).forEach(function (p) { model.segs[p[0]].push([r, p[1], p[2], what, m.transport + (m.network ? ' over ' + m.network : '')]); });
      if (m.outcome === 'failed' || m.outcome === 'lost') model.marks[0].push([m.finishedAt, r, what + ' ' + m.outcome, m.failure || '']);
      if (m.outcome === 'rejected') model.marks[1].push([m.finishedAt, r, what + ' rejected', m.failure || '']);
      if (isRetry(m)) model.marks[2].push([m.queuedAt, r, what + ': retry ' + m.id.replace(/^.*\./, ''), '']);
      model.end = Math.max(model.end, m.finishedAt);
    });
    if (lastHost != null) model.bands.push([bandStart, items.length - 1, lastHost]);
    return model;
  }

  function renderSegment(params, api) {
    var row = api.value(0), a = api.coord([api.value(1), row]), b = api.coord([api.value(2), row]);
    var h = Math.min(api.size([0, 1])[1] * 0.64, 22);
    var cs = params.coordSys;
    var shape = echarts.graphic.clipRectByRect({ x: a[0], y: a[1] - h / 2, width: Math.max(b[0] - a[0], 1.5), height: h },
      { x: cs.x, y: cs.y, width: cs.width, height: cs.height });
    return shape && { type: 'rect', transition: ['shape'], shape: shape, style: api.style() };
  }

  function renderBand(params, api) {
    var a = api.coord([0, api.value(0)]), b = api.coord([0, api.value(1)]), h = api.size([0, 1])[1];
    var cs = params.coordSys;
    if (params.dataIndex % 2 === 1) return null;
    var y0 = Math.max(cs.y, Math.min(a[1], b[1]) - h / 2), y1 = Math.min(cs.y + cs.height, Math.max(a[1], b[1]) + h / 2);
    if (y1 <= y0) return null;
    return { type: 'rect', silent: true, shape: { x: cs.x, y: y0, width: cs.width, height: y1 - y0 }, style: { fill: '#eef2f7' } };
  }

  function timelineOption(model) {
    var rows = model.rows, span = model.end || 1;
    var series = [{ type: 'custom', name: 'hosts', silent: true, z: 0, renderItem: renderBand, data: model.bands, encode: { x: -1, y: [0, 1] }, tooltip: { show: false } }];
    PHASES.forEach(function (p, i) {
      if (!model.segs[i].length) return;
      series.push({ type: 'custom', name: p.name, renderItem: renderSegment, itemStyle: { color: p.color }, encode: { x: [1, 2], y: 0 },
        data: model.segs[i], z: 2, progressive: 4000,
        tooltip: { formatter: function (q) { var v = q.value; return '<b>' + p.name + '</b><br>' + v[3] + '<br>' + (v[4] ? v[4] + '<br>' : '') + dur(v[1]) + ' → ' + dur(v[2]) + ' (' + dur(v[2] - v[1]) + ')'; } } });
    });
    MARKS.forEach(function (k, i) {
      if (!model.marks[i].length) return;
      series.push({ type: 'scatter', name: k.name, symbol: k.symbol, symbolRotate: k.rotate, symbolSize: 11, z: 5, itemStyle: { color: k.color },
        encode: { x: 0, y: 1 }, data: model.marks[i],
        tooltip: { formatter: function (q) { return '<b>' + k.name + '</b> at ' + dur(q.value[0]) + '<br>' + q.value[2] + (q.value[3] ? '<br>' + q.value[3] : ''); } } });
    });
    var window = rows.length > 28;
    return {
      animation: false,
      grid: { left: 200, right: window ? 40 : 16, top: 34, bottom: 58 },
      legend: { top: 0, type: 'scroll', data: series.slice(1).map(function (s) { return s.name; }) },
      tooltip: { trigger: 'item', confine: true },
      xAxis: { type: 'value', min: 0, max: span, axisLabel: { formatter: axisTime(span) }, splitLine: { lineStyle: { color: '#eceff3' } } },
      yAxis: { type: 'category', inverse: true, data: rows.map(function (r, i) { return String(i); }),
        axisTick: { show: false }, axisLine: { show: false },
        axisLabel: { interval: 0, width: 186, overflow: 'truncate', formatter: function (v) { var r = rows[+v]; return r.first ? '{h|' + r.host + '}  ' + (model.aggregate ? '' : r.label) : r.label; },
          rich: { h: { fontWeight: 'bold', color: '#1d2733' } } } },
      dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'weakFilter' }, { type: 'slider', xAxisIndex: 0, height: 18, bottom: 8, filterMode: 'weakFilter' }]
        .concat(window ? [{ type: 'slider', yAxisIndex: 0, right: 6, width: 16, startValue: 0, endValue: 27, filterMode: 'weakFilter' }] : []),
      series: series
    };
  }

  /** The timeline section's chart (and a host picker when the run is large) inside parent. */
  function timeline(parent, report) {
    var all = timelineModel(report, null);
    var controls = el('div', { cls: 'controls' });
    parent.appendChild(controls);
    var note = el('p', { cls: 'note' });
    parent.appendChild(note);
    var holder = el('div');
    parent.appendChild(holder);
    var c = null;
    function show(model) {
      var rows = Math.min(model.rows.length, 28);
      c = replaceChart(holder, c);
      c.getDom().style.height = Math.max(220, 100 + rows * 22) + 'px';
      c.resize();
      c.setOption(timelineOption(model));
    }
    if (all.aggregate) {
      var hosts = all.rows.map(function (r) { return r.host; });
      note.textContent = report.migrations.length + ' migrations from ' + hosts.length + ' hosts: one row per source host ' +
        '(its overlapping moves merged into one bar, red when one did not complete); pick a host to see its migrations phase by phase.';
      select(controls, 'source host', [['', 'all hosts (aggregated)']].concat(hosts.map(function (h) { return [h, h]; })), function (h) {
        show(h ? timelineModel(report, h) : all);
      });
    } else {
      note.textContent = 'One row per migration (and per VM a crash took down), grouped by source host; scroll to zoom, drag the slider to pan.';
    }
    show(all);
  }

  // ------------------------------------------------------------------ utilisation
  function lines(parent, series, title, unit, resolution, group) {
    var names = Object.keys(series || {}).sort(natural);
    if (!names.length) { parent.appendChild(el('p', { cls: 'note', text: 'No ' + title + ' recorded.' })); return; }
    var step = resolution * group;
    var n = 0;
    names.forEach(function (k) { n = Math.max(n, series[k].length); });
    var span = n * step;
    var controls = el('div', { cls: 'controls' });
    parent.appendChild(controls);
    var c = chart(parent);
    function pts(v) { var out = new Array(v.length + 1); for (var i = 0; i < v.length; i++) out[i] = [i * step, v[i]]; out[v.length] = [v.length * step, v.length ? v[v.length - 1] : 0]; return out; }
    function draw(shown) {
      c.setOption({
        animation: false,
        grid: { left: 56, right: 20, top: 40, bottom: 56 },
        legend: { top: 0, type: 'scroll' },
        tooltip: { trigger: 'axis', confine: true, valueFormatter: function (v) { return num(v, 2) + ' ' + unit; } },
        xAxis: { type: 'value', min: 0, max: span, axisLabel: { formatter: axisTime(span) } },
        yAxis: { type: 'value', name: unit, min: 0 },
        dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }],
        series: shown.map(function (s) { return { type: 'line', name: s[0], step: 'start', symbol: 'none', sampling: 'lttb', lineStyle: { width: 1.4 }, data: pts(s[1]) }; })
      }, { replaceMerge: ['series'] });
    }
    if (names.length <= MAX_LINES) {
      draw(names.map(function (k) { return [k, series[k]]; }));
    } else {
      var total = new Array(n).fill(0), top = new Array(n).fill(0);
      names.forEach(function (k) { series[k].forEach(function (v, i) { total[i] += v; top[i] = Math.max(top[i], v); }); });
      var overview = [['all ' + names.length + ' together', total.map(function (v) { return Math.round(v * 100) / 100; })], ['the busiest one', top]];
      var hosts = [];
      names.forEach(function (k) { var h = k.split('/')[0]; if (hosts.indexOf(h) < 0) hosts.push(h); });
      select(controls, 'host', [['', 'all (' + names.length + ' series): total and busiest']].concat(hosts.map(function (h) { return [h, h]; })), function (h) {
        draw(h ? names.filter(function (k) { return k.split('/')[0] === h; }).map(function (k) { return [k, series[k]]; }) : overview);
      });
      draw(overview);
    }
    if (group > 1) parent.appendChild(el('p', { cls: 'note', text: 'Each point: the highest of ' + group + ' buckets of ' + num(resolution, 1) + ' s (so no peak is lost).' }));
  }

  // ------------------------------------------------------------------ passes and probes
  /** The bars of m's passes: in a new small chart in parent, or in the chart given. */
  function passChart(target, m) {
    var c = target.setOption ? target : chart(target, 'small');
    var labels = m.passes.map(function (p, i) { return p[0] === 'precopy' ? 'pass ' + i : p[0]; });
    c.setOption({
      animation: false,
      title: { text: m.id + ' ' + m.vm + ' ' + m.from + ' → ' + m.to, subtext: m.transport + ' · stop: ' + (m.stopReason || '–') + ' · ' + m.outcome,
        textStyle: { fontSize: 13 }, subtextStyle: { fontSize: 11 } },
      grid: { left: 60, right: 12, top: 72, bottom: 28 },
      legend: { top: 40, itemWidth: 12, textStyle: { fontSize: 11 } },
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return num(v, 0) + ' pages'; } },
      xAxis: { type: 'category', data: labels, axisLabel: { interval: 0 } },
      yAxis: { type: 'log', name: 'pages', logBase: 10, min: 1 },
      series: [
        { type: 'bar', name: 'sent', itemStyle: { color: '#1f5fa8' }, data: m.passes.map(function (p) { return Math.max(p[1], 1); }) },
        { type: 'bar', name: 'dirtied meanwhile', itemStyle: { color: '#f39c12' }, data: m.passes.map(function (p) { return Math.max(p[3], 1); }) },
        { type: 'bar', name: 'remaining after', itemStyle: { color: '#9e9e9e' }, data: m.passes.map(function (p) { return Math.max(p[4], 1); }) }
      ]
    });
  }

  function passes(parent, report) {
    var moved = report.migrations.filter(function (m) { return m.passes.length > 0; });
    if (!moved.length) { parent.appendChild(el('p', { cls: 'note', text: 'No migration copied memory.' })); return; }
    if (moved.length <= 8) {
      var g = el('div', { cls: 'grid2' });
      parent.appendChild(g);
      moved.forEach(function (m) { passChart(g, m); });
      return;
    }
    var measured = report.measures.filter(function (x) { return x.migration; }).map(function (x) { return x.migration; });
    var first = moved.filter(function (m) { return measured.indexOf(m.id) >= 0; })[0] || moved[0];
    var controls = el('div', { cls: 'controls' });
    parent.appendChild(controls);
    var holder = el('div');
    parent.appendChild(holder);
    var current = null;
    function show(id) {
      current = replaceChart(holder, current);
      passChart(current, moved.filter(function (m) { return m.id === id; })[0]);
    }
    var s = select(controls, 'migration', moved.map(function (m) { return [m.id, m.id + ' ' + m.vm + ' ' + m.from + ' → ' + m.to]; }), show);
    s.value = first.id;
    show(first.id);
  }

  function migrationsTable(parent, report) {
    var rows = report.migrations.map(function (m) {
      var pre = m.passes.filter(function (p) { return p[0] === 'precopy'; }).length, g = m.guest || {};
      var wait = m.startedAt == null ? null : m.startedAt - m.queuedAt;
      return [m.id, m.vm, m.from + ' → ' + m.to, m.transport + (m.network ? ' / ' + m.network : ''), num(m.queuedAt, 1), num(wait, 1),
        num(m.finishedAt - m.queuedAt, 2), pre, gib(m.bytesSent), num(m.downtimeMs, 2), m.stopReason || '–',
        { v: m.outcome + (m.failure ? ': ' + m.failure : ''), cls: m.outcome === 'completed' ? 'ok' : 'bad' },
        g.pingsSent == null ? '–' : g.pingsSent + ' / ' + g.pingsLost, g.sessionsDropped == null ? '–' : g.sessionsDropped,
        num(g.sessionStallMs, 0), g.throttlePercent == null ? '–' : num(g.throttlePercent, 1), g.degradedSeconds == null ? '–' : num(g.degradedSeconds, 2),
        m.limitedBy || '–', (m.notes || []).join('; ')];
    });
    table(parent, ['id', 'VM', 'from → to', 'transport / network', 'queued s', 'wait s', 'seconds', 'passes', 'GiB sent', 'blackout ms',
      'stop reason', 'outcome', 'pings sent / lost', 'TCP dropped', 'TCP stall ms', 'throttle %', 'post-copy degraded s', 'limited by', 'notes'], rows, 25,
      [4, 5, 6, 7, 8, 9, 12, 13, 14, 15, 16]);
  }

  /** The page carries migrations as rows (see PageData.COLUMNS): back to objects, guest figures named. */
  function decode(report) {
    var cols = report.columns;
    report.migrations = report.migrations.map(function (row) {
      var m = {};
      cols.forEach(function (c, i) { if (row[i] != null) m[c] = row[i]; });
      var g = m.guest;
      if (g) m.guest = { pingsSent: g[0], pingsLost: g[1], sessionsDropped: g[2], sessionStallMs: g[3], throttlePercent: g[4], degradedSeconds: g[5] };
      return m;
    });
    return report;
  }

  window.livemigReport = { decode: decode, charts: charts, el: el, section: section, table: table, chart: chart, select: select, num: num, dur: dur,
    gib: gib, natural: natural, axisTime: axisTime, timeline: timeline, lines: lines, passes: passes, migrationsTable: migrationsTable,
    data: D, app: app };
})();
