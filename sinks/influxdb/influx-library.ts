// @influxdata/influxdb-client, loaded when the first InfluxDB API v2 transport is built
// (~6 MiB of RSS): a service with no v2 InfluxDB sink (none, or API v1 only) does not pay
// for it (src/contract/library.ts says how). Every value of the package (InfluxDB, its
// error classes) is taken from here; types stay `import type`.
import type * as Influx from '@influxdata/influxdb-client';
import { loadLibrary } from '../../src/contract/library.js';

let library: typeof Influx | undefined;

export function influxLibrary(): typeof Influx {
  library ??= loadLibrary<typeof Influx>(
    '@influxdata/influxdb-client',
    'an influxdb sink (API v2)',
  );
  return library;
}
