// The operations dashboard: reads the report API with the page's session (same origin) and draws what it answers.
// Text from the API (area and venue names) is only ever set as textContent, never as HTML.
(function () {
  'use strict';

  const TEXT = {
    vi: {
      title: 'Bảng theo dõi quét mã QR', date: 'Ngày', logout: 'Đăng xuất', pick: 'Xem địa bàn cấp dưới', choose: '— chọn —',
      headline: 'Số liệu trong ngày', export: 'Tải về', weekly: 'Báo cáo tuần', last30: '30 ngày gần nhất',
      children: 'Địa bàn cấp dưới', zero: 'Xã/phường không có lượt quét', inactive: 'Địa điểm không có lượt quét trong 7 ngày',
      'col.name': 'Địa bàn', 'col.registeredVenues': 'Đã đăng ký', 'col.newVenues': 'Mới', 'col.newVenues7dAvg': 'Mới (TB 7 ngày)',
      'col.activeVenues': 'Hoạt động', 'col.regularVenues': 'Quét thường xuyên', 'col.scans': 'Lượt quét', 'col.distinctPeople': 'Số người',
      'col.declarationsWithSymptoms': 'Có triệu chứng', 'col.zeroScanCommunes': 'Xã không có lượt quét',
      registeredVenues: 'Địa điểm đã đăng ký', newVenues: 'Địa điểm mới', activeVenues: 'Địa điểm hoạt động',
      regularVenues: 'Địa điểm quét thường xuyên', scans: 'Lượt quét', distinctPeople: 'Số người', declarations: 'Khai báo y tế',
      zeroScanCommunes: 'Xã/phường không có lượt quét', suspendedVenues: 'Địa điểm bị đình chỉ', nonCompliantVenues: 'Địa điểm vi phạm',
      avg7: 'TB 7 ngày', withSymptoms: 'có triệu chứng', vsWeek: 'so với tuần trước', scans7dAvg: 'Lượt quét (TB 7 ngày)',
      loading: 'Đang tải…', failed: 'Không tải được số liệu', none: 'Không có', nation: 'Việt Nam', lastScan: 'quét gần nhất',
      never: 'chưa từng quét', more: 'và còn nữa (tải về để xem đủ)', drill: 'Xem', noChildren: 'Địa bàn này không có cấp dưới',
      PROVINCE: 'Tỉnh/thành phố', DISTRICT: 'Quận/huyện', COMMUNE: 'Xã/phường', NATION: 'Toàn quốc'
    },
    en: {
      title: 'QR check-in dashboard', date: 'Date', logout: 'Sign out', pick: 'Go to an area within', choose: '— choose —',
      headline: 'Figures of the day', export: 'Download', weekly: 'Weekly report', last30: 'Last 30 days',
      children: 'Areas within', zero: 'Communes without a scan', inactive: 'Venues without a scan in 7 days',
      'col.name': 'Area', 'col.registeredVenues': 'Registered', 'col.newVenues': 'New', 'col.newVenues7dAvg': 'New (7-day avg)',
      'col.activeVenues': 'Active', 'col.regularVenues': 'Scanning regularly', 'col.scans': 'Scans', 'col.distinctPeople': 'People',
      'col.declarationsWithSymptoms': 'With symptoms', 'col.zeroScanCommunes': 'Communes without scans',
      registeredVenues: 'Registered venues', newVenues: 'New venues', activeVenues: 'Active venues',
      regularVenues: 'Venues scanning regularly', scans: 'Scans', distinctPeople: 'People', declarations: 'Health declarations',
      zeroScanCommunes: 'Communes without a scan', suspendedVenues: 'Suspended venues', nonCompliantVenues: 'Non-compliant venues',
      avg7: '7-day avg', withSymptoms: 'with symptoms', vsWeek: 'vs the week before', scans7dAvg: 'Scans (7-day avg)',
      loading: 'Loading…', failed: 'The figures could not be loaded', none: 'None', nation: 'Viet Nam', lastScan: 'last scan',
      never: 'never scanned', more: 'and more (download for all)', drill: 'Open', noChildren: 'This area has none within',
      PROVINCE: 'Province', DISTRICT: 'District', COMMUNE: 'Commune', NATION: 'Nation'
    }
  };
  // Headline tiles: the figure, a second line, and the weekly report's key for a week-over-week arrow.
  const TILES = [
    { key: 'registeredVenues', weekly: 'registeredVenues' },
    { key: 'newVenues', sub: 'newVenues7dAvg', weekly: 'newVenues' },
    { key: 'activeVenues', weekly: 'activeVenues' },
    { key: 'regularVenues' },
    { key: 'scans', sub: 'scans7dAvg', weekly: 'scans' },
    { key: 'distinctPeople', weekly: 'distinctPeople' },
    { key: 'declarations', sub: 'declarationsWithSymptoms' },
    { key: 'zeroScanCommunes', alert: true },
    { key: 'suspendedVenues' },
    { key: 'nonCompliantVenues' }
  ];
  const COLUMNS = ['registeredVenues', 'newVenues', 'newVenues7dAvg', 'activeVenues', 'regularVenues', 'scans', 'distinctPeople',
    'declarationsWithSymptoms', 'zeroScanCommunes'];

  const body = document.body;
  const start = { code: body.dataset.startArea, name: body.dataset.startName, level: body.dataset.startLevel };
  const state = {
    lang: localStorage.getItem('qrcheckin.lang') === 'en' ? 'en' : 'vi',
    path: [start],
    date: initialDate(),
    sort: { key: 'name', desc: false },
    summary: null, weekly: null, children: [], series: null, zero: null, inactive: null
  };
  const charts = {};
  let loadSeq = 0;

  function initialDate() {
    const q = new URLSearchParams(location.search).get('date');
    return q && /^\d{4}-\d{2}-\d{2}$/.test(q) ? q : body.dataset.today;
  }

  function t(key) {
    return TEXT[state.lang][key] || key;
  }

  function fmt(n, digits) {
    if (n === null || n === undefined) {
      return '–';
    }
    return new Intl.NumberFormat(state.lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: digits === undefined ? 1 : digits }).format(n);
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) {
      e.className = cls;
    }
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  function area() {
    return state.path[state.path.length - 1];
  }

  async function api(path, params) {
    const url = '/api/v1/reports/' + path + '?' + new URLSearchParams(params);
    // X-Requested-With: an expired session answers 499 instead of redirecting this call to the sign-in page.
    const r = await fetch(url, { headers: { Accept: 'application/json', 'X-Requested-With': 'JavaScript' }, credentials: 'same-origin' });
    if (r.status === 499 || r.status === 401) {
      location.reload();
      throw new Error('signed out');
    }
    if (!r.ok) {
      let detail = r.status;
      try {
        detail = (await r.json()).detail || detail;
      } catch (ignored) {
        // not a problem document
      }
      throw new Error(detail);
    }
    return r.json();
  }

  function minusDays(iso, n) {
    const d = new Date(iso + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() - n);
    return d.toISOString().slice(0, 10);
  }

  async function load() {
    const seq = ++loadSeq;
    const a = area().code;
    const date = state.date;
    body.dataset.state = 'loading';
    status(t('loading'));
    try {
      const [summary, weekly, children, series, zero, inactive] = await Promise.all([
        api('summary', { area: a, date }),
        api('weekly', { area: a, weekEnding: date }),
        api('children', { area: a, date, sort: 'code' }),
        api('series', { area: a, from: minusDays(date, 29), to: date }),
        api('zero-scan-communes', { area: a, date, limit: 100 }),
        api('inactive-venues', { area: a, days: 7, limit: 50 })
      ]);
      if (seq !== loadSeq) {
        return; // a newer choice is loading
      }
      Object.assign(state, { summary, weekly, children: children.children, series, zero, inactive });
      render();
      status('');
      body.dataset.area = a;
      body.dataset.date = date;
      body.dataset.state = 'ready';
    } catch (e) {
      if (seq === loadSeq) {
        status(t('failed') + ': ' + e.message);
        body.dataset.state = 'failed';
      }
    }
  }

  function status(text) {
    document.getElementById('status').textContent = text;
  }

  function render() {
    document.documentElement.lang = state.lang;
    document.title = t('title') + ' — qrcheckin';
    document.querySelectorAll('[data-i18n]').forEach(e => { e.textContent = t(e.dataset.i18n); });
    const lang = document.getElementById('lang');
    lang.textContent = state.lang === 'vi' ? 'English' : 'Tiếng Việt';
    lang.lang = state.lang === 'vi' ? 'en' : 'vi';
    renderPlace();
    if (!state.summary) {
      return;
    }
    renderTiles();
    renderChildren();
    renderCharts();
    renderLists();
    renderExports();
  }

  function areaName(a) {
    return a.code === 'VN' ? t('nation') : a.name;
  }

  function renderPlace() {
    const crumbs = document.getElementById('crumbs');
    crumbs.replaceChildren();
    state.path.forEach((a, i) => {
      const li = el('li');
      if (i < state.path.length - 1) {
        const b = el('button', 'link', areaName(a));
        b.type = 'button';
        b.addEventListener('click', () => {
          state.path = state.path.slice(0, i + 1);
          load();
        });
        li.append(b);
      } else {
        li.textContent = areaName(a);
        li.setAttribute('aria-current', 'page');
      }
      crumbs.append(li);
    });
    document.getElementById('area-name').textContent = areaName(area()) + (area().level ? ' · ' + t(area().level) : '');
    const select = document.getElementById('child-select');
    const first = el('option', null, state.children.length ? t('choose') : t('noChildren'));
    first.value = '';
    select.replaceChildren(first);
    [...state.children].sort((x, y) => x.area.name.localeCompare(y.area.name, 'vi')).forEach(c => {
      const o = el('option', null, c.area.name);
      o.value = c.area.code;
      select.append(o);
    });
    select.disabled = state.children.length === 0;
  }

  function renderTiles() {
    const tiles = document.getElementById('tiles');
    tiles.replaceChildren();
    for (const tile of TILES) {
      const s = state.summary;
      const box = el('div', 'tile' + (tile.alert && s[tile.key] > 0 ? ' alert' : ''));
      box.id = 'fig-' + tile.key;
      box.append(el('div', 'label', t(tile.key)));
      box.append(el('div', 'value', fmt(s[tile.key])));
      if (tile.sub) {
        const label = tile.sub === 'declarationsWithSymptoms' ? t('withSymptoms') : t('avg7');
        box.append(el('div', 'sub', label + ': ' + fmt(s[tile.sub])));
      }
      const w = tile.weekly && state.weekly ? state.weekly[tile.weekly] : null;
      if (w && w.change !== null && w.change !== undefined) {
        const dir = w.change > 0 ? 'up' : w.change < 0 ? 'down' : 'flat';
        const arrow = dir === 'up' ? '▲' : dir === 'down' ? '▼' : '▶';
        const pct = w.changePercent === null || w.changePercent === undefined ? fmt(w.change) : fmt(w.changePercent) + ' %';
        const trend = el('div', 'trend ' + dir, arrow + ' ' + pct + ' ' + t('vsWeek'));
        trend.title = fmt(w.thisWeek) + ' / ' + fmt(w.weekBefore);
        box.append(trend);
      }
      tiles.append(box);
    }
  }

  function renderChildren() {
    const table = document.getElementById('children');
    const rows = [...state.children];
    const { key, desc } = state.sort;
    rows.sort((x, y) => {
      const a = key === 'name' ? x.area.name : x[key];
      const b = key === 'name' ? y.area.name : y[key];
      const c = key === 'name' ? a.localeCompare(b, 'vi') : (a ?? -1) - (b ?? -1);
      return (desc ? -c : c) || x.area.code.localeCompare(y.area.code);
    });
    table.querySelectorAll('th[data-sort]').forEach(th => {
      th.setAttribute('aria-sort', th.dataset.sort === key ? (desc ? 'descending' : 'ascending') : 'none');
      th.tabIndex = 0;
    });
    const tbody = table.tBodies[0];
    tbody.replaceChildren();
    for (const c of rows) {
      // A commune without a scan on the day is what the staff chase: highlighted.
      const tr = el('tr', c.area.level === 'COMMUNE' && c.scans === 0 ? 'zero' : '');
      tr.dataset.code = c.area.code;
      const name = el('td', 'name');
      const b = el('button', 'link drill', c.area.name);
      b.type = 'button';
      b.dataset.code = c.area.code;
      b.title = t('drill') + ': ' + c.area.name;
      name.append(b);
      tr.append(name);
      for (const k of COLUMNS) {
        const td = el('td', 'num', fmt(c[k]));
        td.dataset.key = k;
        tr.append(td);
      }
      tbody.append(tr);
    }
    document.getElementById('children-section').hidden = rows.length === 0;
  }

  function renderCharts() {
    if (typeof Chart === 'undefined') {
      return;
    }
    const days = state.series.days;
    const labels = days.map(d => d.date.slice(8, 10) + '/' + d.date.slice(5, 7));
    const line = (label, data, color, extra) => Object.assign({ label, data, borderColor: color, backgroundColor: color, tension: 0.25, pointRadius: 0 }, extra);
    draw('chart-scans', 'line', labels, [
      line(t('scans'), days.map(d => d.scans), '#0a6ebd'),
      line(t('scans7dAvg'), days.map(d => d.scans7dAvg), '#7fb3e0', { borderDash: [6, 4] }),
      line(t('distinctPeople'), days.map(d => d.distinctPeople), '#0a7d3b')
    ]);
    draw('chart-venues', 'bar', labels, [
      { type: 'bar', label: t('newVenues'), data: days.map(d => d.newVenues), backgroundColor: '#f0a830' },
      line(t('activeVenues'), days.map(d => d.activeVenues), '#6a4bbd', { type: 'line' }),
      line(t('regularVenues'), days.map(d => d.regularVenues), '#b0457a', { type: 'line' })
    ]);
  }

  function draw(id, type, labels, datasets) {
    if (charts[id]) {
      charts[id].destroy();
    }
    charts[id] = new Chart(document.getElementById(id), {
      type,
      data: { labels, datasets },
      options: {
        // Axis and tooltip numbers grouped as the page's language writes them.
        locale: state.lang === 'vi' ? 'vi-VN' : 'en-GB',
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: 'index', intersect: false },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: 'bottom' } }
      }
    });
  }

  function renderLists() {
    const zero = document.getElementById('zero-list');
    zero.replaceChildren();
    for (const c of state.zero.items) {
      zero.append(el('li', null, c.name + (c.parentName ? ' (' + c.parentName + ')' : '')));
    }
    if (state.zero.items.length === 0) {
      zero.append(el('li', 'none', t('none')));
    } else if (state.zero.nextAfter) {
      zero.append(el('li', 'none', t('more')));
    }
    const inactive = document.getElementById('inactive-list');
    inactive.replaceChildren();
    for (const v of state.inactive.items) {
      const li = el('li', null, v.name);
      li.append(el('span', 'sub', ' · ' + (v.lastScanDay ? t('lastScan') + ' ' + v.lastScanDay : t('never'))));
      inactive.append(li);
    }
    if (state.inactive.items.length === 0) {
      inactive.append(el('li', 'none', t('none')));
    } else if (state.inactive.nextAfter) {
      inactive.append(el('li', 'none', t('more')));
    }
  }

  function renderExports() {
    const a = area().code;
    const d = state.date;
    const params = {
      summary: { area: a, date: d },
      weekly: { area: a, weekEnding: d },
      series: { area: a, from: minusDays(d, 29), to: d },
      children: { area: a, date: d, sort: state.sort.key === 'name' ? 'name' : state.sort.key },
      'zero-scan-communes': { area: a, date: d, limit: 1000 },
      'inactive-venues': { area: a, days: 7, limit: 1000 }
    };
    document.querySelectorAll('a[data-export]').forEach(link => {
      link.href = '/api/v1/reports/' + link.dataset.export + '?' + new URLSearchParams(Object.assign({ format: link.dataset.format },
        params[link.dataset.export]));
    });
  }

  document.getElementById('lang').addEventListener('click', () => {
    state.lang = state.lang === 'vi' ? 'en' : 'vi';
    localStorage.setItem('qrcheckin.lang', state.lang);
    render();
  });
  const dateInput = document.getElementById('date');
  dateInput.value = state.date;
  dateInput.addEventListener('change', () => {
    if (dateInput.value) {
      state.date = dateInput.value;
      load();
    }
  });
  function drill(code) {
    const c = state.children.find(x => x.area.code === code);
    if (c) {
      state.path.push(c.area);
      load();
    }
  }
  document.getElementById('child-select').addEventListener('change', e => drill(e.target.value));
  document.getElementById('children').addEventListener('click', e => {
    const b = e.target.closest('button.drill');
    if (b) {
      drill(b.dataset.code);
      return;
    }
    const th = e.target.closest('th[data-sort]');
    if (th) {
      sortBy(th.dataset.sort);
    }
  });
  document.getElementById('children').addEventListener('keydown', e => {
    const th = e.target.closest('th[data-sort]');
    if (th && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      sortBy(th.dataset.sort);
    }
  });
  function sortBy(key) {
    state.sort = { key, desc: state.sort.key === key ? !state.sort.desc : key !== 'name' };
    renderChildren();
    renderExports();
  }

  render();
  load();
}());
