import type { Bench } from '../lib/types';
import { auditTrailBench } from './auditTrail';
import { exportHistoryBench } from './exportHistory';
import { ingestBench } from './ingest';
import { openStreamBench } from './openStream';
import { searchBench } from './search';
import { searchServerBench } from './searchServer';
import { sendBench } from './send';
import { streamsBench } from './streams';
import { catchUpBench } from './catchUp';
import { fanoutBench } from './fanout';
import { fanoutClusterBench } from './fanoutCluster';
import { memoryBench } from './memory';
import { presenceBench } from './presence';
import { filesBench } from './files';
import { pulseBench } from './pulse';
import { rendererBench } from './renderer';

/** Every benchmark in the order the table lists them. */
export const benches: Bench[] = [
  fanoutBench,
  sendBench,
  ingestBench,
  catchUpBench,
  searchBench,
  openStreamBench,
  streamsBench,
  rendererBench,
  memoryBench,
  searchServerBench,
  fanoutClusterBench,
  auditTrailBench,
  exportHistoryBench,
  presenceBench,
  filesBench,
  pulseBench,
];
