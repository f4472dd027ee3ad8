import { logConformanceSuite } from '@tributary/storage/testing';
import { fileLog } from './support/file-log.js';

logConformanceSuite('file-backed Log (through LogManager)', fileLog);
