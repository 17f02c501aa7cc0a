// The dispatch console. Polls the gateway every 2 s (a lost poll is simply repeated; no connection state to
// repair), sounds an alert for each new alarm, and lets a dispatcher acknowledge and resolve alarms.
// What a user sees follows their role (GET /api/console); the API enforces it either way.
'use strict';

const POLL_MS = 2000;
const POSTS_POLL_MS = 10000;
const SNAPSHOT_RETRY_MS = 10000;
const RESOLVED_SHOWN = 20;

const state = {
  session: null,
  view: null,
  alarms: [],
  dead: [],
  posts: [],
  stats: [],
  audit: [],
  seenAlarmIds: null, // null until the first poll, so an alarm arriving later is "new"
  cards: new Map(),
  postsMap: null,
  postsLayer: null,
  postsFitted: false,
};

const canWorkAlarms = () => ['dispatcher', 'admin'].includes(state.session?.role);
const canMaintain = () => ['technician', 'admin'].includes(state.session?.role);
const isAdmin = () => state.session?.role === 'admin';

// The login's CSRF token (cookie sospost.csrf): the gateway refuses a POST, PUT or DELETE without it in a header.
function csrfToken() {
  const cookie = document.cookie.split('; ').find(c => c.startsWith('sospost.csrf='));
  return cookie ? decodeURIComponent(cookie.slice('sospost.csrf='.length)) : '';
}

async function api(path, options = {}) {
  if (!['GET', 'HEAD'].includes((options.method ?? 'GET').toUpperCase())) {
    options = { ...options, headers: { ...options.headers, 'X-CSRF-Token': csrfToken() } };
  }
  const response = await fetch(path, options);
  if (response.status === 401) {
    location.href = '/login?returnUrl=' + encodeURIComponent(location.pathname + location.hash);
    throw new Error('not logged in');
  }
  return response;
}

function showMessage(text) {
  const message = document.getElementById('message');
  message.textContent = text ?? '';
  message.hidden = !text;
}

async function failed(response) {
  if (response.ok) return false;
  if (response.status === 403) {
    showMessage(t('error.forbidden'));
  } else {
    let error = `HTTP ${response.status}`;
    try {
      const body = await response.json();
      error = body.error ?? body.detail ?? error;
    } catch { /* not JSON */ }
    showMessage(t('error.failed', { error }));
  }
  return true;
}

// ---- Sound: WebAudio, so no audio file is needed; browsers allow it after one click on the page.
const sound = {
  context: null,
  start() {
    this.context ??= new AudioContext();
    this.context.resume();
    this.update();
  },
  update() {
    const on = this.context?.state === 'running';
    const button = document.getElementById('sound');
    button.dataset.i18n = on ? 'header.soundOn' : 'header.sound';
    button.textContent = t(button.dataset.i18n);
    button.classList.toggle('on', on);
  },
  // Two falling tones, three times: distinct from a browser's own notification sounds.
  alert() {
    document.body.dataset.alerts = String(Number(document.body.dataset.alerts ?? 0) + 1);
    if (this.context?.state !== 'running') return;
    const now = this.context.currentTime;
    for (let i = 0; i < 6; i++) {
      const oscillator = this.context.createOscillator();
      const gain = this.context.createGain();
      oscillator.frequency.value = i % 2 === 0 ? 960 : 720;
      gain.gain.setValueAtTime(0.25, now + i * 0.25);
      gain.gain.exponentialRampToValueAtTime(0.001, now + i * 0.25 + 0.22);
      oscillator.connect(gain).connect(this.context.destination);
      oscillator.start(now + i * 0.25);
      oscillator.stop(now + i * 0.25 + 0.23);
    }
  },
};

// ---- Alarm queue
function pressedText(alarm) {
  if (alarm.pressedAt) return formatTime(alarm.pressedAt);
  if (alarm.pressedAtEstimated) return t('alarm.pressedEstimated', { time: formatTime(alarm.pressedAtEstimated) });
  return t('alarm.pressedUnknown');
}

function receivedText(alarm) {
  const pressed = alarm.pressedAt ?? alarm.pressedAtEstimated;
  const text = formatTime(alarm.receivedAt);
  if (!pressed) return text;
  const seconds = Math.max(0, (new Date(alarm.receivedAt) - new Date(pressed)) / 1000);
  return `${text} (${t('alarm.delay', { seconds: seconds.toFixed(1) })})`;
}

function deliveriesText(alarm) {
  if (alarm.test) return t('alarm.neverForwarded');
  if (alarm.deliveries.length === 0) return t('alarm.consoleOnly');
  return alarm.deliveries
    .map(d => `${d.target}: ${d.status}${d.status !== 'delivered' && d.attempts > 0 ? ` (${d.attempts}, ${d.lastError ?? ''})` : ''}`)
    .join('; ');
}

function alarmState(alarm) {
  return alarm.resolution ? 'resolved' : alarm.state;
}

function createCard(alarm) {
  const el = document.getElementById('alarm-card').content.firstElementChild.cloneNode(true);
  const card = { el, map: null, snapshotFailedAt: null, alarm };
  el.dataset.alarmId = alarm.id;
  el.dataset.postId = alarm.postId;
  el.querySelector('.acknowledge').onclick = () => acknowledge(card);
  el.querySelector('.resolve').onclick = () => {
    el.querySelector('.resolve-form').hidden = false;
    el.querySelector('.resolve').hidden = true;
  };
  el.querySelector('.cancel').onclick = () => {
    el.querySelector('.resolve-form').hidden = true;
    updateCard(card, card.alarm);
  };
  el.querySelector('.resolve-form').onsubmit = event => {
    event.preventDefault();
    resolve(card);
  };
  const img = el.querySelector('.snapshot');
  img.onload = () => { img.hidden = false; el.querySelector('.snapshot-missing').hidden = true; };
  img.onerror = () => {
    card.snapshotFailedAt = Date.now();
    img.hidden = true;
    img.removeAttribute('src');
    el.querySelector('.snapshot-missing').hidden = false;
  };
  translatePage(el);
  return card;
}

function updateCard(card, alarm) {
  card.alarm = alarm;
  const el = card.el;
  const post = alarm.post;
  const current = alarmState(alarm);
  el.dataset.state = current;
  el.className = `alarm ${current}${alarm.test ? ' test' : ''}`;
  const badge = el.querySelector('.state');
  badge.textContent = t('alarm.state.' + current) + (alarm.test ? ' · ' + t('alarm.test') : '');
  badge.className = `state badge ${current}`;
  el.querySelector('.post-name').textContent = post?.name ?? t('alarm.unknownPost');
  el.querySelector('.post-id').textContent = `${alarm.postId} · #${alarm.alarmId}`;
  const escalation = el.querySelector('.escalation');
  escalation.hidden = !(alarm.escalated || alarm.escalatedAt);
  escalation.textContent = t('alarm.escalated', { time: formatTime(alarm.escalatedAt) });
  el.querySelector('.address').textContent = post?.address ?? '';
  el.querySelector('.station').textContent = post?.station ?? '';
  el.querySelector('.position').textContent = post ? `${post.latitude.toFixed(5)}, ${post.longitude.toFixed(5)}` : '';
  el.querySelector('.presses').textContent = String(alarm.presses);
  el.querySelector('.pressed-at').textContent = pressedText(alarm);
  el.querySelector('.received-at').textContent = receivedText(alarm);
  el.querySelector('.deliveries').textContent = deliveriesText(alarm);

  const history = [];
  if (alarm.dispatchedAt) history.push(t('alarm.dispatchedBy', { time: formatTime(alarm.dispatchedAt), user: alarm.dispatchedBy }));
  if (alarm.resolution) {
    const r = alarm.resolution;
    history.push(t('alarm.resolvedBy', { time: formatTime(r.resolvedAt), user: r.resolvedBy, outcome: t('outcome.' + r.outcome) }) + (r.notes ? ` — ${r.notes}` : ''));
  }
  el.querySelector('.history').textContent = history.join(' · ');

  const formOpen = !el.querySelector('.resolve-form').hidden;
  el.querySelector('.acknowledge').hidden = !(canWorkAlarms() && alarm.state === 'received');
  el.querySelector('.resolve').hidden = !(canWorkAlarms() && alarm.state === 'dispatched' && !alarm.resolution) || formOpen;
  if (alarm.resolution) el.querySelector('.resolve-form').hidden = true;

  // The snapshot may arrive after the alarm: a missing one is asked for again now and then while the alarm is open.
  const img = el.querySelector('.snapshot');
  const retryDue = card.snapshotFailedAt === null || (!alarm.resolution && Date.now() - card.snapshotFailedAt > SNAPSHOT_RETRY_MS);
  if (alarm.snapshot && !img.getAttribute('src') && img.hidden && retryDue) {
    card.snapshotFailedAt = null;
    img.src = `/api/alarms/${alarm.id}/snapshot`;
  }
  el.querySelector('.snapshot-missing').hidden = !img.hidden;
}

// A small fixed map per open alarm; made once the card is on the page (Leaflet needs its size).
function ensureMiniMap(card) {
  const post = card.alarm.post;
  if (card.map || !post || card.alarm.resolution) return;
  card.map = SosMap.create(card.el.querySelector('.mini-map'), { interactive: false });
  card.map.setView([post.latitude, post.longitude], 16);
  SosMap.marker(post.latitude, post.longitude, 'alarm', `${post.name} (${card.alarm.postId})`).addTo(card.map);
}

function renderAlarms() {
  const alarms = state.alarms;
  const open = alarms.filter(a => !a.resolution);
  const resolved = alarms.filter(a => a.resolution).slice(0, RESOLVED_SHOWN);
  const shown = new Set([...open, ...resolved].map(a => a.id));
  for (const [id, card] of state.cards) {
    if (!shown.has(id)) {
      card.map?.remove();
      card.el.remove();
      state.cards.delete(id);
    }
  }

  for (const [containerId, list] of [['open-alarms', open], ['resolved-alarms', resolved]]) {
    const container = document.getElementById(containerId);
    for (const alarm of list) {
      let card = state.cards.get(alarm.id);
      if (!card) {
        card = createCard(alarm);
        state.cards.set(alarm.id, card);
      }
      updateCard(card, alarm);
      container.append(card.el); // keeps the order of the list; an existing card is moved, not rebuilt
      if (containerId === 'open-alarms' && state.view === 'queue') ensureMiniMap(card);
    }
  }

  document.getElementById('queue-empty').hidden = open.length > 0;
  const waiting = open.filter(a => a.state === 'received').length;
  document.title = (waiting > 0 ? `(${waiting}) ` : '') + t('app.title');

  const escalated = open.filter(a => a.state === 'received' && (a.escalated || a.escalatedAt));
  const banner = document.getElementById('escalated');
  banner.hidden = escalated.length === 0;
  banner.querySelector('span').textContent = t('banner.escalated', { n: escalated.length }) + ' ' +
    escalated.map(a => `${a.post?.name ?? a.postId} #${a.alarmId}`).join('; ');
}

function noticeNewAlarms() {
  const fresh = state.alarms.filter(a => a.state === 'received' && !a.test && !a.resolution && !state.seenAlarmIds?.has(a.id));
  state.seenAlarmIds ??= new Set();
  for (const alarm of state.alarms) state.seenAlarmIds.add(alarm.id);
  // On the first poll too: a dispatcher who opens the console must hear that alarms are waiting.
  if (fresh.length > 0) sound.alert();
}

async function acknowledge(card) {
  card.el.querySelector('.acknowledge').disabled = true;
  try {
    const response = await api(`/api/alarms/${card.alarm.id}/acknowledge`, { method: 'POST' });
    if (!(await failed(response))) showMessage('');
  } finally {
    card.el.querySelector('.acknowledge').disabled = false;
    await refreshAlarms();
  }
}

async function resolve(card) {
  const form = card.el.querySelector('.resolve-form');
  const save = form.querySelector('.save');
  save.disabled = true;
  try {
    const response = await api(`/api/alarms/${card.alarm.id}/resolve`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ outcome: form.elements.outcome.value, notes: form.elements.notes.value }),
    });
    if (!(await failed(response))) {
      showMessage('');
      form.hidden = true;
      form.reset();
    }
  } finally {
    save.disabled = false;
    await refreshAlarms();
  }
}

// Dead deliveries never reached their target: a red bar until an operator retries them.
function renderDead() {
  const dead = state.dead;
  const bar = document.getElementById('dead');
  bar.hidden = dead.length === 0;
  bar.querySelector('span').textContent = t('banner.dead', { n: dead.length }) + ' ' +
    dead.map(d => `${d.target} ${d.postId} #${d.alarmId} (${d.lastError ?? ''})`).join('; ');
  bar.querySelector('button').onclick = async () => {
    for (const d of dead) await failed(await api(`/api/dispatch/${d.outboxId}/retry`, { method: 'POST' }));
    await refreshAlarms();
  };
}

async function refreshAlarms() {
  if (!canWorkAlarms()) return;
  const [alarms, dead] = await Promise.all([api('/api/alarms'), api('/api/dispatch/dead')]);
  if (alarms.ok) state.alarms = await alarms.json();
  if (dead.ok) state.dead = await dead.json();
  noticeNewAlarms();
  renderAlarms();
  renderDead();
}

// ---- Posts: map and health table
function postHealth(post) {
  if (!post.online) return 'offline';
  return post.openTroubles.length > 0 ? 'trouble' : 'online';
}

function renderPosts() {
  const rows = document.getElementById('posts');
  rows.replaceChildren(...state.posts.map(post => {
    const tr = document.createElement('tr');
    const health = postHealth(post);
    tr.dataset.postId = post.id;
    tr.dataset.health = health;
    const badge = document.createElement('span');
    badge.className = `badge ${health}`;
    badge.textContent = t('posts.' + health);
    const test = post.latestSelfTest;
    tr.append(
      cell(post.id), cell(post.name), cell(post.station), cell(healthCell(post, badge)), cell(formatTime(post.lastSeen)),
      cell(post.openTroubles.map(x => x.type).join(', ') || t('posts.none')),
      cell(test ? `${test.ok ? t('posts.passed') : t('posts.failed')} ${formatTime(test.at ?? test.receivedAt)}` : t('posts.none')),
      cell(selfTestButton(post)));
    return tr;
  }));

  if (state.view !== 'posts') return;
  if (!state.postsMap) {
    state.postsMap = SosMap.create(document.getElementById('posts-map'));
    state.postsLayer = L.layerGroup().addTo(state.postsMap);
    document.getElementById('map-note').hidden = SosMap.hasTiles();
  }

  state.postsLayer.clearLayers();
  for (const post of state.posts) {
    const health = postHealth(post);
    SosMap.marker(post.latitude, post.longitude, health,
      `${post.name} (${post.id}) · ${t('posts.' + health)} · ${post.latitude.toFixed(5)}, ${post.longitude.toFixed(5)}`).addTo(state.postsLayer);
  }
  if (!state.postsFitted && state.posts.length > 0) {
    state.postsMap.fitBounds(state.posts.map(p => [p.latitude, p.longitude]), { padding: [30, 30] });
    state.postsFitted = true;
  }
}

// Gateway messages the post refused (forged or replayed, docs/security.md): someone is on the broker who should not be.
function healthCell(post, badge) {
  const refused = post.health?.refused;
  if (!refused) return badge;
  const warning = document.createElement('span');
  warning.className = 'badge trouble refused';
  warning.textContent = `${refused} ${t('posts.refused')}`;
  warning.title = t('posts.refusedHint');
  const both = document.createElement('span');
  both.append(badge, ' ', warning);
  return both;
}

function selfTestButton(post) {
  if (!canMaintain()) return '';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'selftest';
  button.textContent = t('posts.runSelfTest');
  button.onclick = async () => {
    button.disabled = true;
    const response = await api(`/api/posts/${encodeURIComponent(post.id)}/selftest`, { method: 'POST' });
    if (!(await failed(response))) showMessage(`${post.id}: ${t('posts.selfTestSent')}`);
    button.disabled = false;
  };
  return button;
}

async function refreshPosts() {
  const response = await api('/api/posts');
  if (response.ok) state.posts = await response.json();
  renderPosts();
}

// ---- Statistics and audit log
function renderStats() {
  document.getElementById('stats').replaceChildren(...state.stats.map(s => {
    const tr = document.createElement('tr');
    tr.dataset.postId = s.postId;
    tr.append(
      cell(s.name ? `${s.name} (${s.postId})` : s.postId), cell(s.alarms), cell(s.presses), cell(s.real), cell(s.prank),
      cell(s.test), cell(s.fault), cell(s.open), cell(s.prankRate === null ? '–' : `${Math.round(s.prankRate * 100)}%`));
    tr.lastElementChild.className = 'prank-rate';
    return tr;
  }));
}

async function refreshStats() {
  const response = await api('/api/stats/posts');
  if (response.ok) state.stats = await response.json();
  renderStats();
}

function renderAudit() {
  document.getElementById('audit').replaceChildren(...state.audit.map(a => {
    const tr = document.createElement('tr');
    tr.dataset.action = a.action;
    tr.append(cell(formatTime(a.at)), cell(a.userName), cell(a.action), cell(a.subject), cell(a.detail));
    return tr;
  }));
}

async function refreshAudit() {
  if (!isAdmin()) return;
  const response = await api('/api/audit?limit=200');
  if (response.ok) state.audit = await response.json();
  renderAudit();
}

function cell(content) {
  const td = document.createElement('td');
  if (content instanceof Node) td.append(content);
  else td.textContent = content ?? '';
  return td;
}

// ---- Views, header, polling
const views = {
  queue: { refresh: refreshAlarms, allowed: canWorkAlarms },
  posts: { refresh: refreshPosts, allowed: () => true },
  stats: { refresh: refreshStats, allowed: () => true },
  audit: { refresh: refreshAudit, allowed: isAdmin },
};

async function show(view) {
  if (!views[view]?.allowed()) view = canWorkAlarms() ? 'queue' : 'posts';
  state.view = view;
  for (const section of document.querySelectorAll('.view')) section.hidden = section.id !== 'view-' + view;
  for (const tab of document.querySelectorAll('#tabs button')) tab.classList.toggle('active', tab.dataset.view === view);
  if (location.hash !== '#' + view) history.replaceState(null, '', '#' + view);
  await views[view].refresh();
  if (view === 'posts') state.postsMap?.invalidateSize();
  if (view === 'queue') for (const card of state.cards.values()) { ensureMiniMap(card); card.map?.invalidateSize(); }
}

async function refreshHeader() {
  const broker = document.getElementById('broker');
  try {
    const health = await (await fetch('/health')).json();
    broker.textContent = t(health.mqttConnected ? 'header.broker.ok' : 'header.broker.down');
    broker.className = 'badge ' + (health.mqttConnected ? 'ok' : 'down');
    broker.title = t('header.updated', { time: formatTime(new Date().toISOString()) });
  } catch (error) {
    broker.textContent = t('header.unreachable', { error: error.message });
    broker.className = 'badge down';
  }
}

function redraw() {
  renderAlarms();
  renderDead();
  renderPosts();
  renderStats();
  renderAudit();
  sound.update();
  document.getElementById('user').textContent = `${state.session.userName} · ${t('role.' + state.session.role)}`;
  refreshHeader();
}

async function start() {
  state.session = await (await api('/api/console')).json();
  SosMap.configure(state.session.map);
  document.body.dataset.role = state.session.role;
  for (const tab of document.querySelectorAll('#tabs button')) {
    tab.hidden = !views[tab.dataset.view].allowed();
    tab.onclick = () => show(tab.dataset.view);
  }
  document.getElementById('sound').hidden = !canWorkAlarms();
  document.getElementById('sound').onclick = () => sound.start();
  // Read when clicked, not now: a cookie cleared meanwhile is given back by the gateway's next answer.
  document.getElementById('logout').onsubmit = event => { event.target.elements.csrfToken.value = csrfToken(); };
  setUpLanguageSwitch(redraw);
  redraw();
  await show(location.hash.slice(1) || 'queue');

  // The queue is watched whatever view is open: a new alarm must sound even while the map is shown.
  setInterval(() => refreshAlarms().catch(error => showMessage(t('header.unreachable', { error: error.message }))), POLL_MS);
  setInterval(refreshHeader, POLL_MS);
  setInterval(() => { if (state.view === 'posts') refreshPosts().catch(() => {}); }, POSTS_POLL_MS);
  document.body.dataset.ready = 'true';
}

start();
