// When the next scrape is expected: the last one plus the shortest recent gap; unknown
// before two scrapes and once the expected one is late by more than half a gap.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ScrapeRhythm, SCRAPES_KEPT } from '../../../src/api/scrape-rhythm.js';

function rhythmOf(...times: number[]): ScrapeRhythm {
  const rhythm = new ScrapeRhythm();
  for (const at of times) rhythm.scraped(at);
  return rhythm;
}

describe('ScrapeRhythm', () => {
  test('unknown before two scrapes', () => {
    assert.equal(rhythmOf().nextAt(0), null);
    assert.equal(rhythmOf(1_000).nextAt(1_000), null);
  });

  test('a scraper at a fixed interval: the last scrape plus the interval', () => {
    const rhythm = rhythmOf(0, 60_000, 120_000);
    assert.equal(rhythm.nextAt(121_000), 180_000);
    assert.equal(rhythm.nextAt(180_000), 180_000, 'due now');
    assert.equal(rhythm.nextAt(209_000), 180_000, 'late by less than half a gap: still expected');
  });

  test('a scrape late by more than half a gap: not known any more', () => {
    assert.equal(rhythmOf(0, 60_000).nextAt(150_001), null);
  });

  test('two scrapers interleaved: the shorter gap, so the rendering comes early, not late', () => {
    // A at 0, 30 s, 60 s; B 5 s after each.
    const rhythm = rhythmOf(0, 5_000, 30_000, 35_000, 60_000);
    assert.equal(rhythm.nextAt(61_000), 65_000);
  });

  test('only the last scrapes count: a scraper that slowed down is followed', () => {
    const rhythm = rhythmOf(0, 1_000);
    let last = 1_000;
    for (let kept = 3; kept <= SCRAPES_KEPT; kept++) {
      rhythm.scraped((last += 60_000));
      assert.equal(rhythm.nextAt(last), last + 1_000, 'the 1 s gap is still among the last');
    }
    rhythm.scraped((last += 60_000));
    assert.equal(rhythm.nextAt(last), last + 60_000);
  });

  test('a scrape at or before the last one teaches no gap', () => {
    const rhythm = rhythmOf(0, 60_000, 60_000, 59_000);
    assert.equal(rhythm.nextAt(60_000), 120_000);
  });

  test('clear forgets the rhythm', () => {
    const rhythm = rhythmOf(0, 60_000);
    rhythm.clear();
    assert.equal(rhythm.nextAt(60_000), null);
  });
});
