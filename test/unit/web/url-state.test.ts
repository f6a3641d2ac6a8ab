// The page's URLs: a filtered overview and a group each have one URL that reads back to
// the same view, so they can be shared; unknown or bad parameters fall back to defaults.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  INCIDENTS,
  OVERVIEW,
  overviewQuery,
  overviewSearchParams,
  parseView,
  viewHref,
  type View,
} from '../../../web/url-state.js';

describe('status page URLs', () => {
  test('every view reads back from its URL', () => {
    const views: View[] = [
      OVERVIEW,
      { kind: 'overview', cluster: 'a', statuses: ['ERR', 'WARN'], search: 'orders', page: 3 },
      { kind: 'overview', cluster: null, statuses: ['OK'], search: 'a&b=c d/é', page: 1 },
      { kind: 'group', cluster: 'prod eu', group: 'slash/team a&b' },
      INCIDENTS,
    ];
    for (const view of views) {
      const href = viewHref(view);
      assert.deepEqual(parseView(href.slice(1)), view, href);
    }
    assert.equal(viewHref(OVERVIEW), '/');
    assert.equal(
      viewHref({ kind: 'group', cluster: 'a', group: 'demo-slow' }),
      '/?cluster=a&group=demo-slow',
    );
    assert.equal(viewHref(INCIDENTS), '/?view=incidents');
    assert.deepEqual(parseView('?view=incidents&cluster=a&group=g'), INCIDENTS);
  });

  test('statuses are read in any case and order, kept worst first; junk is dropped', () => {
    const view = parseView('?status=ok,bogus,err&page=-2');
    assert.deepEqual(view, { ...OVERVIEW, statuses: ['ERR', 'OK'] });
    assert.deepEqual(parseView('?page=2.5'), OVERVIEW);
    assert.deepEqual(parseView('?cluster=a'), { ...OVERVIEW, cluster: 'a' });
  });

  test("a page number becomes the endpoint's offset", () => {
    const query = overviewQuery({ ...OVERVIEW, cluster: 'a', statuses: ['WARN'], page: 3 }, 50);
    assert.deepEqual(query, {
      cluster: 'a',
      statuses: ['WARN'],
      search: '',
      offset: 100,
      limit: 50,
    });
    assert.equal(overviewSearchParams(query), 'cluster=a&status=WARN&offset=100&limit=50');
  });
});
