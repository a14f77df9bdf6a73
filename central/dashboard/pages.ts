// The ministry's pages (issue 16): network table, a post's drill-down, trends, users, login. Pure rendering of
// what central/db/dashboard.ts and central/db/users.ts read.
import type { DrillDown, NetworkRow, TrendPeriod, TrendPoint } from '../db/dashboard';
import type { TrendFees } from '../db/trends-fees';
import type { UserChange } from '../db/user-changes';
import type { CentralUser } from '../db/users';
import { feesChart, trendChart } from './chart';
import { esc, money, page, t, table, td, tdHtml } from './html';
import type { Lang } from './i18n';

type Who = { name: string; role: string };

const feesText = (r: NetworkRow) => r.fees.map((f) => money(f.totalMinor, f.currency)).join(' · ') || '0';
const madText = (mad: string) => `${mad} MAD`;
const closeText = (lang: Lang, r: NetworkRow) => t(lang, `close.${r.dayClose}`);
const diffText = (r: NetworkRow) => r.closeDifferences.map((d) => `${d.terminalId}: ${money(d.differenceMinor, r.fees[0]?.currency ?? '')}`).join(' · ');
const contactText = (lang: Lang, r: NetworkRow) => (r.lastContact ? r.lastContact.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : t(lang, 'never'));

export function loginPage(lang: Lang, o: { failed: boolean; next: string }): string {
  const body =
    (o.failed ? `<p class="flag" role="alert">${esc(t(lang, 'badLogin'))}</p>` : '') +
    `<form method="post" action="/central/login"><input type="hidden" name="next" value="${esc(o.next)}">` +
    `<p><label>${esc(t(lang, 'user'))} <input name="name" autocomplete="username" required></label></p>` +
    `<p><label>${esc(t(lang, 'password'))} <input name="password" type="password" autocomplete="current-password" required></label></p>` +
    `<p><button type="submit">${esc(t(lang, 'signIn'))}</button></p></form>`;
  return page({ lang, title: t(lang, 'login'), body, path: '/central/login', user: null });
}

export function networkPage(lang: Lang, o: { rows: NetworkRow[]; staleMinutes: number; user: Who; day?: string }): string {
  const head = [
    'post',
    'day',
    'visitors',
    'waitingNow',
    'longestWait',
    'served',
    'noShows',
    'fees',
    'feesMad',
    'dayClose',
    'differences',
    'devicesInFault',
    'lastContact',
    'lag',
  ] as const;
  const rows = o.rows.map((r) => [
    tdHtml(`<a href="/central/posts/${esc(r.postId)}${o.day ? `?day=${esc(o.day)}` : ''}">${esc(r.postId)}</a>${r.name ? ` ${esc(r.name)}` : ''}`),
    td(r.day),
    td(r.visitors, true),
    td(r.waiting, true),
    td(r.longestWaitMinutes ?? '—', true),
    td(r.served, true),
    td(r.noShows, true),
    td(feesText(r)),
    td(madText(r.feesMad), true),
    td(closeText(lang, r)),
    td(diffText(r)),
    td(r.devicesInFault.map((d) => `${d.kioskId}/${d.deviceId}: ${d.status}`).join(' · ')),
    tdHtml(
      esc(contactText(lang, r)) +
        (r.stale ? ` <span class="flag stale-flag">⚠ ${esc(t(lang, 'stale'))}</span>` : '') +
        (r.revoked ? ` <span class="flag">${esc(t(lang, 'revoked'))}</span>` : ''),
    ),
    td(r.lag, true),
  ]);
  const attrs = o.rows.map((r) => `data-post="${esc(r.postId)}"${r.stale ? ' class="stale"' : ''}`);
  const body =
    `<p>${esc(t(lang, 'staleNote', { n: o.staleMinutes }))} ` +
    `<a id="csv" href="/central/network.csv${o.day ? `?day=${esc(o.day)}` : ''}">${esc(t(lang, 'csv'))}</a></p>` +
    (o.rows.length === 0
      ? `<p>${esc(t(lang, 'noPosts'))}</p>`
      : table(
          head.map((h) => esc(t(lang, h))),
          rows,
          attrs,
        )) +
    // The page refreshes itself each minute: a wall screen at the ministry stays current.
    '<script>setTimeout(function(){location.reload()},60000)</script>';
  return page({ lang, title: t(lang, 'network'), body, path: `/central${o.day ? `?day=${o.day}` : ''}`, user: o.user });
}

export function postPage(lang: Lang, d: DrillDown, user: Who): string {
  const p = d.post;
  const summary = table(
    (['visitors', 'persons', 'waitingNow', 'served', 'noShows', 'fees', 'feesMad', 'dayClose', 'differences', 'lastContact'] as const).map((h) =>
      esc(t(lang, h)),
    ),
    [
      [
        td(p.visitors, true),
        td(p.persons, true),
        td(p.waiting, true),
        td(p.served, true),
        td(p.noShows, true),
        td(feesText(p)),
        td(madText(p.feesMad), true),
        td(closeText(lang, p)),
        td(diffText(p)),
        tdHtml(esc(contactText(lang, p)) + (p.stale ? ` <span class="flag stale-flag">⚠ ${esc(t(lang, 'stale'))}</span>` : '')),
      ],
    ],
  );
  const services = table(
    (['service', 'visitors', 'persons', 'waitingNow', 'longestWait', 'served', 'noShows', 'calls'] as const).map((h) => esc(t(lang, h))),
    d.services.map((s) => [
      td(s.service),
      td(s.visitors, true),
      td(s.persons, true),
      td(s.waiting, true),
      td(s.longestWaitMinutes ?? '—', true),
      td(s.served, true),
      td(s.noShows, true),
      td(s.calls, true),
    ]),
    d.services.map((s) => `data-service="${esc(s.service)}"`),
  );
  const fees = table(
    (['service', 'fees', 'feesMad'] as const).map((h) => esc(t(lang, h))),
    d.fees.map((f) => [td(f.service), td(`${money(f.totalMinor, f.currency)} (${f.payments})`), td(madText(f.feesMad), true)]),
  );
  const closes = table(
    (['terminal', 'balanced', 'terminalTotal', 'journalTotal', 'differences'] as const).map((h) => esc(t(lang, h))),
    d.closes.map((c) => [
      td(c.origin === 'post' ? c.terminalId : `${c.origin.slice(6)}/${c.terminalId}`),
      td(t(lang, c.balanced ? 'yes' : 'no')),
      td(money(c.terminalTotalMinor, c.currency), true),
      td(money(c.journalTotalMinor, c.currency), true),
      td(money(c.terminalTotalMinor - c.journalTotalMinor, c.currency), true),
    ]),
  );
  const devices = table(
    (['kiosk', 'device', 'status', 'since'] as const).map((h) => esc(t(lang, h))),
    d.devices.map((x) => [td(x.kioskId), td(x.deviceId), td(x.paper === 'out' ? 'paper-out' : x.status), td(x.since.toISOString())]),
  );
  const q = `?day=${esc(p.day)}`;
  const body =
    `<p><a href="/central">${esc(t(lang, 'back'))}</a> · ${esc(t(lang, 'day'))} ${esc(p.day)} · ` +
    `<a id="csv" href="/central/posts/${esc(p.postId)}/export.csv${q}">${esc(t(lang, 'csv'))}</a> · ` +
    `<a href="/central/trends?post=${esc(p.postId)}">${esc(t(lang, 'trends'))}</a></p>` +
    summary +
    `<h2>${esc(t(lang, 'service'))}</h2>${services}<h2>${esc(t(lang, 'fees'))}</h2>${fees}` +
    `<h2>${esc(t(lang, 'closes'))}</h2>${closes}<h2>${esc(t(lang, 'devices'))}</h2>${devices}`;
  return page({ lang, title: `${t(lang, 'post')} ${p.postId}${p.name ? ` — ${p.name}` : ''}`, body, path: `/central/posts/${p.postId}?day=${p.day}`, user });
}

export function trendsPage(
  lang: Lang,
  o: { period: TrendPeriod; postId: string | null; posts: string[]; points: TrendPoint[]; fees: TrendFees[]; user: Who },
): string {
  const options = (['day', 'week', 'month'] as const)
    .map((p) => `<option value="${p}"${p === o.period ? ' selected' : ''}>${esc(t(lang, `period.${p}`))}</option>`)
    .join('');
  const posts = [
    `<option value="">${esc(t(lang, 'allPosts'))}</option>`,
    ...o.posts.map((p) => `<option${p === o.postId ? ' selected' : ''}>${esc(p)}</option>`),
  ].join('');
  const feesOf = new Map(o.fees.map((f) => [f.bucket, f]));
  const query = `?period=${o.period}${o.postId ? `&post=${o.postId}` : ''}`;
  const body =
    `<form method="get" action="/central/trends"><label>${esc(t(lang, 'period'))} <select name="period">${options}</select></label> ` +
    `<label>${esc(t(lang, 'post'))} <select name="post">${posts}</select></label> <button type="submit">${esc(t(lang, 'show'))}</button></form>` +
    `<p><a id="csv" href="/central/trends.csv${esc(query)}">${esc(t(lang, 'csv'))}</a></p>` +
    `<h2>${esc(t(lang, 'chart'))}</h2>` +
    trendChart(o.points, { title: t(lang, 'chart'), rtl: lang === 'ar' }) +
    `<h2>${esc(t(lang, 'feesChart'))}</h2>` +
    feesChart(o.fees, { title: t(lang, 'feesChart'), rtl: lang === 'ar' }) +
    table(
      (['period', 'visitors', 'served', 'noShows', 'fees', 'feesMad'] as const).map((h) => esc(t(lang, h))),
      o.points.map((p) => {
        const f = feesOf.get(p.bucket);
        return [
          td(p.bucket),
          td(p.visitors, true),
          td(p.served, true),
          td(p.noShows, true),
          td(f?.fees.map((x) => money(x.totalMinor, x.currency)).join(' · ') || '0'),
          td(madText(f?.feesMad ?? '0'), true),
        ];
      }),
    );
  return page({ lang, title: t(lang, 'trends'), body, path: `/central/trends${query}`, user: o.user });
}

/** What a logged change did, in words: "rôle : lecteur → administrateur". */
function changeText(lang: Lang, c: UserChange): string {
  const role = (r: string | null) => t(lang, r === 'admin' ? 'role.admin' : 'role.viewer');
  if (c.action === 'added') return t(lang, 'change.added', { role: role(c.to) });
  if (c.action === 'role') return t(lang, 'change.role', { from: role(c.from), to: role(c.to) });
  return t(lang, c.action === 'password' ? 'change.password' : 'change.disabled');
}

function changesTable(lang: Lang, changes: UserChange[]): string {
  if (changes.length === 0) return `<p>${esc(t(lang, 'noChanges'))}</p>`;
  return table(
    (['when', 'by', 'user', 'what'] as const).map((h) => esc(t(lang, h))),
    changes.map((c) => [
      td(c.at.toISOString().replace('T', ' ').slice(0, 16) + ' UTC'),
      td(`${c.by} (${t(lang, c.via === 'cli' ? 'via.cli' : 'via.pages')})`),
      td(c.user),
      td(changeText(lang, c)),
    ]),
    changes.map((c) => `data-change="${c.id}"`),
  );
}

export function usersPage(lang: Lang, o: { users: CentralUser[]; changes: UserChange[]; user: Who; message?: string }): string {
  const roleOptions = (current: string) =>
    (['viewer', 'admin'] as const).map((r) => `<option value="${r}"${r === current ? ' selected' : ''}>${esc(t(lang, `role.${r}`))}</option>`).join('');
  const rows = o.users.map((u) => [
    td(u.name),
    tdHtml(
      `<form class="inline" method="post" action="/central/users/${esc(u.name)}/role"><select name="role">${roleOptions(u.role)}</select> ` +
        `<button type="submit">${esc(t(lang, 'change'))}</button></form>`,
    ),
    td(u.createdAt.toISOString().slice(0, 10)),
    tdHtml(
      u.disabledAt
        ? esc(t(lang, 'disabled'))
        : u.name === o.user.name
          ? ''
          : `<form class="inline" method="post" action="/central/users/${esc(u.name)}/disable">` +
            `<button type="submit">${esc(t(lang, 'disable'))}</button></form>`,
    ),
    tdHtml(
      `<form class="inline" method="post" action="/central/users/${esc(u.name)}/password">` +
        `<input name="password" type="password" autocomplete="new-password" required aria-label="${esc(t(lang, 'newPassword'))}"> ` +
        `<button type="submit">${esc(t(lang, 'setPassword'))}</button></form>`,
    ),
  ]);
  const roles = (['viewer', 'admin'] as const).map((r) => `<option value="${r}">${esc(t(lang, `role.${r}`))}</option>`).join('');
  const body =
    (o.message ? `<p class="flag" role="alert">${esc(o.message)}</p>` : '') +
    table(
      (['user', 'role', 'created', 'status', 'newPassword'] as const).map((h) => esc(t(lang, h))),
      rows,
      o.users.map((u) => `data-user="${esc(u.name)}"`),
    ) +
    `<h2>${esc(t(lang, 'addUser'))}</h2><form method="post" action="/central/users">` +
    `<label>${esc(t(lang, 'user'))} <input name="name" required></label> <label>${esc(t(lang, 'role'))} <select name="role">${roles}</select></label> ` +
    `<label>${esc(t(lang, 'password'))} <input name="password" type="password" autocomplete="new-password" required></label> ` +
    `<button type="submit">${esc(t(lang, 'add'))}</button></form>` +
    `<h2>${esc(t(lang, 'changes'))}</h2>` +
    changesTable(lang, o.changes);
  return page({ lang, title: t(lang, 'users'), body, path: '/central/users', user: o.user });
}

export function messagePage(lang: Lang, o: { title: string; user: Who | null; path: string }): string {
  return page({ lang, title: o.title, body: `<p><a href="/central">${esc(t(lang, 'back'))}</a></p>`, path: o.path, user: o.user });
}
