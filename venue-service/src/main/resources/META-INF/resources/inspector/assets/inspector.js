// The inspectors' screen: finds the venues of the inspector's area and acts on one through venue-service's REST API,
// with the page's session (same origin; the gateway turns it into the inspector's bearer token). Whatever the API
// answers is shown: a problem as its detail (and the fields it names). Text from the API is only ever set as
// textContent, never as HTML; nothing personal goes into a URL (look-ups are by venue id, name or area code).
(function () {
  'use strict';

  // The violation kinds' names as the page (rendered from the API's list) labels its check boxes.
  const VIOLATIONS = {};
  document.querySelectorAll('#inspect input[name="violation"]').forEach((c) => {
    VIOLATIONS[c.value] = c.dataset.label;
  });
  const STATUS = { ACTIVE: 'Đang hoạt động', SUSPENDED: 'Bị đình chỉ' };
  const RESULT = { COMPLIANT: 'Tuân thủ', NON_COMPLIANT: 'Vi phạm' };
  const PAGE = 50;

  const body = document.body;
  const $ = (id) => document.getElementById(id);
  const state = { after: null, filter: {}, venue: null, reminders: {} };
  const money = new Intl.NumberFormat('vi-VN');

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) {
      e.className = cls;
    }
    if (text !== undefined && text !== null) {
      e.textContent = text;
    }
    return e;
  }

  function when(iso) {
    return iso ? new Date(iso).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' }) : '–';
  }

  function violations(list) {
    return (list || []).map((v) => VIOLATIONS[v] || v).join('; ');
  }

  /** A problem answer as one line: its detail, then the fields it names. */
  class Problem extends Error {
    constructor(status, doc) {
      const fields = (doc && doc.errors ? doc.errors : []).map((e) => e.field + ': ' + e.message);
      super([(doc && doc.detail) || (doc && doc.title) || ('HTTP ' + status)].concat(fields).join(' — '));
      this.status = status;
    }
  }

  async function api(method, path, payload) {
    const headers = { Accept: 'application/json', 'X-Requested-With': 'JavaScript' };
    const init = { method, headers, credentials: 'same-origin' };
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(payload);
    }
    const r = await fetch(path, init);
    if (r.status === 499) {
      // The gateway's session ended: the page signs in again.
      location.reload();
      throw new Problem(r.status, { detail: 'Phiên đăng nhập đã hết hạn' });
    }
    let doc = null;
    const text = await r.text();
    if (text) {
      try {
        doc = JSON.parse(text);
      } catch (ignored) {
        doc = null;
      }
    }
    if (!r.ok) {
      throw new Problem(r.status, doc);
    }
    return doc;
  }

  function say(target, kind, text) {
    target.textContent = text;
    target.dataset.kind = kind;
  }

  // ------------------------------------------------------------------------------------------------ the list

  async function loadCommunes() {
    const area = body.dataset.area;
    const query = area ? { parent: area, limit: 1000 } : { level: 'PROVINCE', limit: 1000 };
    const units = await api('GET', '/api/v1/admin-units?' + new URLSearchParams(query));
    const select = $('commune');
    for (const u of units) {
      const o = el('option', null, u.name);
      o.value = u.code;
      select.appendChild(o);
    }
    select.disabled = units.length === 0;
  }

  function filterFromForm() {
    const f = {};
    const q = $('q').value.trim();
    if (q) {
      f.q = q;
    }
    if ($('commune').value) {
      f.area = $('commune').value;
    } else if (body.dataset.area) {
      f.area = body.dataset.area;
    }
    if ($('status').value) {
      f.status = $('status').value;
    }
    return f;
  }

  async function search(more) {
    const list = $('list-status');
    if (!more) {
      state.filter = filterFromForm();
      state.after = null;
      $('venues').tBodies[0].replaceChildren();
    }
    const params = Object.assign({ limit: PAGE }, state.filter);
    if (state.after) {
      params.after = state.after;
    }
    body.dataset.state = 'loading';
    say(list, 'info', 'Đang tải…');
    try {
      const page = await api('GET', '/api/v1/venues?' + new URLSearchParams(params));
      page.items.forEach((v) => $('venues').tBodies[0].appendChild(row(v)));
      state.after = page.nextAfter || null;
      $('more').hidden = !state.after;
      const shown = $('venues').tBodies[0].rows.length;
      say(list, 'ok', shown === 0 ? 'Không tìm thấy địa điểm nào' : shown + ' địa điểm');
    } catch (e) {
      say(list, 'problem', e.message);
    } finally {
      body.dataset.state = 'ready';
    }
  }

  function compliance(v) {
    const c = v.compliance || {};
    const parts = [];
    if (c.nonCompliant) {
      parts.push('Vi phạm: ' + violations(c.lastViolations));
    } else if (c.lastInspectedAt) {
      parts.push('Tuân thủ');
    } else {
      parts.push('Chưa kiểm tra');
    }
    if (c.remindersSinceCompliance) {
      parts.push('nhắc nhở ' + c.remindersSinceCompliance + ' lần');
    }
    if (c.flaggedForSuspension) {
      parts.push('đề nghị đình chỉ');
    }
    return parts.join(', ');
  }

  function place(v) {
    const names = (v.area || []).slice().reverse().map((a) => a.name);
    return [v.address].concat(names).join(', ');
  }

  function row(v) {
    const tr = el('tr');
    tr.dataset.id = v.id;
    tr.dataset.status = v.status;
    tr.dataset.nonCompliant = String(!!(v.compliance && v.compliance.nonCompliant));
    if (v.status === 'SUSPENDED' || (v.compliance && (v.compliance.nonCompliant || v.compliance.flaggedForSuspension))) {
      tr.className = 'alert';
    }
    tr.appendChild(el('td', 'name', v.name));
    tr.appendChild(el('td', null, place(v)));
    tr.appendChild(el('td', 'status', STATUS[v.status] || v.status));
    tr.appendChild(el('td', 'compliance', compliance(v)));
    const open = el('button', 'open link', 'Mở');
    open.type = 'button';
    open.dataset.id = v.id;
    open.addEventListener('click', () => openVenue(v.id, true));
    const td = el('td');
    td.appendChild(open);
    tr.appendChild(td);
    return tr;
  }

  function refreshRow(v) {
    const old = document.querySelector('#venues tbody tr[data-id="' + v.id + '"]');
    if (old) {
      old.replaceWith(row(v));
    }
  }

  // ------------------------------------------------------------------------------------------------ one venue

  function fact(dl, label, value) {
    if (value === undefined || value === null || value === '') {
      return;
    }
    dl.appendChild(el('dt', null, label));
    dl.appendChild(el('dd', null, value));
  }

  async function openVenue(id, clearAnswer) {
    const section = $('venue');
    section.hidden = false;
    section.dataset.state = 'loading';
    if (clearAnswer) {
      // Opened from the list: the venue's details come into view, without an earlier venue's answer.
      say($('answer'), 'info', '');
      section.scrollIntoView({ block: 'start' });
    }
    try {
      const [v, history] = await Promise.all([api('GET', '/api/v1/venues/' + id), api('GET', '/api/v1/venues/' + id + '/inspections')]);
      state.venue = v;
      section.dataset.venueId = v.id;
      section.dataset.status = v.status;
      $('venue-name').textContent = v.name;
      const dl = $('venue-facts');
      dl.replaceChildren();
      fact(dl, 'Địa chỉ', place(v));
      fact(dl, 'Loại hình', v.type);
      fact(dl, 'Trạng thái', (STATUS[v.status] || v.status) + (v.suspensionReason ? ' — ' + v.suspensionReason : ''));
      fact(dl, 'Tuân thủ', compliance(v));
      fact(dl, 'Kiểm tra gần nhất', v.compliance && v.compliance.lastInspectedAt ? when(v.compliance.lastInspectedAt) : null);
      if (v.owner) {
        // The owner's contact only as the API gives it to this inspector; shown, never sent anywhere.
        fact(dl, 'Chủ địa điểm', v.owner.name);
        fact(dl, 'Điện thoại', v.owner.phone);
      }
      $('suspend-button').disabled = v.status === 'SUSPENDED';
      $('reinstate-button').disabled = v.status !== 'SUSPENDED';

      const tbody = $('inspections').tBodies[0];
      tbody.replaceChildren();
      if (history.length === 0) {
        const tr = el('tr');
        const td = el('td', 'none', 'Chưa có lần kiểm tra nào');
        td.colSpan = 6;
        tr.appendChild(td);
        tbody.appendChild(tr);
      }
      for (const i of history) {
        const tr = el('tr');
        tr.dataset.id = i.id;
        tr.dataset.result = i.result;
        tr.appendChild(el('td', null, when(i.inspectedAt)));
        tr.appendChild(el('td', null, i.inspectorName || '–'));
        tr.appendChild(el('td', null, RESULT[i.result] || i.result));
        tr.appendChild(el('td', null, violations(i.violations) || '–'));
        tr.appendChild(el('td', 'num', i.fineVnd ? money.format(i.fineVnd) + ' đ' : '–'));
        tr.appendChild(el('td', null, i.note || ''));
        tbody.appendChild(tr);
      }

      // The API keeps count of the reminders since the last compliant inspection; those sent from this page are listed.
      const c = v.compliance || {};
      $('reminders-count').textContent = 'Số lần nhắc nhở chưa khắc phục: ' + (c.remindersSinceCompliance || 0)
        + (c.flaggedForSuspension ? ' — đề nghị đình chỉ' : '');
      const ul = $('reminders');
      ul.replaceChildren();
      for (const r of state.reminders[v.id] || []) {
        ul.appendChild(el('li', null, when(r.sentAt) + ' — lần thứ ' + r.remindersSinceCompliance + (r.note ? ': ' + r.note : '')));
      }
      refreshRow(v);
      section.dataset.state = 'ready';
    } catch (e) {
      say($('answer'), 'problem', e.message);
      section.dataset.state = 'failed';
    }
  }

  /** Runs one act on the open venue, shows the API's answer, then reads the venue again. */
  async function act(button, run) {
    const v = state.venue;
    if (!v) {
      return;
    }
    const section = $('venue');
    button.disabled = true;
    section.dataset.state = 'acting';
    try {
      const message = await run(v.id);
      say($('answer'), 'ok', message);
    } catch (e) {
      say($('answer'), 'problem', e.message);
    } finally {
      button.disabled = false;
    }
    await openVenue(v.id, false);
  }

  function inspect(event) {
    event.preventDefault();
    act($('inspect-button'), async (id) => {
      const found = [...document.querySelectorAll('#inspect input[name="violation"]:checked')].map((c) => c.value);
      const payload = { violations: found };
      const fine = $('fine').value.trim();
      if (fine !== '') {
        payload.fineVnd = Number(fine);
      }
      const note = $('note').value.trim();
      if (note) {
        payload.note = note;
      }
      const i = await api('POST', '/api/v1/venues/' + id + '/inspections', payload);
      $('inspect').reset();
      return 'Đã ghi biên bản số ' + i.id + ': ' + (RESULT[i.result] || i.result)
        + (i.violations.length ? ' (' + violations(i.violations) + ')' : '')
        + (i.fineVnd ? ', phạt ' + money.format(i.fineVnd) + ' đ' : '');
    });
  }

  function remind(event) {
    event.preventDefault();
    act($('remind-button'), async (id) => {
      const note = $('remind-note').value.trim();
      const r = await api('POST', '/api/v1/venues/' + id + '/reminders', note ? { note } : {});
      (state.reminders[id] = state.reminders[id] || []).unshift(Object.assign({ note }, r));
      $('remind').reset();
      return 'Đã gửi nhắc nhở: ' + r.remindersSinceCompliance + ' lần chưa khắc phục'
        + (r.flaggedForSuspension ? ' — địa điểm được đề nghị đình chỉ' : '');
    });
  }

  function suspend(event) {
    event.preventDefault();
    act($('suspend-button'), async (id) => {
      const reason = $('suspend-reason').value.trim();
      const v = await api('POST', '/api/v1/venues/' + id + '/suspend', reason ? { reason } : {});
      $('suspend').reset();
      return 'Trạng thái: ' + (STATUS[v.status] || v.status) + (v.suspensionReason ? ' — ' + v.suspensionReason : '');
    });
  }

  function reinstate() {
    act($('reinstate-button'), async (id) => {
      const v = await api('POST', '/api/v1/venues/' + id + '/reinstate');
      return 'Trạng thái: ' + (STATUS[v.status] || v.status);
    });
  }

  // ------------------------------------------------------------------------------------------------ start

  $('search').addEventListener('submit', (e) => {
    e.preventDefault();
    search(false);
  });
  $('more').addEventListener('click', () => search(true));
  $('inspect').addEventListener('submit', inspect);
  $('remind').addEventListener('submit', remind);
  $('suspend').addEventListener('submit', suspend);
  $('reinstate-button').addEventListener('click', reinstate);

  loadCommunes().catch((e) => say($('list-status'), 'problem', e.message)).then(() => search(false));
})();
