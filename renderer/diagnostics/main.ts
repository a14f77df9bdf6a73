import { get } from '../lib/api';
import { connectLive } from '../lib/live';
import { h, byId } from '../lib/dom';
import { showLink } from '../lib/link-light';
import type { DeviceInfo } from '../../shared/devices';

const app = byId('app');
const link = h('div', { class: 'link' });
document.body.append(link);

const summary = h('p', { id: 'summary', class: 'muted' });
const tbody = h('tbody', { id: 'devices' });
app.replaceChildren(
  h('h1', {}, 'Diagnostics'),
  summary,
  h('table', { 'aria-label': 'Devices' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Device'), h('th', { scope: 'col' }, 'Driver'), h('th', { scope: 'col' }, 'Address'), h('th', { scope: 'col' }, 'Detail'), h('th', { scope: 'col' }, 'Since'))), tbody),
);

const STATUS_WORDS: Record<DeviceInfo['status'], string> = { ok: 'OK', warning: 'Warning', error: 'Error', offline: 'Offline', unknown: 'Unknown' };

function renderDevices(devices: DeviceInfo[]): void {
  tbody.replaceChildren(
    ...devices.map((d) =>
      h(
        'tr',
        { 'data-device': d.id, 'data-status': d.status },
        h('td', {}, h('span', { class: 'light', 'data-status': d.status, role: 'img', 'aria-label': `${d.id}: ${STATUS_WORDS[d.status]}` }), STATUS_WORDS[d.status]),
        h('td', {}, d.id, ' ', h('span', { class: 'muted' }, `(${d.kind})`)),
        h('td', {}, d.driver, d.simulated ? h('span', { class: 'muted' }, ' — simulated') : ''),
        h('td', {}, d.address ?? ''),
        h('td', {}, d.detail ?? ''),
        h('td', {}, new Date(d.since).toLocaleTimeString()),
      ),
    ),
  );
}

async function refresh(): Promise<void> {
  const health = await get('health');
  summary.textContent = `Version ${health.version} — up ${Math.floor(health.uptimeSeconds / 60)} min — ${health.ok ? 'all devices ready' : 'some devices need attention'}`;
  renderDevices(health.devices);
}

connectLive({
  onPush: (msg) => {
    if (msg.type === 'devices' || msg.type === 'hello') renderDevices(msg.devices);
  },
  onConnected: () => void refresh().catch((err: Error) => (summary.textContent = `Cannot read /api/health: ${err.message}`)),
  onState: (s) => showLink(link, s),
});
