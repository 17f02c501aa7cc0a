// The dispatch console: polls /api/alarms every 2 s and lets a dispatcher acknowledge an alarm.
'use strict';

const rows = document.getElementById('alarms');

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text ?? '';
  if (className) td.className = className;
  return td;
}

function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

function pressed(alarm) {
  if (alarm.pressedAt) return time(alarm.pressedAt);
  if (alarm.pressedAtEstimated) return '~' + time(alarm.pressedAtEstimated);
  return 'unknown';
}

function delivery(alarm) {
  if (alarm.test) return 'TEST: never forwarded';
  if (alarm.deliveries.length === 0) return 'console only';
  return alarm.deliveries
    .map(d => `${d.target}: ${d.status}${d.status !== 'delivered' && d.attempts > 0 ? ` (${d.attempts} tries, ${d.lastError ?? ''})` : ''}`)
    .join('; ');
}

function render(alarms) {
  document.getElementById('empty').hidden = alarms.length > 0;
  rows.replaceChildren(...alarms.map(alarm => {
    const tr = document.createElement('tr');
    tr.className = alarm.state + (alarm.test ? ' test' : '');
    const post = alarm.post ?? {};
    tr.append(
      cell(time(alarm.receivedAt)),
      cell(`${post.name ?? '(unknown post)'} [${alarm.postId} #${alarm.alarmId}]${alarm.test ? ' TEST' : ''}`),
      cell(post.address),
      cell(post.station),
      coordinates(post),
      cell(pressed(alarm)),
      cell(String(alarm.presses)),
      cell(alarm.state === 'dispatched' ? `dispatched ${time(alarm.dispatchedAt)} by ${alarm.dispatchedBy}` : 'received'),
      cell(delivery(alarm), 'small'),
      action(alarm));
    return tr;
  }));
}

function coordinates(post) {
  const td = document.createElement('td');
  if (post.latitude === undefined) return td;
  const a = document.createElement('a');
  a.href = `https://www.openstreetmap.org/?mlat=${post.latitude}&mlon=${post.longitude}#map=18/${post.latitude}/${post.longitude}`;
  a.target = '_blank';
  a.rel = 'noopener';
  a.textContent = `${post.latitude.toFixed(5)}, ${post.longitude.toFixed(5)}`;
  td.append(a);
  return td;
}

function action(alarm) {
  const td = document.createElement('td');
  if (alarm.state !== 'received') return td;
  const button = document.createElement('button');
  button.className = 'ack';
  button.textContent = 'Acknowledge';
  button.onclick = async () => {
    button.disabled = true;
    const response = await fetch(`/api/alarms/${alarm.id}/acknowledge`, { method: 'POST' });
    if (response.status === 401) location.href = '/login';
    await refresh();
  };
  td.append(button);
  return td;
}

// Dead deliveries never reached their target: a red bar until an operator retries them.
async function showDead() {
  const dead = await (await fetch('/api/dispatch/dead')).json();
  const bar = document.getElementById('dead');
  bar.hidden = dead.length === 0;
  bar.querySelector('span').textContent =
    `${dead.length} ${dead.length === 1 ? 'delivery' : 'deliveries'} failed: ` +
    dead.map(d => `${d.target} ${d.postId} #${d.alarmId} (${d.lastError ?? ''})`).join('; ');
  bar.querySelector('button').onclick = async () => {
    for (const d of dead) await fetch(`/api/dispatch/${d.outboxId}/retry`, { method: 'POST' });
    await refresh();
  };
}

async function refresh() {
  try {
    const response = await fetch('/api/alarms');
    if (response.status === 401) {
      location.href = '/login?returnUrl=%2F';
      return;
    }
    render(await response.json());
    await showDead();
    document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
    const health = await (await fetch('/health')).json();
    const broker = document.getElementById('broker');
    broker.textContent = health.mqttConnected ? 'broker connected' : 'broker DISCONNECTED';
    broker.className = 'badge ' + (health.mqttConnected ? 'ok' : 'down');
  } catch (error) {
    document.getElementById('updated').textContent = 'gateway unreachable: ' + error.message;
  }
}

refresh();
setInterval(refresh, 2000);
