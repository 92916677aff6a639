'use strict';
// Tuoyu Sentinel dashboard: plain JS, no build step. Everything it shows comes from the API, which
// enforces the user's scope on the server; nothing here decides what a user may see.
(function () {
  const $ = (id) => document.getElementById(id);
  const state = { me: null, labels: null, page: 0, size: 50, total: 0, source: '', es: null, rows: new Map(), charts: {}, statsTimer: null };

  // ------------------------------------------------------------------ API
  async function api(path, opts = {}) {
    const headers = Object.assign({ 'X-Requested-With': 'sentinel' }, opts.body ? { 'Content-Type': 'application/json' } : {});
    const res = await fetch(path, Object.assign({ credentials: 'same-origin', headers }, opts));
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (res.status === 401 && path !== '/api/login') { showLogin(); throw new Error('未登录'); }
    if (!res.ok) { const err = new Error((body && body.error) || ('HTTP ' + res.status)); err.status = res.status; throw err; }
    hideBanner();
    return body;
  }
  function banner(msg) { const b = $('banner'); b.textContent = msg; b.classList.remove('hidden'); }
  function hideBanner() { $('banner').classList.add('hidden'); }

  // ------------------------------------------------------------------ labels
  const L = {
    rule: (id) => (state.labels && state.labels.rules[id]) || id,
    region: (code) => {
      if (!state.labels || !code) return code || '';
      const r = state.labels.regions;
      return r[code] || r[code.slice(0, 4)] || r[code.slice(0, 2)] || code;
    },
    severity: (s) => (state.labels && state.labels.severities[s]) || s,
    status: (s) => (state.labels && state.labels.statuses[s]) || s,
  };
  const SEV_COLOR = { CRITICAL: '#d93026', MAJOR: '#f08c00', MINOR: '#f2c200' };
  function fmt(t) {
    if (!t) return '';
    const d = new Date(t);
    if (isNaN(d)) return t;
    const p = (n) => String(n).padStart(2, '0');
    // Beijing time, whatever the browser's zone.
    const b = new Date(d.getTime() + 8 * 3600 * 1000);
    return `${b.getUTCFullYear()}-${p(b.getUTCMonth() + 1)}-${p(b.getUTCDate())} ${p(b.getUTCHours())}:${p(b.getUTCMinutes())}:${p(b.getUTCSeconds())}`;
  }
  function esc(s) { return String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c])); }
  function where(a) { return [a.roomId && ('房间 ' + a.roomId), a.cameraId && ('摄像头 ' + a.cameraId), a.sensorId && ('传感器 ' + a.sensorId), a.personId && ('人员 ' + a.personId)].filter(Boolean).join(' · '); }

  // ------------------------------------------------------------------ login
  function showLogin() {
    if (state.es) { state.es.close(); state.es = null; }
    $('main-view').classList.add('hidden');
    $('login-view').classList.remove('hidden');
  }
  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    $('login-error').textContent = '';
    try {
      await api('/api/login', { method: 'POST', body: JSON.stringify({ username: $('login-username').value, password: $('login-password').value }) });
      $('login-password').value = '';
      await start();
    } catch (err) { $('login-error').textContent = err.message; }
  });
  $('logout').addEventListener('click', async () => { try { await api('/api/logout', { method: 'POST' }); } catch (e) { /* gone anyway */ } showLogin(); });

  // ------------------------------------------------------------------ start
  async function start() {
    state.me = await api('/api/me');
    state.labels = state.labels || await api('/api/labels');
    $('login-view').classList.add('hidden');
    $('main-view').classList.remove('hidden');
    $('scope-label').textContent = state.me.label;
    $('user-label').textContent = state.me.username;
    $('overdue-min').textContent = state.me.overdueMinutes;
    fillSelect($('f-rule'), Object.entries(state.labels.rules));
    const regions = state.labels.districts
      .filter((d) => state.me.role !== 'operator' || d.code.startsWith(state.me.scope))
      .map((d) => [d.code, d.name + '（' + d.city + '）']);
    fillSelect($('f-region'), regions);
    $('f-region').parentElement.classList.toggle('hidden', state.me.role === 'institution' || regions.length <= 1);
    $('charts').classList.toggle('hidden', state.me.role === 'institution');
    $('webhook-card').classList.toggle('hidden', state.me.role !== 'institution');
    $('replay-bar').classList.toggle('hidden', !(state.me.role === 'analyst' || state.me.role === 'admin'));
    if (state.me.role === 'institution') loadWebhooks();
    if (state.me.role === 'analyst' || state.me.role === 'admin') loadReplays();
    initCharts();
    await refresh();
    connect();
  }
  function fillSelect(sel, entries) {
    const first = sel.options[0];
    sel.innerHTML = '';
    sel.appendChild(first);
    for (const [v, t] of entries) { const o = document.createElement('option'); o.value = v; o.textContent = t; sel.appendChild(o); }
  }

  // ------------------------------------------------------------------ list
  function filterQuery() {
    const p = new URLSearchParams();
    const f = { status: $('f-status').value, severity: $('f-severity').value, ruleId: $('f-rule').value, region: $('f-region').value };
    for (const [k, v] of Object.entries(f)) if (v) p.set(k, v);
    return p;
  }
  async function refresh() {
    const p = filterQuery();
    p.set('page', state.page); p.set('size', state.size);
    const base = state.source ? `/api/replays/${encodeURIComponent(state.source)}/alerts` : '/api/alerts';
    try {
      const r = await api(base + '?' + p.toString());
      state.total = r.total;
      // Rows are updated in place (the same elements), so a re-read does not disturb what is shown.
      const keep = new Set(r.alerts.map((a) => a.alertId));
      for (const [id, tr] of state.rows) if (!keep.has(id)) { tr.remove(); state.rows.delete(id); }
      for (const a of r.alerts) { upsertRow(a, false); const tr = state.rows.get(a.alertId); if (tr) $('alert-rows').appendChild(tr); }
      $('total').textContent = `共 ${r.total} 条`;
      $('page').textContent = `第 ${state.page + 1} 页`;
      if (!state.source) loadStats();
    } catch (e) { if (e.message !== '未登录') banner('加载告警失败：' + e.message); }
  }
  function matchesFilters(a) {
    const f = filterQuery();
    const has = (k, v) => !f.get(k) || f.get(k).split(',').includes(v);
    return has('status', a.status) && has('severity', a.severity) && has('ruleId', a.ruleId) && (!f.get('region') || (a.regionCode || '').startsWith(f.get('region')));
  }
  function upsertRow(a, flash) {
    const tbody = $('alert-rows');
    let tr = state.rows.get(a.alertId);
    if (!matchesFilters(a)) { if (tr) { tr.remove(); state.rows.delete(a.alertId); } return; }
    const isNew = !tr;
    if (isNew) { tr = document.createElement('tr'); state.rows.set(a.alertId, tr); }
    tr.dataset.testid = 'alert-row';
    tr.setAttribute('data-testid', 'alert-row');
    tr.dataset.alertId = a.alertId;
    tr.dataset.region = a.regionCode || '';
    tr.dataset.status = a.status;
    tr.className = (a.overdue ? 'overdue' : '') + (flash ? ' flash' : '');
    const canAck = a.status === 'OPEN' && state.me.role !== 'analyst' && !state.source;
    tr.innerHTML =
      `<td><span class="sev ${esc(a.severity)}">${esc(L.severity(a.severity))}</span></td>` +
      `<td>${esc(L.rule(a.ruleId))}<div class="muted small">${esc(a.message)}</div></td>` +
      `<td><a href="#" class="inst" data-inst="${esc(a.institutionId)}">${esc(a.institutionName || a.institutionId)}</a></td>` +
      `<td>${esc(L.region(a.regionCode))}</td>` +
      `<td>${esc(where(a))}</td>` +
      `<td>${esc(fmt(a.openedAt))}</td>` +
      `<td><span class="status ${esc(a.status)}" data-testid="alert-status">${esc(L.status(a.status))}</span>` +
      (a.overdue ? '<span class="overdue-tag">超时未处置</span>' : '') +
      (a.acknowledgedBy ? `<div class="muted small">${esc(a.acknowledgedBy)} ${esc(fmt(a.acknowledgedAt))}</div>` : '') + '</td>' +
      `<td>${canAck ? '<button class="ack" data-testid="ack-button">确认</button>' : ''}</td>`;
    tr.querySelector('.inst').addEventListener('click', (e) => { e.preventDefault(); e.stopPropagation(); openInstitution(a.institutionId); });
    const b = tr.querySelector('.ack');
    if (b) b.addEventListener('click', (e) => { e.stopPropagation(); openAck(a); });
    tr.onclick = () => openAlert(a.alertId);
    if (isNew) {
      if (flash) { tbody.prepend(tr); state.total++; $('total').textContent = `共 ${state.total} 条`; } else tbody.appendChild(tr);
    }
  }
  for (const id of ['f-status', 'f-severity', 'f-rule', 'f-region']) $(id).addEventListener('change', () => { state.page = 0; refresh(); });
  $('prev').addEventListener('click', () => { if (state.page > 0) { state.page--; refresh(); } });
  $('next').addEventListener('click', () => { if ((state.page + 1) * state.size < state.total) { state.page++; refresh(); } });
  $('f-source').addEventListener('change', () => { state.source = $('f-source').value; state.page = 0; $('charts').classList.toggle('hidden', !!state.source); refresh(); });

  // ------------------------------------------------------------------ live stream
  function connect() {
    if (state.es) state.es.close();
    const live = $('live-indicator');
    const es = new EventSource('/api/stream');
    state.es = es;
    es.onopen = () => { live.textContent = '实时'; live.className = 'live on'; };
    es.onerror = () => { live.textContent = '重连中…'; live.className = 'live off'; };
    es.addEventListener('alert', (ev) => {
      if (state.source) return;
      const a = JSON.parse(ev.data);
      upsertRow(a, true);
      scheduleStats();
    });
  }
  function scheduleStats() {
    if (state.statsTimer) return;
    state.statsTimer = setTimeout(() => { state.statsTimer = null; loadStats(); }, 3000);
  }
  // Overdue marks move with time: the list is re-read every 30 s.
  setInterval(() => { if (state.me && !$('main-view').classList.contains('hidden')) refresh(); }, 30000);

  // ------------------------------------------------------------------ charts
  function initCharts() {
    if (!window.echarts || state.charts.rule) return;
    for (const k of ['rule', 'region', 'trend', 'map']) state.charts[k] = echarts.init($('chart-' + k));
    window.addEventListener('resize', () => Object.values(state.charts).forEach((c) => c.resize()));
  }
  async function loadStats() {
    if (!window.echarts || state.me.role === 'institution') return;
    // Counts cover every status (the list shows the status filter); the map shows what is open.
    const p = filterQuery();
    p.delete('status');
    let s;
    try { s = await api('/api/stats?' + p.toString()); } catch (e) { return; }
    const empty = (shown, text) => (shown ? [] : [{ type: 'text', left: 'center', top: 'middle', style: { text, fill: '#6b7785', fontSize: 14 } }]);
    const bar = (items, color) => ({
      grid: { left: 110, right: 20, top: 10, bottom: 20 }, tooltip: {}, graphic: empty(items.length, '暂无告警'),
      xAxis: { type: 'value', minInterval: 1 }, yAxis: { type: 'category', data: items.map((i) => i.label), inverse: true },
      series: [{ type: 'bar', data: items.map((i) => i.count), itemStyle: { color } }],
    });
    state.charts.rule.setOption(bar(s.byRule, '#1d5fd1'), true);
    state.charts.region.setOption(bar(s.byRegion, '#0f766e'), true);
    state.charts.trend.setOption({
      grid: { left: 40, right: 20, top: 10, bottom: 40 }, tooltip: { trigger: 'axis' }, graphic: empty(s.overTime.some((b) => b.count > 0), '暂无告警'),
      xAxis: { type: 'category', data: s.overTime.map((b) => fmt(b.t).slice(5, 16)) }, yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'line', smooth: true, areaStyle: {}, data: s.overTime.map((b) => b.count) }],
    }, true);
    const pts = s.openInstitutions.filter((i) => i.lon != null);
    const span = (vals) => {
      if (!vals.length) return {};
      const lo = Math.min(...vals), hi = Math.max(...vals), pad = Math.max(0.05, (hi - lo) * 0.15);
      return { min: +(lo - pad).toFixed(2), max: +(hi + pad).toFixed(2) };
    };
    const xr = span(pts.map((i) => i.lon)), yr = span(pts.map((i) => i.lat));
    state.charts.map.setOption({
      grid: { left: 50, right: 20, top: 10, bottom: 30 },
      graphic: empty(pts.length, '暂无未解除告警'),
      tooltip: { formatter: (p) => `${esc(p.data.name)}<br>${esc(L.region(p.data.region))} · 未解除 ${p.data.count} 条` },
      xAxis: Object.assign({ type: 'value', name: '经度', nameLocation: 'middle', nameGap: 22 }, xr), yAxis: Object.assign({ type: 'value', name: '纬度' }, yr),
      series: [{ type: 'scatter', symbolSize: (v, p) => 8 + Math.min(20, p.data.count * 3),
        data: pts.map((i) => ({ value: [i.lon, i.lat], name: i.institutionName, region: i.regionCode, count: i.count, id: i.institutionId, itemStyle: { color: SEV_COLOR[i.maxSeverity] } })) }],
    }, true);
    state.charts.map.off('click');
    state.charts.map.on('click', (p) => openInstitution(p.data.id));
  }

  // ------------------------------------------------------------------ drawer: alert, institution
  function drawer(html) { $('drawer-body').innerHTML = html; $('drawer').classList.remove('hidden'); }
  $('drawer-close').addEventListener('click', () => $('drawer').classList.add('hidden'));
  async function openAlert(id) {
    const base = state.source ? null : '/api/alerts/';
    if (!base) return;
    try {
      const a = await api(base + encodeURIComponent(id));
      const details = Object.entries(a.details || {}).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('');
      const trail = (a.acks || []).map((k) => `<li>${esc(fmt(k.at))} · ${esc(k.by)}${k.agency ? '（' + (k.agency === 'police' ? '公安' : '卫健') + '）' : ''}：${esc(k.comment || '（无说明）')}</li>`).join('') || '<li class="muted">尚无确认记录</li>';
      drawer(`<h2><span class="sev ${esc(a.severity)}">${esc(L.severity(a.severity))}</span> ${esc(L.rule(a.ruleId))}</h2>
        <p>${esc(a.message)}</p>
        <dl><dt>机构</dt><dd>${esc(a.institutionName || a.institutionId)}</dd><dt>地区</dt><dd>${esc(L.region(a.regionCode))}（${esc(a.regionCode)}）</dd>
        <dt>位置</dt><dd>${esc(where(a)) || '—'}</dd><dt>状态</dt><dd>${esc(L.status(a.status))}${a.overdue ? ' <span class="overdue-tag">超时未处置</span>' : ''}</dd>
        <dt>开始</dt><dd>${esc(fmt(a.startedAt))}</dd><dt>告警</dt><dd>${esc(fmt(a.openedAt))}</dd><dt>解除</dt><dd>${esc(fmt(a.resolvedAt)) || '—'}</dd>
        <dt>告警编号</dt><dd class="small">${esc(a.alertId)}</dd></dl>
        <h3>观测值</h3><dl>${details || '<dd class="muted">—</dd>'}</dl>
        <h3>处置记录</h3><ul class="timeline">${trail}</ul>`);
    } catch (e) { banner('无法打开告警：' + e.message); }
  }
  async function openInstitution(id) {
    try {
      const r = await api('/api/institutions/' + encodeURIComponent(id));
      const i = r.institution;
      const items = r.alerts.map((a) => `<li><span class="sev ${esc(a.severity)}">${esc(L.severity(a.severity))}</span> ${esc(fmt(a.startedAt))} ${esc(L.rule(a.ruleId))} · ${esc(where(a))} · <span class="status ${esc(a.status)}">${esc(L.status(a.status))}</span></li>`).join('') || '<li class="muted">没有告警</li>';
      drawer(`<h2>${esc(i.name || id)}</h2><dl><dt>机构编号</dt><dd>${esc(i.institutionId)}</dd><dt>地区</dt><dd>${esc(L.region(i.regionCode))}</dd>
        ${i.licensedPlaces ? `<dt>核定托位</dt><dd>${esc(i.licensedPlaces)}</dd>` : ''}${i.openTime ? `<dt>开放时间</dt><dd>${esc(i.openTime)}–${esc(i.closeTime)}</dd>` : ''}</dl>
        <h3>告警时间线（最近 200 条）</h3><ul class="timeline">${items}</ul>`);
    } catch (e) { banner('无法打开机构：' + e.message); }
  }

  // ------------------------------------------------------------------ acknowledge
  let acking = null;
  function openAck(a) {
    acking = a;
    $('ack-what').textContent = `${L.rule(a.ruleId)} · ${a.institutionName || a.institutionId} · ${where(a)}`;
    $('ack-comment').value = '';
    $('ack-error').textContent = '';
    $('ack-dialog').showModal();
  }
  $('ack-submit').addEventListener('click', async (e) => {
    e.preventDefault();
    if (!acking) return;
    try {
      const a = await api('/api/alerts/' + encodeURIComponent(acking.alertId) + '/ack', { method: 'POST', body: JSON.stringify({ comment: $('ack-comment').value }) });
      $('ack-dialog').close();
      acking = null;
      upsertRow(a, true);
    } catch (err) { $('ack-error').textContent = err.message; }
  });

  // ------------------------------------------------------------------ institution: webhooks
  async function loadWebhooks() {
    try {
      const hooks = await api('/api/webhooks');
      $('webhook-list').innerHTML = hooks.map((h) => `<li>${esc(h.url)} <span class="muted small">${esc(h.id)} · ${esc(fmt(h.createdAt))}</span> <button class="link" data-id="${esc(h.id)}">删除</button></li>`).join('');
      $('webhook-list').querySelectorAll('button').forEach((b) => b.addEventListener('click', async () => { await api('/api/webhooks/' + b.dataset.id, { method: 'DELETE' }); loadWebhooks(); }));
    } catch (e) { banner('无法加载 Webhook：' + e.message); }
  }
  $('webhook-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const h = await api('/api/webhooks', { method: 'POST', body: JSON.stringify({ url: $('webhook-url').value }) });
      const s = $('webhook-secret');
      s.textContent = '签名密钥（仅显示这一次，请妥善保存）：' + h.secret;
      s.classList.remove('hidden');
      $('webhook-url').value = '';
      loadWebhooks();
    } catch (err) { banner('登记失败：' + err.message); }
  });

  // ------------------------------------------------------------------ analyst: replays
  async function loadReplays() {
    try {
      const runs = await api('/api/replays');
      fillSelect($('f-source'), runs.map((r) => [r.runId, `回放 ${r.runId}（${r.count} 条）`]));
      $('f-source').options[0].textContent = '实时告警';
    } catch (e) { /* no replays */ }
  }

  // ------------------------------------------------------------------ boot
  start().catch(() => showLogin());
})();
