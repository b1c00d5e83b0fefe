// The tracers' screen: reads and writes through the tracing API with the page's session (same origin; the gateway
// relays the signed-in tracer's token) and shows what it answers. Personal data travels in request bodies and answers
// only, never in the page's address; text from the API is only ever set as textContent, never as HTML.
(function () {
  'use strict';

  const ZONE = 'Asia/Ho_Chi_Minh';
  const OFFSET = '+07:00'; // Viet Nam keeps no daylight saving: the form's times are Viet Nam's
  const API = '/api/v1/tracing/cases';
  const body = document.body;
  const state = { caseId: null };

  const $ = id => document.getElementById(id);

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) {
      e.textContent = text;
    }
    if (cls) {
      e.className = cls;
    }
    return e;
  }

  const TIME = new Intl.DateTimeFormat('vi-VN', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' });

  function when(iso) {
    return iso ? TIME.format(new Date(iso)) : '–';
  }

  /** A datetime-local value ("2026-11-20T08:30") in Viet Nam's time as an instant. */
  function instant(local) {
    return local ? new Date(local + (local.length === 16 ? ':00' : '') + OFFSET).toISOString() : null;
  }

  /** An instant as a datetime-local value in Viet Nam's time. */
  function local(ms) {
    return new Date(ms + 7 * 3600 * 1000).toISOString().slice(0, 16);
  }

  function status(text, problem) {
    const s = $('status');
    s.textContent = text || '';
    s.className = problem ? 'problem' : '';
  }

  function purpose() {
    const p = $('purpose').value.trim();
    return p ? 'purpose=' + encodeURIComponent(p) : '';
  }

  function withPurpose(path) {
    const p = purpose();
    return p ? path + (path.includes('?') ? '&' : '?') + p : path;
  }

  /** One API call; a problem answer becomes an Error carrying the problem's detail (and its field errors). */
  async function api(method, path, payload) {
    const headers = { Accept: 'application/json', 'X-Requested-With': 'JavaScript' };
    const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
    if (method === 'POST') {
      headers['Content-Type'] = 'application/json';
      if (payload !== undefined) {
        init.body = JSON.stringify(payload);
      }
    }
    const r = await fetch(path, init);
    if (r.status === 499) {
      // The gateway's session ended: sign in again (the page is reloaded, its address holds nothing personal).
      location.reload();
      throw new Error('Phiên đăng nhập đã hết hạn');
    }
    if (!r.ok) {
      let detail = 'HTTP ' + r.status;
      try {
        const p = await r.json();
        detail = p.detail || p.title || detail;
        if (Array.isArray(p.errors) && p.errors.length > 1) {
          detail += ': ' + p.errors.map(e => e.field + ' ' + e.message).join('; ');
        }
      } catch (ignored) {
        // not a problem document
      }
      throw new Error(detail);
    }
    return r.json();
  }

  function person(p) {
    return p ? p.idType + ' ' + p.number : '–';
  }

  function venues(exposures) {
    return [...new Set((exposures || []).map(e => e.venueName || ('#' + e.venueId)))].join('; ');
  }

  /** Closest first: more minutes together first; the API's order (its own ranking) among equals. */
  function closestFirst(items) {
    return items.map((c, i) => [c, i]).sort((a, b) => (b[0].overlapMinutes - a[0].overlapMinutes) || (a[1] - b[1])).map(x => x[0]);
  }

  function fill(tableId, rows) {
    const tbody = $(tableId).tBodies[0];
    tbody.replaceChildren(...rows);
    if (rows.length === 0) {
      const tr = el('tr', null, 'none');
      const td = el('td', 'Không có');
      td.colSpan = $(tableId).tHead.rows[0].cells.length;
      tr.append(td);
      tbody.append(tr);
    }
  }

  function contactRow(c) {
    const tr = el('tr');
    tr.dataset.depth = c.depth;
    tr.dataset.idType = c.idType;
    tr.dataset.number = c.number;
    const cell = (key, text, cls) => {
      const td = el('td', text, cls);
      td.dataset.key = key;
      tr.append(td);
    };
    cell('name', c.name || '–');
    cell('phone', c.phone || '–');
    cell('id', c.idType + ' ' + c.number);
    cell('overlapMinutes', String(c.overlapMinutes), 'num');
    cell('venues', venues(c.exposures));
    if (c.depth === 2) {
      cell('via', person(c.via));
    }
    return tr;
  }

  function renderCase(c, visits, contacts) {
    state.caseId = c.id;
    $('case-title').textContent = '#' + c.id + (c.label ? ' · ' + c.label : '');
    $('case-person').textContent = person(c.person);
    $('case-window').textContent = when(c.infectiousFrom) + ' – ' + when(c.infectiousTo);
    const province = [...$('province').options].find(o => o.value === c.provinceCode);
    $('case-province').textContent = province ? province.textContent : c.provinceCode;
    $('case-status').textContent = c.status === 'OPEN' ? 'Đang mở (OPEN)' : 'Đã đóng (CLOSED)';

    fill('visits', visits.items.map(v => {
      const tr = el('tr');
      tr.dataset.venueId = v.venueId;
      tr.append(el('td', v.venueName || ('#' + v.venueId)), el('td', when(v.from)), el('td', when(v.to)), el('td', v.checkedOut ? 'Có' : 'Không'));
      return tr;
    }));
    const items = contacts.items || [];
    fill('f1', closestFirst(items.filter(x => x.depth === 1)).map(contactRow));
    fill('f2', closestFirst(items.filter(x => x.depth === 2)).map(contactRow));

    $('csv').href = withPurpose(API + '/' + c.id + '/contacts?depth=2&format=csv');
    $('csv').setAttribute('download', 'case-' + c.id + '-contacts.csv');
    $('sites-block').hidden = true;
    $('case').hidden = false;
    $('case-id').value = c.id;
    body.dataset.caseId = c.id;
    body.dataset.state = 'ready';
    $('case').scrollIntoView({ block: 'start' });
  }

  async function load(id, opened) {
    body.dataset.state = 'loading';
    status('Đang tải…');
    try {
      const p = purpose();
      const q = p ? '?' + p : '';
      const [c, visits, contacts] = await Promise.all([
        opened ? Promise.resolve(opened) : api('GET', API + '/' + id + q),
        api('GET', API + '/' + id + '/visits' + q),
        api('GET', API + '/' + id + '/contacts?depth=2' + (p ? '&' + p : ''))
      ]);
      renderCase(c, visits, contacts);
      status(opened ? 'Đã mở ca #' + c.id : '');
    } catch (e) {
      body.dataset.state = 'failed';
      status(e.message, true);
    }
  }

  $('open-form').addEventListener('submit', async e => {
    e.preventDefault();
    const input = {
      person: { idType: $('id-type').value, number: $('id-number').value.trim() },
      infectiousFrom: instant($('from').value),
      infectiousTo: instant($('to').value),
      provinceCode: $('province').value,
      label: $('label').value.trim() || null
    };
    body.dataset.state = 'loading';
    status('Đang mở ca…');
    try {
      const opened = await api('POST', API, input);
      await load(opened.id, opened);
    } catch (err) {
      body.dataset.state = 'failed';
      status(err.message, true);
    }
  });

  $('find-form').addEventListener('submit', e => {
    e.preventDefault();
    const id = $('case-id').value.trim();
    if (/^[0-9]+$/.test(id)) {
      load(id);
    } else {
      status('Mã ca phải là một số', true);
    }
  });

  $('publish').addEventListener('click', async () => {
    if (!state.caseId) {
      return;
    }
    body.dataset.sites = 'loading';
    status('Đang công bố…');
    try {
      const published = await api('POST', API + '/' + state.caseId + '/exposure-sites');
      fill('sites', published.items.map(s => {
        const tr = el('tr');
        tr.dataset.venueId = s.venueId;
        tr.dataset.from = s.from;
        tr.dataset.to = s.to;
        tr.append(el('td', s.venueName || ('#' + s.venueId)), el('td', when(s.from)), el('td', when(s.to)), el('td', when(s.publishedAt)));
        return tr;
      }));
      $('sites-block').hidden = false;
      body.dataset.sites = 'published';
      status('Đã công bố ' + published.items.length + ' địa điểm');
    } catch (e) {
      body.dataset.sites = 'failed';
      status(e.message, true);
    }
  });

  // The window starts as the last 14 days, to now (Viet Nam's time).
  const now = Date.now();
  $('from').value = local(now - 14 * 24 * 3600 * 1000).slice(0, 11) + '00:00';
  $('to').value = local(now);
  body.dataset.state = 'idle';
}());
