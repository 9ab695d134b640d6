// syncwarden's admin page: plain DOM, no framework, no build step. Everything shown is set as text (file names
// are user data): no innerHTML anywhere. Requests carry the X-Syncwarden-Request header (the server refuses a
// POST without it, or without the token: a cross-site page can send neither), and the token when one is needed.
'use strict';

const REFRESH_MS = 2000;
const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem('syncwarden-token') || '';

// A token given as #token=… is kept for this tab and taken off the address bar (a fragment never reaches a server).
if (location.hash.startsWith('#token=')) {
  token = decodeURIComponent(location.hash.slice(7));
  sessionStorage.setItem('syncwarden-token', token);
  history.replaceState(null, '', location.pathname);
}

async function api(path, body) {
  const headers = { 'x-syncwarden-request': 'page' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method: body === undefined ? 'GET' : 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
  if (res.status === 401) $('token-form').hidden = false;
  if (!res.ok) throw new Error(data.error || `HTTP ${res.status}`);
  return data;
}

function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function row(cells, attrs) {
  const tr = el('tr', null, attrs);
  for (const c of cells) tr.append(c instanceof Node ? wrap(c) : el('td', c));
  return tr;
}

function wrap(node) {
  const td = el('td');
  td.append(node);
  return td;
}

function size(n) {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  for (; n >= 1024 && i < units.length - 1; i++) n /= 1024;
  return `${i ? n.toFixed(1) : n} ${units[i]}`;
}

function when(t) {
  return t === null || t === undefined ? '—' : new Date(t).toLocaleString();
}

function say(text, error = false) {
  const m = $('message');
  m.textContent = text;
  m.className = error ? 'message error' : 'message';
  m.hidden = false;
}

async function refreshStatus() {
  const s = await api('/api/status');
  const v = $('verdict');
  v.textContent = s.summary;
  v.className = `verdict ${s.inSync ? 'ok' : 'bad'}`;
  v.dataset.inSync = String(s.inSync);
  $('roots').textContent = `${s.left}  ⇄  ${s.right}  ·  ${s.phase}  ·  ${s.tracked} paths tracked`;
  const b = s.backlog;
  $('backlog').tBodies[0].replaceChildren(
    row(['changed paths waiting', b.paths, '']),
    row(['small copies', b.small.copies, size(b.small.bytes)]),
    row(['large copies', b.large.copies, size(b.large.bytes)]),
  );
  const p = s.lastPass;
  $('last-pass').textContent = p ? `last pass ${p.runId} (${p.kind}) ended ${when(p.end)}, exit ${p.exitCode}${b.running ? `; a ${b.running} pass is running` : ''}` : 'no pass yet';
  return p ? p.end : null;
}

// A list is rebuilt only when it changed, so a button is never swapped under the admin's click.
const shown = {};
function changed(name, data) {
  const text = JSON.stringify(data);
  if (shown[name] === text) return false;
  shown[name] = text;
  return true;
}

async function refreshConflicts() {
  const { conflicts } = await api('/api/conflicts');
  if (!changed('conflicts', conflicts)) return;
  $('no-conflicts').hidden = conflicts.length > 0;
  $('conflicts').replaceChildren(...conflicts.map(conflictCard));
}

function conflictCard(c) {
  const li = el('li', null, { 'data-path': c.path });
  li.append(el('div', c.path, { class: 'path' }));
  li.append(el('div', `${c.rule} (${c.option}), newer: ${c.newer}, open since ${when(c.firstSeen)}`, { class: 'muted' }));
  for (const side of ['left', 'right']) {
    const s = c[side];
    li.append(el('div', `${side}: ${s.rel === null ? 'absent' : `${s.rel}  ${size(s.size)}  modified ${when(s.mtimeMs)}`}`));
  }
  const buttons = el('div');
  for (const keep of ['left', 'right', 'both']) {
    const b = el('button', `keep ${keep}`, { type: 'button', 'data-keep': keep });
    b.addEventListener('click', () => resolve(c.path, keep, buttons));
    buttons.append(b);
  }
  li.append(buttons);
  return li;
}

async function resolve(path, keep, buttons) {
  for (const b of buttons.querySelectorAll('button')) b.disabled = true;
  try {
    const out = await api('/api/resolve', { path, keep });
    say(out.ok ? `settled ${path}: kept ${keep}` : `${path} not settled: ${out.results.filter((r) => !r.ok).map((r) => r.message).join('; ')}`, !out.ok);
  } catch (err) {
    say(`resolve ${path}: ${err.message}`, true);
  }
  await refresh(true);
}

async function refreshActivity() {
  const { entries } = await api('/api/history?since=24h&limit=50');
  if (!changed('activity', entries)) return;
  $('no-activity').hidden = entries.length > 0;
  $('activity').tBodies[0].replaceChildren(...entries.map((e) => row(e.cells)));
}

async function explain(event) {
  event.preventDefault();
  const path = $('explain-path').value;
  try {
    $('explain').textContent = (await api(`/api/explain?path=${encodeURIComponent(path)}`)).text;
  } catch (err) {
    $('explain').textContent = err.message;
  }
}

async function listVersions(event) {
  event?.preventDefault();
  const path = $('versions-path').value;
  let versions;
  try {
    ({ versions } = await api(`/api/versions${path ? `?path=${encodeURIComponent(path)}` : ''}`));
  } catch (err) {
    return say(`versions: ${err.message}`, true);
  }
  $('no-versions').hidden = versions.length > 0;
  $('versions').tBodies[0].replaceChildren(...versions.map((v) => row([v.path, v.side, when(v.ts), size(v.size), v.reason, restoreButtons(v)], { 'data-id': v.id })));
}

function restoreButtons(v) {
  const span = el('span');
  for (const to of [v.side, 'both']) {
    const b = el('button', to, { type: 'button', 'data-to': to });
    b.addEventListener('click', () => restore(v, to));
    span.append(b);
  }
  return span;
}

async function restore(v, to) {
  try {
    const out = await api('/api/restore', { path: v.path, version: v.id, to });
    say(out.ok ? `restored ${v.path} (${when(v.ts)}) to ${to}` : `${v.path} not restored: ${out.steps.filter((s) => s.error).map((s) => s.error.message).join('; ')}`, !out.ok);
  } catch (err) {
    say(`restore ${v.path}: ${err.message}`, true);
  }
  await Promise.all([listVersions(), refresh(true)]);
}

// The audit trail is read again only after a pass ended (or an action from this page): reading the log files
// every 2 s would cost a busy server a lot of disk.
let activityAsOf;
async function refresh(force = false) {
  try {
    const [lastPass] = await Promise.all([refreshStatus(), refreshConflicts()]);
    if (force || lastPass !== activityAsOf) {
      activityAsOf = lastPass;
      await refreshActivity();
    }
  } catch (err) {
    $('verdict').textContent = `the service did not answer: ${err.message}`;
    $('verdict').className = 'verdict';
    delete $('verdict').dataset.inSync;
  }
}

$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  token = $('token').value;
  sessionStorage.setItem('syncwarden-token', token);
  $('token-form').hidden = true;
  void refresh();
});
$('explain-form').addEventListener('submit', explain);
$('versions-form').addEventListener('submit', listVersions);
void refresh();
void listVersions();
setInterval(refresh, REFRESH_MS);
