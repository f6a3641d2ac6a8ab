// The status page: reads its view from the URL, polls the JSON of that view every
// POLL_MS (so it follows every tick without a reload), and says when what it shows is
// stale. Links inside the page change the URL with the History API; Back works.
import { html } from 'htm/preact';
import { render, type VNode } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { GroupPage, IncidentsPage, OverviewPage } from '../src/contract/status-page.js';
import { fetchGroup, fetchIncidents, fetchOverview, setReadToken, type Fetched } from './api.js';
import { formatTime } from './format.js';
import { GroupDetail } from './group.js';
import { Incidents } from './incidents.js';
import { Overview } from './overview.js';
import { TickWatch } from './staleness.js';
import { INCIDENTS, OVERVIEW, overviewQuery, parseView, viewHref, type View } from './url-state.js';
import './styles.css';

export const POLL_MS = 2000;

type Data =
  | { readonly kind: 'overview'; readonly fetched: Fetched<OverviewPage> }
  | { readonly kind: 'group'; readonly fetched: Fetched<GroupPage> }
  | { readonly kind: 'incidents'; readonly fetched: Fetched<IncidentsPage> };

function load(view: View): Promise<Data> {
  switch (view.kind) {
    case 'overview':
      return fetchOverview(overviewQuery(view)).then((fetched) => ({ kind: 'overview', fetched }));
    case 'group':
      return fetchGroup(view.cluster, view.group).then((fetched) => ({ kind: 'group', fetched }));
    case 'incidents':
      return fetchIncidents().then((fetched) => ({ kind: 'incidents', fetched }));
  }
}

function TokenForm({ onToken }: { onToken: () => void }): VNode {
  return html`<form
    class="token"
    onSubmit=${(e: Event) => {
      e.preventDefault();
      const input = (e.target as HTMLFormElement).elements.namedItem('token') as HTMLInputElement;
      setReadToken(input.value);
      onToken();
    }}
  >
    <p>This lagwatch asks for its read token (<code>api.readTokenEnv</code>).</p>
    <label>Read token <input name="token" type="password" autocomplete="off" required /></label>
    <button type="submit">Show the status</button>
  </form>`;
}

function App(): VNode {
  const [view, setView] = useState<View>(() => parseView(location.search));
  const [data, setData] = useState<Data | null>(null);
  const [lastOk, setLastOk] = useState<{ serverNow: number; receivedAt: number } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [clock, setClock] = useState(Date.now());
  const [retry, setRetry] = useState(0);
  const ticks = useMemo(() => new TickWatch(), []);
  const viewKey = viewHref(view);
  const latestKey = useRef(viewKey);
  latestKey.current = viewKey;

  const navigate = (next: View, replace = false): void => {
    const href = viewHref(next);
    if (replace) history.replaceState(null, '', href);
    else history.pushState(null, '', href);
    setView(next);
    if (next.kind !== view.kind) window.scrollTo(0, 0);
  };

  useEffect(() => {
    const onPop = (): void => setView(parseView(location.search));
    const onClick = (e: MouseEvent): void => {
      const link = (e.target as Element).closest?.('a[data-link]');
      if (!link || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      const url = new URL((link as HTMLAnchorElement).href);
      navigate(parseView(url.search));
    };
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement;
      if (e.key !== '/' || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
      const search = document.querySelector<HTMLInputElement>('input[name="q"]');
      if (search) {
        e.preventDefault();
        search.focus();
      }
    };
    window.addEventListener('popstate', onPop);
    document.addEventListener('click', onClick);
    document.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('popstate', onPop);
      document.removeEventListener('click', onClick);
      document.removeEventListener('keydown', onKey);
    };
  });

  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const poll = async (): Promise<void> => {
      const key = viewKey;
      const next = await load(view);
      if (stopped || latestKey.current !== key) return;
      if (next.fetched.ok) {
        ticks.observe(
          'cluster' in next.fetched.value
            ? [next.fetched.value.cluster]
            : next.fetched.value.clusters,
        );
        setLastOk({ serverNow: next.fetched.value.now, receivedAt: next.fetched.receivedAt });
        setFailure(null);
        setData(next);
      } else if (next.fetched.reason === 'unreachable') {
        setFailure(next.fetched.message);
      } else {
        setData(next);
      }
      if (next.fetched.ok || next.fetched.reason === 'unreachable') {
        timer = window.setTimeout(() => void poll(), POLL_MS);
      }
    };
    void poll();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [viewKey, retry]);

  useEffect(() => {
    const timer = window.setInterval(() => setClock(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);

  useEffect(() => {
    document.title =
      view.kind === 'group'
        ? `${view.group} · lagwatch`
        : view.kind === 'incidents'
          ? 'Incidents · lagwatch'
          : 'lagwatch · consumer lag status';
  }, [viewKey]);

  // The server's clock now: ages are told against it, whatever the browser's clock says.
  const now = lastOk === null ? clock : lastOk.serverNow + (clock - lastOk.receivedAt);
  let body: VNode;
  if (data === null) body = html`<p class="loading">Loading…</p>`;
  else if (!data.fetched.ok && data.fetched.reason === 'unauthorized') {
    body = html`<${TokenForm} onToken=${() => setRetry((n) => n + 1)} />`;
  } else if (!data.fetched.ok) {
    body = html`<p class="empty">${data.fetched.message}. <a href="/" data-link>All groups</a></p>`;
  } else if (data.kind === 'overview' && view.kind === 'overview') {
    body = html`<${Overview}
      data=${data.fetched.value}
      view=${view}
      now=${now}
      ticks=${ticks}
      navigate=${navigate}
    />`;
  } else if (data.kind === 'group' && view.kind === 'group') {
    body = html`<${GroupDetail} page=${data.fetched.value} now=${now} ticks=${ticks} />`;
  } else if (data.kind === 'incidents' && view.kind === 'incidents') {
    body = html`<${Incidents} page=${data.fetched.value} now=${now} ticks=${ticks} />`;
  } else body = html`<p class="loading">Loading…</p>`;

  return html`<a class="skip" href="#main">Skip to content</a>
    <header>
      <h1><a href="/" data-link>lagwatch</a></h1>
      <nav class="views" aria-label="Views">
        <a
          href=${viewHref(OVERVIEW)}
          data-link
          aria-current=${view.kind === 'overview' ? 'page' : null}
          >Groups</a
        >
        <a
          href=${viewHref(INCIDENTS)}
          data-link
          aria-current=${view.kind === 'incidents' ? 'page' : null}
          >Incidents</a
        >
      </nav>
      <p
        class="live"
        role="status"
        aria-live="polite"
        data-live=${failure === null ? 'ok' : 'lost'}
      >
        ${
          failure === null
            ? lastOk === null
              ? 'Connecting…'
              : html`${'Live · updated '}<time data-updated=${lastOk.serverNow}
                    >${formatTime(lastOk.serverNow)}</time
                  >`
            : `⚠ Cannot reach lagwatch (${failure}); showing data from ${formatTime(lastOk?.serverNow ?? null)}`
        }
      </p>
    </header>
    <main id="main" tabindex="-1">${body}</main>`;
}

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(html`<${App} />`, root);
}
