// The request and response codecs, byte for byte against vectors written out by hand from
// Apache Kafka's message definitions (clients/src/main/resources/common/message/*.json,
// as shipped in kafka-clients 4.1.2).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  decodeAfterCorrelationId,
  encodeAfterHeaderV1,
  encodeRequestFrame,
} from '../../../src/kafka/api.js';
import { ApiVersions } from '../../../src/kafka/api-versions.js';
import { ConsumerGroupDescribe } from '../../../src/kafka/consumer-group-describe.js';
import { FindCoordinator } from '../../../src/kafka/find-coordinator.js';
import { ListGroups } from '../../../src/kafka/list-groups.js';
import { ListOffsets } from '../../../src/kafka/list-offsets-api.js';
import { OffsetFetch } from '../../../src/kafka/offset-fetch.js';
import { hex, str } from './hex.js';

describe('request framing', () => {
  test('FindCoordinator v4: request header v2 (tagged fields after the client id), batched keys', () => {
    const frame = encodeRequestFrame(FindCoordinator, 4, 7, 'lw', {
      keyType: 0,
      keys: ['a', 'bc'],
    });
    assert.deepEqual(
      frame,
      hex(
        `00000015  000a 0004 00000007 0002${str('lw')} 00  00 03 02${str('a')} 03${str('bc')} 00`,
      ),
    );
  });

  test('what kafkajs does not write (it writes header v1): the header tagged fields, then the body', () => {
    const tail = encodeAfterHeaderV1(FindCoordinator, 4, { keyType: 0, keys: [] });
    assert.deepEqual(tail, hex('00  00 01 00'));
  });

  test('ApiVersions v3 asks in a flexible body; v0 has none', () => {
    const body = { clientSoftwareName: 'lagwatch', clientSoftwareVersion: '1.0' };
    assert.deepEqual(
      encodeAfterHeaderV1(ApiVersions, 3, body),
      hex(`00 09${str('lagwatch')} 04${str('1.0')} 00`),
    );
    assert.deepEqual(encodeAfterHeaderV1(ApiVersions, 0, body), hex(''));
  });

  test('OffsetFetch v8: many groups, null topics (all), RequireStable false', () => {
    assert.deepEqual(
      encodeAfterHeaderV1(OffsetFetch, 8, { groupIds: ['g', 'hi'] }),
      hex(`00  03 02${str('g')} 00 00  03${str('hi')} 00 00  00 00`),
    );
  });

  test('OffsetFetch v9 adds a null member id and epoch -1 per group', () => {
    assert.deepEqual(
      encodeAfterHeaderV1(OffsetFetch, 9, { groupIds: ['g'] }),
      hex(`00  02 02${str('g')} 00 ffffffff 00 00  00 00`),
    );
  });

  test('ListGroups: empty filters at v5 and v4, none at v3', () => {
    assert.deepEqual(encodeAfterHeaderV1(ListGroups, 5, {}), hex('00 01 01 00'));
    assert.deepEqual(encodeAfterHeaderV1(ListGroups, 4, {}), hex('00 01 00'));
    assert.deepEqual(encodeAfterHeaderV1(ListGroups, 3, {}), hex('00 00'));
  });

  test('ListOffsets v9: replica -1, isolation level, per partition leader epoch -1 and the timestamp', () => {
    const request = {
      isolationLevel: 0,
      timestamp: -1,
      topics: [{ topic: 't', partitions: [0, 1] }],
    };
    const latest = `ffffffffffffffff`;
    assert.deepEqual(
      encodeAfterHeaderV1(ListOffsets, 9, request),
      hex(
        `00  ffffffff 00  02  02${str('t')} 03` +
          `    00000000 ffffffff ${latest} 00` +
          `    00000001 ffffffff ${latest} 00` +
          `  00  00`,
      ),
    );
    const earliest = encodeAfterHeaderV1(ListOffsets, 6, { ...request, timestamp: -2 });
    assert.equal(earliest.subarray(18, 26).toString('hex'), 'fffffffffffffffe');
  });

  test('ConsumerGroupDescribe v0: group ids, no authorized operations', () => {
    assert.deepEqual(
      encodeAfterHeaderV1(ConsumerGroupDescribe, 0, { groupIds: ['g'] }),
      hex(`00 02 02${str('g')} 00 00`),
    );
  });
});

describe('response decoding', () => {
  test('ApiVersions v3: header v0 (no tagged fields before the body), unknown tag skipped', () => {
    const body = hex(`0000  03 0012 0000 0003 00  0045 0000 0001 00  00000000  01 05 03 abcdef`);
    assert.deepEqual(decodeAfterCorrelationId(ApiVersions, 3, body), {
      errorCode: 0,
      apiKeys: [
        { apiKey: 18, minVersion: 0, maxVersion: 3 },
        { apiKey: 69, minVersion: 0, maxVersion: 1 },
      ],
      throttleTimeMs: 0,
    });
  });

  test('ApiVersions v0: classic array, no throttle time', () => {
    const body = hex('0000 00000001 0009 0001 0007');
    assert.deepEqual(decodeAfterCorrelationId(ApiVersions, 0, body), {
      errorCode: 0,
      apiKeys: [{ apiKey: 9, minVersion: 1, maxVersion: 7 }],
      throttleTimeMs: 0,
    });
  });

  test('FindCoordinator v4: one result per key, each with its own error; header v1 tagged fields skipped', () => {
    const body = hex(
      `01 00 01 2a  00000000  03` +
        `  02${str('a')} 00000001 0a${str('localhost')} 00002384 0000 00 00` +
        `  02${str('b')} ffffffff 01 ffffffff 000f 05${str('busy')} 00  00`,
    );
    assert.deepEqual(decodeAfterCorrelationId(FindCoordinator, 4, body), {
      throttleTimeMs: 0,
      coordinators: [
        { key: 'a', nodeId: 1, host: 'localhost', port: 9092, errorCode: 0, errorMessage: null },
        { key: 'b', nodeId: -1, host: '', port: -1, errorCode: 15, errorMessage: 'busy' },
      ],
    });
  });

  test('OffsetFetch v8: per group, topic by topic; -1 offsets, null metadata, a partition error left out, a group error', () => {
    const body = hex(
      `00  00000000  03` +
        `  02${str('g')} 03` +
        `    02${str('t')} 04` +
        `       00000000 000000000000002a ffffffff 00 0000 00` +
        `       00000001 ffffffffffffffff ffffffff 01 0000 00` +
        `       00000002 0000000000000009 ffffffff 00 0003 00` +
        `     00` +
        `    02${str('u')} 02` +
        `       00000000 0000000000000007 ffffffff 00 0000 00` +
        `     00` +
        `   0000 00` +
        `  03${str('hi')} 01 0010 00` +
        `  00`,
    );
    const decoded = decodeAfterCorrelationId(OffsetFetch, 8, body);
    assert.equal(decoded.throttleTimeMs, 0);
    assert.deepEqual(
      decoded.groups.map((g) => ({
        groupId: g.groupId,
        errorCode: g.errorCode,
        offsets: g.offsets.toArray(),
      })),
      [
        {
          groupId: 'g',
          errorCode: 0,
          offsets: [
            { topic: 't', partition: 0, offset: 42 },
            { topic: 't', partition: 1, offset: -1 },
            { topic: 'u', partition: 0, offset: 7 },
          ],
        },
        { groupId: 'hi', errorCode: 16, offsets: [] },
      ],
    );
  });

  test('ListOffsets v9: each partition with its own error code, offsets past 2^32', () => {
    const none = 'ffffffffffffffff';
    const body = hex(
      `00  00000000  03` +
        `  02${str('t')} 03` +
        `    00000000 0000 ${none} 000000000000002a 00000005 00` +
        `    00000001 0006 ${none} ${none} ffffffff 00` +
        `  00` +
        `  02${str('u')} 02` +
        `    00000000 0000 ${none} 0000000100000000 00000000 00` +
        `  00` +
        `  00`,
    );
    const decoded = decodeAfterCorrelationId(ListOffsets, 9, body);
    assert.equal(decoded.throttleTimeMs, 0);
    assert.deepEqual(decoded.topics, [
      { topic: 't', partitions: [0, 0, 42, 1, 6, -1] },
      { topic: 'u', partitions: [0, 0, 2 ** 32] },
    ]);
  });

  test('ListGroups v5 with state and type; v3 without', () => {
    const v5 = hex(
      `00 00000000 0000 02  02${str('g')} 09${str('consumer')} 07${str('Stable')} 09${str('consumer')} 00  00`,
    );
    assert.deepEqual(decodeAfterCorrelationId(ListGroups, 5, v5).groups, [
      { groupId: 'g', protocolType: 'consumer', state: 'Stable', type: 'consumer' },
    ]);
    const v3 = hex(`00 00000000 0000 02  02${str('g')} 01 00  00`);
    assert.deepEqual(decodeAfterCorrelationId(ListGroups, 3, v3).groups, [
      { groupId: 'g', protocolType: '', state: null, type: null },
    ]);
  });

  test('ConsumerGroupDescribe v0: members, client ids, hosts, assignments with topic names', () => {
    const topicId = '00112233445566778899aabbccddeeff';
    const member =
      `17${str('Mx0Q2vLhTqmgD3UaXDcz9A')} 00 00 00000005 04${str('cli')} 0b${str('/127.0.0.1')}` +
      ` 02 02${str('t')}  00` + // subscribed names, null regex
      ` 02 ${topicId} 02${str('t')} 03 00000000 00000002 00  00` + // assignment
      ` 01 00` + // target assignment: empty
      ` 00`;
    const body = hex(
      `00 00000000 02` +
        ` 0000 00 02${str('g')} 07${str('Stable')} 00000003 00000003 08${str('uniform')}` +
        ` 02 ${member}  80000000 00  00`,
    );
    const [group] = decodeAfterCorrelationId(ConsumerGroupDescribe, 0, body).groups;
    assert.deepEqual(group, {
      errorCode: 0,
      errorMessage: null,
      groupId: 'g',
      state: 'Stable',
      groupEpoch: 3,
      assignmentEpoch: 3,
      assignorName: 'uniform',
      members: [
        {
          memberId: 'Mx0Q2vLhTqmgD3UaXDcz9A',
          instanceId: null,
          memberEpoch: 5,
          clientId: 'cli',
          clientHost: '/127.0.0.1',
          assignment: [{ topicId: 'ABEiM0RVZneImaq7zN3u_w', topic: 't', partitions: [0, 2] }],
        },
      ],
    });
  });

  test('ConsumerGroupDescribe v1 reads the member type after the target assignment', () => {
    const member = `02${str('m')} 00 00 00000001 01 01 01 00 01 00 01 00 ff 00`;
    const body = hex(
      `00 00000000 02 0045 01 02${str('g')} 01 ffffffff ffffffff 01 02 ${member} 80000000 00 00`,
    );
    const [group] = decodeAfterCorrelationId(ConsumerGroupDescribe, 1, body).groups;
    assert.equal(group?.errorCode, 69);
    assert.equal(group?.members[0]?.memberId, 'm');
    assert.deepEqual(group?.members[0]?.assignment, []);
  });
});
