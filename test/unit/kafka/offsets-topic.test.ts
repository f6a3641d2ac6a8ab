// The records of __consumer_offsets, byte for byte: vectors written by hand from Apache
// Kafka's group-coordinator message definitions (OffsetCommitKey/Value, GroupMetadataKey/
// Value, ConsumerGroupMetadataKey, ConsumerGroupMemberMetadataKey): every key type and
// every value version Kafka 2.x–4.x writes, tombstones, and what must be skipped.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeKey } from '../../../src/kafka/offsets-topic-key.js';
import { decodeOffsetsTopicRecord } from '../../../src/kafka/offsets-topic-record.js';
import {
  decodeGroupMetadataValue,
  decodeOffsetCommitValue,
} from '../../../src/kafka/offsets-topic-value.js';
import { hex } from './hex.js';

// Shared pieces: "g" = 0001 67, "t" = 0001 74, 1700000000000 ms = 0000018bcfe56800.
const TS = 1_700_000_000_000;
const TS_HEX = '0000018bcfe56800';
const OFFSET_42 = '000000000000002a';

describe('__consumer_offsets keys', () => {
  test('type 1 (offset commit): group, topic, partition as classic strings', () => {
    assert.deepEqual(decodeKey(hex('0001 0001 67 0001 74 00000003')), {
      kind: 'offset-commit',
      group: 'g',
      topic: 't',
      partition: 3,
    });
  });

  test('type 0 (the legacy offset commit key, "version 0" of Kafka 2.x) has the same layout', () => {
    assert.deepEqual(decodeKey(hex('0000 0002 6767 0002 7474 7fffffff')), {
      kind: 'offset-commit',
      group: 'gg',
      topic: 'tt',
      partition: 2 ** 31 - 1,
    });
  });

  test('type 2 (classic group metadata) and 3 (consumer-protocol group metadata): the group', () => {
    assert.deepEqual(decodeKey(hex('0002 0003 616263')), { kind: 'group-metadata', group: 'abc' });
    assert.deepEqual(decodeKey(hex('0003 0001 67')), {
      kind: 'consumer-group-metadata',
      group: 'g',
    });
  });

  test('type 5 (consumer-protocol member): group and member id', () => {
    assert.deepEqual(decodeKey(hex('0005 0001 67 0002 6d31')), {
      kind: 'consumer-group-member',
      group: 'g',
      memberId: 'm1',
    });
  });

  test('other known types (assignments, share, streams) give their group; unknown types say so', () => {
    assert.deepEqual(decodeKey(hex('0008 0001 67 0002 6d31')), {
      kind: 'other',
      type: 8,
      name: 'ConsumerGroupCurrentMemberAssignment',
      group: 'g',
    });
    assert.deepEqual(decodeKey(hex('000b 0001 67')), {
      kind: 'other',
      type: 11,
      name: 'ShareGroupMetadata',
      group: 'g',
    });
    assert.deepEqual(decodeKey(hex('0018 0001 67')).kind, 'other'); // 24
    assert.deepEqual(decodeKey(hex('0019 0001 67')), { kind: 'unknown', type: 25 });
    assert.deepEqual(decodeKey(hex('ffff')), { kind: 'unknown', type: -1 });
  });
});

describe('OffsetCommitValue, versions 0–4', () => {
  test('v0: offset, metadata, commit timestamp', () => {
    assert.deepEqual(decodeOffsetCommitValue(hex(`0000 ${OFFSET_42} 0000 ${TS_HEX}`)), {
      version: 0,
      offset: 42,
      leaderEpoch: -1,
      metadata: '',
      commitTimestamp: TS,
      expireTimestamp: -1,
    });
  });

  test('v1: adds the expire timestamp after the commit timestamp', () => {
    const v = decodeOffsetCommitValue(hex(`0001 ${OFFSET_42} 0001 6d ${TS_HEX} 0000018bcfe56be8`));
    assert.equal(v.metadata, 'm');
    assert.equal(v.commitTimestamp, TS);
    assert.equal(v.expireTimestamp, TS + 1000);
  });

  test('v2: the v0 layout again (the expire timestamp went away)', () => {
    const v = decodeOffsetCommitValue(hex(`0002 ${OFFSET_42} 0000 ${TS_HEX}`));
    assert.deepEqual([v.version, v.offset, v.commitTimestamp, v.expireTimestamp], [2, 42, TS, -1]);
  });

  test('v3: the leader epoch between offset and metadata', () => {
    const v = decodeOffsetCommitValue(hex(`0003 ${OFFSET_42} 00000005 0001 6d ${TS_HEX}`));
    assert.deepEqual([v.offset, v.leaderEpoch, v.metadata, v.commitTimestamp], [42, 5, 'm', TS]);
  });

  test('v4 (flexible): compact metadata and a tagged-field section, unknown tags skipped', () => {
    const plain = decodeOffsetCommitValue(hex(`0004 ${OFFSET_42} ffffffff 02 6d ${TS_HEX} 00`));
    assert.deepEqual([plain.offset, plain.leaderEpoch, plain.metadata], [42, -1, 'm']);
    assert.equal(plain.commitTimestamp, TS);
    const tagged = decodeOffsetCommitValue(
      hex(`0004 ${OFFSET_42} 00000001 01 ${TS_HEX} 01 05 02 abcd`),
    );
    assert.deepEqual([tagged.metadata, tagged.commitTimestamp], ['', TS]);
  });

  test('an offset beyond 2^32 is read whole', () => {
    const v = decodeOffsetCommitValue(hex(`0000 0000000100000001 0000 ${TS_HEX}`));
    assert.equal(v.offset, 2 ** 32 + 1);
  });

  test('version 5 and short bytes throw (the record decoder turns that into "unreadable")', () => {
    assert.throws(() => decodeOffsetCommitValue(hex(`0005 ${OFFSET_42} 0000 ${TS_HEX}`)), {
      message: /OffsetCommit value version 5 is not known/,
    });
    assert.throws(() => decodeOffsetCommitValue(hex(`0003 ${OFFSET_42} 0000`)), {
      name: 'WireError',
    });
  });
});

describe('GroupMetadataValue, versions 0–4', () => {
  // protocolType "consumer", generation 1, protocol "range", leader "m1"
  const head = '0008 636f6e73756d6572 00000001 0005 72616e6765 0002 6d31';
  // one member: memberId "m1", clientId "c", clientHost "/h"; session 10000;
  // subscription empty; assignment ab cd
  const member = (version: number): string =>
    [
      '0002 6d31',
      version >= 3 ? 'ffff' : '',
      '0001 63 0002 2f68',
      version >= 1 ? '0000ea60' : '',
      '00002710 00000000 00000002 abcd',
    ].join(' ');
  const expected = (version: number) => ({
    version,
    protocolType: 'consumer',
    generation: 1,
    protocol: 'range',
    leader: 'm1',
    currentStateTimestamp: version >= 2 ? TS : -1,
    members: [
      {
        memberId: 'm1',
        groupInstanceId: null,
        clientId: 'c',
        clientHost: '/h',
        rebalanceTimeoutMs: version >= 1 ? 60_000 : -1,
        sessionTimeoutMs: 10_000,
        subscription: Buffer.alloc(0),
        assignment: hex('abcd'),
      },
    ],
  });

  for (const version of [0, 1, 2, 3]) {
    test(`v${version}`, () => {
      const bytes = hex(
        `000${version} ${head} ${version >= 2 ? TS_HEX : ''} 00000001 ${member(version)}`,
      );
      assert.deepEqual(decodeGroupMetadataValue(bytes), expected(version));
    });
  }

  test('v3: a static member keeps its group instance id', () => {
    const bytes = hex(
      `0003 ${head} ${TS_HEX} 00000001 0002 6d31 0002 6931 0001 63 0002 2f68 0000ea60 00002710 00000000 00000000`,
    );
    assert.equal(decodeGroupMetadataValue(bytes).members[0]?.groupInstanceId, 'i1');
  });

  test('v4 (flexible): compact strings, arrays and bytes; tagged sections per member and at the end', () => {
    const bytes = hex(
      [
        '0004 09 636f6e73756d6572 00000001 06 72616e6765 03 6d31',
        TS_HEX,
        '02', // one member
        '03 6d31 00 02 63 03 2f68 0000ea60 00002710 01 03 abcd 00',
        '00',
      ].join(' '),
    );
    assert.deepEqual(decodeGroupMetadataValue(bytes), expected(4));
  });

  test('an empty group: no protocol, no leader, no members (what a group left by all writes)', () => {
    const v = decodeGroupMetadataValue(
      hex(`0003 0008 636f6e73756d6572 00000005 ffff ffff ${TS_HEX} 00000000`),
    );
    assert.deepEqual([v.protocol, v.leader, v.members, v.generation], [null, null, [], 5]);
  });
});

describe('a record: key and value together', () => {
  const commitKey = hex('0001 0001 67 0001 74 00000000');
  test('a commit carries the offset and the commit timestamp', () => {
    assert.deepEqual(
      decodeOffsetsTopicRecord(commitKey, hex(`0003 ${OFFSET_42} ffffffff 0000 ${TS_HEX}`)),
      {
        kind: 'commit',
        group: 'g',
        topic: 't',
        partition: 0,
        offset: 42,
        commitTimestamp: TS,
      },
    );
  });

  test('tombstones: an offset deleted, a classic group deleted, a consumer group deleted, a member gone', () => {
    assert.deepEqual(decodeOffsetsTopicRecord(commitKey, null), {
      kind: 'offset-deleted',
      group: 'g',
      topic: 't',
      partition: 0,
    });
    assert.deepEqual(decodeOffsetsTopicRecord(hex('0002 0001 67'), null), {
      kind: 'group-deleted',
      group: 'g',
      protocol: 'classic',
    });
    assert.deepEqual(decodeOffsetsTopicRecord(hex('0003 0001 67'), null), {
      kind: 'group-deleted',
      group: 'g',
      protocol: 'consumer',
    });
    assert.deepEqual(decodeOffsetsTopicRecord(hex('0005 0001 67 0002 6d31'), null), {
      kind: 'member',
      group: 'g',
      memberId: 'm1',
      present: false,
    });
  });

  test('a consumer group metadata value and other known records are skipped with their group', () => {
    assert.deepEqual(decodeOffsetsTopicRecord(hex('0003 0001 67'), hex('0000 00000001 00')), {
      kind: 'skipped',
      type: 3,
      group: 'g',
    });
    assert.deepEqual(decodeOffsetsTopicRecord(hex('0010 0001 67 0002 2e2a'), hex('00')), {
      kind: 'skipped',
      type: 16,
      group: 'g',
    });
  });

  test('unknown types, unknown value versions, short bytes and missing keys are unreadable, not thrown', () => {
    const reasons = [
      decodeOffsetsTopicRecord(hex('0063 0001 67'), hex('00')),
      decodeOffsetsTopicRecord(commitKey, hex(`0009 ${OFFSET_42}`)),
      decodeOffsetsTopicRecord(commitKey, hex('0000 0000')),
      decodeOffsetsTopicRecord(hex('0001 0005 67'), null),
      decodeOffsetsTopicRecord(null, null),
    ].map((r) => (r.kind === 'unreadable' ? r.reason : `not unreadable: ${r.kind}`));
    assert.match(reasons[0]!, /unknown record type 99/);
    assert.match(reasons[1]!, /value version 9 is not known/);
    assert.match(reasons[2]!, /ends early/);
    assert.match(reasons[3]!, /ends early/);
    assert.equal(reasons[4], 'no key');
  });
});
