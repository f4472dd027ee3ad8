import { describe, expect, it } from 'vitest';
import { KafkaErrorCode, KafkaProtocolError, TributaryError, allKafkaErrors, kafkaErrorByCode } from '@tributary/protocol';

describe('Kafka error table', () => {
  it('has the well-known codes under their Kafka names', () => {
    const expected: Record<string, number> = {
      UNKNOWN_SERVER_ERROR: -1,
      NONE: 0,
      OFFSET_OUT_OF_RANGE: 1,
      CORRUPT_MESSAGE: 2,
      UNKNOWN_TOPIC_OR_PARTITION: 3,
      LEADER_NOT_AVAILABLE: 5,
      NOT_LEADER_OR_FOLLOWER: 6,
      REQUEST_TIMED_OUT: 7,
      MESSAGE_TOO_LARGE: 10,
      COORDINATOR_LOAD_IN_PROGRESS: 14,
      COORDINATOR_NOT_AVAILABLE: 15,
      NOT_COORDINATOR: 16,
      ILLEGAL_GENERATION: 22,
      UNKNOWN_MEMBER_ID: 25,
      REBALANCE_IN_PROGRESS: 27,
      TOPIC_AUTHORIZATION_FAILED: 29,
      UNSUPPORTED_VERSION: 35,
      TOPIC_ALREADY_EXISTS: 36,
      INVALID_REQUEST: 42,
      OUT_OF_ORDER_SEQUENCE_NUMBER: 45,
      INVALID_PRODUCER_EPOCH: 47,
      CONCURRENT_TRANSACTIONS: 51,
      UNKNOWN_PRODUCER_ID: 59,
      GROUP_ID_NOT_FOUND: 69,
      FENCED_LEADER_EPOCH: 74,
      MEMBER_ID_REQUIRED: 79,
      FENCED_INSTANCE_ID: 82,
      UNSTABLE_OFFSET_COMMIT: 88,
      PRODUCER_FENCED: 90,
      UNKNOWN_TOPIC_ID: 100,
      TRANSACTION_ABORTABLE: 120,
      VOTER_NOT_FOUND: 127,
    };
    for (const [name, code] of Object.entries(expected)) {
      expect(KafkaErrorCode[name as keyof typeof KafkaErrorCode], name).toBe(code);
      expect(kafkaErrorByCode(code).name).toBe(name);
    }
  });

  it('covers every code from -1 to 127 (Kafka 3.9) exactly once, with unique names', () => {
    const codes = allKafkaErrors.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(Array.from({ length: 129 }, (_, i) => i - 1));
    const names = allKafkaErrors.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[A-Z][A-Z0-9_]*$/);
    expect(Object.keys(KafkaErrorCode)).toHaveLength(129);
  });

  it('marks retriable errors as Kafka does', () => {
    const retriable = allKafkaErrors.filter((e) => e.retriable).map((e) => e.code);
    expect(retriable).toEqual([2, 3, 5, 6, 7, 9, 13, 14, 15, 16, 19, 20, 41, 51, 56, 70, 71, 72, 74, 75, 78, 80, 83, 84, 88, 89, 100, 103, 106, 122, 123]);
    expect(kafkaErrorByCode(KafkaErrorCode.REBALANCE_IN_PROGRESS).retriable).toBe(false);
    expect(kafkaErrorByCode(KafkaErrorCode.NONE).retriable).toBe(false);
  });

  it('gives every entry a non-empty one-line message', () => {
    for (const e of allKafkaErrors) {
      expect(e.message.length).toBeGreaterThan(3);
      expect(e.message).not.toContain('\n');
    }
  });

  it('answers an unknown code with an unknown entry that keeps the code', () => {
    const e = kafkaErrorByCode(9999);
    expect(e).toMatchObject({ code: 9999, name: 'UNKNOWN_ERROR_CODE', retriable: false });
    expect(e.message).toContain('9999');
    expect(kafkaErrorByCode(-2).name).toBe('UNKNOWN_ERROR_CODE');
  });

  it('freezes the table', () => {
    expect(Object.isFrozen(KafkaErrorCode)).toBe(true);
    expect(Object.isFrozen(allKafkaErrors)).toBe(true);
    expect(Object.isFrozen(allKafkaErrors[0])).toBe(true);
  });
});

describe('KafkaProtocolError', () => {
  it('carries the Kafka code, name and retriable flag under the stable code KAFKA_ERROR', () => {
    const err = new KafkaProtocolError(KafkaErrorCode.NOT_LEADER_OR_FOLLOWER);
    expect(err).toBeInstanceOf(TributaryError);
    expect(err.code).toBe('KAFKA_ERROR');
    expect(err.errorCode).toBe(6);
    expect(err.errorName).toBe('NOT_LEADER_OR_FOLLOWER');
    expect(err.retriable).toBe(true);
    expect(err.name).toBe('KafkaProtocolError');
    expect(err.message).toContain('NOT_LEADER_OR_FOLLOWER');
  });

  it('prefers the server-provided message and keeps the cause', () => {
    const cause = new Error('root');
    const err = new KafkaProtocolError(KafkaErrorCode.TOPIC_ALREADY_EXISTS, "Topic 'x' already exists.", { cause });
    expect(err.message).toContain("Topic 'x' already exists.");
    expect(err.retriable).toBe(false);
    expect(err.cause).toBe(cause);
  });

  it('falls back to the table text for a null detail, and handles unknown codes', () => {
    expect(new KafkaProtocolError(KafkaErrorCode.UNSUPPORTED_VERSION, null).message).toContain(kafkaErrorByCode(35).message);
    const unknown = new KafkaProtocolError(555);
    expect(unknown.errorName).toBe('UNKNOWN_ERROR_CODE');
    expect(unknown.errorCode).toBe(555);
  });
});
